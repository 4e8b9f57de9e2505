/**
 * The `kubectl` step: the real kubectl, run against the backend's API endpoint with a kubeconfig
 * of its own. A non-zero exit fails the step with kubectl's own error output (so `expectError`
 * can match it); what kubectl printed is kept in the step's result.
 */
import { execFile } from 'node:child_process';
import { parse } from 'shell-quote';
import { KscenarioError } from '../errors';
import type { StepContext } from './checks';
import { capability } from './pod-actions';
import type { StepOutcome } from './steps';

/** Wall-clock bound of one kubectl invocation: the step must not hang the run. */
export const KUBECTL_TIMEOUT_MS = 120_000;

export async function runKubectl(ctx: StepContext, commandLine: string): Promise<StepOutcome> {
  const args = kubectlArgs(commandLine);
  const { stdout } = await capability(ctx.backend, 'kubectl').withKubeconfig((kubeconfig) => execKubectl(args, kubeconfig));
  return { status: 'passed', ...(stdout ? { output: stdout } : {}) };
}

/** Splits the command line as a POSIX shell would, without running a shell; refuses operators. */
export function kubectlArgs(commandLine: string): string[] {
  const words = parse(commandLine.replace(/^\s*kubectl\s+/, ''));
  const args: string[] = [];
  for (const w of words) {
    if (typeof w !== 'string') {
      throw new KscenarioError('USAGE', `kubectl step: '${commandLine}' uses shell syntax (pipes, redirections, globs), which a kubectl step does not run`, undefined, 'write one kubectl command; check its output with an expect step');
    }
    args.push(w);
  }
  if (!args.length) throw new KscenarioError('USAGE', 'kubectl step: empty command line');
  return args;
}

function execKubectl(args: string[], kubeconfig: string): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, KUBECONFIG: kubeconfig };
    execFile('kubectl', args, { env, timeout: KUBECTL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
      if (e.code === 'ENOENT') {
        return reject(new KscenarioError('UNSUPPORTED', 'kubectl step: kubectl is not installed (not found on PATH)', undefined, 'install kubectl, or express the step with apply/patch/delete'));
      }
      const why = e.killed ? `timed out after ${KUBECTL_TIMEOUT_MS / 1000}s` : `exited with ${String(e.code)}`;
      reject(new KscenarioError('BACKEND', `kubectl ${args.join(' ')} ${why}: ${stderr.trim() || stdout.trim()}`));
    });
  });
}
