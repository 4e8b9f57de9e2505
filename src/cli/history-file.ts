/** `--history DIR`: one file per scenario, written by whichever thread ran it. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEntry } from '../history/entry';

/** One JSON object per line: each object change and step marker, in order. Deterministic for a seed. */
export async function writeHistory(dir: string, scenario: string, history: HistoryEntry[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const lines = history.map((e) => JSON.stringify(e)).join('\n');
  await writeFile(join(dir, `${scenario}.history.jsonl`), lines ? lines + '\n' : '');
}
