/**
 * The simulator's event recorders against a real API server and clock: core/v1 dedup (client-go
 * tools/record eventLogger: a repeat is the same Event with count+1 and a new lastTimestamp), its
 * LRU cache of 4096 entries per correlator (events_cache.go maxLruCacheEntries), and the
 * events.k8s.io series of tools/events (count 2 at once, later counts on the 30-minute refresh,
 * a series idle for 6 minutes is finished).
 */
import { describe, expect, test } from '@jest/globals';
import type { KObject } from '../../src/kube/object';
import { AGGREGATE_INTERVAL_MS, CORRELATOR_CACHE_ENTRIES, EventCorrelator } from '../../src/sim/event-correlator';
import { Simulator } from '../../src/sim/simulator';

type Ev = KObject & { count?: number; message: string; firstTimestamp?: string; lastTimestamp?: string; source: object; series?: { count: number; lastObservedTime: string } };

function setup() {
  const sim = new Simulator({ version: '1.35', seed: 1, images: {} }, []);
  const pod = (name: string) => sim.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const events = (reason?: string) => sim.api.list<Ev>('Event', 'default').filter((e) => reason === undefined || e.reason === reason);
  return { sim, pod, events, rec: sim.events };
}

describe('EventRecorder.record (core/v1, tools/record)', () => {
  test('a repeat is the same Event: count + 1, lastTimestamp now, name and firstTimestamp kept', () => {
    const { sim, pod, events, rec } = setup();
    const p = pod('web');
    rec.record(p, 'Warning', 'BackOff', 'Back-off restarting failed container', 'kubelet', 'node-1', 'spec.containers{c}');
    const first = events()[0]!;
    sim.clock.runUntil(90_000);
    rec.record(p, 'Warning', 'BackOff', 'Back-off restarting failed container', 'kubelet', 'node-1', 'spec.containers{c}');
    expect(events()).toHaveLength(1);
    expect(events()[0]).toMatchObject({
      metadata: { name: first.metadata.name },
      count: 2,
      firstTimestamp: '2025-01-01T00:00:00Z',
      lastTimestamp: '2025-01-01T00:01:30Z',
      source: { component: 'kubelet', host: 'node-1' },
      involvedObject: { kind: 'Pod', name: 'web', uid: p.metadata.uid, fieldPath: 'spec.containers{c}' },
    });
  });

  test('the dedup key is the whole event: another container, message or source is another Event', () => {
    const { pod, events, rec } = setup();
    const p = pod('web');
    rec.record(p, 'Normal', 'Pulled', 'pulled', 'kubelet', 'node-1', 'spec.containers{a}');
    rec.record(p, 'Normal', 'Pulled', 'pulled', 'kubelet', 'node-1', 'spec.containers{b}');
    rec.record(p, 'Normal', 'Pulled', 'pulled again', 'kubelet', 'node-1', 'spec.containers{a}');
    rec.record(p, 'Normal', 'Pulled', 'pulled', 'kubelet', 'node-2', 'spec.containers{a}');
    expect(events().map((e) => e.count)).toEqual([1, 1, 1, 1]);
  });

  test('an Event deleted meanwhile is created again under its name, with the count so far (recordEvent)', () => {
    const { sim, pod, events, rec } = setup();
    const p = pod('web');
    rec.record(p, 'Normal', 'Killing', 'Stopping container c', 'kubelet', 'node-1');
    const name = events()[0]!.metadata.name;
    rec.record(p, 'Normal', 'Killing', 'Stopping container c', 'kubelet', 'node-1');
    sim.api.delete('Event', 'default', name);
    rec.record(p, 'Normal', 'Killing', 'Stopping container c', 'kubelet', 'node-1');
    expect(events().map((e) => [e.metadata.name, e.count, e.firstTimestamp])).toEqual([[name, 3, '2025-01-01T00:00:00Z']]);
  });

  test('each source keeps at most 4096 events in its cache, least recently used out first', () => {
    const { pod, events, rec } = setup();
    expect(CORRELATOR_CACHE_ENTRIES).toBe(4096);
    // one object per event, so neither the aggregator nor the spam filter (per object) steps in
    const pods = Array.from({ length: CORRELATOR_CACHE_ENTRIES + 1 }, (_, i) => pod(`p${i}`));
    const other = pod('db');
    // another correlator (a kubelet's) is not affected by the controller's traffic
    rec.record(other, 'Normal', 'Started', 'Started container c', 'kubelet', 'node-1');
    const created = (i: number) => rec.record(pods[i]!, 'Normal', 'SuccessfulCreate', 'Created', 'replicaset-controller');
    for (let i = 0; i < CORRELATOR_CACHE_ENTRIES; i++) created(i);
    // the cache is full; using 0 again makes 1 the least recently used
    created(0);
    created(CORRELATOR_CACHE_ENTRIES);
    // 1 was evicted: its repeat starts a new Event, as after an LRU miss upstream
    created(1);
    rec.record(other, 'Normal', 'Started', 'Started container c', 'kubelet', 'node-1');
    const counts = (name: string) => events().filter((e) => (e.involvedObject as { name: string }).name === name).map((e) => e.count);
    expect(counts('p0')).toEqual([2]);
    expect(counts('p1')).toEqual([1, 1]);
    expect(counts('db')).toEqual([2]);
    expect(events('SuccessfulCreate')).toHaveLength(CORRELATOR_CACHE_ENTRIES + 2);
  });

  test('Events about one version of one object and field share its reference; any other field makes another', () => {
    const { pod, events, rec } = setup();
    const p = pod('web');
    rec.record(p, 'Normal', 'Pulled', 'pulled', 'kubelet', 'node-1', 'spec.containers{c}');
    rec.record(p, 'Normal', 'Started', 'started', 'kubelet', 'node-1', 'spec.containers{c}');
    rec.record(p, 'Normal', 'Killing', 'stopping', 'kubelet', 'node-1');
    // references by name only (no uid or version), as the taint manager's of a pod it read
    const named = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' } });
    rec.record(named('a'), 'Normal', 'TaintManagerEviction', 'Marking for deletion', 'taint-eviction-controller');
    rec.record(named('b'), 'Normal', 'TaintManagerEviction', 'Marking for deletion', 'taint-eviction-controller');
    const [pulled, started, killing, a, b] = events().map((e) => e.involvedObject as { name: string; fieldPath?: string });
    expect(started).toBe(pulled);
    expect(Object.isFrozen(pulled)).toBe(true);
    expect(killing).not.toBe(pulled);
    expect(killing!.fieldPath).toBeUndefined();
    expect([a!.name, b!.name]).toEqual(['a', 'b']);
  });

  test('Events of one source share one frozen source object, equal to what the API returns', () => {
    const { pod, events, rec } = setup();
    rec.record(pod('a'), 'Normal', 'Scheduled', 'x', 'kubelet', 'node-1');
    rec.record(pod('b'), 'Normal', 'Scheduled', 'y', 'kubelet', 'node-1');
    rec.record(pod('c'), 'Normal', 'SuccessfulCreate', 'z', 'replicaset-controller', '');
    const [a, b, c] = events();
    expect(a!.source).toBe(b!.source);
    expect(Object.isFrozen(a!.source)).toBe(true);
    expect(c!.source).toEqual({ component: 'replicaset-controller' });
    expect(c).toMatchObject({ reportingComponent: 'replicaset-controller', reportingInstance: '' });
  });
});

describe('EventCorrelator (tools/record events_cache.go): aggregation and the spam filter', () => {
  const created = (rec: Simulator['events'], p: KObject, i: number) => rec.record(p, 'Normal', 'SuccessfulCreate', `Created pod: web-${i}`, 'replicaset-controller');

  test('from the 10th different message about one object and reason in 10 minutes, one combined Event counts them', () => {
    const { sim, pod, events, rec } = setup();
    const p = pod('rs');
    for (let i = 0; i < 12; i++) created(rec, p, i);
    const all = events('SuccessfulCreate');
    expect(all.slice(0, 9).map((e) => [e.message, e.count])).toEqual(Array.from({ length: 9 }, (_, i) => [`Created pod: web-${i}`, 1]));
    expect(all).toHaveLength(10);
    expect(all[9]).toMatchObject({
      message: '(combined from similar events): Created pod: web-11',
      count: 3,
      reportingComponent: '',
      reportingInstance: '',
      source: { component: 'replicaset-controller' },
      involvedObject: { kind: 'Pod', name: 'rs' },
    });
    // another reason is another group; so is the same reason after 10 quiet minutes
    rec.record(p, 'Normal', 'SuccessfulDelete', 'Deleted pod: web-0', 'replicaset-controller');
    sim.clock.runUntil(AGGREGATE_INTERVAL_MS + 1);
    created(rec, p, 12);
    expect(events().slice(10).map((e) => e.message)).toEqual(['Deleted pod: web-0', 'Created pod: web-12']);
  });

  test('a source may write 25 events about an object, then one per 5 minutes; the dropped ones are still counted', () => {
    const { sim, pod, events, rec } = setup();
    const p = pod('web');
    const backOff = () => rec.record(p, 'Warning', 'BackOff', 'Back-off restarting failed container', 'kubelet', 'node-1', 'spec.containers{c}');
    for (let i = 0; i < 30; i++) backOff();
    expect(events('BackOff').map((e) => e.count)).toEqual([25]);
    // another type has a bucket of its own
    rec.record(p, 'Normal', 'Pulled', 'pulled', 'kubelet', 'node-1', 'spec.containers{c}');
    expect(events('Pulled')).toHaveLength(1);
    sim.clock.runUntil(299_000);
    backOff(); // 0.997 of a token: dropped
    expect(events('BackOff').map((e) => e.count)).toEqual([25]);
    sim.clock.runUntil(300_000);
    backOff();
    expect(events('BackOff').map((e) => [e.count, e.lastTimestamp])).toEqual([[32, '2025-01-01T00:05:00Z']]);
  });

  test('a ReplicaSet of 100 pods leaves 9 Events and a combined one counting 16, as on a real cluster', () => {
    const { pod, events, rec } = setup();
    const p = pod('rs');
    for (let i = 0; i < 100; i++) created(rec, p, i);
    const all = events('SuccessfulCreate');
    expect(all).toHaveLength(10);
    expect(all[9]).toMatchObject({ message: '(combined from similar events): Created pod: web-24', count: 16 });
  });
});

describe('EventCorrelator keys: objects named by short ids while a key names them', () => {
  const draft = (i: number, message = 'Created pod') => ({ involved: `Pod\u0000default\u0000p${i}\u0000uid-${i}\u0000v1`, fieldPath: '', type: 'Normal', reason: 'Created', message });
  const names = (() => { let n = 0; return () => `ev-${n++}`; })();

  test('an object evicted from every cache and seen again is a new Event; objects still cached keep theirs', () => {
    const c = new EventCorrelator();
    const first = c.correlate(draft(0), 0, names)!;
    for (let i = 1; i <= CORRELATOR_CACHE_ENTRIES; i++) c.correlate(draft(i), 0, names);
    const again = c.correlate(draft(0), 0, names)!;
    expect(again).toMatchObject({ count: 1 });
    expect(again.name).not.toBe(first.name);
    const kept = c.correlate(draft(CORRELATOR_CACHE_ENTRIES), 0, names)!;
    expect(kept.count).toBe(2);
    // same object, another message: another Event; the object's id is shared, not its Events
    expect(c.correlate(draft(CORRELATOR_CACHE_ENTRIES, 'Created pod again'), 0, names)!.count).toBe(1);
  });

  test('it remembers no more objects than its caches name', () => {
    const c = new EventCorrelator();
    for (let i = 0; i < 3 * CORRELATOR_CACHE_ENTRIES; i++) c.correlate(draft(i), 0, names);
    // each object has one key in each of the three caches: the last 4096 objects fill them all
    expect(c.objectsNamed()).toBe(CORRELATOR_CACHE_ENTRIES);
  });
});

describe('EventRecorder.recordSeries (events.k8s.io, tools/events)', () => {
  const scheduled = (rec: Simulator['events'], p: KObject, note = 'no nodes available') =>
    rec.recordSeries(p, 'Warning', 'FailedScheduling', 'Scheduling', note, 'default-scheduler', 'default-scheduler-kind-control-plane');

  test('the second occurrence writes series count 2; later ones wait for the 30-minute refresh', () => {
    const { sim, pod, events, rec } = setup();
    const p = pod('web');
    scheduled(rec, p);
    expect(events()[0]!.series).toBeUndefined();
    sim.clock.runUntil(1_000);
    scheduled(rec, p);
    expect(events()[0]!.series).toEqual({ count: 2, lastObservedTime: '2025-01-01T00:00:01.000000Z' });
    sim.clock.runUntil(2_000);
    scheduled(rec, p);
    expect(events()[0]!.series!.count).toBe(2);
    sim.clock.runUntil(30 * 60_000);
    expect(events()[0]!.series).toEqual({ count: 3, lastObservedTime: '2025-01-01T00:00:02.000000Z' });
  });

  test('a series idle for more than 6 minutes is finished: the next occurrence is a new Event', () => {
    const { sim, pod, events, rec } = setup();
    const p = pod('web');
    scheduled(rec, p);
    sim.clock.runUntil(6 * 60_000 + 1);
    scheduled(rec, p);
    sim.clock.runUntil(12 * 60_000 + 2);
    // forgetting finished series (finishSeries) does not change what a later occurrence does
    scheduled(rec, p);
    scheduled(rec, p);
    expect(events().map((e) => e.series?.count)).toEqual([undefined, undefined, 2]);
  });

  test('a finished series whose last counts were not written yet still gets them at the refresh', () => {
    const { sim, pod, events, rec } = setup();
    const p = pod('web');
    const q = pod('db');
    for (let i = 0; i < 3; i++) scheduled(rec, p);
    sim.clock.runUntil(7 * 60_000);
    scheduled(rec, q); // a record after the series finished, when finished series are forgotten
    sim.clock.runUntil(30 * 60_000);
    expect(events().filter((e) => e.involvedObject && (e.involvedObject as { name: string }).name === 'web').map((e) => e.series?.count)).toEqual([3]);
  });
});
