/**
 * What the process of a simulated container does by itself: when it exits and with which code,
 * and whether it reacts to SIGTERM. Nothing runs in the simulator, so this reads the container's
 * command the way a person would (a heuristic, documented in the module's report):
 *
 * - `sleep N` and shell scripts made of `sleep`, `echo`, `exit`... exit after the sleeps, with the
 *   last command's code (`&&`, `||`, pipelines, background jobs and `wait` as sh runs them; a `for`
 *   loop over a literal list runs its body once per word); `sleep infinity`, `tail -f`, `while` and
 *   `until` loops (their conditions are not evaluated) and programs the model does not know run
 *   until stopped. `sleep` with a bad or missing operand exits 1 at once; `timeout D cmd` ends
 *   `cmd` after D with 124; `python -c`, `perl -e`, `node -e` code ends unless it loops, while an
 *   interpreter running a script file or module (`python3 -m http.server`, `node server.js`) is
 *   an unknown program; `cat` and `read` wait on stdin only when the container has one.
 * - A base OS image (busybox, alpine, ubuntu...) without a command runs its default `sh`, which
 *   exits 0 at once without a terminal, as it does on a real cluster.
 * - A shell or `sleep` running as PID 1 ignores SIGTERM (the kernel drops signals PID 1 has no
 *   handler for), so the kubelet's SIGKILL at the end of the grace period stops it (exit 137);
 *   servers (any other program) exit on SIGTERM with 0.
 * - An exec hook's command is read the same way, except that unknown programs finish at once.
 * - A script sees the container's variables (`$NAME`, shell-words.ts) when they are given.
 */
import type { Container } from 'kubernetes-types/core/v1';
import { parseImage } from './images';
import { parseScript, type ShellVars } from './shell-words';

export interface ProcessModel {
  /** ms after the start at which the process exits by itself; undefined: it runs until stopped */
  exitAfterMs?: number;
  exitCode: number;
  ignoresSigterm: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const BASE_OS_IMAGES = new Set(['busybox', 'alpine', 'ubuntu', 'debian', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux']);
/** Commands that finish quickly on their own. */
const FINITE = new Set([
  'echo', 'printf', 'date', 'touch', 'mkdir', 'cp', 'mv', 'rm', 'ls', 'true', ':', 'hostname', 'env', 'export',
  'cd', 'set', 'chmod', 'chown', 'ln', 'sed', 'grep', 'head', 'wc', 'test', '[', 'id', 'whoami', 'uname', 'pwd', 'df',
  'du', 'find', 'nslookup', 'wget', 'curl', 'sync', 'tee', 'sort', 'uniq', 'tr', 'cut', 'awk', 'xargs', 'basename',
  'dirname', 'expr', 'seq', 'base64', 'md5sum', 'sha256sum', 'stat', 'readlink', 'printenv', 'kill', 'nproc', 'free',
  'ps', 'mount', 'dd', 'tar', 'gzip', 'dig', 'host', 'getent',
]);
/** Interpreters: code given inline (-c / -e) ends unless it loops; a script file is an unknown program. */
const INLINE_CODE_FLAG: Record<string, RegExp> = {
  python: /^-\w*c$/, python3: /^-\w*c$/, perl: /^-\w*e\w*$/, node: /^(-e|--eval|-p|--print)$/, ruby: /^-\w*e$/, php: /^-r$/,
};
const LOOPING_CODE = /\bwhile\b|\bfor\s*\(\s*;\s*;|serve_forever|\.listen\(|setInterval|\bloop\b/;
const SCRIPT_KEYWORDS = new Set(['do', 'then', 'else', 'elif', 'done', 'fi', '{', '}', '(', ')']);
/** `timeout`'s exit code when it had to stop its command (coreutils and busybox). */
const TIMED_OUT = 124;

const FOREVER = (ignoresSigterm: boolean): ProcessModel => ({ exitCode: 0, ignoresSigterm });

/**
 * `vars`: the container's environment, which `sh -c` scripts expand (`$NAME`); the kubelet's own
 * `$(NAME)` references are expanded in `c` before (environment.ts expandedCommand).
 */
export function processModel(c: Container, vars?: ShellVars): ProcessModel {
  const interactive = !!(c.stdin || c.tty);
  if (c.command?.length) return fromArgv([...c.command, ...(c.args ?? [])], interactive, vars);
  if (isBaseOsImage(c.image ?? '')) return fromArgv(c.args?.length ? c.args : ['sh'], interactive, vars);
  // an application image's own entrypoint: a server that handles SIGTERM
  return FOREVER(false);
}

function isBaseOsImage(image: string): boolean {
  const repo = parseImage(image).repository;
  return BASE_OS_IMAGES.has(repo.slice(repo.lastIndexOf('/') + 1));
}

/** How the model reads what runs: unknown programs, and whether there is a stdin to wait on. */
interface Reading {
  unknown: UnknownPrograms;
  interactive: boolean;
  /** the variables scripts expand; undefined: none are expanded */
  vars?: ShellVars;
}

function fromArgv(argv: string[], interactive: boolean, vars: ShellVars | undefined): ProcessModel {
  const cmd = basename(argv[0] ?? '');
  const reading: Reading = { unknown: 'forever', interactive, vars };
  if (SHELLS.has(cmd)) {
    if (argv[1] === '-c' && argv[2] !== undefined) return fromScript(argv[2], reading);
    if (argv.length > 1 || interactive) return FOREVER(true);
    return { exitAfterMs: 0, exitCode: 0, ignoresSigterm: true };
  }
  const step = evaluateCommand(argv, reading);
  if (step.kind === 'forever') return FOREVER(step.ignoresSigterm);
  if (step.kind === 'exit') return { exitAfterMs: 0, exitCode: step.code, ignoresSigterm: false };
  return { exitAfterMs: step.ms, exitCode: step.code, ignoresSigterm: cmd === 'sleep' };
}

/** What an exec hook's command does: how long it runs and its exit code. */
export interface HookRun {
  /** ms until it exits by itself; undefined: it runs until the container stops */
  exitAfterMs?: number;
  exitCode: number;
}

/**
 * An exec lifecycle hook (`kubectl exec`-like, never PID 1, no terminal): read like a container's
 * command, except that a program the model does not know is taken to finish at once with 0 — a
 * hook is normally a short command (`nginx -s quit`, a drain script), unlike a container's main
 * process, which is normally a server.
 */
export function hookRun(command: readonly string[], vars?: ShellVars): HookRun {
  const cmd = basename(command[0] ?? '');
  const reading: Reading = { unknown: 'instant', interactive: false, vars };
  if (SHELLS.has(cmd)) {
    // `sh` alone reads its empty stdin and exits; `sh script.sh` runs a script we cannot see
    if (command[1] !== '-c' || command[2] === undefined) return { exitAfterMs: 0, exitCode: 0 };
    const script = fromScript(command[2], reading);
    return { exitAfterMs: script.exitAfterMs, exitCode: script.exitCode };
  }
  const step = evaluateCommand([...command], reading);
  if (step.kind === 'forever') return { exitCode: 0 };
  return { exitAfterMs: step.kind === 'finite' ? step.ms : 0, exitCode: step.code };
}

type Step =
  | { kind: 'forever'; ignoresSigterm: boolean }
  | { kind: 'finite'; ms: number; code: number }
  | { kind: 'exit'; code: number };

/** What a program the model does not know does: runs as a server, or finishes at once. */
type UnknownPrograms = 'forever' | 'instant';

const done = (code: number, ms = 0): Step => ({ kind: 'finite', ms, code });

function evaluateCommand(words: string[], reading: Reading): Step {
  const cmd = basename(words[0] ?? '');
  const args = words.slice(1);
  switch (cmd) {
    case 'sleep':
      return sleepStep(args);
    case 'exit':
      return { kind: 'exit', code: Number(args[0] ?? 0) || 0 };
    case 'false':
      return done(1);
    case 'tail':
      return args.some((a) => /^-[a-zA-Z]*[fF]|^--follow/.test(a)) ? { kind: 'forever', ignoresSigterm: true } : done(0);
    case 'cat':
      return catStep(args, reading);
    case 'read':
      // the builtin waits for a line: for ever on an open stdin, fails at once on an empty one
      return reading.interactive ? { kind: 'forever', ignoresSigterm: true } : done(1);
    case 'timeout':
      return timeoutStep(args, reading);
    case 'nc':
      // listening (-l, -lk, -lp 80) serves until stopped; connecting sends and ends
      return args.some((a) => /^-[a-zA-Z]*l/.test(a)) ? { kind: 'forever', ignoresSigterm: false } : done(0);
  }
  const inline = INLINE_CODE_FLAG[cmd];
  if (inline) {
    const flag = args.findIndex((a) => inline.test(a));
    if (flag >= 0) return LOOPING_CODE.test(args[flag + 1] ?? '') ? { kind: 'forever', ignoresSigterm: false } : done(0);
  }
  if (FINITE.has(cmd) || reading.unknown === 'instant') return done(0);
  return { kind: 'forever', ignoresSigterm: false };
}

/** GNU/busybox sleep: NUMBER[smhd] operands add up; `inf`/`infinity` never ends; a bad or missing operand is exit 1. */
function sleepStep(args: string[]): Step {
  if (args.some((a) => /^inf(inity)?$/i.test(a))) return { kind: 'forever', ignoresSigterm: true };
  const ms = sleepMs(args);
  return ms === undefined ? done(1) : done(0, ms);
}

/** cat copies its files (or stdin) to the end: endless for /dev/zero and friends, or an open stdin. */
function catStep(args: string[], reading: Reading): Step {
  const files = args.filter((a) => !a.startsWith('-') || a === '-');
  const endless = files.some((f) => /^\/dev\/(zero|u?random)$/.test(f));
  const stdin = !files.length || files.some((f) => f === '-' || f === '/dev/stdin');
  return endless || (stdin && reading.interactive) ? { kind: 'forever', ignoresSigterm: true } : done(0);
}

/** `timeout DURATION COMMAND...`: the command, cut off after DURATION with 124 (options taking a value, -s/-k, are not read). */
function timeoutStep(args: string[], reading: Reading): Step {
  const start = args.findIndex((a) => !a.startsWith('-'));
  const limit = start < 0 ? undefined : sleepMs([args[start]!]);
  const command = args.slice(start + 1);
  if (limit === undefined || !command.length) return done(125); // coreutils: a bad operand is 125
  const inner = evaluateCommand(command, reading);
  if (inner.kind === 'exit') return done(inner.code);
  if (inner.kind === 'forever' || inner.ms > limit) return done(TIMED_OUT, limit);
  return inner;
}

/** `sh -c "<script>"`: run its pipelines in order, as sh would, as far as the model reads them. */
function fromScript(script: string, reading: Reading): ProcessModel {
  const trap = /\btrap\b/.test(script);
  const exec = /^\s*exec\s/.test(script);
  // the shell is PID 1 unless it execs its command; without a trap it ignores SIGTERM
  const ignores = (childIgnores: boolean): boolean => (trap ? false : exec ? childIgnores : true);
  if (/\b(while|until)\b/.test(script)) return FOREVER(ignores(true));
  let elapsed = 0;
  let code = 0;
  /** when the background jobs end; Infinity: one never does */
  let jobsEnd = 0;
  for (const pipeline of parseScript(expandForLoops(script), reading.vars)) {
    if ((pipeline.joiner === '&&' && code !== 0) || (pipeline.joiner === '||' && code === 0)) continue;
    const commands = pipeline.commands.map(withoutKeywords).filter((w) => w.length && !['for', 'if', 'trap'].includes(w[0]!));
    if (!commands.length) continue;
    if (commands.length === 1 && commands[0]![0] === 'wait') {
      if (jobsEnd === Infinity) return FOREVER(ignores(true));
      elapsed = Math.max(elapsed, jobsEnd);
      code = 0;
      continue;
    }
    const step = pipelineStep(commands, reading);
    if (pipeline.background) {
      jobsEnd = step.kind === 'forever' ? Infinity : Math.max(jobsEnd, elapsed + (step.kind === 'finite' ? step.ms : 0));
      code = 0;
      continue;
    }
    if (step.kind === 'forever') return FOREVER(ignores(step.ignoresSigterm));
    if (step.kind === 'exit') return { exitAfterMs: elapsed, exitCode: step.code, ignoresSigterm: ignores(true) };
    elapsed += step.ms;
    code = step.code;
  }
  // the shell exits after its last command; background jobs die with the container
  return { exitAfterMs: elapsed, exitCode: code, ignoresSigterm: ignores(true) };
}

function withoutKeywords(words: string[]): string[] {
  let i = 0;
  while (i < words.length && (SCRIPT_KEYWORDS.has(words[i]!) || words[i] === 'exec')) i++;
  return words.slice(i);
}

/** A pipeline lasts as long as its longest command and has its last command's code; `exit` in one only ends a subshell. */
function pipelineStep(commands: string[][], reading: Reading): Step {
  const steps = commands.map((c) => evaluateCommand(c, reading));
  if (steps.length === 1) return steps[0]!;
  const forever = steps.find((s) => s.kind === 'forever');
  if (forever) return forever;
  const last = steps[steps.length - 1]!;
  const ms = Math.max(...steps.map((s) => (s.kind === 'finite' ? s.ms : 0)));
  return done(last.kind === 'forever' ? 0 : last.code, ms);
}

/**
 * `for x in a b c; do BODY; done` over a literal list (or `$(seq N)`, `$(seq A B)`) becomes BODY
 * once per word; a list the model cannot count runs the body once.
 */
function expandForLoops(script: string): string {
  return script.replace(/\bfor\s+\w+\s+in\s+([^;\n]*?)\s*[;\n]\s*do\b([\s\S]*?)\bdone\b/g, (_, list: string, body: string) => {
    const count = wordCount(list.trim());
    return Array.from({ length: count }, () => body).join(';');
  });
}

function wordCount(list: string): number {
  const seq = /^\$\(seq\s+(\d+)(?:\s+(\d+))?\)$/.exec(list);
  if (seq) return seq[2] === undefined ? Number(seq[1]) : Math.max(0, Number(seq[2]) - Number(seq[1]) + 1);
  if (/[$`*?]/.test(list)) return 1;
  return list.split(/\s+/).filter(Boolean).length;
}

/** NUMBER[smhd] operands added up; undefined when one is not a duration or there are none. */
function sleepMs(args: string[]): number | undefined {
  let total = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
    if (!m) return undefined;
    const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
    total += Number(m[1]) * unit;
  }
  return args.length ? Math.round(total) : undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
