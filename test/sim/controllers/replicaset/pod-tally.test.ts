/**
 * PodTally: a ReplicaSet's status counts kept from pod deltas must equal a count over its pods
 * after any sequence of changes (the controller relies on it instead of listing them).
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../../src/kube/object';
import { PodTally, type PodCounts } from '../../../../src/sim/controllers/replicaset/pod-tally';
import { activeByNode } from '../../../../src/sim/controllers/replicaset/victims';
import { labelSelectorMatches } from '../../../../src/kube/labels';
import { Rng } from '../../../../src/sim/rng';
import type { PodObj, ReplicaSetObj } from '../../../../src/sim/controllers/replicaset/types';

const RS_UID = 'rs-uid';

function replicaSet(templateLabels: Record<string, string> = { app: 'web', tier: 'front' }): ReplicaSetObj {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default', uid: RS_UID },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: templateLabels }, spec: { containers: [] } } },
  };
}

interface PodShape {
  labels?: Record<string, string>;
  ready?: boolean;
  phase?: string;
  deleting?: boolean;
  owner?: string;
  node?: string;
}

function pod(name: string, shape: PodShape = {}): PodObj {
  const meta: KObject['metadata'] = {
    name, namespace: 'default', uid: `uid-${name}`, labels: shape.labels ?? { app: 'web', tier: 'front' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: shape.owner ?? RS_UID, controller: true }],
  };
  if (shape.deleting) meta.deletionTimestamp = '2025-01-01T00:00:10Z';
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: meta,
    ...(shape.node ? { spec: { nodeName: shape.node, containers: [] } } : {}),
    status: { phase: shape.phase ?? 'Running', conditions: [{ type: 'Ready', status: shape.ready ? 'True' : 'False' }] },
  };
}

const ZERO: PodCounts = { active: 0, fullyLabeled: 0, ready: 0, terminating: 0, unselected: 0 };

describe('PodTally', () => {
  it('counts the pods it is built from, by what calculateStatus reads', () => {
    const pods = [
      pod('a', { ready: true }),
      pod('b'),
      pod('c', { labels: { app: 'web' } }), // selected, not fully labelled
      pod('d', { deleting: true }), // terminating
      pod('e', { phase: 'Succeeded' }), // neither active nor terminating
      pod('f', { labels: { app: 'other' } }), // owned, no longer selected
    ];
    const counts = new PodTally().countsFor(replicaSet(), () => pods);
    expect(counts).toEqual({ active: 3, fullyLabeled: 2, ready: 1, terminating: 1, unselected: 1 });
  });

  it('follows adds, updates and deletes of its pods and ignores other owners', () => {
    const tally = new PodTally();
    const rs = replicaSet();
    tally.countsFor(rs, () => []);
    const a = pod('a');
    tally.observe(undefined, a);
    tally.observe(undefined, pod('x', { owner: 'another', ready: true }));
    const readyA = pod('a', { ready: true });
    tally.observe(a, readyA);
    expect(tally.countsFor(rs, () => [])).toEqual({ ...ZERO, active: 1, fullyLabeled: 1, ready: 1 });
    const deletingA = pod('a', { ready: true, deleting: true });
    tally.observe(readyA, deletingA);
    expect(tally.countsFor(rs, () => [])).toEqual({ ...ZERO, terminating: 1 });
    tally.observe(deletingA, undefined);
    expect(tally.countsFor(rs, () => [])).toEqual(ZERO);
  });

  it('recounts when the template labels change (the selector cannot)', () => {
    const tally = new PodTally();
    const pods = [pod('a'), pod('b', { labels: { app: 'web' } })];
    expect(tally.countsFor(replicaSet(), () => pods).fullyLabeled).toBe(1);
    expect(tally.countsFor(replicaSet({ app: 'web' }), () => pods).fullyLabeled).toBe(2);
  });

  it('starts over for a ReplicaSet it has forgotten', () => {
    const tally = new PodTally();
    tally.countsFor(replicaSet(), () => [pod('a')]);
    tally.forget(RS_UID);
    expect(tally.countsFor(replicaSet(), () => [])).toEqual(ZERO);
  });

  it('keeps its active pods, and their number by node, as filtering the current pods does, through binds, readiness, relabels, ends and deletes', () => {
    const tally = new PodTally();
    const rs = replicaSet();
    const current = new Map<string, PodObj>();
    tally.countsFor(rs, () => []);
    // a fixed pseudo-random walk over 40 pods: every kind of change, many times
    const rng = new Rng(7);
    const next = (n: number) => rng.int(n);
    for (let step = 0; step < 2000; step++) {
      const name = `p${next(40)}`;
      const old = current.get(name);
      const shape: PodShape = {
        node: next(4) ? `node-${next(5)}` : undefined,
        ready: !!next(2),
        phase: ['Running', 'Pending', 'Succeeded', 'Failed'][next(4) ? 0 : next(4)],
        deleting: !next(8),
        labels: next(6) ? { app: 'web', tier: 'front' } : { app: 'other' },
        owner: next(10) ? RS_UID : 'another',
      };
      const cur = next(12) ? pod(name, shape) : undefined;
      tally.observe(old, cur);
      if (cur) current.set(name, cur);
      else current.delete(name);
      // read the active pods now and then, as scale-downs do, so the kept order meets every change
      if (step % 37 === 0) expectActivePods();
    }
    const mine = [...current.values()].filter((p) => p.metadata.ownerReferences?.[0]?.uid === RS_UID && labelSelectorMatches(rs.spec.selector, p.metadata.labels));
    const expected = activeByNode(mine);
    expect(expected.size).toBeGreaterThan(3);
    expect(new Map([...tally.activeByNode(rs, () => [])].sort())).toEqual(new Map([...expected].sort()));
    expect(expectActivePods()).toBeGreaterThan(3);

    /** The active pods read from the tally are the latest versions of the active pods it controls and selects, by name; returns how many. */
    function expectActivePods(): number {
      const byName = (a: PodObj, b: PodObj) => (a.metadata.name < b.metadata.name ? -1 : 1);
      const activeMine = [...current.values()]
        .filter((p) => p.metadata.ownerReferences?.[0]?.uid === RS_UID && labelSelectorMatches(rs.spec.selector, p.metadata.labels))
        .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp)
        .sort(byName);
      const read = tally.activePods(rs, () => []).map((c) => c.pod);
      expect(read.map((p) => p.metadata.name)).toEqual(activeMine.map((p) => p.metadata.name));
      // the same objects: the latest version of each
      read.forEach((p, i) => expect(p).toBe(activeMine[i]));
      return read.length;
    }
  });
});
