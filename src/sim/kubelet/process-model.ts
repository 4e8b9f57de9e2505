/**
 * What the process of a simulated container does by itself: when it exits and with which code,
 * and whether it reacts to SIGTERM. Nothing runs in the simulator, so this reads the container's
 * command the way a person would (a heuristic, documented in the module's report):
 *
 * - `sleep N` and shell scripts made of `sleep`, `echo`, `exit`... exit after the sleeps, with the
 *   last command's code; `sleep infinity`, `tail -f`, loops and unknown programs run until stopped.
 * - A base OS image (busybox, alpine, ubuntu...) without a command runs its default `sh`, which
 *   exits 0 at once without a terminal, as it does on a real cluster.
 * - A shell or `sleep` running as PID 1 ignores SIGTERM (the kernel drops signals PID 1 has no
 *   handler for), so the kubelet's SIGKILL at the end of the grace period stops it (exit 137);
 *   servers (any other program) exit on SIGTERM with 0.
 * - An exec hook's command is read the same way, except that unknown programs finish at once.
 */
import type { Container } from 'kubernetes-types/core/v1';
import { parseImage } from './images';

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
  'echo', 'printf', 'date', 'cat', 'touch', 'mkdir', 'cp', 'mv', 'rm', 'ls', 'true', ':', 'hostname', 'env', 'export',
  'cd', 'set', 'chmod', 'chown', 'ln', 'sed', 'grep', 'head', 'wc', 'test', '[', 'id', 'whoami', 'uname', 'pwd', 'df',
  'du', 'find', 'nslookup', 'wget', 'curl', 'perl', 'python', 'python3', 'node', 'sync',
]);
const SCRIPT_KEYWORDS = new Set(['do', 'then', 'else', 'elif', 'done', 'fi', '{', '}', '(', ')']);

const FOREVER = (ignoresSigterm: boolean): ProcessModel => ({ exitCode: 0, ignoresSigterm });

export function processModel(c: Container): ProcessModel {
  const interactive = !!(c.stdin || c.tty);
  if (c.command?.length) return fromArgv([...c.command, ...(c.args ?? [])], interactive);
  if (isBaseOsImage(c.image ?? '')) return fromArgv(c.args?.length ? c.args : ['sh'], interactive);
  // an application image's own entrypoint: a server that handles SIGTERM
  return FOREVER(false);
}

function isBaseOsImage(image: string): boolean {
  const repo = parseImage(image).repository;
  return BASE_OS_IMAGES.has(repo.slice(repo.lastIndexOf('/') + 1));
}

function fromArgv(argv: string[], interactive: boolean): ProcessModel {
  const cmd = basename(argv[0] ?? '');
  if (SHELLS.has(cmd)) {
    if (argv[1] === '-c' && argv[2] !== undefined) return fromScript(argv[2], 'forever');
    if (argv.length > 1 || interactive) return FOREVER(true);
    return { exitAfterMs: 0, exitCode: 0, ignoresSigterm: true };
  }
  const step = evaluateCommand(argv, 'forever');
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
export function hookRun(command: readonly string[]): HookRun {
  const cmd = basename(command[0] ?? '');
  if (SHELLS.has(cmd)) {
    // `sh` alone reads its empty stdin and exits; `sh script.sh` runs a script we cannot see
    if (command[1] !== '-c' || command[2] === undefined) return { exitAfterMs: 0, exitCode: 0 };
    const script = fromScript(command[2], 'instant');
    return { exitAfterMs: script.exitAfterMs, exitCode: script.exitCode };
  }
  const step = evaluateCommand([...command], 'instant');
  if (step.kind === 'forever') return { exitCode: 0 };
  return { exitAfterMs: step.kind === 'finite' ? step.ms : 0, exitCode: step.code };
}

type Step =
  | { kind: 'forever'; ignoresSigterm: boolean }
  | { kind: 'finite'; ms: number; code: number }
  | { kind: 'exit'; code: number };

/** What a program the model does not know does: runs as a server, or finishes at once. */
type UnknownPrograms = 'forever' | 'instant';

function evaluateCommand(words: string[], unknown: UnknownPrograms): Step {
  const cmd = basename(words[0] ?? '');
  if (cmd === 'sleep') {
    const ms = sleepMs(words.slice(1));
    return ms === undefined ? { kind: 'forever', ignoresSigterm: true } : { kind: 'finite', ms, code: 0 };
  }
  if (cmd === 'exit') return { kind: 'exit', code: Number(words[1] ?? 0) || 0 };
  if (cmd === 'false') return { kind: 'finite', ms: 0, code: 1 };
  if (cmd === 'tail' && words.includes('-f')) return { kind: 'forever', ignoresSigterm: true };
  if (FINITE.has(cmd) || unknown === 'instant') return { kind: 'finite', ms: 0, code: 0 };
  return { kind: 'forever', ignoresSigterm: false };
}

/** `sh -c "<script>"`: run the simple commands in order. */
function fromScript(script: string, unknown: UnknownPrograms): ProcessModel {
  const trap = /\btrap\b/.test(script);
  const exec = /^\s*exec\s/.test(script);
  // the shell is PID 1 unless it execs its command; without a trap it ignores SIGTERM
  const ignores = (childIgnores: boolean): boolean => (trap ? false : exec ? childIgnores : true);
  if (/\b(while|until)\b/.test(script)) return FOREVER(ignores(true));
  let elapsed = 0;
  let code = 0;
  for (const segment of script.split(/;|&&|\|\||\n|\|/)) {
    const words = segment.trim().split(/\s+/).filter((w) => w !== '');
    while (words.length && (SCRIPT_KEYWORDS.has(words[0]!) || words[0] === 'exec')) words.shift();
    if (!words.length || words[0] === 'for' || words[0] === 'if' || words[0] === 'trap') continue;
    const step = evaluateCommand(words, unknown);
    if (step.kind === 'forever') return FOREVER(ignores(step.ignoresSigterm));
    if (step.kind === 'exit') return { exitAfterMs: elapsed, exitCode: step.code, ignoresSigterm: ignores(true) };
    elapsed += step.ms;
    code = step.code;
  }
  return { exitAfterMs: elapsed, exitCode: code, ignoresSigterm: ignores(true) };
}

/** GNU/busybox sleep: NUMBER[smhd] arguments add up; `infinity` (or nothing valid) never ends. */
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
