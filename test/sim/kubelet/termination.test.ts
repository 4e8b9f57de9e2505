import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import { container, harness, nginx, type Harness } from './harness';

/** When the pod left the API, and its last state. */
function lastSeen(h: Harness, until: number): { gone?: number; last?: Pod } {
  h.at(until);
  const d = h.deleted('web');
  return { gone: d?.t, last: d?.last };
}

describe('graceful termination', () => {
  it('stops a server on SIGTERM, reports it Succeeded, then deletes the pod', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(10_000);
    h.api.delete('Pod', 'default', 'web');
    expect(h.get('web')?.metadata?.deletionTimestamp).toBe('2025-01-01T00:00:40Z');
    const { gone, last } = lastSeen(h, 60_000);
    // nginx exits 0.5s after SIGTERM, the sandbox stops 0.2s later, then the kubelet deletes the pod
    expect(gone).toBe(10_700);
    expect(last?.status?.phase).toBe('Succeeded');
    expect(container(last)?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(last?.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(h.events('web').filter((e) => e.reason === 'Killing').map((e) => e.message)).toEqual(['Stopping container nginx']);
  });

  it('SIGKILLs a process that ignores SIGTERM at the end of the grace period (Failed, 137)', () => {
    const h = harness();
    h.pod({ containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }] });
    h.at(10_000);
    h.api.delete('Pod', 'default', 'web');
    const { gone, last } = lastSeen(h, 60_000);
    expect(gone).toBe(40_200);
    expect(last?.status?.phase).toBe('Failed');
    expect(container(last, 'app')?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('honours a shorter grace period and a preStop sleep', () => {
    const h = harness();
    h.pod({ containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }] });
    h.at(10_000);
    h.api.delete('Pod', 'default', 'web', { gracePeriodSeconds: 5 });
    expect(lastSeen(h, 60_000).gone).toBe(15_200);

    const g = harness();
    g.pod({ containers: [{ ...nginx, lifecycle: { preStop: { sleep: { seconds: 5 } } } }] });
    g.at(10_000);
    g.api.delete('Pod', 'default', 'web');
    // Killing at once, SIGTERM after the 5s preStop sleep, nginx exits 0.5s later
    expect(lastSeen(g, 60_000).gone).toBe(15_700);
  });

  it('keeps the pod Running (and its IP) while it terminates', () => {
    const h = harness();
    h.pod({ containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }] });
    h.at(10_000);
    h.api.delete('Pod', 'default', 'web');
    h.at(20_000);
    const p = h.get('web')!;
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.podIP).toBe('10.244.0.2');
    expect(container(p, 'app')?.state?.running).toBeDefined();
  });

  it('finishes a start that is pulling, then stops it', () => {
    const h = harness({ images: { 'nginx:1.27': { pullSeconds: 10 } } });
    h.pod({ containers: [nginx] });
    h.at(2_000);
    h.api.delete('Pod', 'default', 'web');
    const { gone } = lastSeen(h, 60_000);
    // SyncPod runs without cancellation: pull ends at 10.5s, start at 10.6s, then SIGTERM, exit, sandbox down
    expect(gone).toBe(11_300);
    expect(h.events('web').map((e) => e.reason)).toEqual(['Pulling', 'Pulled', 'Created', 'Started', 'Killing']);
  });
});

describe('pod IPs', () => {
  it('releases the IP with the sandbox; the next pod gets the next address, not the freed one', () => {
    const h = harness();
    h.pod({ containers: [nginx] }, { name: 'a' });
    h.pod({ containers: [nginx] }, { name: 'b' });
    h.at(10_000);
    expect([h.get('a')?.status?.podIP, h.get('b')?.status?.podIP]).toEqual(['10.244.0.2', '10.244.0.3']);
    h.api.delete('Pod', 'default', 'a');
    h.at(20_000);
    expect(h.get('a')).toBeUndefined();
    h.pod({ containers: [nginx] }, { name: 'a' });
    h.at(30_000);
    expect(h.get('a')?.status?.podIP).toBe('10.244.0.4');
  });

  it('keeps the IP of a restarted container (same sandbox)', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(10_000);
    h.act('crashContainer', { pod: 'web', exitCode: 1 });
    h.at(20_000);
    expect(container(h.get('web'))?.restartCount).toBe(1);
    expect(h.get('web')?.status?.podIP).toBe('10.244.0.2');
  });

  it('gives a hostNetwork pod the node IP', () => {
    const h = harness();
    h.pod({ hostNetwork: true, containers: [nginx] });
    h.at(10_000);
    expect(h.get('web')?.status?.podIP).toBe('172.18.0.2');
  });
});
