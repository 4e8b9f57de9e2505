/**
 * Running a command in a container through the API server's pods/exec (WebSocket, client-node's
 * Exec), collecting stdout, stderr and the exit code.
 */
import { Readable, Writable } from 'node:stream';
import type * as K8s from '@kubernetes/client-node';
import { KscenarioError } from '../../errors';
import type { ClientNode } from './client-node';

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** 0 on success; -1 when the server sent no status */
  exitCode: number;
}

/** Wall-clock bound of one exec. */
export const EXEC_TIMEOUT_MS = 30_000;

export async function execInPod(
  k8s: ClientNode, kc: K8s.KubeConfig,
  where: { namespace: string; pod: string; container: string },
  command: string[],
  stdin?: string,
): Promise<ExecResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) => new Writable({ write(chunk, _enc, cb) { into.push(Buffer.from(chunk)); cb(); } });
  const exec = new k8s.Exec(kc);
  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    let status: K8s.V1Status | undefined;
    const finish = (e?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (e) return reject(execFailed(where, command, e));
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: exitCodeOf(status) });
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${EXEC_TIMEOUT_MS / 1000}s`)), EXEC_TIMEOUT_MS);
    exec.exec(where.namespace, where.pod, where.container, command, sink(out), sink(err),
      stdin === undefined ? null : Readable.from([Buffer.from(stdin, 'utf8')]), false,
      (s) => {
        status = s;
        // the status is the last frame; the socket closes right after
        setImmediate(() => finish());
      })
      .then((ws) => {
        ws.on('close', () => setImmediate(() => finish()));
        ws.on('error', (e: unknown) => finish(e));
      }, (e: unknown) => finish(e));
  });
}

/** metav1.Status of an exec: Success, or Failure with reason NonZeroExitCode and cause ExitCode. */
function exitCodeOf(status: K8s.V1Status | undefined): number {
  if (!status) return -1;
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = Number(cause?.message);
  return Number.isInteger(code) ? code : 1;
}

function execFailed(where: { namespace: string; pod: string; container: string }, command: string[], e: unknown): KscenarioError {
  const message = (e as { message?: string })?.message ?? String(e);
  return new KscenarioError('BACKEND', `exec ${JSON.stringify(command.join(' '))} in pod ${where.pod} (container ${where.container}) failed: ${message}`, undefined,
    'the cluster backend reads and writes files and resolves names by exec into pods: the user needs pods/exec rights and the container the commands (cat, tee, nslookup)');
}
