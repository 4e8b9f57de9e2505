import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import { createErrors, merge, pv, pvc, updateErrors } from '../../sim/apiserver/helpers';

const sc = (patch: unknown = {}): KObject =>
  merge({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path' }, patch) as KObject;

describe('PersistentVolumeClaim', () => {
  it('accepts a claim', () => {
    expect(createErrors(pvc())).toEqual([]);
  });

  it('requires access modes and a storage request', () => {
    expect(createErrors(pvc({ spec: { accessModes: [], resources: { requests: { storage: undefined } } } }))).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
  });

  it('rejects unknown access modes and ReadWriteOncePod combined with others', () => {
    expect(createErrors(pvc({ spec: { accessModes: ['ReadWriteAlways'] } }))).toEqual([
      'spec.accessModes: Unsupported value: "ReadWriteAlways": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    ]);
    expect(createErrors(pvc({ spec: { accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] } }))).toEqual([
      'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
    ]);
  });

  it('requires a positive storage request', () => {
    expect(createErrors(pvc({ spec: { resources: { requests: { storage: '0' } } } }))).toEqual(['spec.resources[storage]: Invalid value: "0": must be greater than zero']);
  });

  it('keeps the spec immutable except a growing request on a bound claim', () => {
    const bound = pvc({ status: { phase: 'Bound', capacity: { storage: '1Gi' } }, spec: { volumeName: 'pv1', storageClassName: 'standard' } });
    expect(updateErrors(bound, merge(bound, { spec: { resources: { requests: { storage: '2Gi' } } } }))).toEqual([]);
    const [err] = updateErrors(bound, merge(bound, { spec: { accessModes: ['ReadWriteMany'] } }));
    expect(err!.split('\n')[0]).toBe('spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
  });

  it('allows setting volumeName once and upgrading from no class to a class', () => {
    const claim = pvc();
    expect(updateErrors(claim, merge(claim, { spec: { volumeName: 'pv1' } }))).toEqual([]);
    expect(updateErrors(claim, merge(claim, { spec: { storageClassName: 'standard' } }))).toEqual([]);
    const classed = pvc({ spec: { storageClassName: 'a' } });
    expect(updateErrors(classed, merge(classed, { spec: { storageClassName: 'b' } }))).toHaveLength(1);
  });

  it('refuses shrinking before 1.32 and below status.capacity after', () => {
    const bound = pvc({ status: { phase: 'Bound', capacity: { storage: '2Gi' } }, spec: { resources: { requests: { storage: '4Gi' } } } });
    const smaller = merge(bound, { spec: { resources: { requests: { storage: '3Gi' } } } });
    expect(updateErrors(bound, smaller, '1.31')).toEqual(['spec.resources.requests.storage: Forbidden: field can not be less than previous value']);
    expect(updateErrors(bound, smaller, '1.32')).toEqual([]);
    const tooSmall = merge(bound, { spec: { resources: { requests: { storage: '2Gi' } } } });
    expect(updateErrors(bound, tooSmall, '1.35')).toEqual(['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']);
  });
});

describe('PersistentVolume', () => {
  it('accepts a hostPath volume with Recycle (seed 000-1)', () => {
    expect(createErrors(pv({ spec: { persistentVolumeReclaimPolicy: 'Recycle' } }))).toEqual([]);
  });

  it('requires capacity, access modes and exactly one source', () => {
    const empty = pv({ spec: { capacity: undefined, accessModes: undefined, hostPath: undefined } });
    expect(createErrors(empty, '1.35')).toEqual([
      'spec.accessModes: Required value',
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: null: supported values: "storage"',
      'spec: Required value: must specify a volume type',
    ]);
    expect(createErrors(empty, '1.33')[2]).toBe('spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"');
    expect(createErrors(pv({ spec: { nfs: { server: 'nfs', path: '/x' } } }))).toEqual(['spec.nfs: Forbidden: may not specify more than 1 volume type']);
  });

  it('rejects an unknown reclaim policy and recycling "/"', () => {
    expect(createErrors(pv({ spec: { persistentVolumeReclaimPolicy: 'Keep' } }))).toEqual([
      'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"',
    ]);
    expect(createErrors(pv({ spec: { hostPath: { path: '/' }, persistentVolumeReclaimPolicy: 'Recycle' } }))).toEqual([
      "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'",
    ]);
  });

  it('local volumes need node affinity', () => {
    expect(createErrors(pv({ spec: { hostPath: undefined, local: { path: '/mnt/disk' } } }))).toEqual(['spec.nodeAffinity: Required value: Local volume requires node affinity']);
  });

  it('keeps the volume source immutable', () => {
    const vol = pv();
    const [err] = updateErrors(vol, merge(vol, { spec: { hostPath: { path: '/other' } } }));
    expect(err!.split('\n')[0]).toBe('spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation');
    expect(updateErrors(vol, merge(vol, { spec: { persistentVolumeReclaimPolicy: 'Delete' } }))).toEqual([]);
  });
});

describe('StorageClass', () => {
  it('accepts a class and rejects Recycle', () => {
    expect(createErrors(sc())).toEqual([]);
    expect(createErrors(sc({ reclaimPolicy: 'Recycle' }))).toEqual(['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']);
  });

  it('requires a provisioner and a known binding mode', () => {
    expect(createErrors(sc({ provisioner: undefined, volumeBindingMode: 'Later' }))).toEqual([
      'provisioner: Required value',
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
  });

  it('forbids changing parameters, provisioner and reclaimPolicy', () => {
    const cls = sc({ parameters: { type: 'ssd' } });
    expect(updateErrors(cls, merge(cls, { provisioner: 'other.io/x', parameters: { type: 'hdd' }, reclaimPolicy: 'Retain' }))).toEqual([
      'parameters: Invalid value: {"type":"hdd"}: field is immutable',
      'provisioner: Invalid value: "other.io/x": field is immutable',
      'reclaimPolicy: Invalid value: "Retain": field is immutable',
    ]);
    expect(updateErrors(cls, merge(cls, { volumeBindingMode: 'WaitForFirstConsumer' }))).toEqual([
      'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ]);
  });

  it('from 1.36 reports parameters, provisioner and reclaimPolicy as immutable fields (v1.36.3 ValidateStorageClassUpdate)', () => {
    const cls = sc({ parameters: { type: 'ssd' } });
    const next = merge(cls, { provisioner: 'other.io/x', parameters: { type: 'hdd' }, reclaimPolicy: 'Retain' });
    expect(updateErrors(cls, next, '1.35')).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
    ]);
    for (const v of ['1.36', '1.37'] as const) {
      expect(updateErrors(cls, next, v)).toEqual([
        'parameters: Invalid value: {"type":"hdd"}: field is immutable',
        'provisioner: Invalid value: "other.io/x": field is immutable',
        'reclaimPolicy: Invalid value: "Retain": field is immutable',
      ]);
    }
  });
});
