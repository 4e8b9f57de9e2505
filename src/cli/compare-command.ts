/**
 * `kscenario compare A B`: line up two runs of the same scenarios. Each run is a JSON report
 * (`kscenario run --reporter json --output FILE`) with, optionally, its history directory
 * (`--history DIR`), or a directory holding `report.json` and the `<scenario>.history.jsonl`
 * files. The files are read here; the comparison itself is pure (src/compare/).
 * Exit codes: 0 the verdicts agree, 1 one differs, 2 bad input.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError, InputErrors, KscenarioError } from '../errors';
import type { HistoryEntry } from '../history/entry';
import { compareExitCode, compareRuns, type RunData } from '../compare/compare';
import { parseHistory, parseReport } from '../compare/input';
import { renderJson, renderText } from '../compare/render';
import type { Io } from './io';

export interface CompareOptions {
  /** the history directories of A and B */
  histories?: string[];
  /** what to call A and B: `sim,kind` */
  names?: string;
  all?: boolean;
  json?: boolean;
}

export function registerCompareCommand(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('compare')
    .description('line up two runs of the same scenarios (e.g. simulator and kind): verdicts, the first step that differs, where the histories diverge')
    .usage('[options] <a> <b>')
    // optional for commander only: `--histories x y a b` hands the runs to the variadic option
    .argument('[a]', 'run A: a JSON report (kscenario run --reporter json --output FILE), or a directory with report.json and the --history files')
    .argument('[b]', 'run B: the same')
    .option('--histories <dirs...>', "the --history directories of A and B, in that order (default: a run directory's own files)")
    .option('--names <a,b>', 'what to call the two runs in the output (default: A,B)')
    .option('--all', 'compare the histories of every scenario, also where the verdicts and steps agree')
    .option('--json', 'print the comparison as JSON')
    .action(async (a: string | undefined, b: string | undefined, o: CompareOptions) => {
      const runs = [a, b].filter((x): x is string => x !== undefined);
      // `--histories` written before the runs took them as well: its first two are the directories
      if (runs.length < 2 && o.histories && o.histories.length === 4 - runs.length) runs.unshift(...o.histories.splice(2));
      if (runs.length < 2) throw new KscenarioError('USAGE', 'compare takes two runs: kscenario compare A B', undefined, 'each a JSON report (kscenario run --reporter json --output FILE) or a directory holding report.json');
      exit(await compareCommand(runs[0]!, runs[1]!, o, io));
    });
}

export async function compareCommand(a: string, b: string, opts: CompareOptions, io: Io): Promise<number> {
  if (opts.histories && opts.histories.length !== 2) {
    throw new KscenarioError('USAGE', `--histories takes two directories, A's then B's (got ${opts.histories.length})`, undefined, 'e.g. kscenario compare sim.json kind.json --histories sim-hist/ kind-hist/');
  }
  const names = opts.names?.split(',').map((n) => n.trim()) ?? ['A', 'B'];
  if (names.length !== 2 || names.some((n) => !n) || names[0] === names[1]) {
    throw new KscenarioError('USAGE', `--names takes two different names separated by a comma (got '${opts.names}')`, undefined, 'e.g. --names sim,kind');
  }
  const errors: InputError[] = [];
  const runA = await loadRun(names[0]!, a, opts.histories?.[0], errors);
  const runB = await loadRun(names[1]!, b, opts.histories?.[1], errors);
  if (errors.length || !runA || !runB) throw errors.length === 1 ? errors[0]! : new InputErrors(errors);
  const comparison = compareRuns(runA, runB, { all: opts.all });
  io.out(opts.json ? renderJson(comparison) : renderText(comparison));
  return compareExitCode(comparison);
}

/** Reads one run; problems are added to `errors` (all of them, from both runs, are reported). */
async function loadRun(label: string, path: string, historyDir: string | undefined, errors: InputError[]): Promise<RunData | undefined> {
  const kind = await kindOf(path);
  if (!kind) {
    errors.push(new InputError('FILE_NOT_FOUND', `${path}: no such file or directory`, undefined, 'give a JSON report (kscenario run --reporter json --output FILE) or a directory holding report.json'));
    return undefined;
  }
  let reportFile = path;
  if (kind === 'directory') {
    reportFile = join(path, 'report.json');
    historyDir ??= path;
    if ((await kindOf(reportFile)) !== 'file') {
      errors.push(new InputError('FILE_NOT_FOUND', `${path}: a run directory must hold report.json`, undefined, `kscenario run --reporter json --output ${join(path, 'report.json')} --history ${path}`));
      return undefined;
    }
  }
  let run: RunData | undefined;
  try {
    run = { label, source: reportFile, historyDir, scenarios: parseReport(reportFile, await readFile(reportFile, 'utf8')) };
  } catch (err) {
    errors.push(asInputError(err, reportFile));
    return undefined;
  }
  if (historyDir === undefined) return run;
  if ((await kindOf(historyDir)) !== 'directory') {
    errors.push(new InputError('FILE_NOT_FOUND', `${historyDir}: not a directory (the history directory of ${label})`, undefined, 'give the directory of kscenario run --history DIR'));
    return undefined;
  }
  const histories = new Map<string, HistoryEntry[]>();
  for (const s of run.scenarios) {
    const file = join(historyDir, `${s.name}.history.jsonl`);
    if ((await kindOf(file)) !== 'file') continue;
    try {
      histories.set(s.name, parseHistory(file, await readFile(file, 'utf8')));
    } catch (err) {
      errors.push(asInputError(err, file));
    }
  }
  return { ...run, histories };
}

async function kindOf(path: string): Promise<'file' | 'directory' | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'directory' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

function asInputError(err: unknown, file: string): InputError {
  if (err instanceof InputError) return err;
  return new InputError('FILE_NOT_FOUND', `${file}: cannot be read: ${err instanceof Error ? err.message : String(err)}`);
}
