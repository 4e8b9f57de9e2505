/**
 * Runs a loaded scenario on the simulator at its seed and expects it to pass; on failure the
 * assertion shows the console report, so the failing step is named.
 */
import { expect } from '@jest/globals';
import { SimulatorBackend, type SimulatorOptions } from '../../src/backends/simulator/index';
import { ConsoleReporter } from '../../src/report/console';
import { runScenario, type ScenarioRun } from '../../src/runner/run-scenario';
import { DEFAULT_SEED } from '../../src/scenario/defaults';
import type { LoadedScenario } from '../../src/scenario/loaded';

/** The run, which passed; `boot` as SimulatorOptions (default: a fork of the process's booted cluster). */
export async function expectScenarioPasses(s: LoadedScenario, boot?: SimulatorOptions['boot']): Promise<ScenarioRun> {
  const seed = s.scenario.spec.seed ?? DEFAULT_SEED;
  // every scenario of the suite also checks the cluster's invariants at every instant
  const run = await runScenario(s, new SimulatorBackend({ seed, checkInvariants: true, boot }), seed);
  let report = '';
  new ConsoleReporter((t) => void (report += t), false).scenarioDone(run.result);
  expect({ status: run.result.status, report }).toEqual({ status: 'passed', report });
  return run;
}

/** The history as `--history` writes it: one JSON text per entry. */
export function historyLines(run: ScenarioRun): string[] {
  return run.history.map((e) => JSON.stringify(e));
}
