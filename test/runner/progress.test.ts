/** The runner tells its observer as steps begin and end, and what a waiting check still misses. */
import { describe, expect, test } from '@jest/globals';
import { SimulatorBackend } from '../../src/backends/simulator/index';
import { waitingLines, type ScenarioEvent } from '../../src/runner/events';
import { runScenario } from '../../src/runner/run-scenario';
import { loadScenarioPaths } from '../../src/scenario/load';
import { writeFiles } from '../support/inline';

const SCENARIO = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: waits}
spec:
  steps:
    - name: never there
      expect: {within: 30s, resources: [{kind: Pod, name: ghost, count: 1}]}
    - name: not reached
      sleep: 1s
`;

describe('events of a running scenario', () => {
  test('each step begins and ends in order; a waiting check names the first mismatch and both clocks', async () => {
    const dir = writeFiles({ 's.yaml': SCENARIO });
    const loaded = (await loadScenarioPaths([`${dir}/s.yaml`])).scenarios[0]!;
    const events: ScenarioEvent[] = [];
    const { result } = await runScenario(loaded, new SimulatorBackend({ seed: 1 }), 1, { observe: (e) => events.push(e), waitingEveryMs: 0 });
    expect(result.status).toBe('failed');
    const kinds = events.map((e) => (e.type === 'waiting' ? 'waiting' : `${e.type} ${e.step.title}`));
    // the failed check stops the story: the next step ends (skipped) without beginning
    expect([...new Set(kinds)]).toEqual(['stepBegin never there', 'waiting', 'stepEnd never there', 'stepEnd not reached']);
    const waits = events.flatMap((e) => (e.type === 'waiting' ? [e.waiting] : []));
    expect(waits.at(-1)!.step).toBe('never there');
    expect(waits.at(-1)!.unmatched[0]).toMatch(/^Pod ghost: /);
    expect(waits.at(-1)!.virtualMs).toBeGreaterThan(waits[0]!.virtualMs);
    expect(waits.at(-1)!.virtualMs).toBeLessThanOrEqual(30_000);
    expect(waits.at(-1)!.wallMs).toBeGreaterThanOrEqual(0);
    const ends = events.flatMap((e) => (e.type === 'stepEnd' ? [e.step] : []));
    expect(ends).toEqual(result.steps);
  });

  test('a check emits no waiting event before waitingEveryMs of wall time', async () => {
    const dir = writeFiles({ 's.yaml': SCENARIO });
    const loaded = (await loadScenarioPaths([`${dir}/s.yaml`])).scenarios[0]!;
    const events: ScenarioEvent[] = [];
    await runScenario(loaded, new SimulatorBackend({ seed: 1 }), 1, { observe: (e) => events.push(e), waitingEveryMs: 60_000 });
    expect(events.some((e) => e.type === 'waiting')).toBe(false);
  });
});

describe('plain waiting lines', () => {
  test('one when a check has waited the interval of wall time, then one per further interval', () => {
    const lines: string[] = [];
    const observe = waitingLines((l) => lines.push(l), 10_000);
    const wait = (wallMs: number) => observe({ type: 'waiting', waiting: { step: 'rejoined', unmatched: ['Pod zk-1: not ready', 'Pod zk-2: not ready'], virtualMs: 90_000, wallMs } });
    for (const wallMs of [2_000, 10_200, 15_000, 20_300]) wait(wallMs);
    expect(lines).toEqual([
      '… rejoined: waited 1m30s (wall 10.2s); still unmatched: Pod zk-1: not ready; Pod zk-2: not ready',
      '… rejoined: waited 1m30s (wall 20.3s); still unmatched: Pod zk-1: not ready; Pod zk-2: not ready',
    ]);
  });
});
