/**
 * Gate-dependent API behaviour per emulated release: fields dropped on write where their gate is
 * off (pkg/api/pod/util.go dropDisabledFields, pkg/registry/core/service/strategy.go) and
 * validation rules that follow a gate (pkg/apis/core/validation/validation.go with the options of
 * pkg/api/pod/util.go GetValidationOptionsFromPodSpecAndMeta). Gate stages: docs/feature-gates.md.
 */
import { describe, expect, it } from '@jest/globals';
import { dropDisabledFields } from '../../../src/kube/defaults';
import type { KObject } from '../../../src/kube/object';
import { unimplementedIn } from '../../../src/sim/unimplemented';
import { container, createErrors, deployment, pod, prepared, pv, pvc, service, updateErrors } from '../../sim/apiserver/helpers';

const specOf = (o: KObject): Record<string, any> => o.spec as Record<string, any>;

describe('pod fields dropped while their gate is off', () => {
  it('hostUsers (UserNamespacesSupport, on from 1.33): dropped up to 1.32, kept from 1.33', () => {
    const p = pod({ spec: { hostUsers: false } });
    expect(specOf(prepared(p, '1.32')).hostUsers).toBeUndefined();
    expect(specOf(prepared(p, '1.33')).hostUsers).toBe(false);
  });

  it('a template field is dropped too (DropDisabledTemplateFields), unless the stored object used it', () => {
    const d = deployment({ spec: { template: { spec: { hostUsers: false } } } });
    expect(specOf(prepared(d, '1.30')).template.spec.hostUsers).toBeUndefined();
    // an update keeps the field when the old object had it (hostUsersInUse)
    const withIt = deployment({ spec: { template: { spec: { hostUsers: false } } } });
    expect(updateErrors(withIt, withIt, '1.30')).toEqual([]);
  });

  it('procMount (ProcMountType, on from 1.33): "Unmasked" is dropped up to 1.32; from 1.33 it needs hostUsers: false', () => {
    const unmasked = (hostUsers?: boolean) =>
      pod({ spec: { ...(hostUsers === undefined ? {} : { hostUsers }), containers: [container({ securityContext: { procMount: 'Unmasked' } })] } });
    expect(createErrors(unmasked(), '1.32')).toEqual([]);
    expect(specOf(prepared(unmasked(), '1.32')).containers[0].securityContext).toEqual({});
    expect(createErrors(unmasked(), '1.33')).toEqual([
      'spec.containers[0].securityContext.procMount: Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`',
    ]);
    expect(createErrors(unmasked(false), '1.33')).toEqual([]);
  });

  it('matchLabelKeys in pod affinity (MatchLabelKeysInPodAffinity, on from 1.31): dropped in 1.29-1.30', () => {
    const term = { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname', matchLabelKeys: ['pod-template-hash'] };
    const p = pod({ spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
    const termAt = (v: '1.30' | '1.31') => specOf(prepared(p, v)).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
    expect(termAt('1.30').matchLabelKeys).toBeUndefined();
    expect(termAt('1.31').matchLabelKeys).toEqual(['pod-template-hash']);
  });

  it('a preStop sleep in 1.29 (PodLifecycleSleepAction off): the handler and the empty lifecycle are dropped, the pod accepted', () => {
    const p = pod({ spec: { containers: [container({ lifecycle: { preStop: { sleep: { seconds: 5 } } } })] } });
    expect(createErrors(p, '1.29')).toEqual([]);
    expect(specOf(prepared(p, '1.29')).containers[0].lifecycle).toBeUndefined();
    expect(specOf(prepared(p, '1.30')).containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
  });

  it('image volumes (ImageVolume, on from 1.35): dropped with their mounts up to 1.34 (dropImageVolumes)', () => {
    const p = pod({
      spec: {
        volumes: [{ name: 'data', image: { reference: 'quay.io/crio/artifact:v2' } }],
        containers: [container({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })],
      },
    });
    expect(createErrors(p, '1.34')).toEqual([]);
    const stored = specOf(prepared(p, '1.34'));
    expect([stored.volumes, stored.containers[0].volumeMounts]).toEqual([undefined, undefined]);
    expect(specOf(prepared(p, '1.35')).volumes).toHaveLength(1);
  });

  it('fileKeyRef (EnvFiles, on from 1.35): dropped up to 1.34, leaving valueFrom without a source', () => {
    const fromFile = { name: 'CONFIG', valueFrom: { fileKeyRef: { volumeName: 'config', path: 'env', key: 'CONFIG' } } };
    const p = pod({ spec: { containers: [container({ env: [fromFile] })] } });
    expect(createErrors(p, '1.34')).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
    ]);
    const empty = pod({ spec: { containers: [container({ env: [{ name: 'X', valueFrom: {} }] })] } });
    expect(createErrors(empty, '1.35')).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`',
    ]);
  });

  it("a regular container's restartPolicy (ContainerRestartRules, on from 1.35): dropped up to 1.34, then Always/Never/OnFailure", () => {
    const p = (policy: string) => pod({ spec: { containers: [container({ restartPolicy: policy })] } });
    expect(specOf(prepared(p('Never'), '1.34')).containers[0].restartPolicy).toBeUndefined();
    expect(createErrors(p('Never'), '1.35')).toEqual([]);
    expect(createErrors(p('Sometimes'), '1.35')).toEqual([
      'spec.containers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
    ]);
  });
});

describe('fields of gates off in every emulated release (1.35-1.37 alpha), dropped as upstream drops them', () => {
  it('pod fields: workloadRef, evictionResponders, probe and hook protocols, gRPC modes, bind mount options, emptyDir modes, file owners', () => {
    const p = pod({
      spec: {
        workloadRef: { name: 'w', podGroup: 'g' },
        evictionResponders: [{ name: 'r' }],
        volumes: [
          { name: 'e', emptyDir: { mode: 448 } },
          { name: 'c', configMap: { name: 'cm', defaultUser: 1000, items: [{ key: 'k', path: 'p', user: 1000 }] } },
          { name: 'pr', projected: { defaultUser: 1, sources: [{ secret: { name: 's', items: [{ key: 'k', path: 'p', user: 2 }] } }] } },
        ],
        containers: [container({
          livenessProbe: { httpGet: { port: 80, protocol: 'H2C' } },
          readinessProbe: { grpc: { port: 9090, mode: 'TLS' } },
          lifecycle: { preStop: { httpGet: { port: 80, protocol: 'H2C' } } },
          volumeMounts: [{ name: 'e', mountPath: '/e', bindMountOptions: ['noexec'] }],
        })],
      },
    });
    const spec = specOf(prepared(p, '1.37'));
    expect(spec.workloadRef).toBeUndefined();
    expect(spec.evictionResponders).toBeUndefined();
    expect(spec.volumes).toEqual([
      { name: 'e', emptyDir: {} },
      { name: 'c', configMap: { name: 'cm', items: [{ key: 'k', path: 'p' }], defaultMode: 420 } },
      { name: 'pr', projected: { sources: [{ secret: { name: 's', items: [{ key: 'k', path: 'p' }] } }], defaultMode: 420 } },
    ]);
    const c = spec.containers[0];
    expect(c.livenessProbe.httpGet).not.toHaveProperty('protocol');
    expect(c.readinessProbe.grpc).not.toHaveProperty('mode');
    expect(c.lifecycle.preStop.httpGet).not.toHaveProperty('protocol');
    expect(c.volumeMounts[0]).not.toHaveProperty('bindMountOptions');
  });

  it('kept on update when the stored object already has them (the *InUse rule)', () => {
    const p = pod({ spec: { volumes: [{ name: 'e', emptyDir: { mode: 448 } }] } });
    expect(specOf(dropDisabledFields(p, p, '1.37')).volumes[0].emptyDir).toEqual({ mode: 448 });
  });

  it('Job and CronJob scheduling (WorkloadWithJob), Node podPreemptionPolicy', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { scheduling: { schedulingPolicy: { basic: {} } }, template: { spec: { containers: [] } } } } as unknown as KObject;
    expect(specOf(dropDisabledFields(job, undefined, '1.37'))).not.toHaveProperty('scheduling');
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { scheduling: {}, template: {} } } } } as unknown as KObject;
    expect(specOf(dropDisabledFields(cron, undefined, '1.37')).jobTemplate.spec).toEqual({ template: {} });
    expect(cron.spec).toEqual({ jobTemplate: { spec: { scheduling: {}, template: {} } } });
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { podPreemptionPolicy: { disableResizePreemption: true } } } as unknown as KObject;
    expect(specOf(dropDisabledFields(node, undefined, '1.37'))).toEqual({});
  });
});

describe("an init container's restartPolicy (ContainerRestartRules, on from 1.35; dropContainerRestartRules)", () => {
  const withInit = (policy: string) => pod({ spec: { initContainers: [container({ name: 'init', restartPolicy: policy })] } });

  it('Never is dropped up to 1.34 (the init container runs once, as without it), accepted from 1.35 and refused as unimplemented there', () => {
    expect(specOf(prepared(withInit('Never'), '1.34')).initContainers[0].restartPolicy).toBeUndefined();
    expect(createErrors(withInit('Never'), '1.34')).toEqual([]);
    expect(createErrors(withInit('Never'), '1.35')).toEqual([]);
    expect(unimplementedIn(withInit('Never'), '1.34')).toEqual([]);
    expect(unimplementedIn(withInit('Never'), '1.35').map((u) => u.field)).toEqual(['spec.initContainers[0].restartPolicy']);
  });

  it('Always (a sidecar) is kept in every release and is not unimplemented', () => {
    expect(specOf(prepared(withInit('Always'), '1.29')).initContainers[0].restartPolicy).toBe('Always');
    expect(unimplementedIn(withInit('Always'), '1.35')).toEqual([]);
  });

  it('other values: Unsupported, listing Always alone or, from 1.35, Always, Never and OnFailure', () => {
    expect(createErrors(withInit('Sometimes'), '1.35')).toEqual([
      'spec.initContainers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
    ]);
  });
});

describe('recursiveReadOnly (RecursiveReadOnlyMounts, on from 1.31)', () => {
  const mounted = (mount: Record<string, unknown>) =>
    pod({ spec: { volumes: [{ name: 'data', emptyDir: {} }], containers: [container({ volumeMounts: [{ name: 'data', mountPath: '/data', ...mount }] })] } });

  it('dropped in 1.29-1.30, whatever its value', () => {
    expect(createErrors(mounted({ recursiveReadOnly: 'Enabled' }), '1.30')).toEqual([]);
    expect(specOf(prepared(mounted({ recursiveReadOnly: 'Enabled' }), '1.30')).containers[0].volumeMounts[0].recursiveReadOnly).toBeUndefined();
  });

  it('from 1.31 (validateMountRecursiveReadOnly): Enabled needs readOnly, the path is the list\'s (sic); Enabled and IfPossible are refused as unimplemented', () => {
    expect(createErrors(mounted({ recursiveReadOnly: 'Enabled', readOnly: true }), '1.31')).toEqual([]);
    expect(createErrors(mounted({ recursiveReadOnly: 'Enabled' }), '1.31')).toEqual([
      'spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true',
    ]);
    expect(unimplementedIn(mounted({ recursiveReadOnly: 'IfPossible', readOnly: true }), '1.31').map((u) => u.field)).toEqual([
      'spec.containers[0].volumeMounts[0].recursiveReadOnly',
    ]);
    expect(unimplementedIn(mounted({ recursiveReadOnly: 'Disabled', readOnly: true }), '1.31')).toEqual([]);
    expect(createErrors(mounted({ recursiveReadOnly: 'Always' }), '1.35')).toEqual([
      'spec.containers[0].volumeMounts.recursiveReadOnly: Unsupported value: "Always": supported values: "Disabled", "Enabled", "IfPossible"',
    ]);
  });
});

describe('validation rules that follow a gate', () => {
  it('dnsConfig searches (RelaxedDNSSearchValidation, on from 1.33): "_" and a lone "." are refused up to 1.32, accepted after', () => {
    const p = pod({ spec: { dnsConfig: { searches: ['_sip._tcp.example.com', '.'] } } });
    expect(createErrors(p, '1.32')).toEqual([
      `spec.dnsConfig.searches[0]: Invalid value: "_sip._tcp.example.com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      `spec.dnsConfig.searches[1]: Invalid value: "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
    expect(createErrors(p, '1.33')).toEqual([]);
    expect(createErrors(pod({ spec: { dnsConfig: { searches: ['Bad-'] } } }), '1.35')).toEqual([
      `spec.dnsConfig.searches[0]: Invalid value: "Bad-": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  it('dnsConfig: at most 32 search paths (MaxDNSSearchPaths)', () => {
    const searches = Array.from({ length: 33 }, (_, i) => `d${i}.example.com`);
    const errs = createErrors(pod({ spec: { dnsConfig: { searches } } }), '1.35');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^spec\.dnsConfig\.searches: Invalid value: .*: must not have more than 32 search paths$/);
  });

  it('hostUsers: false forbids hostNetwork, hostPID and hostIPC (validateHostUsers)', () => {
    const p = pod({ spec: { hostUsers: false, hostNetwork: true, hostPID: true, hostIPC: true } });
    expect(createErrors(p, '1.35')).toEqual([
      'spec.hostNetwork: Forbidden: when `hostUsers` is false',
      'spec.HostPID: Forbidden: when `hostUsers` is false',
      'spec.HostIPC: Forbidden: when `hostUsers` is false',
    ]);
    expect(createErrors(p, '1.32')).toEqual([]);
  });

  it('seLinuxChangePolicy (SELinuxChangePolicy on from 1.33): only Recursive until SELinuxMount is on (1.37)', () => {
    const p = (policy: string) => pod({ spec: { securityContext: { seLinuxChangePolicy: policy } } });
    expect(createErrors(p('MountOption'), '1.32')).toEqual([]); // dropped
    expect(createErrors(p('MountOption'), '1.36')).toEqual([
      'spec.securityContext.seLinuxChangePolicy: Unsupported value: "MountOption": supported values: "Recursive"',
    ]);
    expect(createErrors(p('Recursive'), '1.36')).toEqual([]);
    expect(createErrors(p('MountOption'), '1.37')).toEqual([]);
  });

  it('supplementalGroupsPolicy (SupplementalGroupsPolicy, on from 1.33): Merge or Strict', () => {
    const p = (policy: string) => pod({ spec: { securityContext: { supplementalGroupsPolicy: policy } } });
    expect(createErrors(p('Strict'), '1.33')).toEqual([]);
    expect(createErrors(p('Loose'), '1.32')).toEqual([]); // dropped
    expect(createErrors(p('Loose'), '1.33')).toEqual([
      'spec.securityContext.supplementalGroupsPolicy: Unsupported value: "Loose": supported values: "Merge", "Strict"',
    ]);
  });

  it('legacy IP fields (StrictIPCIDRValidation, on from 1.36; apimachinery ip.go IsValidIPForLegacyField): leading zeros and IPv4-mapped IPv6 pass up to 1.35', () => {
    const p = pod({ spec: { hostAliases: [{ ip: '010.0.0.1', hostnames: ['a'] }], dnsPolicy: 'None', dnsConfig: { nameservers: ['::ffff:10.0.0.1'] } } });
    expect(createErrors(p, '1.35')).toEqual([]);
    expect(createErrors(p, '1.36')).toEqual([
      // ValidatePodSpec checks dnsConfig before hostAliases
      'spec.dnsConfig.nameservers[0]: Invalid value: "::ffff:10.0.0.1": must not be an IPv4-mapped IPv6 address',
      'spec.hostAliases[0].ip: Invalid value: "010.0.0.1": must not have leading 0s',
    ]);
    const slice: KObject = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'default' },
      addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.07'] }],
    };
    expect(createErrors(slice, '1.35')).toEqual([]);
    expect(createErrors(slice, '1.36')).toEqual(['endpoints[0].addresses[0]: Invalid value: "10.0.0.07": must not have leading 0s']);
    expect(createErrors(service({ spec: { externalIPs: ['1.2.3.999'] } }), '1.35')).toContain(
      'spec.externalIPs[0]: Invalid value: "1.2.3.999": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    );
  });
});

describe('matchLabelKeys merged into selectors at pod create (pkg/registry/core/pod/strategy.go PrepareForCreate)', () => {
  const antiAffinity = (term: Record<string, unknown>) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } });
  const labelled = (spec: Record<string, unknown>) => pod({ metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec });

  it('pod affinity from 1.31 (MatchLabelKeysInPodAffinity): key In / NotIn the pod value appended to matchExpressions', () => {
    const term = { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname', matchLabelKeys: ['pod-template-hash'], mismatchLabelKeys: ['app'] };
    const stored = specOf(prepared(labelled({ affinity: antiAffinity(term) }), '1.31')).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
    expect(stored.labelSelector).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'pod-template-hash', operator: 'In', values: ['abc'] }, { key: 'app', operator: 'NotIn', values: ['web'] }],
    });
    // mismatchLabelKeys may share a key with the selector; the pod is valid
    expect(createErrors(labelled({ affinity: antiAffinity(term) }), '1.31')).toEqual([]);
  });

  it('a matchLabelKeys key also in the selector is refused for a pod, at the term path indexed by the key (upstream fldPath.Index(i))', () => {
    const term = { labelSelector: { matchLabels: { 'pod-template-hash': 'abc' } }, topologyKey: 'kubernetes.io/hostname', matchLabelKeys: ['pod-template-hash'] };
    expect(createErrors(labelled({ affinity: antiAffinity(term) }), '1.35')).toEqual([
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][0]: Invalid value: "pod-template-hash": exists in both matchLabelKeys and labelSelector',
    ]);
    // a template is not merged, so the same term passes there (and each pod created from it fails)
    const d = deployment({ spec: { template: { metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec: { affinity: antiAffinity(term) } } } });
    expect(createErrors(d, '1.35')).toEqual([]);
  });

  it('matchLabelKeys without a labelSelector, and a key in both lists, are refused', () => {
    const term = { topologyKey: 'kubernetes.io/hostname', matchLabelKeys: ['app'], mismatchLabelKeys: ['app'] };
    const path = 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]';
    expect(createErrors(labelled({ affinity: antiAffinity(term) }), '1.35')).toEqual([
      `${path}.matchLabelKeys: Forbidden: must not be specified when labelSelector is not set`,
      `${path}.mismatchLabelKeys: Forbidden: must not be specified when labelSelector is not set`,
      `${path}.matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and mismatchLabelKeys`,
    ]);
  });

  it('topology spread from 1.34 (MatchLabelKeysInPodTopologySpreadSelectorMerge); before, the scheduler applies the keys and the stored selector is as written', () => {
    const c = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, matchLabelKeys: ['pod-template-hash'] };
    const at = (v: '1.33' | '1.34') => specOf(prepared(labelled({ topologySpreadConstraints: [c] }), v)).topologySpreadConstraints[0].labelSelector;
    expect(at('1.33')).toEqual({ matchLabels: { app: 'web' } });
    expect(at('1.34')).toEqual({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'pod-template-hash', operator: 'In', values: ['abc'] }] });
  });

  it('topology spread up to 1.33 (ValidateMatchLabelKeysInTopologySpread): a key anywhere in the selector is refused', () => {
    const c = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, matchLabelKeys: ['app'] };
    expect(createErrors(labelled({ topologySpreadConstraints: [c] }), '1.33')).toEqual([
      'spec.topologySpreadConstraints[0].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector',
    ]);
    expect(createErrors(labelled({ topologySpreadConstraints: [c] }), '1.34')).toEqual([
      'spec.topologySpreadConstraints[0][0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector',
    ]);
  });
});

describe('Service trafficDistribution', () => {
  const svc = (value: string) => service({ spec: { trafficDistribution: value } });

  it('dropped in 1.29-1.30 (ServiceTrafficDistribution off)', () => {
    expect(specOf(prepared(svc('PreferClose'), '1.30')).trafficDistribution).toBeUndefined();
    expect(specOf(prepared(svc('PreferClose'), '1.31')).trafficDistribution).toBe('PreferClose');
  });

  it('PreferSameZone and PreferSameNode from 1.34 (PreferSameTrafficDistribution); PreferClose before', () => {
    expect(createErrors(svc('PreferSameNode'), '1.33')).toEqual([
      'spec.trafficDistribution: Unsupported value: "PreferSameNode": supported values: "PreferClose"',
    ]);
    expect(createErrors(svc('PreferSameNode'), '1.34')).toEqual([]);
    expect(createErrors(svc('Anywhere'), '1.35')).toEqual([
      'spec.trafficDistribution: Unsupported value: "Anywhere": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"',
    ]);
  });
});

describe('fields refused as unimplemented from the release that keeps them', () => {
  const fields = (o: KObject, v: '1.29' | '1.30' | '1.31' | '1.33' | '1.34' | '1.35') => unimplementedIn(o, v).map((u) => u.field);

  it('volumeAttributesClassName (VolumeAttributesClass, GA 1.34): dropped from claims and volumes up to 1.33, refused from 1.34', () => {
    const claim = pvc({ spec: { volumeAttributesClassName: 'gold' } });
    expect(specOf(prepared(claim, '1.33')).volumeAttributesClassName).toBeUndefined();
    expect(specOf(prepared(claim, '1.34')).volumeAttributesClassName).toBe('gold');
    expect(fields(claim, '1.33')).toEqual([]);
    expect(fields(claim, '1.34')).toEqual(['spec.volumeAttributesClassName']);
    expect(fields(pv({ spec: { volumeAttributesClassName: 'gold' } }), '1.35')).toEqual(['spec.volumeAttributesClassName']);
  });

  it('trafficDistribution from 1.31 (EndpointSlice hints are not simulated)', () => {
    const s = service({ spec: { trafficDistribution: 'PreferClose' } });
    expect(fields(s, '1.30')).toEqual([]);
    expect(fields(s, '1.31')).toEqual(['spec.trafficDistribution']);
  });

  it('image volumes and fileKeyRef from 1.35, container resource claims from 1.34, gitRepo always', () => {
    const p = pod({
      spec: {
        volumes: [{ name: 'img', image: { reference: 'busybox' } }, { name: 'git', gitRepo: { repository: 'https://example.com/r.git' } }],
        containers: [container({ env: [{ name: 'A', valueFrom: { fileKeyRef: { volumeName: 'v', path: 'p', key: 'A' } } }], resources: { claims: [{ name: 'gpu' }] } })],
      },
    });
    expect(fields(p, '1.33')).toEqual(['spec.volumes[1].gitRepo']);
    expect(fields(p, '1.34')).toEqual(['spec.containers[0].resources.claims', 'spec.volumes[1].gitRepo']);
    // in the order of the field inventory's paths (the table's field order), not the manifest's
    expect(fields(p, '1.35')).toEqual([
      'spec.containers[0].env[0].valueFrom.fileKeyRef',
      'spec.containers[0].resources.claims',
      'spec.volumes[1].gitRepo',
      'spec.volumes[0].image',
    ]);
  });
});
