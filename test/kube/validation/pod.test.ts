import { describe, expect, it } from '@jest/globals';
import { container, createErrors, merge, pod, updateErrors } from '../../sim/apiserver/helpers';

describe('Pod create', () => {
  it('a preStop sleep of 0 s: refused with the gate-off message up to 1.32, accepted from 1.33 (PodLifecycleSleepActionAllowZero)', () => {
    const sleeping = (seconds: number) => pod({ spec: { terminationGracePeriodSeconds: 30, containers: [container({ lifecycle: { preStop: { sleep: { seconds } } } })] } });
    const path = 'spec.containers[0].lifecycle.preStop.sleep';
    expect(createErrors(sleeping(0), '1.32')).toEqual([
      `${path}: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
    ]);
    for (const v of ['1.33', '1.35', '1.37'] as const) expect(createErrors(sleeping(0), v)).toEqual([]);
    expect(createErrors(sleeping(31), '1.37')).toEqual([`${path}: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)`]);
    expect(createErrors(sleeping(5), '1.29')).toEqual([]);
  });

  it('accepts a minimal pod', () => {
    expect(createErrors(pod())).toEqual([]);
  });

  it('requires containers, names and images', () => {
    expect(createErrors(pod({ spec: { containers: [] } }))).toEqual(['spec.containers: Required value']);
    expect(createErrors(pod({ spec: { containers: [{ image: 'nginx' }] } }))).toEqual(['spec.containers[0].name: Required value']);
    expect(createErrors(pod({ spec: { containers: [{ name: 'c' }] } }))).toEqual(['spec.containers[0].image: Required value']);
  });

  it('rejects duplicate container names across containers and init containers', () => {
    const p = pod({ spec: { containers: [container(), container()], initContainers: [container()] } });
    expect(createErrors(p)).toEqual(['spec.containers[1].name: Duplicate value: "nginx"', 'spec.initContainers[0].name: Duplicate value: "nginx"']);
  });

  it('reports a mount of an undeclared volume as Not found', () => {
    const p = pod({ spec: { containers: [container({ volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] })] } });
    expect(createErrors(p)).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "www"']);
  });

  it('accepts mounts of declared volumes and rejects duplicate mount paths', () => {
    const mounts = [{ name: 'www', mountPath: '/data' }, { name: 'www', mountPath: '/data' }];
    const p = pod({ spec: { volumes: [{ name: 'www', emptyDir: {} }], containers: [container({ volumeMounts: mounts })] } });
    expect(createErrors(p)).toEqual(['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique']);
  });

  it('rejects two volume sources in one volume and a duplicate volume name', () => {
    const p = pod({ spec: { volumes: [{ name: 'a', emptyDir: {}, hostPath: { path: '/x' } }, { name: 'b', emptyDir: {} }, { name: 'b', emptyDir: {} }] } });
    expect(createErrors(p)).toEqual(['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type', 'spec.volumes[2].name: Duplicate value: "b"']);
  });

  it('validates container ports', () => {
    const p = pod({ spec: { containers: [container({ ports: [{ containerPort: 70000, name: 'HTTP' }, { protocol: 'ICMP', containerPort: 80 }] })] } });
    expect(createErrors(p)).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('validates probes: one handler, liveness successThreshold 1', () => {
    const p = pod({
      spec: {
        containers: [
          container({
            livenessProbe: { httpGet: { port: 80 }, successThreshold: 2 },
            readinessProbe: { periodSeconds: 5 },
          }),
        ],
      },
    });
    expect(createErrors(p)).toEqual([
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    ]);
  });

  it('rejects unknown restart and DNS policies', () => {
    expect(createErrors(pod({ spec: { restartPolicy: 'Sometimes' } }))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
    expect(createErrors(pod({ spec: { dnsPolicy: 'Google' } }))).toEqual([
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('checks requests against limits with canonical quantities', () => {
    const p = pod({ spec: { containers: [container({ resources: { requests: { cpu: '2000m' }, limits: { cpu: '1' } } })] } });
    expect(createErrors(p)).toEqual(['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']);
  });

  it('validates tolerations', () => {
    const p = pod({ spec: { tolerations: [{ operator: 'Equal', value: 'x' }, { key: 'a', operator: 'Exists', value: 'v' }, { key: 'b', effect: 'NoSchedule', tolerationSeconds: 5 }] } });
    expect(createErrors(p)).toEqual([
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[1].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
      "spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    ]);
  });

  it('validates node affinity and pod anti-affinity', () => {
    const p = pod({
      spec: {
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In' }] }] } },
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'zk' } } }] },
        },
      },
    });
    expect(createErrors(p)).toEqual([
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      expect.stringContaining('topologyKey: Invalid value: "": name part must consist of alphanumeric characters'),
    ]);
  });

  it('validates nodeSelector labels and the pod name', () => {
    const errs = createErrors(pod({ metadata: { name: 'Web_0' }, spec: { nodeSelector: { 'disk type': 'ssd' } } }));
    expect(errs[0]).toMatch(/^metadata\.name: Invalid value: "Web_0": a lowercase RFC 1123 subdomain must consist of/);
    expect(errs[1]).toMatch(/^spec\.nodeSelector: Invalid value: "disk type": name part must consist of alphanumeric characters/);
  });
});

describe('Pod update', () => {
  const base = pod({ spec: { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] } });

  it('allows image changes, added tolerations and tolerationSeconds changes', () => {
    const next = merge(base, {
      spec: {
        containers: [container({ image: 'nginx:1.26' })],
        tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 20 }, { key: 'b', operator: 'Exists' }],
      },
    });
    expect(updateErrors(base, next)).toEqual([]);
  });

  it('forbids other spec changes with the list of updatable fields', () => {
    const next = merge(base, { spec: { containers: [container({ ports: [{ containerPort: 80 }] })] } });
    const [err] = updateErrors(base, next);
    expect(err!.split('\n')[0]).toBe(
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
  });

  it('forbids removing tolerations and adding containers', () => {
    expect(updateErrors(base, merge(base, { spec: { tolerations: [] } }))).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
    expect(updateErrors(base, merge(base, { spec: { containers: [container(), container({ name: 'b' })] } }))).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });
});

describe('spec.schedulingGates (validateSchedulingGates)', () => {
  it('refuses a gate named twice and a name that is not a qualified name, at the gate', () => {
    expect(createErrors(pod({ spec: { schedulingGates: [{ name: 'example.com/foo' }, { name: 'example.com/foo' }], containers: [container()] } }))).toEqual([
      'spec.schedulingGates[1]: Duplicate value: "example.com/foo"',
    ]);
    expect(createErrors(pod({ spec: { schedulingGates: [{ name: 'not a name' }], containers: [container()] } }))[0]).toMatch(/^spec\.schedulingGates\[0\]: Invalid value: "not a name": name part must consist of alphanumeric characters/);
    expect(createErrors(pod({ spec: { schedulingGates: [{ name: 'example.com/foo' }, { name: 'example.com/bar' }], containers: [container()] } }))).toEqual([]);
  });
});
