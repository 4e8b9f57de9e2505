/**
 * A ProcessRunner that runs nothing: it records every command and answers from a script (by
 * default as a working kind v0.33.0 and Docker would), so tests check the commands a run issues.
 * A scripted answer may also hang until abortAll() (a command still running when a signal comes)
 * or call back (to send a signal while a given command runs).
 */
import { formatCommand, type Command, type ProcessResult, type ProcessRunner } from '../../../src/backends/kind/process';

export type Answer = ProcessResult | 'hang' | undefined;

export interface Call {
  command: Command;
  line: string;
  result?: ProcessResult;
  /** killed by abortAll() */
  aborted: boolean;
  done: boolean;
}

export const OK: ProcessResult = { exitCode: 0, stdout: '', stderr: '' };
const KILLED: ProcessResult = { exitCode: 143, stdout: '', stderr: 'terminated' };

export function defaultAnswer(c: Command, ip = '10.251.17.3'): ProcessResult {
  const line = formatCommand(c);
  if (line === 'kind version') return { exitCode: 0, stdout: 'kind v0.33.0 go1.25.1 linux/amd64\n', stderr: '' };
  if (line.startsWith('docker info')) return { exitCode: 0, stdout: JSON.stringify({ ServerVersion: '29.0.1', CgroupVersion: '2' }), stderr: '' };
  if (c.program === 'docker' && c.args[0] === 'inspect') {
    return { exitCode: 0, stdout: JSON.stringify({ 'kscenario-test': { IPAddress: ip, Gateway: '10.251.17.1' } }) + '\n', stderr: '' };
  }
  return OK;
}

export class RecordingRunner implements ProcessRunner {
  readonly calls: Call[] = [];
  private readonly hanging = new Map<Call, (r: ProcessResult) => void>();
  /** calls abortAll() reached before their script answered */
  private readonly abortRequested = new Set<Call>();

  /** `script` answers first; undefined falls back to defaultAnswer */
  constructor(private readonly script: (c: Command, call: Call) => Answer | Promise<Answer> = () => undefined) {}

  async run(command: Command): Promise<ProcessResult> {
    const call: Call = { command, line: formatCommand(command), aborted: false, done: false };
    this.calls.push(call);
    let answer = await this.script(command, call);
    if (answer === 'hang') {
      // abortAll() may already have come (the script sent a signal): then it ends at once
      if (this.abortRequested.has(call)) {
        call.aborted = true;
        answer = KILLED;
      } else {
        answer = await new Promise<ProcessResult>((resolve) => this.hanging.set(call, resolve));
      }
    }
    const result = answer ?? defaultAnswer(command);
    call.result = result;
    call.done = true;
    return result;
  }

  abortAll(): void {
    for (const call of this.calls) {
      if (call.done || call.command.abortable === false) continue;
      const resolve = this.hanging.get(call);
      if (!resolve) {
        this.abortRequested.add(call);
        continue;
      }
      call.aborted = true;
      this.hanging.delete(call);
      resolve(KILLED);
    }
  }

  /** every command line, in order */
  lines(): string[] {
    return this.calls.map((c) => c.line);
  }

  /** lines that start with a prefix */
  matching(prefix: string): string[] {
    return this.lines().filter((l) => l.startsWith(prefix));
  }
}
