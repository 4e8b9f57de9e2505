import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import { bench } from './harness';

describe('Scheduler cost', () => {
  it('schedules many ReplicaSet pods over a few hundred nodes with incremental aggregates', () => {
    const b = bench();
    for (let i = 0; i < 300; i++) b.node(`n${i}`, { labels: { 'topology.kubernetes.io/zone': `z${i % 3}` }, cpu: '64', memory: '256Gi', pods: '500' });
    const rs = b.api.create<KObject>({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const owner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true }];
    const n = Number(process.env.SCHED_PERF_PODS ?? 2000);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) b.pod(`web-${i}`, { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] }, { labels: { app: 'web' }, ownerReferences: owner });
    const t1 = performance.now();
    b.at(0);
    const t2 = performance.now();
    const perNode = new Map<string, number>();
    for (let i = 0; i < n; i++) perNode.set(b.nodeOf(`web-${i}`)!, (perNode.get(b.nodeOf(`web-${i}`)!) ?? 0) + 1);
    // the figures only when someone is measuring (SCHED_PERF_PODS set): npm test prints nothing of its own
    // eslint-disable-next-line no-console
    if (process.env.SCHED_PERF_PODS) console.log(`create ${n} pods: ${(t1 - t0).toFixed(0)} ms; schedule+bind: ${(t2 - t1).toFixed(0)} ms (${((n / (t2 - t1)) * 1000).toFixed(0)} pods/s)`);
    expect(perNode.size).toBe(300);
    // default spreading (hostname maxSkew 3 as a score) keeps nodes even
    expect(Math.max(...perNode.values()) - Math.min(...perNode.values())).toBeLessThanOrEqual(2);
  });
});
