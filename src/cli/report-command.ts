/**
 * `kscenario report HISTORY... --report html=DIR`: the HTML timeline report of a run made
 * earlier with `kscenario run --history DIR`, from its files: each `<scenario>.history.jsonl`
 * (a directory stands for every one in it) and, beside it, `<scenario>.result.json` with the
 * verdicts and diffs. A history without its result still gives lanes, pods, events and steps.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { parseHistory } from '../compare/input';
import { InputError, InputErrors, KscenarioError } from '../errors';
import { htmlReportFile } from '../report/html';
import { runSummary } from '../report/format';
import { renderPage } from '../report/timeline/page';
import { buildTimeline } from '../report/timeline/build';
import type { ScenarioTimeline } from '../report/timeline/model';
import type { ScenarioResult, Status } from '../runner/result';
import { HISTORY_SUFFIX, readResult, RESULT_SUFFIX } from './history-file';
import type { Io } from './io';
import { prepareReportDirectory, writeOutput } from './output-paths';
import { collectReport, type ReporterSpec } from './reporter-options';

export function registerReportCommand(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('report')
    .description('write the HTML timeline report of a run from the files of kscenario run --history DIR')
    .argument('<paths...>', `history files (<scenario>${HISTORY_SUFFIX}) or directories holding them`)
    .option('--report <html=dir>', 'where: html=DIR writes DIR/report.html', collectReport)
    .action(async (paths: string[], o: { report?: ReporterSpec[] }) => exit(await reportCommand(paths, o.report ?? [], io)));
}

export async function reportCommand(paths: string[], specs: readonly ReporterSpec[], io: Io): Promise<number> {
  const dir = reportDirectory(specs);
  const page = htmlReportFile(dir);
  await prepareReportDirectory('--report html=', dir, page);
  const files = await historyFiles(paths);
  const timelines: ScenarioTimeline[] = [];
  const statuses: Status[] = [];
  for (const file of files) {
    const { timeline, result } = await timelineOf(file);
    timelines.push(timeline);
    if (result) statuses.push(result.status);
  }
  const missing = timelines.length - statuses.length;
  const summary = `${runSummary(statuses)}${missing ? `, ${missing} without a result file` : ''}`;
  await writeOutput('--report html=', page, renderPage(timelines, summary));
  io.out(`${page}: ${files.length} scenario${files.length === 1 ? '' : 's'}\n`);
  return 0;
}

function reportDirectory(specs: readonly ReporterSpec[]): string {
  const html = specs.filter((s) => s.name === 'html' && s.file !== undefined);
  const other = specs.find((s) => s.name !== 'html' || s.file === undefined);
  if (other || html.length !== 1) {
    throw new KscenarioError('USAGE', `kscenario report writes one HTML report: give --report html=DIR once`, undefined, 'kscenario report out/ --report html=report/');
  }
  return html[0]!.file!;
}

/** The history files named, a directory standing for the ones in it (sorted by name). */
async function historyFiles(paths: string[]): Promise<string[]> {
  const errors: InputError[] = [];
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const inside = (await readdir(path)).filter((f) => f.endsWith(HISTORY_SUFFIX)).sort();
      if (!inside.length) errors.push(new InputError('FILE_NOT_FOUND', `${path}: no *${HISTORY_SUFFIX} files in this directory`, undefined, 'give the directory of kscenario run --history DIR'));
      files.push(...inside.map((f) => join(path, f)));
    } else if (info?.isFile() && path.endsWith(HISTORY_SUFFIX)) files.push(path);
    else errors.push(new InputError('FILE_NOT_FOUND', info ? `${path}: not a history file (<scenario>${HISTORY_SUFFIX})` : `${path}: no such file or directory`, undefined, 'give history files or directories written by kscenario run --history DIR'));
  }
  if (errors.length) throw new InputErrors(errors);
  return files;
}

/** One scenario's timeline from its history and, when it is there, its result. */
async function timelineOf(file: string): Promise<{ timeline: ScenarioTimeline; result?: ScenarioResult }> {
  const history = parseHistory(file, await readFile(file, 'utf8'));
  const name = basename(file, HISTORY_SUFFIX);
  const resultFile = join(dirname(file), `${name}${RESULT_SUFFIX}`);
  const hasResult = await stat(resultFile).then((s) => s.isFile(), () => false);
  if (!hasResult) return { timeline: buildTimeline(history, { name, file }) };
  const result = await readResult(resultFile);
  return { timeline: buildTimeline(history, result), result };
}
