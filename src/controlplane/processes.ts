/**
 * The control plane's processes. Each component runs in a process group of its own (spawned
 * detached), with stdout and stderr appended to its log file; stopping it signals the whole group.
 * While any control plane of this process runs, SIGINT, SIGTERM and SIGHUP stop them all
 * (SIGKILL to every group, data directories removed) before the signal takes its usual course,
 * and so does a normal exit of the process.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';

export interface ProcessSpec {
  name: string;
  bin: string;
  args: string[];
  log: string;
  /**
   * End it with SIGKILL when the process that started it dies, even by SIGKILL (Linux's parent
   * death signal, set by util-linux's setpriv, which then executes the binary in place; skipped
   * where setpriv is missing).
   */
  dieWithParent?: boolean;
}

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p)) ?? null;

/** The command line that starts a spec (setpriv in front when it must die with its parent; null: no setpriv). */
export function commandLine(spec: ProcessSpec, setpriv: string | null = SETPRIV): { file: string; args: string[] } {
  if (spec.dieWithParent && setpriv) return { file: setpriv, args: ['--pdeathsig', 'KILL', '--', spec.bin, ...spec.args] };
  return { file: spec.bin, args: spec.args };
}

export interface StartedProcess {
  name: string;
  pid: number;
  log: string;
  /** resolved with the exit code (or the signal) when the process ends */
  exited: Promise<string>;
  /** set once it has ended */
  exit?: string;
}

export function startProcess(spec: ProcessSpec): StartedProcess {
  const fd = openSync(spec.log, 'a');
  try {
    const cmd = commandLine(spec);
    const child = spawn(cmd.file, cmd.args, { detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) throw new Error(`cannot start ${spec.bin}`);
    const started: StartedProcess = {
      name: spec.name,
      pid: child.pid,
      log: spec.log,
      exited: new Promise((resolve) => {
        child.on('exit', (code, signal) => {
          started.exit = signal ? `signal ${signal}` : `exit code ${code}`;
          resolve(started.exit);
        });
        child.on('error', (err) => {
          started.exit = `failed to start: ${err.message}`;
          resolve(started.exit);
        });
      }),
    };
    // the control plane does not keep the event loop alive; whoever started it decides
    child.unref();
    return started;
  } finally {
    closeSync(fd);
  }
}

/** Whether a process (or process group, for a negative id) exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

export function freezeGroup(pid: number): void {
  signalGroup(pid, 'SIGSTOP');
}

export function thawGroup(pid: number): void {
  signalGroup(pid, 'SIGCONT');
}

/**
 * SIGTERM to the process group, SIGKILL to what is left after `graceMs`. A frozen group is
 * continued first so that it can act on SIGTERM. Resolves once no process of the group is left.
 */
export async function stopGroup(pid: number, graceMs = 5000): Promise<void> {
  if (!alive(-pid)) return;
  signalGroup(pid, 'SIGTERM');
  signalGroup(pid, 'SIGCONT');
  const deadline = Date.now() + graceMs;
  while (alive(-pid) && Date.now() < deadline) await sleep(50);
  if (alive(-pid)) signalGroup(pid, 'SIGKILL');
  const hard = Date.now() + 5000;
  while (alive(-pid) && Date.now() < hard) await sleep(50);
}

export function killGroupNow(pid: number): void {
  signalGroup(pid, 'SIGKILL');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Free TCP ports on 127.0.0.1, all held until every one is known so that they differ. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<import('node:net').Server>((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Whether something listens on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(true));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

/** The last lines of a log file, for error messages. */
export function logTail(file: string, lines = 15): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8').trimEnd().split('\n');
  return text.slice(-lines).join('\n');
}

// ---- emergency stop --------------------------------------------------------------------------

interface Registered {
  pids: () => number[];
  dir: () => string | undefined;
  signals: boolean;
}

const registered = new Set<Registered>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function emergencyStop(onlySignalled = false): void {
  for (const r of registered) {
    if (onlySignalled && !r.signals) continue;
    for (const pid of r.pids()) {
      signalGroup(pid, 'SIGKILL');
      signalGroup(pid, 'SIGCONT');
    }
    const dir = r.dir();
    if (dir) rmSync(dir, { recursive: true, force: true });
    registered.delete(r);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  emergencyStop(true);
  if (registered.size) return;
  uninstall();
  // the signal's usual course: with no other listener, the process ends as it would have
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const handlers = new Map<NodeJS.Signals, () => void>();

function install(): void {
  if (handlers.size) return;
  for (const s of SIGNALS) {
    const h = (): void => onSignal(s);
    handlers.set(s, h);
    process.on(s, h);
  }
  process.on('exit', onExit);
}

function onExit(): void {
  emergencyStop();
}

function uninstall(): void {
  for (const [s, h] of handlers) process.removeListener(s, h);
  handlers.clear();
  process.removeListener('exit', onExit);
}

/**
 * Stops these processes and removes the directory if this process ends first, or (with
 * `signals`) when it gets SIGINT, SIGTERM or SIGHUP.
 */
export function registerForEmergencyStop(r: Omit<Registered, 'signals'>, signals = true): () => void {
  registered.add({ ...r, signals });
  const entry = [...registered].pop()!;
  install();
  return () => {
    registered.delete(entry);
    if (!registered.size) uninstall();
  };
}
