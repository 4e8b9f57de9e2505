/** Loading scenarios and running the kind CLI path in-process, with recorded commands. */
import { join } from 'node:path';
import { SimulatorBackend } from '../../../src/backends/simulator/index';
import type { OpenCluster } from '../../../src/backends/kind/backend';
import { KindRun } from '../../../src/backends/kind/session';
import { runCommand, type RunOptions } from '../../../src/cli/run-command';
import { clusterRequest } from '../../../src/runner/cluster-request';
import type { LoadedScenario } from '../../../src/scenario/loaded';
import { loadScenarioPaths } from '../../../src/scenario/load';
import { writeFiles } from '../../support/inline';
import { RecordingRunner } from './recording-runner';

export const REPO = join(__dirname, '..', '..', '..');
export const WORK_DIR = '/tmp/kscenario-kind-test';

export async function loadFiles(files: Record<string, string>): Promise<LoadedScenario[]> {
  const dir = writeFiles(files);
  return loadRepoPaths(Object.keys(files).filter((f) => f.endsWith('.yaml') && !f.includes('/')).map((f) => join(dir, f)));
}

export async function loadRepoPaths(paths: string[]): Promise<LoadedScenario[]> {
  const { scenarios, errors } = await loadScenarioPaths(paths.map((p) => (p.startsWith('/') ? p : join(REPO, p))));
  if (errors.length) throw new Error(errors.map((e) => e.describe()).join('\n'));
  return scenarios;
}

/** The simulator standing in for the cluster backend on the (recorded, never created) kind cluster. */
export const simulatorStandIn: OpenCluster = async () => new SimulatorBackend({ seed: 1 });

export function kindRun(runner: RecordingRunner, extra: Partial<ConstructorParameters<typeof KindRun>[0]> = {}): KindRun {
  return new KindRun({
    runner, runId: 'test', workDir: WORK_DIR, subnet: '10.251.17.0/24',
    clusterRequest: (s) => clusterRequest(s.cluster),
    openCluster: simulatorStandIn,
    ...extra,
  });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `kscenario run --backend kind ...` in-process, its kind and docker commands going to `runner`. */
export async function runKind(paths: string[], opts: Partial<RunOptions>, runner: RecordingRunner, cwd?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const here = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await runCommand(paths, {
      backend: 'kind', reporter: 'console', ...opts,
      kindOverrides: { runner, openCluster: simulatorStandIn, runId: 'test', workDir: WORK_DIR, subnet: '10.251.17.0/24', ...opts.kindOverrides },
    }, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), color: false });
    return { code, stdout, stderr };
  } finally {
    process.chdir(here);
  }
}
