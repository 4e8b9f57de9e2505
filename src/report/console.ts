/**
 * The console reporter: each scenario and step with pass/fail, virtual and wall time; for a
 * failed check the claim, the step, where it is written, how long it waited, each mismatch and a
 * unified diff of expected against observed. Ends with a `N passed, N failed` line (`, N skipped`
 * and `, N invalid` — files refused at load, whose problems were printed to stderr — when any).
 * While scenarios run it shows their progress (live-progress.ts): a status line on a terminal,
 * lines about long waits elsewhere.
 */
import pc from 'picocolors';
import { formatLocation } from '../errors';
import { renderDiff, toInlineYaml } from '../check/diff';
import type { CheckFailure, ScenarioResult, Status, StepResult } from '../runner/result';
import { formatDuration, runSummary, stepSpan } from './format';
import type { InvalidFile } from './invalid';
import { LiveProgress, showsStatusLine, type Terminal } from './live-progress';
import type { Reporter, ScenarioStart } from './reporter';
import type { StepBegin, StillWaiting } from '../runner/events';

export interface ConsoleProgressOptions {
  /** the stream the report goes to: a status line is drawn there when it is a terminal */
  terminal?: Terminal;
  /** the environment (`CI`) */
  env?: NodeJS.ProcessEnv;
  /** where lines about long waits go when there is no status line (stderr) */
  notice?: (text: string) => void;
  waitingLineEveryMs?: number;
  /** the wall clock of the status line (tests fix it) */
  now?: () => number;
  /** the HTML timeline report's page (--report html=DIR), named under each failed scenario */
  timelinePage?: string;
}

type Colors = ReturnType<typeof pc.createColors>;

export class ConsoleReporter implements Reporter {
  private readonly c: Colors;
  private readonly live: LiveProgress;
  private readonly timelinePage?: string;

  constructor(
    private readonly write: (text: string) => void,
    private readonly color: boolean,
    progress: ConsoleProgressOptions = {},
  ) {
    this.c = pc.createColors(color);
    this.timelinePage = progress.timelinePage;
    const terminal = showsStatusLine(progress.terminal, progress.env ?? process.env) ? progress.terminal : undefined;
    this.live = new LiveProgress({ write, notice: progress.notice ?? (() => undefined), terminal, waitingLineEveryMs: progress.waitingLineEveryMs, now: progress.now });
  }

  scenarioBegin(s: ScenarioStart): void {
    this.live.scenarioBegin(s);
  }

  stepBegin(scenario: string, step: StepBegin): void {
    this.live.stepBegin(scenario, step);
  }

  waiting(scenario: string, waiting: StillWaiting): void {
    this.live.waiting(scenario, waiting);
  }

  /** Something else is written to the terminal (a notice on stderr): the status line makes way. */
  aside(write: () => void): void {
    this.live.clear();
    write();
    this.live.redraw();
  }

  scenarioEnd(scenario: string): void {
    this.live.scenarioEnd(scenario);
  }

  scenarioDone(r: ScenarioResult): void {
    this.live.scenarioEnd(r.name);
    this.live.clear();
    this.report(r);
    this.live.redraw();
  }

  private report(r: ScenarioResult): void {
    const c = this.c;
    this.write(`${this.mark(r.status)} ${c.bold(r.name)} ${c.dim(`${r.file} · ${r.backend} · virtual ${formatDuration(r.virtualMs)} · wall ${formatDuration(r.wallMs)}`)}\n`);
    if (r.title) this.write(`  ${c.dim(r.title)}\n`);
    for (const s of r.steps) this.step(s);
    if (r.skipped) this.write(indent(c.dim(r.skipped), 4) + '\n');
    if (r.error) this.write(indent(c.red(r.error), 4) + '\n');
    if (this.timelinePage && (r.status === 'failed' || r.status === 'error')) this.write(indent(`${c.bold('timeline:')} ${this.timelinePage}#${encodeURIComponent(r.name)}`, 4) + '\n');
  }

  finish(results: ScenarioResult[], invalid: readonly InvalidFile[] = []): undefined {
    this.live.stop();
    const count = (s: Status) => results.filter((r) => r.status === s).length;
    this.write('\n');
    if (count('error')) this.write(this.c.red(`${count('error')} scenario(s) could not run to the end (errors above)\n`));
    this.write(`${runSummary(results.map((r) => r.status), invalid.length)}\n`);
    return undefined;
  }

  private step(s: StepResult): void {
    const c = this.c;
    const section = s.section === 'steps' ? '' : c.dim(`[${s.section}] `);
    // a skipped step did not run: it has no time span to show
    const when = s.status === 'skipped' ? '' : ` ${c.dim(`(${stepSpan(s)}, wall ${formatDuration(s.wallMs)})`)}`;
    this.write(`  ${this.mark(s.status)} ${section}${s.title}${when}\n`);
    for (const w of s.warnings ?? []) this.write(`      ${c.yellow(`Warning: ${w}`)}\n`);
    // what a kubectl step printed, as the user would have seen it (long output shortened)
    for (const line of outputLines(s.output)) this.write(`      ${c.dim(line)}\n`);
    for (const [name, value] of Object.entries(s.captures ?? {})) this.write(`      ${c.dim(`captured ${name} = ${toInlineYaml(value)}`)}\n`);
    if (s.status === 'failed' || s.status === 'error') this.problem(s);
  }

  private problem(s: StepResult): void {
    const c = this.c;
    const lines: string[] = [];
    if (s.claim) lines.push(`${c.bold('claim:')} ${s.claim}`);
    lines.push(`${c.bold('step:')}  ${s.title} (${formatLocation(s.location)})`);
    if (s.waitedMs !== undefined) lines.push(`${c.bold('waited:')} ${formatDuration(s.waitedMs)}`);
    if (s.error) lines.push(c.red(s.error));
    for (const f of s.failures ?? []) lines.push(...this.failure(f));
    this.write(indent(lines.join('\n'), 6) + '\n');
  }

  private failure(f: CheckFailure): string[] {
    const c = this.c;
    const where = f.location ? c.dim(` (${formatLocation(f.location)})`) : '';
    const out = [`${c.red('✗')} ${f.subject}${where}`, ...f.mismatches.map((m) => `  ${m}`)];
    if (f.expected !== undefined) out.push(indent(renderDiff(f.expected, f.observed, { color: this.color }), 2));
    return out;
  }

  private mark(status: Status): string {
    const c = this.c;
    return { passed: c.green('✓'), failed: c.red('✗'), error: c.red('!'), skipped: c.dim('-') }[status];
  }
}

/**
 * One scenario as the console prints it (status, steps, each failed check with its mismatches and
 * diff), as text: what kscenario/jest shows for a failed scenario.
 */
export function renderScenarioResult(result: ScenarioResult, options: { color?: boolean } = {}): string {
  let text = '';
  new ConsoleReporter((t) => (text += t), options.color ?? false).scenarioDone(result);
  return text;
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text.split('\n').map((l) => (l ? pad + l : l)).join('\n');
}

/** A kubectl step's stdout, at most OUTPUT_LINES lines, the rest counted. */
export const OUTPUT_LINES = 20;

function outputLines(output: string | undefined): string[] {
  if (!output) return [];
  const lines = output.replace(/\n$/, '').split('\n');
  if (lines.length <= OUTPUT_LINES) return lines;
  return [...lines.slice(0, OUTPUT_LINES), `… ${lines.length - OUTPUT_LINES} more lines`];
}
