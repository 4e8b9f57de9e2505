/**
 * The volume expand controller (pkg/controller/volume/expand expand_controller.go syncHandler):
 * no in-tree plugin of kube-controller-manager can expand the hostPath, local or NFS volumes the
 * simulator serves, so a bound claim asking for more than its capacity gets a Normal
 * ExternalExpanding event and keeps its capacity.
 */
import { describe, expect, it } from '@jest/globals';
import { ExpandController } from '../../../../src/sim/controllers/volume';
import { ANN_PRE_RESIZE_CAPACITY } from '../../../../src/sim/controllers/volume/expand';
import { Bench, pv, pvc, storageClass, type PvcK } from './harness';

/** A claim of class `grow` (allowVolumeExpansion) bound to a static NFS volume of 1Gi. */
function boundClaim(): Bench {
  const b = new Bench({ provisioner: false, extra: [new ExpandController()] });
  b.create({ ...storageClass('grow', { provisioner: 'example.com/nfs', mode: 'Immediate' }), allowVolumeExpansion: true } as never);
  b.create(pv('nfs-1', { className: 'grow', source: { nfs: { server: '10.0.0.1', path: '/export' } } }));
  b.create(pvc('data', { className: 'grow' }));
  b.run(1);
  expect(b.pvc('data')!.status!.phase).toBe('Bound');
  return b;
}

function grow(b: Bench, size: string): void {
  b.edit<PvcK>(b.pvc('data'), (c) => {
    c.spec!.resources!.requests!.storage = size;
  });
  b.run(1);
}

const expanding = (b: Bench) => b.eventObjects('data').filter((e) => e.reason === 'ExternalExpanding');

describe('volume expand controller', () => {
  it('waits for an external controller when a bound claim grows past its capacity', () => {
    const b = boundClaim();
    expect(expanding(b)).toEqual([]);
    grow(b, '2Gi');
    expect(expanding(b)).toHaveLength(1);
    expect(expanding(b)[0]).toMatchObject({
      type: 'Normal',
      message: 'waiting for an external controller to expand this PVC',
      count: 1,
      source: { component: 'volume_expand' },
    });
    // nothing expands it: the claim keeps the volume's capacity, and the volume its size
    b.run(60_000);
    expect(b.pvc('data')!.status!.capacity).toEqual({ storage: '1Gi' });
    expect(b.pv('nfs-1')!.spec!.capacity).toEqual({ storage: '1Gi' });
  });

  it('looks again each time the request grows, not on other updates', () => {
    const b = boundClaim();
    grow(b, '2Gi');
    b.edit<PvcK>(b.pvc('data'), (c) => {
      c.metadata.labels = { touched: 'yes' };
    });
    b.run(1);
    expect(expanding(b)[0]!.count).toBe(1);
    grow(b, '3Gi');
    expect(expanding(b)[0]!.count).toBe(2);
  });

  it('leaves a claim alone whose request does not exceed its capacity', () => {
    const b = boundClaim();
    // the claim asked for 1Gi of a 5Gi volume: growing the request within the capacity needs no resize
    b.create(pv('big', { size: '5Gi', className: 'grow', source: { nfs: { server: '10.0.0.1', path: '/big' } } }));
    b.create(pvc('roomy', { size: '1Gi', className: 'grow' }));
    b.run(1);
    expect(b.pvc('roomy')!.status!.capacity).toEqual({ storage: '5Gi' });
    b.edit<PvcK>(b.pvc('roomy'), (c) => {
      c.spec!.resources!.requests!.storage = '3Gi';
    });
    b.run(1);
    expect(b.eventObjects('roomy').filter((e) => e.reason === 'ExternalExpanding')).toEqual([]);
  });

  it('reports a volume whose resize is unfinished (pre-resize-capacity annotation) when the claim capacity changes', () => {
    const b = new Bench({ provisioner: false, extra: [new ExpandController()] });
    b.create({ ...storageClass('grow', { provisioner: 'example.com/nfs', mode: 'Immediate' }), allowVolumeExpansion: true } as never);
    const volume = pv('nfs-1', { className: 'grow', source: { nfs: { server: '10.0.0.1', path: '/export' } } });
    volume.metadata.annotations = { [ANN_PRE_RESIZE_CAPACITY]: '1Gi' };
    b.create(volume);
    b.create(pvc('data', { className: 'grow' }));
    // binding writes status.capacity (nothing to 1Gi): the update handler enqueues the claim, and
    // syncHandler goes on although the request equals the capacity
    b.run(1);
    expect(expanding(b)).toHaveLength(1);
  });
});
