/**
 * Runs a loaded scenario on the simulator at its seed and expects it to pass; on failure the
 * assertion shows the console report, so the failing step is named.
 */
import { expect } from '@jest/globals';
import { SimulatorBackend } from '../../src/backends/simulator/index';
import { ConsoleReporter } from '../../src/report/console';
import { runScenario } from '../../src/runner/run-scenario';
import { DEFAULT_SEED } from '../../src/scenario/defaults';
import type { LoadedScenario } from '../../src/scenario/loaded';

export async function expectScenarioPasses(s: LoadedScenario): Promise<void> {
  const seed = s.scenario.spec.seed ?? DEFAULT_SEED;
  // every scenario of the suite also checks the cluster's invariants at every instant
  const { result } = await runScenario(s, new SimulatorBackend({ seed, checkInvariants: true }), seed);
  let report = '';
  new ConsoleReporter((t) => void (report += t), false).scenarioDone(result);
  expect({ status: result.status, report }).toEqual({ status: 'passed', report });
}
