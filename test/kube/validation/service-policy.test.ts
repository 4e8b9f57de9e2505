import { describe, expect, it } from '@jest/globals';
import { createErrors, merge, pdb, service, updateErrors } from '../../sim/apiserver/helpers';

describe('Service', () => {
  it('accepts ClusterIP and headless services', () => {
    expect(createErrors(service())).toEqual([]);
    expect(createErrors(service({ spec: { clusterIP: 'None' } }))).toEqual([]);
  });

  it('up to 1.35 names must be DNS-1035 labels (no leading digit)', () => {
    expect(createErrors(service({ metadata: { name: '1web' } }), '1.35')).toEqual([
      "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('from 1.36 names are RFC 1123 labels: a leading digit is allowed (RelaxedServiceNameValidation, kubernetes#136389)', () => {
    expect(createErrors(service({ metadata: { name: '1web' } }), '1.36')).toEqual([]);
    expect(createErrors(service({ metadata: { name: '1web' } }), '1.37')).toEqual([]);
    expect(createErrors(service({ metadata: { name: '1web' } }), '1.35')).toHaveLength(1);
    expect(createErrors(service({ metadata: { name: 'Web' } }), '1.36')).toEqual([
      "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('requires ports (except headless), names when several, and valid numbers', () => {
    expect(createErrors(service({ spec: { ports: [] } }))).toEqual(['spec.ports: Required value']);
    expect(createErrors(service({ spec: { ports: [{ port: 80 }, { port: 0, name: 'b' }] } }))).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      // targetPort defaulted from port, so it is 0 too (SetDefaults_Service)
      'spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });

  it('externalTrafficPolicy is for externally-accessible Services: NodePort, LoadBalancer, and ClusterIP with externalIPs (ExternallyAccessible)', () => {
    expect(createErrors(service({ spec: { externalIPs: ['198.51.100.32'], externalTrafficPolicy: 'Local' } }))).toEqual([]);
    expect(createErrors(service({ spec: { externalTrafficPolicy: 'Local' } }))).toEqual([
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ]);
  });

  it('loadBalancerClass: a qualified name, only on a LoadBalancer, and fixed while it stays one (validateLoadBalancerClassField)', () => {
    const lb = service({ spec: { type: 'LoadBalancer', loadBalancerClass: 'example.com/internal-vip' } });
    expect(createErrors(lb)).toEqual([]);
    expect(createErrors(service({ spec: { loadBalancerClass: 'example.com/internal-vip' } }))).toEqual([
      "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ]);
    expect(createErrors(service({ spec: { type: 'LoadBalancer', loadBalancerClass: 'a/b/c' } }))).toHaveLength(1);
    expect(updateErrors(lb, merge(lb, { spec: { loadBalancerClass: 'example.com/other' } }))).toEqual([
      'spec.loadBalancerClass: Invalid value: "example.com/other": may not change once set',
    ]);
    expect(updateErrors(lb, merge(lb, { spec: { loadBalancerClass: null } }))).toEqual([
      'spec.loadBalancerClass: Invalid value: "null": may not change once set',
    ]);
    // leaving the LoadBalancer type lets the class go
    expect(updateErrors(lb, merge(lb, { spec: { type: 'ClusterIP', loadBalancerClass: null, allocateLoadBalancerNodePorts: null, externalTrafficPolicy: null } }))).toEqual([]);
  });

  it('the healthCheckNodePort of a LoadBalancer with policy Local is immutable (validateServiceExternalTrafficFieldsUpdate)', () => {
    const lb = service({ spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31000 } });
    expect(updateErrors(lb, merge(lb, { spec: { healthCheckNodePort: 31001 } }))).toEqual(['spec.healthCheckNodePort: Forbidden: field is immutable']);
    expect(updateErrors(lb, merge(lb, { spec: { externalTrafficPolicy: 'Cluster', healthCheckNodePort: null } }))).toEqual([]);
  });

  it('a ClientIP affinity timeout is more than 0 and at most a day (validateAffinityTimeout)', () => {
    const sticky = (timeoutSeconds: number) => service({ spec: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds } } } });
    expect(createErrors(sticky(86400))).toEqual([]);
    expect(createErrors(sticky(86401))).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
    ]);
    expect(createErrors(sticky(-1))).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: -1: must be greater than 0 and less than 86400',
    ]);
  });

  it('loadBalancerSourceRanges are CIDRs, space-padding allowed, stricter from 1.36 (IsValidCIDRForLegacyField)', () => {
    const lb = (ranges: string[]) => service({ spec: { type: 'LoadBalancer', loadBalancerSourceRanges: ranges } });
    expect(createErrors(lb(['143.231.0.0/16', ' 10.0.0.0/8 ']), '1.35')).toEqual([]);
    expect(createErrors(lb(['143.231.0.0']), '1.35')).toEqual([
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "143.231.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    expect(createErrors(lb(['10.0.0.1/8']), '1.35')).toEqual([]);
    expect(createErrors(lb(['10.0.0.1/8']), '1.36')).toEqual([
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length',
    ]);
    expect(createErrors(lb(['010.0.0.0/8']), '1.36')).toEqual([
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "010.0.0.0/8": must not have leading 0s in IP or prefix length',
    ]);
    // a value the stored object already had stays valid
    const old = lb(['10.0.0.1/8']);
    expect(updateErrors(old, merge(old, { metadata: { labels: { a: 'b' } } }), '1.36')).toEqual([]);
    expect(createErrors(service({ spec: { loadBalancerSourceRanges: ['10.0.0.0/8'] } }), '1.35')).toEqual([
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ]);
  });

  it('externalIPs may not be loopback or link-local (ValidateEndpointIP, after the legacy parse)', () => {
    expect(createErrors(service({ spec: { externalIPs: ['127.0.0.1'] } }))).toEqual([
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
    expect(createErrors(service({ spec: { externalIPs: ['not-an-ip'] } }))).toEqual([
      'spec.externalIPs[0]: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
  });

  it('the source-ranges annotation is checked like the field; topology-mode must match topology-aware-hints', () => {
    const annotated = (annotations: Record<string, string>, type = 'LoadBalancer') => service({ metadata: { name: 'web', namespace: 'default', annotations }, spec: { type } });
    expect(createErrors(annotated({ 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, 192.168.0.0/16' }))).toEqual([]);
    expect(createErrors(annotated({ 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8,nope' }))).toEqual([
      'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "nope": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    expect(createErrors(annotated({ 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'Auto' }, 'ClusterIP'))).toEqual([]);
    expect(createErrors(annotated({ 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'Disabled' }, 'ClusterIP'))).toEqual([
      'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
    ]);
  });

  it('headless is not allowed for NodePort', () => {
    expect(createErrors(service({ spec: { type: 'NodePort', clusterIP: 'None' } }))).toEqual([
      "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services",
    ]);
  });

  it('keeps clusterIP immutable once set', () => {
    const svc = service({ spec: { clusterIP: '10.96.0.10' } });
    expect(updateErrors(svc, merge(svc, { spec: { clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'] } }), '1.35')).toEqual([
      'spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set',
    ]);
    expect(updateErrors(svc, merge(svc, { spec: { clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'] } }), '1.30')).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
    ]);
  });
});

describe('PodDisruptionBudget', () => {
  it('accepts maxUnavailable alone', () => {
    expect(createErrors(pdb())).toEqual([]);
  });

  it('rejects minAvailable with maxUnavailable (seed 000-6), printing the spec per version', () => {
    const both = pdb({ spec: { minAvailable: 2 } });
    expect(createErrors(both, '1.35')).toEqual([
      'spec: Invalid value: {"MinAvailable":2,"Selector":{"matchLabels":{"app":"zk"}},"MaxUnavailable":1,"UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set',
    ]);
    const [old] = createErrors(both, '1.29');
    expect(old).toMatch(
      /^spec: Invalid value: policy\.PodDisruptionBudgetSpec\{MinAvailable:\(\*intstr\.IntOrString\)\(0x[0-9a-f]+\), Selector:\(\*v1\.LabelSelector\)\(0x[0-9a-f]+\), MaxUnavailable:\(\*intstr\.IntOrString\)\(0x[0-9a-f]+\), UnhealthyPodEvictionPolicy:\(\*policy\.UnhealthyPodEvictionPolicyType\)\(nil\)\}: minAvailable and maxUnavailable cannot be both set$/,
    );
  });

  it('validates int-or-percent values', () => {
    expect(createErrors(pdb({ spec: { maxUnavailable: '110%' } }), '1.33')).toEqual(['spec.maxUnavailable: Invalid value: 110%: must not be greater than 100%']);
    expect(createErrors(pdb({ spec: { maxUnavailable: 'one' } }), '1.35')).toEqual([
      "spec.maxUnavailable: Invalid value: \"one\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
  });

  it('allows spec updates (policy/v1)', () => {
    const b = pdb();
    expect(updateErrors(b, merge(b, { spec: { maxUnavailable: 2 } }))).toEqual([]);
  });

  it('checks the name only as a path segment, after the spec', () => {
    expect(createErrors(pdb({ metadata: { name: 'ZK_pdb' } }))).toEqual([]);
    expect(createErrors(pdb({ metadata: { name: 'a/b' } }))).toEqual(["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
  });
});
