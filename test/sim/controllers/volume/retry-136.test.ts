/**
 * From 1.36 the PV controller's claim and volume queues retry a failed sync with the per-item
 * back-off (v1.36.3 pv_controller_base.go AddRateLimited); up to 1.35 it waits for the re-sync.
 */
import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../../../src/errors';
import type { KObject } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import { Bench, pv, pvc } from './harness';

/** ms from the claim's creation until it is Bound, with the first PersistentVolume update failing. */
function timeToBind(version: KubeVersion): number {
  const b = new Bench({ version });
  b.create(pv('pv1', { size: '5Gi' }));
  b.run(1_000);
  const update = b.api.update.bind(b.api);
  let failed = false;
  b.api.update = (<T extends KObject>(obj: T, ...rest: unknown[]): T => {
    if (!failed && obj.kind === 'PersistentVolume') {
      failed = true;
      throw new ApiError(409, 'Conflict', 'the object has been modified; please apply your changes to the latest version and try again');
    }
    return (update as (o: T, ...r: unknown[]) => T)(obj, ...rest);
  }) as typeof b.api.update;
  const start = b.clock.now();
  b.create(pvc('data', { size: '1Gi', className: '' }));
  for (let t = 0; t < 60_000; t += 5) {
    if (b.pvc('data')!.status?.phase === 'Bound') return b.clock.now() - start;
    b.run(5);
  }
  expect(failed).toBe(true);
  return Infinity;
}

describe('PV controller retry after a failed sync', () => {
  it('1.35 waits for the re-sync; 1.36 and 1.37 retry within milliseconds', () => {
    const times = (['1.35', '1.36', '1.37'] as const).map(timeToBind);
    expect(times[0]).toBeGreaterThanOrEqual(5_000);
    expect(times[1]).toBeLessThan(100);
    expect(times[2]).toBeLessThan(100);
  });
});
