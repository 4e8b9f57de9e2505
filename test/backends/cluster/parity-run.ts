/**
 * Runs one scenario on a fresh served cluster (kscenario serve, in-process) through the cluster
 * backend, as `kscenario run --backend cluster` would.
 */
import { createClusterBackend } from '../../../src/backends/cluster';
import type { Speed } from '../../../src/serve';
import { ConsoleReporter } from '../../../src/report/console';
import { runScenario } from '../../../src/runner/run-scenario';
import { clusterRequest } from '../../../src/runner/cluster-request';
import { DEFAULT_SEED, type LoadedScenario } from '../../../src/scenario';
import type { ScenarioResult } from '../../../src/runner/result';
import { serveCluster } from './served';

export interface ClusterRun {
  result: ScenarioResult;
  report: string;
  notices: string[];
  /** namespaces left on the served cluster that are not the cluster's own */
  leftover: string[];
  history: import('../../../src/history/entry').HistoryEntry[];
}

export async function runOnServed(s: LoadedScenario, speed: Speed): Promise<ClusterRun> {
  const seed = s.scenario.spec.seed ?? DEFAULT_SEED;
  const served = await serveCluster({ speed, request: clusterRequest(s.cluster), seed });
  const notices: string[] = [];
  try {
    const backend = await createClusterBackend({ kubeconfig: served.kubeconfig, scenario: s, notice: (l) => notices.push(l) });
    const { result, history } = await runScenario(s, backend, seed);
    let report = '';
    new ConsoleReporter((t) => void (report += t), false).scenarioDone(result);
    const leftover = served.served.cluster.sim.api.list('Namespace').map((n) => n.metadata.name).filter((n) => n.startsWith('ks-'));
    return { result, report, notices, leftover, history };
  } finally {
    await served.close();
  }
}
