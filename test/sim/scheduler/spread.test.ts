import { describe, expect, it } from '@jest/globals';
import { bench } from './harness';

const zoneSpread = (maxSkew: number, extra: Record<string, unknown> = {}) => ({
  topologySpreadConstraints: [{ maxSkew, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra }],
});

describe('PodTopologySpread DoNotSchedule constraints', () => {
  it('keeps the skew between zones within maxSkew; beyond it the pod stays Pending', () => {
    const b = bench({ version: '1.33' });
    b.node('a1', { labels: { zone: 'a' } });
    b.node('a2', { labels: { zone: 'a' } });
    b.node('b1', { labels: { zone: 'b' }, pods: '2' });
    b.node('nolabel');
    for (let i = 0; i < 6; i++) b.pod(`web-${i}`, zoneSpread(1), { labels: { app: 'web' } });
    b.at(0);
    const zones = Array.from({ length: 6 }, (_, i) => b.nodeOf(`web-${i}`)?.[0]);
    // zone b holds at most 2 pods (pods: 2), so zone a may only get one more than b
    expect(zones.filter((z) => z === 'a')).toHaveLength(3);
    expect(zones.filter((z) => z === 'b')).toHaveLength(2);
    const pending = Array.from({ length: 6 }, (_, i) => `web-${i}`).find((p) => !b.nodeOf(p))!;
    expect(b.condition(pending)?.message).toBe(
      "0/4 nodes are available: 1 Too many pods, 1 node(s) didn't match pod topology spread constraints (missing required label), 2 node(s) didn't match pod topology spread constraints. " +
        'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
  });

  it('minDomains: fewer domains than asked for count as a global minimum of 0', () => {
    const b = bench();
    b.node('a1', { labels: { zone: 'a' } });
    b.node('a2', { labels: { zone: 'a' } });
    for (let i = 0; i < 3; i++) b.pod(`web-${i}`, zoneSpread(2, { minDomains: 3 }), { labels: { app: 'web' } });
    b.at(0);
    expect([0, 1, 2].map((i) => b.nodeOf(`web-${i}`) !== undefined)).toEqual([true, true, false]);
  });

  it('an empty labelSelector counts no pod (countPodsMatchSelector returns 0 for selector.Empty())', () => {
    const b = bench();
    b.node('a1', { labels: { zone: 'a' } });
    // zone b counts as a domain (nodeTaintsPolicy Ignore) but its node does not take the pod
    b.node('b1', { labels: { zone: 'b' }, taints: [{ key: 'busy', effect: 'NoSchedule' }] });
    for (let i = 0; i < 3; i++) b.pod(`old-${i}`, { nodeName: 'a1' }, { labels: { app: 'web' } });
    // Were {} to select every pod, zone a would hold 3 (+1 for the pod) against 0: skew 4 > 1.
    b.pod('new', {
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} }],
    }, { labels: { app: 'web' } });
    b.at(0);
    expect(b.nodeOf('new')).toBe('a1');
  });
});
