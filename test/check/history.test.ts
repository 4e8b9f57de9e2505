import { describe, expect, test } from '@jest/globals';
import { checkHistory } from '../../src/check/history';
import { InputError } from '../../src/errors';
import type { KObject } from '../../src/kube/object';
import { HistoryBuilder, pod, pv, pvc, tag } from './fixtures';

/** Pod web-<i> going Pending -> Scheduled -> Running -> Ready starting at t. */
function startPod(h: HistoryBuilder, name: string, t: number, labels = { app: 'nginx' }): void {
  h.put(t, pod(name, { labels }));
  h.put(t + 100, { ...pod(name, { labels, node: 'worker-1' }), status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] } });
  h.put(t + 2000, pod(name, { labels, node: 'worker-1', ready: 'False' }));
  h.put(t + 3000, pod(name, { labels, node: 'worker-1', ready: 'True' }));
}

describe('order', () => {
  test('OrderedReady scale-up: each pod is created after the previous one is Ready', () => {
    const h = new HistoryBuilder();
    startPod(h, 'web-0', 0);
    startPod(h, 'web-1', 3000);
    startPod(h, 'web-2', 6000);
    const order = [
      { pod: 'web-0', becomes: 'Created' as const },
      { pod: 'web-0', becomes: 'Scheduled' as const },
      { pod: 'web-0', becomes: 'Running' as const },
      { pod: 'web-0', becomes: 'Ready' as const },
      { pod: 'web-1', becomes: 'Created' as const },
      { pod: 'web-1', becomes: 'Ready' as const },
      { pod: 'web-2', becomes: 'Created' as const },
    ];
    expect(checkHistory({ order }, h.entries, h.whole)).toEqual({ ok: true, failures: [] });
  });

  test('a wrong order names the item and the times seen', () => {
    const h = new HistoryBuilder();
    h.put(0, pod('web-0'));
    h.put(500, pod('web-1')); // Parallel: created before web-0 is Ready
    h.put(3000, pod('web-0', { node: 'worker-1', ready: 'True' }));
    const out = checkHistory({ order: [{ pod: 'web-0', becomes: 'Ready' }, { pod: 'web-1', becomes: 'Created' }] }, h.entries, h.whole);
    expect(out.ok).toBe(false);
    expect(out.failures).toEqual([
      {
        section: 'order',
        index: 1,
        message: 'pod/web-1 becomes Created happened at 500ms, before pod/web-0 becomes Ready at 3s',
        t: 500,
        entry: 1,
        objects: ['pod/web-1'],
        details: ['1. pod/web-0 becomes Ready: 3s', '2. pod/web-1 becomes Created: 500ms'],
      },
    ]);
  });

  test('a missing occurrence is a failure; events outside the window do not count', () => {
    const h = new HistoryBuilder();
    startPod(h, 'web-0', 0);
    h.step(4000, 'STEP_START', 'scale-up');
    startPod(h, 'web-1', 4000);
    h.step(9000, 'STEP_END', 'scale-up');
    startPod(h, 'web-2', 10000);
    const window = { from: h.indexOf('STEP_START', 'scale-up'), to: h.indexOf('STEP_END', 'scale-up') + 1 };
    const out = checkHistory(
      { order: [{ pod: 'web-0', becomes: 'Ready' }, { pod: 'web-1', becomes: 'Ready' }, { pod: 'web-2', becomes: 'Created' }] },
      h.entries,
      window,
    );
    expect(out.failures.map((f) => [f.index, f.message])).toEqual([
      [0, 'pod/web-0 becomes Ready: did not happen in the window'],
      [2, 'pod/web-2 becomes Created: did not happen in the window'],
    ]);
    expect(out.failures[0]!.details).toEqual(['1. pod/web-0 becomes Ready: not seen', '2. pod/web-1 becomes Ready: 7s', '3. pod/web-2 becomes Created: not seen']);
  });

  test('first occurrence: a pod re-created later does not move an earlier item', () => {
    const h = new HistoryBuilder();
    const p = pod('web-0', { node: 'w', ready: 'True' });
    h.put(0, p);
    h.put(1000, pod('web-1'));
    h.remove(2000, p);
    h.put(3000, pod('web-0'));
    expect(checkHistory({ order: [{ pod: 'web-0', becomes: 'Created' }, { pod: 'web-1', becomes: 'Created' }] }, h.entries, h.whole).ok).toBe(true);
    expect(checkHistory({ order: [{ pod: 'web-1', becomes: 'Created' }, { pod: 'web-0', becomes: 'Deleted' }] }, h.entries, h.whole).ok).toBe(true);
  });

  test('NotReady is losing readiness, not starting unready; Terminating and Deleted follow', () => {
    const h = new HistoryBuilder();
    h.put(0, pod('web-0', { node: 'w', ready: 'False' }));
    h.put(1000, pod('web-0', { node: 'w', ready: 'True' }));
    h.put(5000, pod('web-0', { node: 'w', ready: 'False' })); // readiness probe fails
    h.put(6000, pod('web-0', { node: 'w', ready: 'False', deleting: true }));
    h.remove(8000, pod('web-0', { node: 'w', ready: 'False', deleting: true }));
    const order = [
      { pod: 'web-0', becomes: 'Ready' as const },
      { pod: 'web-0', becomes: 'NotReady' as const },
      { pod: 'web-0', becomes: 'Terminating' as const },
      { pod: 'web-0', becomes: 'Deleted' as const },
    ];
    const out = checkHistory({ order }, h.entries, h.whole);
    expect(out.ok).toBe(true);
    const reversed = checkHistory({ order: [order[1]!, order[0]!] }, h.entries, h.whole);
    expect(reversed.failures[0]!.message).toBe('pod/web-0 becomes Ready happened at 1s, before pod/web-0 becomes NotReady at 5s');
  });

  test('PVC Bound, PV Available/Released, Job Succeeded, Deployment Available', () => {
    const h = new HistoryBuilder();
    h.put(0, pv('pv-1', 'Available'));
    h.put(100, pvc('data', 'Pending'));
    h.put(200, pvc('data', 'Bound'));
    h.put(300, pv('pv-1', 'Bound'));
    const job: KObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default' }, status: { active: 1 } };
    h.put(400, job);
    h.put(900, { ...job, status: { succeeded: 1, conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] } });
    const deploy: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, status: {} };
    h.put(1000, deploy);
    h.put(1500, { ...deploy, status: { conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] } });
    h.remove(2000, pvc('data', 'Bound'));
    h.put(2100, pv('pv-1', 'Released'));
    const order = [
      { target: 'persistentvolume/pv-1', becomes: 'Available' as const },
      { target: 'pvc/data', becomes: 'Bound' as const },
      { kind: 'PersistentVolume', name: 'pv-1', becomes: 'Bound' as const },
      { target: 'job/pi', becomes: 'Succeeded' as const },
      { target: 'deployment/web', becomes: 'Available' as const },
      { target: 'pvc/data', becomes: 'Deleted' as const },
      { target: 'pv/pv-1', becomes: 'Released' as const },
    ];
    expect(checkHistory({ order }, h.entries, h.whole)).toEqual({ ok: true, failures: [] });
    expect(checkHistory({ order: [{ target: 'job/pi', becomes: 'Failed' }] }, h.entries, h.whole).ok).toBe(false);
  });

  test('match: the object starts to match; with becomes, the change happens while it matches', () => {
    const h = new HistoryBuilder();
    h.put(0, pod('web-2', { node: 'w', ready: 'True' }));
    h.remove(1000, pod('web-2', { node: 'w', ready: 'True' }));
    h.put(1100, pod('web-2', { image: 'nginx:1.17' }));
    h.put(4000, pod('web-2', { image: 'nginx:1.17', node: 'w', ready: 'True' }));
    h.put(4500, pod('web-1', { node: 'w', ready: 'False' }));
    const newImage = { spec: { containers: [{ name: 'nginx', image: 'nginx:1.17' }] } };
    const order = [
      { pod: 'web-2', match: newImage },
      { pod: 'web-2', becomes: 'Ready' as const, match: newImage },
      { pod: 'web-1', match: { status: { phase: 'Running' } } },
    ];
    const out = checkHistory({ order }, h.entries, h.whole);
    expect(out.ok).toBe(true);
    // without the match, web-2's first Ready is the old pod at 0s
    const plain = checkHistory({ order: [{ pod: 'web-2', match: newImage }, { pod: 'web-2', becomes: 'Ready' }] }, h.entries, h.whole);
    expect(plain.failures[0]!.message).toMatch(/^pod\/web-2 becomes Ready happened at 0ms, before pod\/web-2 matches/);
  });

  test('objects in another namespace are not the item', () => {
    const h = new HistoryBuilder();
    h.put(0, pod('web-0', { namespace: 'other' }));
    expect(checkHistory({ order: [{ pod: 'web-0', becomes: 'Created' }] }, h.entries, h.whole).ok).toBe(false);
    expect(checkHistory({ order: [{ pod: 'web-0', namespace: 'other', becomes: 'Created' }] }, h.entries, h.whole).ok).toBe(true);
  });

  test('an item that names no object, or no change, is an input error', () => {
    expect(() => checkHistory({ order: [{ becomes: 'Ready' }] }, [], { from: 0, to: 0 })).toThrow(InputError);
    expect(() => checkHistory({ order: [{ pod: 'x' }] }, [], { from: 0, to: 0 })).toThrow(InputError);
  });
});

/** Three zk pods, all Ready at 10s; then a drain evicts them one by one (or two at once). */
function zkDrain(overlapping: boolean): HistoryBuilder {
  const h = new HistoryBuilder();
  const labels = { app: 'zk' };
  for (const [i, name] of ['zk-0', 'zk-1', 'zk-2'].entries()) h.put(i * 100, pod(name, { labels, node: `worker-${i}`, ready: 'True' }));
  h.step(10_000, 'STEP_START', 'drain');
  const evict = (name: string, t: number) => {
    h.put(t, pod(name, { labels, node: 'w', ready: 'True', deleting: true }));
    h.remove(t + 1000, pod(name, { labels, node: 'w', ready: 'False', deleting: true }));
    h.put(t + 1100, pod(name, { labels }));
    h.put(t + 5000, pod(name, { labels, node: 'worker-9', ready: 'True' }));
  };
  evict('zk-0', 20_000);
  evict('zk-1', overlapping ? 22_000 : 30_000);
  h.step(60_000, 'STEP_END', 'drain');
  return h.sortByTime();
}

describe('never / always', () => {
  const readyCountBelow2 = { kind: 'Pod', selector: { app: 'zk' }, readyCountBelow: 2 };

  const drainWindow = (h: HistoryBuilder) => ({ from: h.indexOf('STEP_START', 'drain'), to: h.entries.length });

  test('never readyCountBelow holds while evictions wait for the previous pod', () => {
    const h = zkDrain(false);
    expect(checkHistory({ never: [readyCountBelow2] }, h.entries, drainWindow(h)).ok).toBe(true);
    // over the whole history it holds as the window opens: no zk pod exists yet
    const whole = checkHistory({ never: [readyCountBelow2] }, h.entries, h.whole);
    expect(whole.failures[0]!.message).toBe('Pods selected by app=zk: readyCountBelow 2 held at 0ms (as the window opened): count 0, readyCount 0');
  });

  test('never fails at the first state where it holds, with the time and the objects', () => {
    const h = zkDrain(true);
    const out = checkHistory({ never: [readyCountBelow2] }, h.entries, drainWindow(h));
    expect(out.failures).toEqual([
      {
        section: 'never',
        index: 0,
        t: 22_000,
        entry: h.entries.findIndex((e) => e.t === 22_000),
        message: 'Pods selected by app=zk: readyCountBelow 2 held at 22s, after Pod zk-1 was MODIFIED: count 3, readyCount 1',
        objects: ['Pod zk-0 (not ready)', 'Pod zk-1 (terminating)', 'Pod zk-2 (ready)'],
        details: [],
      },
    ]);
  });

  test('always with a count matcher on the matching objects', () => {
    const h = zkDrain(false);
    const running = { kind: 'Pod', selector: 'app=zk', match: { ready: true }, count: tag('gte', 2) };
    expect(checkHistory({ always: [running] }, h.entries, { from: h.indexOf('STEP_START', 'drain'), to: h.entries.length }).ok).toBe(true);
    // over the whole history it fails as the window opens: nothing exists yet
    const whole = checkHistory({ always: [running] }, h.entries, h.whole);
    expect(whole.failures[0]).toMatchObject({ section: 'always', t: 0, entry: undefined });
    expect(whole.failures[0]!.message).toMatch(/as the window opened/);
    // ...and with the first state counted from the first change it fails at 100ms (one ready pod)
    const fromFirst = checkHistory({ always: [running] }, h.entries, { from: 1, to: h.entries.length });
    expect(fromFirst.failures[0]!.t).toBe(100);
  });

  test('always: a PV stays Bound, and fails when it is Released', () => {
    const h = new HistoryBuilder();
    h.put(0, pv('pv-1', 'Bound'));
    h.step(1000, 'STEP_START', 'delete-sts');
    h.put(2000, pv('pv-1', 'Bound'));
    h.step(3000, 'STEP_END', 'delete-sts');
    h.put(4000, pv('pv-1', 'Released'));
    const always = [{ kind: 'PersistentVolume', name: 'pv-1', match: { status: { phase: 'Bound' } } }];
    const window = { from: h.indexOf('STEP_START', 'delete-sts'), to: h.indexOf('STEP_END', 'delete-sts') + 1 };
    expect(checkHistory({ always }, h.entries, window).ok).toBe(true);
    const out = checkHistory({ always }, h.entries, { from: window.from, to: h.entries.length });
    expect(out.failures).toEqual([
      {
        section: 'always',
        index: 0,
        t: 4000,
        entry: 4,
        message: 'PersistentVolume pv-1: did not match at 4s, after PersistentVolume pv-1 was MODIFIED',
        objects: ['PersistentVolume pv-1'],
        details: ['PersistentVolume pv-1: status.phase: expected Bound, observed Released'],
      },
    ]);
  });

  test('always with match fails when the object is gone', () => {
    const h = new HistoryBuilder();
    h.put(0, pvc('datadir-zk-0', 'Bound'));
    h.remove(5000, pvc('datadir-zk-0', 'Bound'));
    const out = checkHistory({ always: [{ kind: 'PersistentVolumeClaim', name: 'datadir-zk-0', match: { phase: 'Bound' } }] }, h.entries, { from: 1, to: 2 });
    expect(out.failures[0]!.message).toBe('PersistentVolumeClaim datadir-zk-0: none exists at 5s, after PersistentVolumeClaim datadir-zk-0 was DELETED');
  });

  test('never with match: no selected object ever matches', () => {
    const h = zkDrain(false);
    const never = [{ kind: 'Pod', selector: { app: 'zk' }, match: { spec: { nodeName: 'worker-9' } } }];
    const out = checkHistory({ never }, h.entries, h.whole);
    expect(out.failures[0]).toMatchObject({ t: 25_000, objects: ['Pod zk-0'] });
    expect(out.failures[0]!.message).toBe('Pods selected by app=zk: matched {spec: {nodeName: worker-9}} at 25s, after Pod zk-0 was MODIFIED');
  });

  test('existence: never / always without match or counts', () => {
    const h = new HistoryBuilder();
    h.put(0, pvc('www-web-0', 'Bound'));
    h.put(1000, pvc('www-web-3', 'Pending'));
    expect(checkHistory({ never: [{ kind: 'pvc', name: 'www-web-3' }] }, h.entries, h.whole).failures[0]!.message).toBe(
      'pvc www-web-3: exists at 1s, after PersistentVolumeClaim www-web-3 was ADDED',
    );
    expect(checkHistory({ always: [{ kind: 'PersistentVolumeClaim', name: 'www-web-0' }] }, h.entries, { from: 1, to: 2 }).ok).toBe(true);
  });

  test('state before the window counts: readyCount at the window start includes older pods', () => {
    const h = zkDrain(false);
    const from = h.indexOf('STEP_START', 'drain');
    expect(checkHistory({ always: [{ kind: 'Pod', selector: { app: 'zk' }, readyCount: 3 }] }, h.entries, { from, to: from + 1 }).ok).toBe(true);
    expect(checkHistory({ always: [{ kind: 'Pod', selector: { app: 'zk' }, readyCount: 3 }] }, h.entries, { from, to: from + 2 }).failures[0]!.t).toBe(20_000);
  });

  test('an empty window checks the state at its position', () => {
    const h = zkDrain(false);
    const at = h.indexOf('STEP_END', 'drain');
    expect(checkHistory({ always: [{ kind: 'Pod', selector: { app: 'zk' }, count: 3, readyCount: 3 }] }, h.entries, { from: at, to: at }).ok).toBe(true);
    expect(checkHistory({ never: [{ kind: 'Pod', selector: { app: 'zk' }, count: 3 }] }, h.entries, { from: at, to: at }).ok).toBe(false);
  });

  test('cost is linear in the number of entries', () => {
    const h = new HistoryBuilder();
    const n = 2000;
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < n; i++) h.put(round * 10_000 + i, pod(`p-${i}`, { labels: { app: 'big' }, node: 'w', ready: round % 2 ? 'True' : 'False' }));
    }
    const spec = {
      never: [{ kind: 'Pod', selector: { app: 'big' }, match: { phase: 'Failed' } }],
      always: [{ kind: 'Pod', selector: 'app=big', count: tag('lte', n), readyCount: tag('lte', n) }],
      order: [{ pod: 'p-0', becomes: 'Created' as const }, { pod: `p-${n - 1}`, becomes: 'Ready' as const }],
    };
    const started = process.hrtime.bigint();
    const out = checkHistory(spec, h.entries, h.whole);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(out.ok).toBe(true);
    expect(ms).toBeLessThan(3000); // a re-scan of all pods per entry would be 2000x more work
  });
});
