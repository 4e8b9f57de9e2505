import { describe, expect, it } from '@jest/globals';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../src/kube/object';
import {
  defaultClassOf, defaultStorageClass, defaultTolerationSeconds, persistentVolumeClaimResize, priority, serviceAccount,
  storageObjectInUseProtection, taintNodesByCondition,
} from '../../../src/sim/apiserver/admission';
import { pod, pv, pvc } from './helpers';

const sc = (name: string, created: string, isDefault = true): { metadata: { name: string; creationTimestamp: string; annotations: Record<string, string> } } => ({
  metadata: { name, creationTimestamp: created, annotations: isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {} },
});

describe('DefaultTolerationSeconds', () => {
  it('adds not-ready and unreachable NoExecute tolerations for 300s', () => {
    const out = defaultTolerationSeconds(pod() as unknown as Pod);
    expect(out.spec!.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('keeps a pod that already tolerates them, including a tolerate-everything toleration', () => {
    const own = pod({ spec: { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] } }) as unknown as Pod;
    expect(defaultTolerationSeconds(own).spec!.tolerations!.map((t) => [t.key, t.tolerationSeconds])).toEqual([
      ['node.kubernetes.io/unreachable', 10],
      ['node.kubernetes.io/not-ready', 300],
    ]);
    const all = pod({ spec: { tolerations: [{ operator: 'Exists' }] } }) as unknown as Pod;
    expect(defaultTolerationSeconds(all)).toBe(all);
  });
});

describe('DefaultStorageClass', () => {
  const classes = [sc('old', '2025-01-01T00:00:00Z'), sc('newer', '2025-01-02T00:00:00Z'), sc('plain', '2025-01-03T00:00:00Z', false)];

  it('picks the newest default class', () => {
    expect(defaultClassOf(classes)!.metadata.name).toBe('newer');
    expect(defaultClassOf([sc('b', '2025-01-01T00:00:00Z'), sc('a', '2025-01-01T00:00:00Z')])!.metadata.name).toBe('a');
  });

  it('sets storageClassName only when no class is named in field or beta annotation', () => {
    const claim = pvc() as unknown as PersistentVolumeClaim;
    expect(defaultStorageClass(claim, classes).spec!.storageClassName).toBe('newer');
    const empty = pvc({ spec: { storageClassName: '' } }) as unknown as PersistentVolumeClaim;
    expect(defaultStorageClass(empty, classes)).toBe(empty);
    const annotated = pvc({ metadata: { annotations: { 'volume.beta.kubernetes.io/storage-class': 'anything' } } }) as unknown as PersistentVolumeClaim;
    expect(defaultStorageClass(annotated, classes)).toBe(annotated);
    expect(defaultStorageClass(claim, [])).toBe(claim);
  });
});

describe('StorageObjectInUseProtection and TaintNodesByCondition', () => {
  it('adds protection finalizers to claims and volumes', () => {
    expect(storageObjectInUseProtection(pvc()).metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(storageObjectInUseProtection(pv()).metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    const p = pod();
    expect(storageObjectInUseProtection(p)).toBe(p);
  });

  it('taints new nodes not-ready', () => {
    const n = taintNodesByCondition({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } } as KObject);
    expect((n.spec as { taints: unknown }).taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  });
});

describe('Priority and ServiceAccount', () => {
  it('resolves priority classes and rejects unknown ones', () => {
    expect(priority(pod() as unknown as Pod).spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(priority(pod({ spec: { priorityClassName: 'system-node-critical' } }) as unknown as Pod).spec!.priority).toBe(2000001000);
    expect(() => priority(pod({ spec: { priorityClassName: 'gold' } }) as unknown as Pod)).toThrow('pods "web-0" is forbidden: no PriorityClass with name gold was found');
  });

  it('writes the global default class into a pod that names none, the lowest-valued one when several', () => {
    const classes = [
      { metadata: { name: 'gold' }, value: 1000, globalDefault: true, preemptionPolicy: 'PreemptLowerPriority' },
      { metadata: { name: 'low' }, value: 10, globalDefault: true, preemptionPolicy: 'Never' },
    ];
    expect(priority(pod() as unknown as Pod, classes).spec).toMatchObject({ priorityClassName: 'low', priority: 10, preemptionPolicy: 'Never' });
    expect(priority(pod() as unknown as Pod, []).spec!.priorityClassName).toBeUndefined();
  });

  it('refuses a stated priority or preemption policy other than the class gives', () => {
    const classes = [{ metadata: { name: 'low' }, value: 10, globalDefault: true, preemptionPolicy: 'Never' }];
    expect(() => priority(pod({ spec: { priority: 5 } }) as unknown as Pod, classes)).toThrow(
      'pods "web-0" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 10 from the given PriorityClass name');
    expect(() => priority(pod({ spec: { preemptionPolicy: 'PreemptLowerPriority' } }) as unknown as Pod, classes)).toThrow(
      'pods "web-0" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name');
    expect(priority(pod({ spec: { priority: 10, preemptionPolicy: 'Never' } }) as unknown as Pod, classes).spec!.priority).toBe(10);
  });

  it('mounts the API token volume unless automount is off', () => {
    const out = serviceAccount(pod() as unknown as Pod, 'x7k2p');
    expect(out.spec!.serviceAccountName).toBe('default');
    expect(out.spec!.volumes![0]!.name).toBe('kube-api-access-x7k2p');
    expect(out.spec!.containers[0]!.volumeMounts).toEqual([{ name: 'kube-api-access-x7k2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    expect(serviceAccount(pod({ spec: { automountServiceAccountToken: false } }) as unknown as Pod, 'x').spec!.volumes).toBeUndefined();
  });

  it("gives a pod without image pull secrets its account's, and leaves a pod's own alone", () => {
    const account = { imagePullSecrets: [{ name: 'registry' }, { name: 'mirror' }] };
    expect(serviceAccount(pod() as unknown as Pod, 'x', account).spec!.imagePullSecrets).toEqual([{ name: 'registry' }, { name: 'mirror' }]);
    expect(serviceAccount(pod({ spec: { imagePullSecrets: [{ name: 'own' }] } }) as unknown as Pod, 'x', account).spec!.imagePullSecrets).toEqual([{ name: 'own' }]);
    // copied whether or not the token is mounted
    expect(serviceAccount(pod() as unknown as Pod, 'x', { ...account, automountServiceAccountToken: false }).spec!.imagePullSecrets).toHaveLength(2);
  });

  it('leaves a mirror pod as the kubelet posted it, and refuses one that references a service account, a secret or a token projection', () => {
    const mirror = (spec: Record<string, unknown> = {}) => pod({ metadata: { name: 'etcd-cp', annotations: { 'kubernetes.io/config.mirror': 'abc' } }, spec }) as unknown as Pod;
    const plain = mirror();
    expect(serviceAccount(plain, 'x7k2p')).toBe(plain);
    expect(() => serviceAccount(mirror({ serviceAccountName: 'default' }), 'x')).toThrow('pods "etcd-cp" is forbidden: a mirror pod may not reference service accounts');
    expect(() => serviceAccount(mirror({ volumes: [{ name: 's', secret: { secretName: 'tls' } }] }), 'x')).toThrow('pods "etcd-cp" is forbidden: a mirror pod may not reference secrets');
    expect(() => serviceAccount(mirror({ volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }] }), 'x'))
      .toThrow('pods "etcd-cp" is forbidden: a mirror pod may not use ServiceAccountToken volume projections');
  });

  it('counts every secret reference VisitPodSecretNames visits: plugin volumes, env, pull secrets', () => {
    const mirror = (spec: Record<string, unknown>) => pod({ metadata: { name: 'etcd-cp', annotations: { 'kubernetes.io/config.mirror': 'abc' } }, spec }) as unknown as Pod;
    const refused = 'pods "etcd-cp" is forbidden: a mirror pod may not reference secrets';
    expect(() => serviceAccount(mirror({ volumes: [{ name: 'c', csi: { driver: 'd', nodePublishSecretRef: { name: 's' } } }] }), 'x')).toThrow(refused);
    expect(() => serviceAccount(mirror({ volumes: [{ name: 'i', iscsi: { targetPortal: 'p', iqn: 'q', lun: 0, secretRef: { name: 's' } } }] }), 'x')).toThrow(refused);
    expect(() => serviceAccount(mirror({ imagePullSecrets: [{ name: 'reg' }] }), 'x')).toThrow(refused);
    expect(() => serviceAccount(mirror({ containers: [{ name: 'c', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] }), 'x')).toThrow(refused);
    expect(() => serviceAccount(mirror({ volumes: [{ name: 'c', csi: { driver: 'd' } }, { name: 'h', hostPath: { path: '/x' } }] }), 'x')).not.toThrow();
  });
});

describe('PersistentVolumeClaimResize', () => {
  const bound = pvc({ spec: { storageClassName: 'standard' }, status: { phase: 'Bound' } }) as unknown as PersistentVolumeClaim;
  const bigger = { ...bound, spec: { ...bound.spec, resources: { requests: { storage: '5Gi' } } } } as PersistentVolumeClaim;

  it('lets claims grow only when the class allows expansion', () => {
    expect(persistentVolumeClaimResize(bigger, bound, [{ metadata: { name: 'standard' }, allowVolumeExpansion: true }])).toBe(bigger);
    expect(() => persistentVolumeClaimResize(bigger, bound, [{ metadata: { name: 'standard' } }])).toThrow(
      'persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
  });
});
