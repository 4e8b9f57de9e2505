/**
 * The CLI as its own process, from the TypeScript sources (scripts/register-ts.js), for what
 * only a process has: signals, exit codes set by process.exit, pipes closed by the reader.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const HOOK = join(ROOT, 'scripts', 'register-ts.js');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export function spawnCli(args: string[], cwd: string): ChildProcessWithoutNullStreams {
  const entry = `require(${JSON.stringify(MAIN)}).main(process.argv.slice(1)).then((code) => { process.exitCode = code; });`;
  return spawn(process.execPath, ['-r', HOOK, '-e', entry, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
}

/** Resolves with the exit code (or 128 + the number of the signal that ended the process). */
export function exited(child: ChildProcessWithoutNullStreams): Promise<number> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15))));
}

/** Everything the stream gives, kept as it comes. */
export function collect(stream: NodeJS.ReadableStream): { text: () => string } {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  return { text: () => text };
}
