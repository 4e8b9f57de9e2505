/**
 * The console's view of a run in progress. On a terminal: one status line, rewritten in place,
 * naming the running scenario and step, what it waits for (the first unmatched check) and for how
 * long on the virtual and the wall clock. Elsewhere (a pipe, a file, `CI=true`): nothing in place,
 * only a line on stderr when a check has waited long in wall time, then again at that interval —
 * a CI log reads line by line and must not fill with status updates.
 */
import { waitingLines, type ScenarioObserver, type StepBegin, type StillWaiting } from '../runner/events';
import { formatDuration } from './format';
import type { ScenarioStart } from './reporter';

/** What the console knows of the stream it writes to (process.stdout, or a fake in tests). */
export interface Terminal {
  isTTY?: boolean;
  columns?: number;
}

/** CI systems set CI (GitHub Actions, GitLab, CircleCI…: `true`); `0`/`false` mean it is not one. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** A status line only on a terminal outside CI. */
export function showsStatusLine(terminal: Terminal | undefined, env: NodeJS.ProcessEnv): boolean {
  return !!terminal?.isTTY && !isCI(env);
}

interface Running {
  step?: StepBegin;
  /** when the step began, on this process's wall clock */
  stepWallStart: number;
  waiting?: StillWaiting;
}

const CLEAR_LINE = '\r\x1b[2K';

export interface LiveProgressOptions {
  /** where the status line goes: the console report's stream */
  write: (text: string) => void;
  /** where plain mode's waiting lines go (stderr) */
  notice: (text: string) => void;
  /** undefined: plain mode */
  terminal: Terminal | undefined;
  waitingLineEveryMs?: number;
  /** the wall clock (tests fix it) */
  now?: () => number;
}

/** How often the status line is redrawn between events: the wall time of a long step moves on. */
const REDRAW_EVERY_MS = 1000;

export class LiveProgress {
  private readonly running = new Map<string, Running>();
  /** the scenario whose state was heard last: the one the status line shows */
  private current: string | undefined;
  private shown = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  /** plain mode: the waiting lines of each scenario */
  private readonly lines = new Map<string, ScenarioObserver>();

  constructor(private readonly o: LiveProgressOptions) {
    this.now = o.now ?? (() => performance.now());
  }

  scenarioBegin(s: ScenarioStart): void {
    this.running.set(s.name, { stepWallStart: this.now() });
    this.update(s.name);
    // a step that is not a check (a drain, a sleep on a real cluster) sends no event while it runs
    if (this.o.terminal && !this.timer) this.timer = setInterval(() => this.redraw(), REDRAW_EVERY_MS).unref();
  }

  stepBegin(scenario: string, step: StepBegin): void {
    this.running.set(scenario, { step, stepWallStart: this.now() });
    this.linesOf(scenario)({ type: 'stepBegin', step });
    this.update(scenario);
  }

  waiting(scenario: string, waiting: StillWaiting): void {
    const r = this.running.get(scenario) ?? { stepWallStart: this.now() - waiting.wallMs };
    r.waiting = waiting;
    this.running.set(scenario, r);
    if (this.o.terminal) return this.update(scenario);
    this.linesOf(scenario)({ type: 'waiting', waiting });
  }

  private linesOf(scenario: string): ScenarioObserver {
    let lines = this.lines.get(scenario);
    if (!lines) this.lines.set(scenario, (lines = waitingLines((line) => this.o.notice(`${scenario}: ${line}\n`), this.o.waitingLineEveryMs)));
    return lines;
  }

  /** The scenario stopped running (its report may wait for the scenarios before it). */
  scenarioEnd(scenario: string): void {
    this.lines.delete(scenario);
    if (!this.running.delete(scenario)) return;
    if (this.current === scenario) this.current = this.running.keys().next().value;
    if (this.current === undefined) this.clear();
    else this.update(this.current);
  }

  /** After the console printed something: the status line comes back, if anything still runs. */
  redraw(): void {
    if (this.current !== undefined) this.update(this.current);
  }

  /** The run ended: no status line any more. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.running.clear();
    this.current = undefined;
    this.clear();
  }

  clear(): void {
    if (!this.shown) return;
    this.o.write(CLEAR_LINE);
    this.shown = false;
  }

  private update(scenario: string): void {
    this.current = scenario;
    if (!this.o.terminal) return;
    // a pty whose size nobody set reports 0 columns: then the usual 80
    const width = Math.max(20, (this.o.terminal.columns || 80) - 1);
    this.o.write(CLEAR_LINE + fit(this.statusOf(scenario), width));
    this.shown = true;
  }

  private statusOf(scenario: string): string {
    const r = this.running.get(scenario);
    const parts = [`▶ ${scenario}`];
    if (r?.step) {
      const section = r.step.section === 'steps' ? '' : `[${r.step.section}] `;
      parts.push(`${section}${r.step.title}`);
      const w = r.waiting;
      if (w) parts.push(`waiting for ${w.unmatched[0] ?? 'a check'}${w.unmatched.length > 1 ? ` (+${w.unmatched.length - 1} more)` : ''}`);
      const wall = Math.max(w?.wallMs ?? 0, this.now() - r.stepWallStart);
      parts.push(`virtual ${formatDuration(r.step.startMs + (w?.virtualMs ?? 0))}`, `wall ${formatDuration(wall)}`);
    }
    const others = this.running.size - 1;
    return parts.join(' · ') + (others > 0 ? ` (+${others} running)` : '');
  }
}

/** One line of at most `width` characters (a longer one would wrap and break the rewrite). */
function fit(line: string, width: number): string {
  const flat = line.replace(/\s*\n\s*/g, ' ');
  const chars = [...flat];
  return chars.length <= width ? flat : chars.slice(0, width - 1).join('') + '…';
}
