/**
 * The scenario suite: every scenario in scenarios/ runs on the simulator and every claim holds.
 * One test per scenario, so a failure names it and prints the runner's own report.
 */
import { expectScenarioPasses } from '../support/scenario-passes';
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
    await expectScenarioPasses((await loadScenarioPaths([file])).scenarios[0]!);
  }, 60_000);
});
