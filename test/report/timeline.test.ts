/**
 * The timeline model of the HTML report (src/report/timeline/), built from the real history and
 * result of the failing ZooKeeper story on the simulator: the node lanes say when worker-1 was
 * Unknown and when nodes were cordoned, the pod bars follow each zk pod through the outage and
 * the drains, the faults and the failed check are marked, and big runs are cut to the limits.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { isObjectChange, type HistoryEntry } from '../../src/history/entry';
import { MAX_FIELDS_PER_CHANGE, objectHistories } from '../../src/report/timeline/objects';
import { buildTimeline, LIMITS } from '../../src/report/timeline/build';
import { toIntervals } from '../../src/report/timeline/intervals';
import type { PodBar, ScenarioTimeline, StepMark } from '../../src/report/timeline/model';
import type { ScenarioResult } from '../../src/runner/result';
import { zkStoryRun } from './zk-story-run';

let history: HistoryEntry[];
let result: ScenarioResult;
let timeline: ScenarioTimeline;

beforeAll(async () => {
  ({ history, result } = await zkStoryRun());
  timeline = buildTimeline(history, result);
}, 60_000);

const step = (title: string): StepMark => {
  const found = timeline.steps.find((s) => s.title === title);
  if (!found) throw new Error(`no step ${title}`);
  return found;
};
const zkBars = (name: string): PodBar[] => timeline.pods.filter((p) => p.name === name);

describe('the timeline of the ZooKeeper story', () => {
  test('one lane per node, in the order they appeared', () => {
    expect(timeline.nodes.map((n) => n.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    expect(timeline.clock).toBe('virtual');
    expect(timeline.endMs).toBe(result.virtualMs);
  });

  test('worker-1 goes Unknown after the kill (node-monitor-grace-period later) and Ready again after the boot', () => {
    const kill = step('kill worker-1');
    const boot = step('boot worker-1');
    const unknown = timeline.nodes.find((n) => n.name === 'worker-1')!.states.filter((s) => s.state.ready === 'Unknown');
    expect(unknown.length).toBeGreaterThan(0);
    // the node lifecycle controller waits nodeMonitorGracePeriod (50 s by default since 1.32:
    // pkg/controller/nodelifecycle/config/v1alpha1/defaults.go) before it marks the node Unknown
    expect(unknown[0]!.from).toBeGreaterThanOrEqual(kill.startMs + 50_000);
    expect(unknown[0]!.from).toBeLessThanOrEqual(step("worker-1's zk pod stops serving").endMs);
    expect(unknown.at(-1)!.to).toBeGreaterThan(boot.startMs);
    expect(unknown.some((s) => s.state.taints.includes('node.kubernetes.io/unreachable:NoExecute'))).toBe(true);
  });

  test('a drain cordons its node from the drain step until the uncordon', () => {
    const cordoned = timeline.nodes.find((n) => n.name === 'worker-2')!.states.filter((s) => s.state.cordoned);
    expect(cordoned).toHaveLength(1);
    expect(cordoned[0]!.from).toBe(step('drain worker-2').startMs);
    expect(cordoned[0]!.to).toBe(step('uncordon worker-2').startMs);
  });

  test("the zk pod on worker-1 stays Running but not Ready through the outage, on the same node", () => {
    const onWorker1 = timeline.pods.filter((p) => p.node === 'worker-1' && /^zk-\d$/.test(p.name))[0]!;
    const kill = step('kill worker-1');
    const outage = onWorker1.states.filter((s) => s.from >= kill.startMs && s.state.phase === 'Running' && !s.state.ready);
    expect(outage.length).toBeGreaterThan(0);
    expect(outage[0]!.to).toBeLessThanOrEqual(step('the pod rejoins').endMs);
  });

  test('the drained pod: Terminating on worker-2, then a new pod (new uid) Pending unscheduled, then on worker-2 again', () => {
    const drain = step('drain worker-2');
    const evicted = timeline.pods.find((p) => p.node === 'worker-2' && /^zk-\d$/.test(p.name) && p.states.some((s) => s.state.terminating))!;
    const terminating = evicted.states.find((s) => s.state.terminating)!;
    expect(terminating.from).toBe(drain.startMs);
    expect(evicted.deletedAt).toBeDefined();
    const again = zkBars(evicted.name).filter((p) => p.uid !== evicted.uid);
    expect(again.map((p) => p.node)).toEqual([undefined, 'worker-2']);
    expect(again[0]!.states[0]!.state.phase).toBe('Pending');
    expect(again[0]!.states[0]!.from).toBe(evicted.deletedAt);
    expect(again[1]!.states.at(-1)!.state).toEqual({ phase: 'Running', ready: true, terminating: false });
  });

  test("every bar's intervals follow each other without gaps", () => {
    for (const bar of timeline.pods) {
      for (let i = 1; i < bar.states.length; i++) expect(bar.states[i]!.from).toBe(bar.states[i - 1]!.to);
    }
  });

  test('faults and checks are marked; the failed check carries the console diff', () => {
    expect(timeline.steps.filter((s) => s.fault).map((s) => s.verb)).toEqual(['untaint', 'killNode', 'restartNode', 'drain', 'drain', 'uncordon', 'drain', 'uncordon']);
    const failed = timeline.steps.filter((s) => s.status === 'failed');
    expect(failed.map((s) => s.title)).toEqual(['zk-1 ends on worker-2']);
    expect(failed[0]!.check).toBe(true);
    expect(failed[0]!.failures[0]!.mismatches).toEqual(['Pod zk-1: spec.nodeName: expected worker-2, observed worker-1']);
    expect(failed[0]!.failures[0]!.diff).toContain('-    nodeName: worker-2\n+    nodeName: worker-1');
    expect(failed[0]!.location).toMatch(/zk-story-fails\.yaml:\d+:7$/);
  });

  test('events: one row per Event, its text as written', () => {
    const hostile = timeline.events.filter((e) => e.reason === 'Hostile');
    expect(hostile).toEqual([expect.objectContaining({ type: 'Warning', object: 'Pod/zk-1', message: '</script><img src=x onerror="window.__pwned=2"><script>window.__pwned=3</script>' })]);
    expect(timeline.events.some((e) => e.reason === 'FailedScheduling' && e.object === 'Pod/zk-2')).toBe(true);
    expect(timeline.events.map((e) => e.t)).toEqual([...timeline.events.map((e) => e.t)].sort((a, b) => a - b));
  });

  test('the object history lists changed fields by list item key, without heartbeats', () => {
    const zk1 = timeline.objects.find((o) => o.kind === 'Pod' && o.name === 'zk-1')!;
    const fields = zk1.changes.flatMap((c) => c.fields);
    expect(fields).toContain('status.conditions[Ready].status: "True" → "False"');
    expect(fields.some((f) => f.startsWith('spec.nodeName: (none) → "worker-1"'))).toBe(true);
    expect(zk1.changes.map((c) => c.type)).toContain('DELETED');
    expect(timeline.objects.some((o) => o.kind === 'Event')).toBe(false);
    const node = timeline.objects.find((o) => o.kind === 'Node' && o.name === 'worker-1')!;
    expect(node.changes.flatMap((c) => c.fields).some((f) => f.includes('lastHeartbeatTime'))).toBe(false);
  });

  test('the same history gives the same timeline', () => {
    expect(buildTimeline(history, result)).toEqual(timeline);
  });

  test('the default limits keep the whole story', () => {
    expect(timeline.omitted).toEqual({ pods: 0, events: 0, objects: 0 });
    expect(timeline.pods.length).toBeLessThan(LIMITS.podBars);
  });

  test('beyond the limits pods, events and objects are cut and counted', () => {
    const small = buildTimeline(history, result, { podBars: 5, events: 7, objects: 3 });
    expect(small.pods).toEqual(timeline.pods.slice(0, 5));
    expect(small.omitted).toEqual({ pods: timeline.pods.length - 5, events: timeline.events.length - 7, objects: timeline.objects.length - 3 });
  });

  test("past the page's budget of field lines, modifications are counted instead of listed", () => {
    const changes = history.filter(isObjectChange);
    const full = objectHistories(changes);
    const cut = objectHistories(changes, 100);
    const lines = (hs: typeof full) => hs.flatMap((h) => h.changes.flatMap((c) => c.fields)).length;
    expect(lines(full)).toBeGreaterThan(1000);
    expect(lines(cut)).toBeLessThanOrEqual(100 + MAX_FIELDS_PER_CHANGE + 1);
    const count = (hs: typeof full) => hs.reduce((n, h) => n + h.changes.length + h.omittedChanges, 0);
    expect(count(cut)).toBe(count(full));
    // every object is still listed, with its additions and deletions
    expect(cut.map((h) => `${h.kind}/${h.name}`)).toEqual(full.map((h) => `${h.kind}/${h.name}`));
    expect(cut.flatMap((h) => h.changes.filter((c) => c.type !== 'MODIFIED'))).toEqual(full.flatMap((h) => h.changes.filter((c) => c.type !== 'MODIFIED')));
  });

  test('without the result: steps from the history markers, no verdicts, the clock unknown', () => {
    const bare = buildTimeline(history, { name: 'zk-story-fails', file: 'zk-story-fails.history.jsonl' });
    expect(bare.hasResult).toBe(false);
    expect(bare.clock).toBe('backend');
    expect(bare.steps.map((s) => s.title)).toContain('kill worker-1');
    expect(bare.steps.find((s) => s.title === 'kill worker-1')!.startMs).toBe(step('kill worker-1').startMs);
    expect(bare.nodes).toEqual(timeline.nodes);
  });
});

describe('toIntervals', () => {
  test('runs of equal states become one interval each; the last lasts until the end', () => {
    expect(toIntervals([{ t: 0, state: 'a' }, { t: 5, state: 'a' }, { t: 8, state: 'b' }, { t: 9, state: 'a' }], 20)).toEqual([
      { from: 0, to: 8, state: 'a' }, { from: 8, to: 9, state: 'b' }, { from: 9, to: 20, state: 'a' },
    ]);
  });

  test('a state replaced at the instant it began is dropped', () => {
    expect(toIntervals([{ t: 0, state: 'a' }, { t: 3, state: 'b' }, { t: 3, state: 'c' }], 10)).toEqual([
      { from: 0, to: 3, state: 'a' }, { from: 3, to: 10, state: 'c' },
    ]);
  });
});
