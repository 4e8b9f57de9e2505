/**
 * The scenario suite: every scenario in scenarios/ runs on the simulator and every claim holds.
 * One test per scenario, so a failure names it and prints the runner's own report.
 *
 * Each scenario runs twice: on a fork of the cluster booted once per process, as `kscenario run`
 * does, and on a cluster booted for it alone. The two histories must be the same, entry for entry:
 * a fork that missed some state of the booted cluster (docs/architecture.md, "plain data") would
 * otherwise change verdicts without failing anything.
 */
import { expectScenarioPasses, historyLines } from '../support/scenario-passes';
import { describe, expect, test } from '@jest/globals';
import { join, resolve } from 'node:path';
import { loadScenarioPaths, type LoadedScenario } from '../../src/scenario';
import { scenarioFiles } from './scenario-names';

const SCENARIOS = join(__dirname, '..', '..', 'scenarios');

describe('scenario suite on the simulator', () => {
  let loaded: LoadedScenario[] = [];

  // jest needs the test list up front, so files are found synchronously by a quick look at their
  // apiVersion; the first test checks that this finds exactly what the loader loads.
  const names: string[] = scenarioFiles(SCENARIOS);

  test('loads without errors, and every scenario the loader finds runs below', async () => {
    const { scenarios, errors } = await loadScenarioPaths([SCENARIOS]);
    expect(errors.map((e) => e.describe())).toEqual([]);
    loaded = scenarios;
    expect(loaded.map((s) => resolve(s.file)).sort()).toEqual([...names].sort());
  }, 60_000); // loads every scenario: seconds on a loaded machine

  test.each(names)('%s', async (file) => {
    const scenario = (await loadScenarioPaths([file])).scenarios[0]!;
    const forked = historyLines(await expectScenarioPasses(scenario, 'fork'));
    const fresh = historyLines(await expectScenarioPasses(scenario, 'fresh'));
    expect(firstDifference(forked, fresh)).toBeUndefined();
  }, 60_000);
});

/** Where two histories part: the first entry that differs (or is missing from one), else undefined. */
function firstDifference(forked: string[], fresh: string[]): { entry: number; forked?: string; fresh?: string } | undefined {
  const n = Math.max(forked.length, fresh.length);
  for (let i = 0; i < n; i++) if (forked[i] !== fresh[i]) return { entry: i, forked: forked[i], fresh: fresh[i] };
  return undefined;
}
