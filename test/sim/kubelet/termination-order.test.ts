/**
 * Termination of a pod with sidecars (kuberuntime_termination_order.go, killContainer's
 * waitForTurn): regular containers stop first, then the sidecars in reverse spec order, each
 * within what is left of the grace period and with at least 2 s for its own stop.
 */
import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import { harness, type Harness } from './harness';

const finished = (p: Pod | undefined, name: string): string | undefined =>
  [...(p?.status?.initContainerStatuses ?? []), ...(p?.status?.containerStatuses ?? [])].find((s) => s.name === name)?.state?.terminated?.finishedAt;
const exitCode = (p: Pod | undefined, name: string): number | undefined =>
  [...(p?.status?.initContainerStatuses ?? []), ...(p?.status?.containerStatuses ?? [])].find((s) => s.name === name)?.state?.terminated?.exitCode;

/** Deletes the pod at 10 s and runs on; the pod's last state before it left the API. */
function deleteAt10s(h: Harness): Pod | undefined {
  h.at(10_000);
  h.api.delete('Pod', 'default', 'web');
  h.at(200_000);
  return h.deleted('web')?.last;
}

describe('terminating a pod with sidecars', () => {
  it('stops the sidecars after the regular container, the later sidecar first', () => {
    const h = harness();
    h.pod({
      initContainers: [
        { name: 'side1', image: 'nginx:1.27', restartPolicy: 'Always' },
        { name: 'side2', image: 'nginx:1.27', restartPolicy: 'Always' },
      ],
      containers: [{ name: 'main', image: 'nginx:1.27', lifecycle: { preStop: { sleep: { seconds: 5 } } } }],
    });
    const last = deleteAt10s(h);
    const [main, side2, side1] = ['main', 'side2', 'side1'].map((n) => Date.parse(finished(last, n)!));
    expect(main).toBeGreaterThanOrEqual(Date.parse('2025-01-01T00:00:15Z'));
    expect(side2).toBeGreaterThanOrEqual(main!);
    expect(side1).toBeGreaterThanOrEqual(side2!);
    // nginx exits on SIGTERM: nobody waits for the grace period
    expect(['main', 'side1', 'side2'].map((n) => exitCode(last, n))).toEqual([0, 0, 0]);
    expect(h.deleted('web')!.t).toBeLessThan(20_000);
  });

  it('gives a sidecar that waited out the grace period the 2 s minimum, after the one before it', () => {
    const h = harness();
    const sleeper = (name: string) => ({ name, image: 'busybox:1.36', command: ['sleep', '3600'], restartPolicy: 'Always' });
    h.pod({
      terminationGracePeriodSeconds: 30,
      initContainers: [sleeper('side1'), sleeper('side2')],
      containers: [{ name: 'main', image: 'nginx:1.27' }],
    });
    const last = deleteAt10s(h);
    // sleep ignores SIGTERM: side2 is killed when the grace period ends (40 s), side1, whose
    // turn came only then, gets 2 s more
    expect(finished(last, 'side2')).toBe('2025-01-01T00:00:40Z');
    expect(finished(last, 'side1')).toBe('2025-01-01T00:00:42Z');
    expect(exitCode(last, 'side1')).toBe(137);
  });

  it('stops the containers of a pod without sidecars all at once', () => {
    const h = harness();
    h.pod({
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'a', image: 'busybox:1.36', command: ['sleep', '3600'] }, { name: 'b', image: 'busybox:1.36', command: ['sleep', '3600'] }],
    });
    const last = deleteAt10s(h);
    expect(finished(last, 'a')).toBe('2025-01-01T00:00:40Z');
    expect(finished(last, 'b')).toBe('2025-01-01T00:00:40Z');
  });
});
