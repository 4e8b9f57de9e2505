import { describe, expect, it } from '@jest/globals';
import { clone, type KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { bench, requests, type Bench } from './harness';

/** One 1-cpu node filled by `hog`; `p` (600m) cannot fit. */
function fullNode(version: KubeVersion): Bench {
  const b = bench({ version });
  b.node('w1', { cpu: '1' });
  b.pod('hog', requests('600m'));
  b.at(0);
  b.pod('p', requests('600m'));
  b.at(0);
  return b;
}

function failures(b: Bench, pod: string): number {
  return b.events(pod).find((e) => e.reason === 'FailedScheduling')?.count ?? 0;
}

describe('Scheduling queue: retries', () => {
  it('retries when a pod that held resources is deleted: after the 1s backoff up to 1.32', () => {
    const b = fullNode('1.32');
    b.at(400);
    b.api.delete('Pod', 'default', 'hog', { gracePeriodSeconds: 0 });
    b.at(999);
    expect(b.nodeOf('p')).toBeUndefined();
    b.at(1000);
    expect(b.nodeOf('p')).toBe('w1');
  });

  it('retries at once from 1.33 (SchedulerPopFromBackoffQ: an idle scheduler takes backoffQ pods)', () => {
    const b = fullNode('1.33');
    b.at(400);
    b.api.delete('Pod', 'default', 'hog', { gracePeriodSeconds: 0 });
    b.at(400);
    expect(b.nodeOf('p')).toBe('w1');
  });

  it('an event no rejecting plugin cares about does not retry; the 5-minute flush (30s ticker) does, and FailedScheduling aggregates', () => {
    const b = fullNode('1.35');
    expect(failures(b, 'p')).toBe(1);
    const node = clone(b.api.get<KObject>('Node', undefined, 'w1')!);
    node.metadata.labels = { ...node.metadata.labels, unrelated: 'x' };
    b.api.update(node);
    b.at(300_000);
    expect(failures(b, 'p')).toBe(1);
    b.at(329_999);
    expect(failures(b, 'p')).toBe(1);
    b.at(330_000);
    expect(failures(b, 'p')).toBe(2);
    // events.k8s.io series: the second occurrence is written at once, later ones are counted in
    // the recorder and written by its 30-minute refresh.
    b.at(660_000);
    expect(failures(b, 'p')).toBe(2);
    const ev = () => b.api.list<KObject>('Event').find((e) => (e.involvedObject as { name: string }).name === 'p')!;
    expect(ev()).toMatchObject({ eventTime: '2025-01-01T00:00:00.000000Z', action: 'Scheduling', series: { count: 2, lastObservedTime: '2025-01-01T00:05:30.000000Z' } });
    expect(ev().firstTimestamp).toBeUndefined();
    b.at(1_799_999);
    expect(failures(b, 'p')).toBe(2);
    b.at(1_800_000);
    // the refresh ticker (every 30 min since start) writes what it counted: attempts at 0, 330,
    // 660, 990, 1320 and 1650 s
    expect(failures(b, 'p')).toBe(6);
  });

  it('a node that can take the pod is an event NodeResourcesFit cares about', () => {
    const b = fullNode('1.34');
    b.at(20_000);
    b.node('w2', { cpu: '1' });
    b.at(20_000);
    expect(b.nodeOf('p')).toBe('w2');
  });

  it('higher priority goes first among pods queued at the same instant', () => {
    const b = bench();
    b.node('w1', { cpu: '1' });
    b.pod('low', requests('600m'));
    b.pod('high', { ...requests('600m'), priority: 1000 });
    b.at(0);
    expect(b.nodeOf('high')).toBe('w1');
    expect(b.nodeOf('low')).toBeUndefined();
  });

  it('a gated pod waits without events until its schedulingGates are removed', () => {
    const b = bench();
    b.node('w1');
    b.pod('gated', { schedulingGates: [{ name: 'example.com/wait' }] });
    b.at(10_000);
    expect(b.nodeOf('gated')).toBeUndefined();
    expect(b.events('gated')).toEqual([]);
    const p = clone(b.get('gated')) as any;
    p.spec.schedulingGates = [];
    b.api.update(p);
    b.at(10_000);
    expect(b.nodeOf('gated')).toBe('w1');
  });
});

describe('the cache follows a resize in place', () => {
  it('a pod resized down frees its node once the kubelet reports the new resources (status only, spec unchanged)', () => {
    const b = bench({ version: '1.35' });
    b.node('w1', { cpu: '2' });
    b.pod('resized', requests('1500m'));
    b.at(0);
    // as the kubelet reports a running container: what it was given and runs with
    const report = (cpu: string) => {
      const p = clone(b.get('resized')) as any;
      const resources = { requests: { cpu, memory: '64Mi' } };
      b.api.updateStatus({ ...p, status: { ...p.status, phase: 'Running', containerStatuses: [{ name: 'c', image: 'nginx:1.25', imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2025-01-01T00:00:01Z' } }, allocatedResources: resources.requests, resources }] } });
    };
    report('1500m');
    const p = clone(b.get('resized')) as any;
    p.spec.containers[0].resources.requests.cpu = '500m';
    b.api.update(p, 'resize');
    b.at(1000);
    // the resize is not actuated yet: the pod still counts with the larger of spec and status
    b.pod('newcomer', requests('1200m'));
    b.at(2000);
    expect(b.nodeOf('newcomer')).toBeUndefined();
    report('500m');
    b.at(20_000);
    expect(b.nodeOf('newcomer')).toBe('w1');
  });
});

describe('DefaultPreemption', () => {
  it('evicts a lower-priority pod to make room and nominates the node; the preemptor lands once the victim is gone', () => {
    const b = bench();
    b.node('w1', { cpu: '2' });
    b.pod('low', requests('1500m'));
    b.at(0);
    b.pod('high', { ...requests('1'), priority: 1000 });
    b.at(0);
    const victim = b.get('low');
    expect(victim.metadata?.deletionTimestamp).toBeDefined();
    expect(b.condition('low', 'DisruptionTarget')).toMatchObject({
      status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod',
    });
    expect(b.events('low').map((e) => [e.reason, e.message])).toContainEqual(['Preempted', `Preempted by pod ${b.get('high').metadata!.uid} on node w1`]);
    expect(b.get('high').status?.nominatedNodeName).toBe('w1');
    expect(b.condition('high')?.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    // the kubelet would finish the graceful deletion
    b.at(5000);
    b.api.delete('Pod', 'default', 'low', { gracePeriodSeconds: 0 });
    b.at(5000);
    expect(b.nodeOf('high')).toBe('w1');
  });

  /**
   * Two pods of equal priority filling a 2-cpu node, `first` created before `second`; `started`
   * gives some of them a startTime (the kubelet, not running here, writes it). Then a pod of
   * priority 1000 needing one pod's room arrives: which of the two does preemption delete?
   */
  function victimOf(started: Record<string, string>): string[] {
    const b = bench();
    b.node('w1', { cpu: '2' });
    b.pod('first', requests('900m'));
    b.pod('second', requests('900m'));
    b.at(0);
    for (const [name, at] of Object.entries(started)) {
      const p = clone(b.get(name)) as any;
      b.api.updateStatus({ ...p, status: { ...p.status, phase: 'Running', startTime: at } });
    }
    b.at(30_000);
    b.pod('high', { ...requests('1'), priority: 1000 });
    b.at(30_000);
    return ['first', 'second'].filter((name) => b.get(name).metadata?.deletionTimestamp !== undefined);
  }

  it('of two victims the scheduler spares the one that started first (status.startTime of the newest version, as its cache holds)', () => {
    // MoreImportantPod: equal priority, so the earlier start is kept; one victim is enough
    expect(victimOf({ second: '2025-01-01T00:00:10Z', first: '2025-01-01T00:00:20Z' })).toEqual(['first']);
    expect(victimOf({ first: '2025-01-01T00:00:10Z', second: '2025-01-01T00:00:20Z' })).toEqual(['second']);
  });

  it('a victim that has not started counts as started now (GetPodStartTime), after every started pod', () => {
    expect(victimOf({ second: '2025-01-01T00:00:05Z' })).toEqual(['first']);
  });

  it('from 1.37 the message names the node preemption found and the victim count (kubernetes#140180); 1.37 drops "no new claims to deallocate"', () => {
    const messageOf = (version: KubeVersion, preemptionPolicy: string) => {
      const b = bench({ version });
      b.node('w1', { cpu: '2' });
      b.pod('low', requests('1500m'));
      b.at(0);
      b.pod('high', { ...requests('1'), priority: 1000, preemptionPolicy });
      b.at(0);
      return b.condition('high')?.message;
    };
    const messages = (['1.36', '1.37'] as const).map((v) => [messageOf(v, 'Never'), messageOf(v, 'PreemptLowerPriority')]);
    expect(messages).toEqual([
      ['0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never.',
        '0/1 nodes are available: 1 Insufficient cpu.'],
      ['0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
        '0/1 nodes are available: 1 Insufficient cpu. preemption: found a potential placement for pod on node w1, preempting 1 victims'],
    ]);
  });

  it('a pod with a nominated node takes it when it fits, without comparing scores (evaluateNominatedNode)', () => {
    const b = bench();
    b.node('w1', { cpu: '2' });
    b.node('w2', { cpu: '64', taints: [{ key: 'maintenance', effect: 'NoSchedule' }] });
    b.pod('low', { ...requests('1500m'), nodeSelector: { 'kubernetes.io/hostname': 'w1' } });
    b.at(0);
    b.pod('high', { ...requests('1'), priority: 1000 });
    b.at(0);
    expect(b.get('high').status?.nominatedNodeName).toBe('w1');
    b.api.delete('Pod', 'default', 'low', { gracePeriodSeconds: 0 });
    const w2 = clone(b.api.get<KObject>('Node', undefined, 'w2')!) as any;
    delete w2.spec.taints;
    b.api.update(w2); // an empty, much larger node would score higher
    b.at(1000);
    expect(b.nodeOf('high')).toBe('w1');
  });

  it('preemptionPolicy Never: the message says the pod may not preempt', () => {
    const b = bench({ version: '1.30' });
    b.node('w1', { cpu: '2' });
    b.pod('low', requests('1500m'));
    b.at(0);
    b.pod('high', { ...requests('1'), priority: 1000, preemptionPolicy: 'Never' });
    b.at(0);
    expect(b.get('low').metadata?.deletionTimestamp).toBeUndefined();
    expect(b.condition('high')?.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('evicting lower-priority pods would not help: the filter that still fails is named', () => {
    const b = bench({ version: '1.33' });
    b.node('w1', { cpu: '2' });
    b.pod('low', requests('500m'));
    b.at(0);
    b.pod('high', { ...requests('3'), priority: 1000 });
    b.at(0);
    expect(b.get('low').metadata?.deletionTimestamp).toBeUndefined();
    expect(b.condition('high')?.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.');
  });
});

describe('Taints for dedicated nodes', () => {
  it('a NoSchedule taint keeps new pods off the node, running pods stay (claim 004-16)', () => {
    const b = bench();
    b.node('a');
    b.node('b');
    b.pod('before', { nodeSelector: { 'kubernetes.io/hostname': 'a' } });
    b.at(0);
    const a = clone(b.api.get<KObject>('Node', undefined, 'a')!) as any;
    a.spec.taints = [{ key: 'node-type', value: 'dev', effect: 'NoSchedule' }];
    b.api.update(a);
    for (let i = 0; i < 4; i++) b.pod(`after${i}`);
    b.at(1);
    expect(b.nodeOf('before')).toBe('a');
    expect(b.get('before').metadata?.deletionTimestamp).toBeUndefined();
    for (let i = 0; i < 4; i++) expect(b.nodeOf(`after${i}`)).toBe('b');
  });

  it('a toleration plus a nodeSelector gives a pod a dedicated node (claim 004-17)', () => {
    const b = bench();
    b.node('gpu', { labels: { dedicated: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    b.node('general');
    b.pod('trainer', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }], nodeSelector: { dedicated: 'gpu' } });
    b.pod('web');
    b.at(0);
    expect(b.nodeOf('trainer')).toBe('gpu');
    expect(b.nodeOf('web')).toBe('general');
  });
});
