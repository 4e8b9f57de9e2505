/**
 * Running `kind` and `docker`: one small interface (a command in, exit code and output out) with
 * the real implementation on zx, so that everything above it — cluster lifecycle, node faults,
 * the dry run — deals in plain Command values that tests record and check.
 *
 * zx 8 ships both an ES module and a CommonJS build; this code base is CommonJS, so
 * `import { $ } from 'zx'` compiles to `require('zx')`, which resolves to zx's `build/index.cjs`
 * (its package.json `main` and the `require` condition of `exports`) in Node 20 and under jest
 * alike. zx runs every command through a shell (bash) and quotes each argument itself.
 */
import type * as Zx from 'zx';
import { KscenarioError } from '../../errors';

/**
 * zx, loaded on first use: only kind runs need it, and loading it costs about 100 ms at every
 * start of the CLI and of each worker thread otherwise.
 */
let zx: typeof Zx | undefined;
function shell(): typeof Zx.$ {
  zx ??= require('zx') as typeof Zx;
  return zx.$;
}

export type Program = 'kind' | 'docker';

export interface Command {
  program: Program;
  args: string[];
  /** written to the command's stdin */
  input?: string;
  /** extra environment variables (on top of the process's own) */
  env?: Record<string, string>;
  /** killed (SIGTERM) after this long; default: no limit */
  timeoutMs?: number;
  /** false: abortAll() lets it finish (deleting a cluster must not be cut short); default true */
  abortable?: boolean;
}

export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ProcessRunner {
  /** Runs the command to its end; a non-zero exit is a result, not a rejection. */
  run(command: Command): Promise<ProcessResult>;
  /** Kills every abortable command still running (SIGTERM); their run() then resolves with the exit. */
  abortAll(): void;
}

/** `KEY=value kind create cluster --name x` — how a command is shown to people (dry run, errors); stdin is not shown. */
export function formatCommand(c: Command): string {
  const env = Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
  return [...env, c.program, ...c.args.map(shellQuote)].join(' ');
}

export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./{}\-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A command that failed: its command line, exit code and stderr are in the message. */
export class ProcessError extends KscenarioError {
  constructor(readonly command: Command, readonly result: ProcessResult, what?: string) {
    const stderr = result.stderr.trim() || result.stdout.trim();
    super('BACKEND',
      `${what ? `${what}: ` : ''}\`${formatCommand(command)}\` exited with code ${result.exitCode}${stderr ? `:\n${indent(lastLines(stderr, 40))}` : ' and printed nothing on stderr'}`,
      undefined,
      hintFor(command, result));
  }
}

/** Runs the command and throws ProcessError unless it exits 0. */
export async function runChecked(runner: ProcessRunner, command: Command, what?: string): Promise<ProcessResult> {
  const r = await runner.run(command);
  if (r.exitCode !== 0) throw new ProcessError(command, r, what);
  return r;
}

/** exit code 127 from the shell: the program is not on PATH */
export function isNotFound(r: ProcessResult): boolean {
  return r.exitCode === 127 && /not found|No such file/i.test(r.stderr);
}

export const INSTALL_HINT: Record<Program, string> = {
  kind: 'install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), e.g. `go install sigs.k8s.io/kind@v0.33.0` or the release binary, and put it on PATH',
  docker: 'install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop and start it; `docker info` must answer without sudo',
};

function hintFor(c: Command, r: ProcessResult): string | undefined {
  if (isNotFound(r)) return INSTALL_HINT[c.program];
  if (c.program === 'docker' && /Cannot connect to the Docker daemon|docker daemon is not running|permission denied.*docker\.sock/i.test(r.stderr)) {
    return 'start the Docker engine (and make sure this user may use it: `docker info` must work without sudo)';
  }
  return undefined;
}

function lastLines(s: string, n: number): string {
  const lines = s.split('\n');
  return lines.length > n ? ['…', ...lines.slice(-n)].join('\n') : s;
}

function indent(s: string): string {
  return s.split('\n').map((l) => `    ${l}`).join('\n');
}

interface Running {
  process: { kill(signal?: NodeJS.Signals | null): Promise<void> };
  settled: boolean;
}

/**
 * Kills the command's process tree (zx's kill). zx spawns on a later tick and refuses to kill a
 * process it has not spawned yet: then it is tried again shortly, for 10 s.
 */
function killSoon(r: Running, tries = 200): void {
  if (r.settled) return;
  try {
    r.process.kill('SIGTERM').catch(() => undefined);
  } catch {
    if (tries > 0) setTimeout(() => killSoon(r, tries - 1), 50).unref();
  }
}

/** The real runner: each command through zx, output captured (not echoed), never throwing on exit codes. */
export class ZxRunner implements ProcessRunner {
  private readonly running = new Map<Running, Command>();

  async run(command: Command): Promise<ProcessResult> {
    const env = command.env ? { ...process.env, ...command.env } : process.env;
    const p = shell()({ quiet: true, nothrow: true, env, ...(command.input !== undefined ? { input: command.input } : {}) })`${command.program} ${command.args}`;
    const entry: Running = { process: p, settled: false };
    this.running.set(entry, command);
    let timedOut = false;
    const timer = command.timeoutMs ? setTimeout(() => { timedOut = true; killSoon(entry); }, command.timeoutMs) : undefined;
    try {
      const out = await p;
      entry.settled = true;
      return {
        exitCode: out.exitCode ?? (out.signal ? 128 + signalNumber(out.signal) : 1),
        stdout: out.stdout,
        stderr: out.stderr + (timedOut ? `\n(killed after ${Math.round(command.timeoutMs! / 1000)} s)` : ''),
      };
    } finally {
      entry.settled = true;
      if (timer) clearTimeout(timer);
      this.running.delete(entry);
    }
  }

  abortAll(): void {
    for (const [p, c] of this.running) if (c.abortable !== false) killSoon(p);
  }
}

function signalNumber(signal: string): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}
