/**
 * `--history DIR`: two files per scenario, written by whichever thread ran it: the history
 * (`<scenario>.history.jsonl`) and the result (`<scenario>.result.json`), from which
 * `kscenario report` makes the HTML timeline report later.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEntry } from '../history/entry';
import type { ScenarioResult } from '../runner/result';
import { writeOutput } from './output-paths';
import { fromWire, toWire } from './result-wire';
import { parseJson } from '../compare/input';
import { InputError } from '../errors';

export const HISTORY_SUFFIX = '.history.jsonl';
export const RESULT_SUFFIX = '.result.json';

/**
 * One JSON object per line: each object change and step marker, in order. Deterministic for a
 * seed. The directory was made before the run (prepareHistoryDirectory).
 */
export async function writeHistory(dir: string, scenario: string, history: HistoryEntry[]): Promise<void> {
  const lines = history.map((e) => JSON.stringify(e)).join('\n');
  await writeOutput('--history', join(dir, `${scenario}${HISTORY_SUFFIX}`), lines ? lines + '\n' : '');
}

/** The scenario's result beside its history: matchers in failures kept as tags (result-wire.ts). */
export async function writeResult(dir: string, result: ScenarioResult): Promise<void> {
  await writeOutput('--history', join(dir, `${result.name}${RESULT_SUFFIX}`), JSON.stringify(toWire(result), null, 1) + '\n');
}

/** Both files of a scenario. */
export async function writeRecord(dir: string, result: ScenarioResult, history: HistoryEntry[]): Promise<void> {
  await writeHistory(dir, result.name, history);
  await writeResult(dir, result);
}

const RESULT_HINT = 'a result file is what `kscenario run --history DIR` writes beside each history: <scenario>.result.json';

/** A result file as writeResult wrote it; one that is not is an input error at its place. */
export async function readResult(file: string): Promise<ScenarioResult> {
  const value = parseJson(file, await readFile(file, 'utf8'), 1, RESULT_HINT) as Partial<ScenarioResult> | null;
  if (!value || typeof value !== 'object' || typeof value.name !== 'string' || !Array.isArray(value.steps)) {
    throw new InputError('SCHEMA', 'not a scenario result: it needs a name and a list of steps', { file, line: 1, column: 1 }, RESULT_HINT);
  }
  return fromWire(value as ScenarioResult);
}
