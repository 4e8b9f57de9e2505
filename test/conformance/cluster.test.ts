/**
 * The backend conformance suite on `--backend cluster`, pointed at a cluster served by
 * `kscenario serve` (in-process, on-demand time): the cluster backend's client, namespace
 * mapping and watches against the served REST API, judged by the same tests as the simulator.
 */
import { createClusterBackend } from '../../src/backends/cluster';
import { serveCluster } from '../backends/cluster/served';
import { SIMULATOR_KNOWN_GAPS, describeConformance } from './suite';

describeConformance('cluster (kscenario serve)', async (cluster) => {
  const served = await serveCluster({ speed: 'on-demand', request: cluster });
  const backend = await createClusterBackend({ kubeconfig: served.kubeconfig });
  await backend.start(cluster);
  return {
    backend,
    close: async () => {
      await backend.stop();
      await served.close();
    },
  };
// The served cluster is the simulator, so its known gaps show through the REST API too.
}, { knownGaps: SIMULATOR_KNOWN_GAPS });
