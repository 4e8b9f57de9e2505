import { describe, expect, it } from '@jest/globals';
import { activeByNode, podsToDelete, type PodFacts } from '../../../../src/sim/controllers/replicaset/victims';
import type { PodObj } from '../../../../src/sim/controllers/replicaset/types';

const CREATED = '2025-01-01T00:00:00Z';
/** Fresh candidates: nothing read of them yet. */
const candidates = (pods: PodObj[]) => pods.map((pod) => ({ pod }));
const ctx = { nowMs: Date.parse('2025-01-01T01:00:00Z'), parseTime: (t: string) => Date.parse(t) };

/** A running, ready pod on node-1 created at CREATED, with a sidecar, and the given restart counts. */
function pod(name: string, appRestarts: number, sidecarRestarts: number): PodObj {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: CREATED },
    spec: {
      nodeName: 'node-1',
      initContainers: [{ name: 'proxy', image: 'proxy:1', restartPolicy: 'Always' }, { name: 'init', image: 'init:1' }],
      containers: [{ name: 'app', image: 'app:1' }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: CREATED }],
      initContainerStatuses: [
        { name: 'proxy', image: 'proxy:1', imageID: '', ready: true, restartCount: sidecarRestarts },
        // a plain init container's restarts do not count
        { name: 'init', image: 'init:1', imageID: '', ready: false, restartCount: name === 'calm' ? 50 : 0 },
      ],
      containerStatuses: [{ name: 'app', image: 'app:1', imageID: '', ready: true, restartCount: appRestarts }],
    },
  };
}

describe('ReplicaSet scale-down victims: restarts (compareMaxContainerRestarts)', () => {
  it('deletes the pod whose containers restarted more, then, on a tie, the one whose sidecars did', () => {
    const pods = [pod('calm', 1, 0), pod('sidecar-flaps', 1, 4), pod('app-flaps', 2, 0)];
    expect(podsToDelete(candidates(pods), activeByNode(pods), 2, ctx).map((p) => p.metadata.name)).toEqual(['app-flaps', 'sidecar-flaps']);
  });
});

describe('ReplicaSet scale-down victims: a few out of many', () => {
  /** Pods that differ in node, phase, readiness, ready time, restarts and creation time. */
  function varied(n: number): PodObj[] {
    return Array.from({ length: n }, (_, i) => {
      const p = pod(`p-${String(i).padStart(3, '0')}`, (i * 7) % 3, 0);
      const minute = (i * 13) % 50;
      return {
        ...p,
        metadata: { ...p.metadata, creationTimestamp: `2025-01-01T00:${String(minute).padStart(2, '0')}:00Z` },
        spec: { ...p.spec!, nodeName: i % 11 === 0 ? undefined : `node-${i % 5}` },
        status: {
          ...p.status!,
          phase: i % 9 === 0 ? 'Pending' : 'Running',
          conditions: [{ type: 'Ready', status: i % 4 === 0 ? 'False' : 'True', lastTransitionTime: `2025-01-01T00:${String((minute + 5) % 60).padStart(2, '0')}:00Z` }],
        },
      };
    });
  }

  it('picks the same pods, in the same order, as ranking them all (the partial selection is exact)', () => {
    const pods = varied(200);
    const all = podsToDelete(candidates(pods), activeByNode(pods), 199, ctx).map((p) => p.metadata.name);
    for (const count of [1, 3, 10, 40]) {
      expect(podsToDelete(candidates(pods), activeByNode(pods), count, ctx).map((p) => p.metadata.name)).toEqual(all.slice(0, count));
    }
  });
});

describe('ReplicaSet scale-down victims: candidates kept between syncs', () => {
  it('reads a candidate again when its pod is a newer version, and not otherwise', () => {
    const kept: Array<{ pod: PodObj; facts?: PodFacts }> = [pod('a', 0, 0), pod('b', 0, 0), pod('c', 0, 0)].map((p) => ({ pod: p }));
    const first = podsToDelete(kept, new Map(), 1, ctx)[0]!.metadata.name;
    const readFacts = kept.map((c) => c.facts);
    expect(readFacts.every((f) => f !== undefined)).toBe(true);
    // the same versions: the facts are reused, not read again
    podsToDelete(kept, new Map(), 1, ctx);
    kept.forEach((c, i) => expect(c.facts).toBe(readFacts[i]));
    // a pod that was deleted last time turns unready (a new version): it must be read again and go first
    const other = kept.find((c) => c.pod.metadata.name !== first)!;
    other.pod = { ...other.pod, status: { ...other.pod.status, conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: CREATED }] } };
    expect(podsToDelete(kept, new Map(), 1, ctx).map((p) => p.metadata.name)).toEqual([other.pod.metadata.name]);
  });
});
