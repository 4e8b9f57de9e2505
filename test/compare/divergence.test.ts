/**
 * compareRuns on hand-made runs: verdicts, the first differing step, and the divergence messages
 * of object stories and of changes seen in opposite orders.
 */
import { describe, expect, test } from '@jest/globals';
import { compareExitCode, compareRuns, type RunData } from '../../src/compare/compare';
import type { ReportScenario, ReportStep } from '../../src/compare/input';
import type { HistoryEntry } from '../../src/history/entry';
import type { Status } from '../../src/runner/result';
import { HistoryBuilder } from './support';

function step(index: number, title: string, status: Status, failure?: string): ReportStep {
  return {
    section: 'steps', index, title, status, location: { file: 'ordered.yaml', line: 10 + 4 * index, column: 7 },
    ...(failure ? { failures: [{ subject: 'Pod web-4', mismatches: [failure, 'a second mismatch'] }] } : {}),
  };
}

function scenario(name: string, status: Status, steps: ReportStep[]): ReportScenario {
  return { name, file: 'ordered.yaml', claims: ['002-1'], backend: 'simulator', seed: 1, status, steps };
}

function run(label: string, scenarios: ReportScenario[], histories?: Record<string, HistoryEntry[]>): RunData {
  return { label, source: `${label}.json`, scenarios, histories: histories && new Map(Object.entries(histories)) };
}

/** web-0..web-3 up one after the other, then `scale to 5` brings web-4 up; `ordered` waits for web-3 Ready before creating web-4. */
function scaleTo5(ordered: boolean, web4: 'up' | 'unschedulable' = 'up'): HistoryEntry[] {
  const h = new HistoryBuilder().step('create');
  for (const n of [0, 1, 2]) h.podUp(`web-${n}`);
  h.step('scale to 5').pod('web-3').pod('web-3', { node: 'worker-1' }).pod('web-3', { node: 'worker-1', phase: 'Running' });
  if (ordered) h.pod('web-3', { node: 'worker-1', phase: 'Running', ready: true });
  if (web4 === 'up') h.podUp('web-4', 'worker-2');
  else h.pod('web-4').pod('web-4', { unschedulable: true });
  if (!ordered) h.pod('web-3', { node: 'worker-1', phase: 'Running', ready: true });
  return h.step('five ready').done();
}

describe('compareRuns', () => {
  test('a scenario skipped for its version range on one run gave no verdict there: only in the other, no difference', () => {
    const passed = scenario('ranged', 'passed', [step(0, 'create', 'passed')]);
    const skipped = { ...scenario('ranged', 'skipped', []), skipped: "skipped: the scenario holds on Kubernetes '>=1.33'" };
    const c = compareRuns(run('1.29', [skipped]), run('1.37', [passed]));
    expect(c.scenarios.map((s) => [s.name, s.verdicts, s.a, s.b])).toEqual([['ranged', 'only-b', null, 'passed']]);
    expect(compareExitCode(c)).toBe(0);
  });

  test("two changes in opposite orders are told in the step's words (the issue's example)", () => {
    const steps = [step(0, 'create', 'passed'), step(1, 'scale to 5', 'passed'), step(2, 'five ready', 'passed')];
    const c = compareRuns(
      run('A', [scenario('ordered', 'passed', steps)], { ordered: scaleTo5(true) }),
      run('B', [scenario('ordered', 'passed', steps)], { ordered: scaleTo5(false) }),
      { all: true },
    );
    expect(c.scenarios[0]!.history!.divergences.map((d) => d.message)).toEqual([
      "in step 'scale to 5': on A Pod web-3 became Ready before Pod web-4 was created; on B Pod web-4 was created before Pod web-3 became Ready",
    ]);
    expect(c.scenarios[0]!.history!.divergences[0]).toMatchObject({ type: 'order', step: 'scale to 5', a: ['Pod web-3 Ready', 'Pod web-4 Created'], b: ['Pod web-4 Created', 'Pod web-3 Ready'] });
    expect(compareExitCode(c)).toBe(0);
  });

  test('a verdict that differs: the first step whose status differs with the first mismatch on each side, and the object whose story differs', () => {
    const a = scenario('ordered', 'passed', [step(0, 'create', 'passed'), step(1, 'scale to 5', 'passed'), step(2, 'five ready', 'passed')]);
    const b = scenario('ordered', 'failed', [step(0, 'create', 'passed'), step(1, 'scale to 5', 'passed'), step(2, 'five ready', 'failed', 'status.phase: expected Running, observed Pending')]);
    const c = compareRuns(run('sim', [a], { ordered: scaleTo5(true) }), run('kind', [b], { ordered: scaleTo5(true, 'unschedulable') }));
    const s = c.scenarios[0]!;
    expect(s).toMatchObject({ name: 'ordered', a: 'passed', b: 'failed', verdicts: 'differ' });
    expect(s.firstStepDifference).toEqual({
      step: 'five ready', section: 'steps', index: 2, location: 'ordered.yaml:18:7',
      a: { status: 'passed' },
      b: { status: 'failed', detail: 'Pod web-4: status.phase: expected Running, observed Pending' },
    });
    expect(s.history!.divergences.map((d) => d.message)).toEqual([
      "in step 'scale to 5': Pod web-4, after it was created: on sim it was scheduled to a worker node, then became Running, then became Ready; on kind it could not be scheduled",
    ]);
    expect(s.history!.divergences[0]).toMatchObject({ type: 'story', object: 'Pod web-4', after: 'Created', a: ['Scheduled to worker', 'Running', 'Ready'], b: ['Unschedulable'] });
    expect(compareExitCode(c)).toBe(1);
  });

  test('which node of a role and what always differs (names, IPs, uids, times) is no divergence', () => {
    const story = (node: string, suffix: string, delay: number) => {
      const h = new HistoryBuilder().step('create');
      for (let i = 0; i < delay; i++) h.pod(`other-${i}`, {}, {}, 'kube-system');
      return h.podUp(`web-7d9f8c-${suffix}`, node, { generateName: 'web-7d9f8c-', labels: { 'pod-template-hash': '7d9f8c' } }).done();
    };
    const s = [scenario('x', 'passed', [step(0, 'create', 'passed')])];
    const c = compareRuns(run('A', s, { x: story('worker-1', 'xk2lp', 0) }), run('B', s, { x: story('worker-2', 'q2w4z', 3) }), { all: true });
    expect(c.scenarios[0]!.history).toEqual({ compared: true, divergences: [] });
  });

  test('the same change on two objects in either order is no divergence (two pods becoming Ready at about the same time)', () => {
    const both = (first: string, second: string) => new HistoryBuilder().step('go').pod(first).pod(second)
      .pod(first, { node: 'worker-1', phase: 'Running' }).pod(second, { node: 'worker-1', phase: 'Running' })
      .pod(second, { node: 'worker-1', phase: 'Running', ready: true }).pod(first, { node: 'worker-1', phase: 'Running', ready: true }).done();
    const s = [scenario('x', 'passed', [step(0, 'go', 'passed')])];
    const c = compareRuns(run('A', s, { x: both('web-0', 'web-1') }), run('B', s, { x: both('web-1', 'web-0') }), { all: true });
    expect(c.scenarios[0]!.history!.divergences).toEqual([]);
    // created in the same order, but on B the second pod gets scheduled and runs first
    const raced = (first: string, second: string) => new HistoryBuilder().step('go').pod('web-0').pod('web-1')
      .pod(first, { node: 'worker-1' }).pod(first, { node: 'worker-1', phase: 'Running' })
      .pod(second, { node: 'worker-1' }).pod(second, { node: 'worker-1', phase: 'Running' }).done();
    const d = compareRuns(run('A', s, { x: raced('web-0', 'web-1') }), run('B', s, { x: raced('web-1', 'web-0') }), { all: true });
    expect(d.scenarios[0]!.history!.divergences).toEqual([]);
  });

  test('pods of one ReplicaSet are interchangeable: a drain that took other ones is no divergence; one pod more, or one that never became Ready, is', () => {
    const meta = { generateName: 'web-7d9f8c-', labels: { app: 'web', 'pod-template-hash': '7d9f8c' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8c', uid: 'rs', controller: true }] };
    const names = ['web-7d9f8c-bcdfg', 'web-7d9f8c-hjklm', 'web-7d9f8c-npqrs', 'web-7d9f8c-tvwxz', 'web-7d9f8c-24567'];
    const history = (drained: number[], extra?: 'up' | 'never ready', notReady?: number) => {
      const h = new HistoryBuilder().step('create');
      for (const n of names.slice(0, 4)) h.podUp(n, 'worker-1', meta);
      h.step('drain');
      for (const i of drained) h.pod(names[i]!, { node: 'worker-1', phase: 'Running', ready: true, terminating: true }, meta).delete('Pod', names[i]!);
      if (notReady !== undefined) h.pod(names[notReady]!, { node: 'worker-1', phase: 'Running', ready: false }, meta);
      if (extra === 'up') h.podUp(names[4]!, 'worker-2', meta);
      if (extra === 'never ready') h.pod(names[4]!, {}, meta).pod(names[4]!, { node: 'worker-2', phase: 'Running' }, meta);
      return h.done();
    };
    const s = [scenario('x', 'passed', [step(0, 'create', 'passed'), step(1, 'drain', 'passed')])];
    const compare = (a: HistoryEntry[], b: HistoryEntry[]) => compareRuns(run('A', s, { x: a }), run('B', s, { x: b }), { all: true }).scenarios[0]!.history!.divergences.map((d) => d.message);
    expect(compare(history([1, 2]), history([0, 3]))).toEqual([]);
    expect(compare(history([1, 2]), history([0, 3], 'up'))).toEqual([
      "in step 'drain': Pod web-*#5: on A it never existed; on B it was created, then was scheduled to a worker node, then became Running, then became Ready",
    ]);
    expect(compare(history([1], 'up'), history([2], 'never ready'))).toEqual([
      "in step 'drain': Pod web-*#5, after it became Running: on A it became Ready; on B nothing more happened to it",
    ]);
    // the pods whose stories differ are paired in the order first seen, and shown with both numbers where they differ
    expect(compare(history([0]), history([], undefined, 2))).toEqual([
      "in step 'drain': Pod web-*#1 (#3 on B): on A it started terminating, then was deleted; on B it became NotReady",
    ]);
  });

  test('the order of changes is compared between objects with names of their own, of one kind', () => {
    const pods = (first: string) => {
      const meta = { generateName: 'job-', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'job', uid: 'j', controller: true }] };
      const h = new HistoryBuilder().step('go').pod('job-bcdfg', { node: 'worker-1' }, meta).pod('job-hjklm', { node: 'worker-1' }, meta);
      const finish = (n: string) => h.pod(n, { node: 'worker-1', phase: 'Succeeded' }, meta);
      const other = first === 'job-bcdfg' ? 'job-hjklm' : 'job-bcdfg';
      finish(first);
      h.pod(other, { node: 'worker-1', phase: 'Running' }, meta);
      finish(other);
      // a node and a pod in either order: two watch streams
      return (first === 'job-bcdfg' ? h.node('worker-2', {}, { unschedulable: true }).pod('web-0') : h.pod('web-0').node('worker-2', {}, { unschedulable: true })).done();
    };
    const s = [scenario('x', 'passed', [step(0, 'go', 'passed')])];
    const c = compareRuns(run('A', s, { x: pods('job-bcdfg') }), run('B', s, { x: pods('job-hjklm') }), { all: true });
    expect(c.scenarios[0]!.history!.divergences).toEqual([]);
  });

  test('a step B did not run, an object B never had, a change B saw in a later step', () => {
    const stepsA = [step(0, 'create', 'passed'), step(1, 'scale to 5', 'passed'), step(2, 'five ready', 'passed')];
    const stepsB = [step(0, 'create', 'failed', 'never ready'), step(1, 'scale to 5', 'skipped'), step(2, 'five ready', 'skipped')];
    const histA = new HistoryBuilder().step('create').pod('web-0').pod('web-1').step('scale to 5').pod('web-4').done();
    const histB = new HistoryBuilder().step('create').pod('web-0').step('cleanup[0]').pod('web-1').done();
    const c = compareRuns(run('A', [scenario('x', 'passed', stepsA)], { x: histA }), run('B', [scenario('x', 'failed', stepsB)], { x: histB }));
    expect(c.scenarios[0]!.firstStepDifference).toMatchObject({ step: 'create', a: { status: 'passed' }, b: { status: 'failed', detail: 'Pod web-4: never ready' } });
    expect(c.scenarios[0]!.history!.divergences.map((d) => d.message)).toEqual([
      "in step 'create': Pod web-1: on A it was created; on B nothing more in this step (it was created in step 'cleanup[0]')",
      "in step 'scale to 5': Pod web-4: on A it was created; on B the step did not run",
    ]);
  });

  test("unnamed steps are named by their title and marker; a history file missing on one side is said, not guessed", () => {
    const steps = [{ ...step(0, 'apply web.yaml', 'passed'), section: 'setup' as const }, step(0, 'scale statefulset/web', 'failed', 'x')];
    const histA = new HistoryBuilder().step('setup[0]').pod('web-0').done();
    const histB = new HistoryBuilder().step('setup[0]').done();
    const c = compareRuns(run('A', [scenario('x', 'passed', steps), scenario('y', 'passed', [])], { x: histA, y: [] }), run('B', [scenario('x', 'failed', steps), scenario('y', 'failed', [])], { x: histB }));
    expect(c.scenarios[0]!.history!.divergences[0]!.message).toBe("in step 'apply web.yaml' (setup[0]): Pod web-0: on A it was created; on B it never existed");
    expect(c.scenarios[1]!.history).toEqual({ compared: false, reason: "no y.history.jsonl in B's history directory", divergences: [] });
  });

  test('scenarios of one run only are listed and do not make the verdicts differ; without histories nothing is compared', () => {
    const s = (name: string, status: Status) => scenario(name, status, [step(0, 'go', status)]);
    const c = compareRuns(run('A', [s('both', 'passed'), s('only-a', 'failed')]), run('B', [s('only-b', 'passed'), s('both', 'passed')]), { all: true });
    expect(c.scenarios.map((x) => [x.name, x.a, x.b, x.verdicts])).toEqual([
      ['both', 'passed', 'passed', 'agree'], ['only-a', 'failed', null, 'only-a'], ['only-b', null, 'passed', 'only-b'],
    ]);
    expect(c.summary).toMatchObject({ scenarios: 3, agree: 1, differ: 0, onlyA: 1, onlyB: 1 });
    expect(c.scenarios[0]!.history).toEqual({ compared: false, reason: 'A has no history directory (give one with --histories, or a run directory)', divergences: [] });
    expect(compareExitCode(c)).toBe(0);
  });

  test('the same verdict reached at different steps is a step difference, not a verdict difference', () => {
    const a = scenario('x', 'failed', [step(0, 'one', 'failed', 'late'), step(1, 'two', 'skipped')]);
    const b = scenario('x', 'failed', [step(0, 'one', 'passed'), step(1, 'two', 'failed', 'later')]);
    const c = compareRuns(run('A', [a]), run('B', [b]));
    expect(c.scenarios[0]).toMatchObject({ verdicts: 'agree', firstStepDifference: { step: 'one', a: { status: 'failed', detail: 'Pod web-4: late' }, b: { status: 'passed' } } });
    expect(c.summary.stepsDiffer).toBe(1);
    expect(compareExitCode(c)).toBe(0);
  });
});
