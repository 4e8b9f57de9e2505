/** `--history DIR`: one file per scenario, written by whichever thread ran it. */
import { join } from 'node:path';
import type { HistoryEntry } from '../history/entry';
import { writeOutput } from './output-paths';

/**
 * One JSON object per line: each object change and step marker, in order. Deterministic for a
 * seed. The directory was made before the run (prepareHistoryDirectory).
 */
export async function writeHistory(dir: string, scenario: string, history: HistoryEntry[]): Promise<void> {
  const lines = history.map((e) => JSON.stringify(e)).join('\n');
  await writeOutput('--history', join(dir, `${scenario}.history.jsonl`), lines ? lines + '\n' : '');
}
