/**
 * The failing variant of the ZooKeeper story (test/fixtures/report/zk-story-fails.yaml) run once
 * on the simulator with its history kept: the real history and result the timeline tests read.
 */
import { resolve } from 'node:path';
import { SimulatorBackend } from '../../src/backends/simulator';
import type { HistoryEntry } from '../../src/history/entry';
import type { ScenarioResult } from '../../src/runner/result';
import { runScenario } from '../../src/runner/run-scenario';
import { loadScenarioFile } from '../../src/scenario/load';

export const ZK_STORY_FAILS = resolve(__dirname, '..', 'fixtures', 'report', 'zk-story-fails.yaml');

let run: Promise<{ result: ScenarioResult; history: HistoryEntry[] }> | undefined;

export function zkStoryRun(): Promise<{ result: ScenarioResult; history: HistoryEntry[] }> {
  run ??= (async () => {
    const loaded = await loadScenarioFile(ZK_STORY_FAILS);
    return runScenario(loaded, new SimulatorBackend({ seed: 1 }), 1, { keepHistory: true });
  })();
  return run;
}
