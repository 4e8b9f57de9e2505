/**
 * StatefulSet behaviour that changes with 1.36 and 1.37: MaxUnavailableStatefulSet off in 1.36
 * (kubernetes#137904) and on again in 1.37 (#139466) with the Parallel fix (#137666); OnDelete
 * completing the update revision (#136833, 1.37); availability checks at the right time
 * (#135428, 1.36).
 */
import { describe, expect, it } from '@jest/globals';
import type { KubeVersion } from '../../../../src/kube/version';
import { bench, imageOf, setImage, statefulSet, type Bench } from './harness';


function terminatingAfterUpdate(b: Bench): string[] {
  const seen: string[] = [];
  b.api.watch((ev) => {
    const o = ev.object as { kind: string; metadata: { name: string; deletionTimestamp?: string } };
    if (o.kind === 'Pod' && ev.type === 'MODIFIED' && o.metadata.deletionTimestamp && !seen.includes(o.metadata.name)) seen.push(o.metadata.name);
  }, ['Pod']);
  return seen;
}

describe('MaxUnavailableStatefulSet by version', () => {
  it.each<[KubeVersion, string[]]>([
    ['1.35.0', ['web-4', 'web-3']],
    ['1.35', ['web-4']],
    ['1.36', ['web-4']],
    ['1.37', ['web-4', 'web-3']],
  ])('on %s a maxUnavailable 2 update first terminates %j', (version, first) => {
    const b = bench(version);
    b.api.create(statefulSet('web', { replicas: 5, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }));
    b.run(60_000);
    const seen = terminatingAfterUpdate(b);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(0);
    expect(seen).toEqual(first);
  });

  it('1.36 drops a maxUnavailable the user writes on create, as the gate is off (like 1.34)', () => {
    const b = bench('1.36');
    b.api.create(statefulSet('web', { replicas: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }));
    expect(b.set('web').spec!.updateStrategy!.rollingUpdate).toEqual({ partition: 0 });
  });

  it('a Parallel set whose only pod never became available: stuck on 1.35.0, updated on 1.36 and 1.37 (kubernetes#137666)', () => {
    for (const [version, fixed] of [['1.35.0', false], ['1.35', true], ['1.36', true], ['1.37', true]] as const) {
      const b = bench(version);
      b.kubelet.brokenImages.add('nginx:broken');
      b.api.create(statefulSet('web', { replicas: 1, policy: 'Parallel', image: 'nginx:broken' }));
      b.run(10_000);
      setImage(b, 'web', 'nginx:1.16.1');
      b.run(60_000);
      expect([version, imageOf(b.pod('web-0'))]).toEqual([version, fixed ? 'nginx:1.16.1' : 'nginx:broken']);
    }
  });

  it('1.37 Parallel: outdated unavailable pods go at once, then healthy ones within the budget', () => {
    const b = bench('1.37');
    b.api.create(statefulSet('web', { replicas: 4, policy: 'Parallel' }));
    b.run(30_000);
    // web-0 and web-1 are re-created at the old revision but never start.
    b.kubelet.brokenImages.add('nginx:1.14.2');
    b.api.delete('Pod', 'default', 'web-0');
    b.api.delete('Pod', 'default', 'web-1');
    b.run(30_000);
    expect(b.set('web').status).toMatchObject({ readyReplicas: 2 });
    const seen = terminatingAfterUpdate(b);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(0);
    // Two unavailable pods already use up maxUnavailable 1: only the outdated broken ones go.
    expect(seen).toEqual(['web-1', 'web-0']);
    b.run(60_000);
    expect(['web-0', 'web-1', 'web-2', 'web-3'].map((n) => imageOf(b.pod(n)))).toEqual(['nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1']);
  });
});

describe('OnDelete completes the update revision from 1.37 (kubernetes#136833)', () => {
  it.each<[KubeVersion, boolean]>([
    ['1.35', false],
    ['1.36', false],
    ['1.37', true],
  ])('on %s, once every pod was deleted and re-created: current = update is %s', (version, completes) => {
    const b = bench(version);
    b.api.create(statefulSet('web', { replicas: 2, updateStrategy: { type: 'OnDelete' } }));
    b.run(30_000);
    setImage(b, 'web', 'nginx:1.16.1');
    b.run(10_000);
    for (const name of ['web-1', 'web-0']) {
      b.api.delete('Pod', 'default', name);
      b.run(30_000);
    }
    const s = b.set('web').status!;
    expect(s.updatedReplicas).toBe(2);
    expect(s.currentRevision === s.updateRevision).toBe(completes);
    expect(s.currentReplicas ?? 0).toBe(completes ? 2 : 0);
  });
});

describe('availableReplicas counted when minReadySeconds elapse (kubernetes#135428, 1.36)', () => {
  /** ms from creation until status.availableReplicas reaches `n` */
  function timeToAvailable(version: KubeVersion, n: number): number {
    const b = bench(version);
    const start = b.clock.now();
    b.api.create(statefulSet('web', { replicas: n, policy: 'Parallel', minReadySeconds: 10 }));
    for (let t = 0; t < 120_000; t += 100) {
      if ((b.set('web').status?.availableReplicas ?? 0) >= n) return b.clock.now() - start;
      b.run(100);
    }
    return Infinity;
  }

  it('1.36 and 1.35.1+ (#136097) see the pod (Ready at 2s) available at 12s; 1.35.0 only at its next periodic look (20s)', () => {
    expect(['1.35.0', '1.35.1', '1.35', '1.36'].map((v) => timeToAvailable(v as KubeVersion, 1))).toEqual([20_000, 12_000, 12_000, 12_000]);
  });
});
