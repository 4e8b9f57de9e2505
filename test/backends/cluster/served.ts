/**
 * A cluster served by `kscenario serve` (in-process, port 0) for the cluster backend's tests, and
 * a kubeconfig for it in a temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterRequest } from '../../../src/backend/contract';
import { clusterRequest } from '../../../src/runner/cluster-request';
import { resolveCluster } from '../../../src/scenario/defaults';
import { buildCluster } from '../../../src/sim/cluster';
import { startServer, type ServedCluster, type Speed } from '../../../src/serve';

export interface Served {
  served: ServedCluster;
  kubeconfig: string;
  request: ClusterRequest;
  close(): Promise<void>;
}

export async function serveCluster(opts: { speed: Speed; request?: ClusterRequest; seed?: number; limitMs?: number }): Promise<Served> {
  const request = opts.request ?? clusterRequest(resolveCluster(undefined));
  const served = await startServer(buildCluster(request, opts.seed ?? 1), { port: 0, speed: opts.speed, ...(opts.limitMs !== undefined ? { limitMs: opts.limitMs } : {}) });
  const dir = mkdtempSync(join(tmpdir(), 'kscenario-served-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await served.writeKubeconfig(kubeconfig);
  return {
    served,
    kubeconfig,
    request,
    close: async () => {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
