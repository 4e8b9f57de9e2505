/** A started simulator backend with the runner's history recorder, for tests of verbs on the contract. */
import { SimulatorBackend } from '../../src/backends/simulator/index';
import type { KObject } from '../../src/kube/object';
import { apply, create } from '../../src/kubectl/apply';
import { clusterRequest } from '../../src/runner/cluster-request';
import { HistoryRecorder } from '../../src/runner/history-recorder';
import { resolveCluster } from '../../src/scenario/defaults';

export interface StartedSimulator {
  backend: SimulatorBackend;
  history: HistoryRecorder;
  /** `kubectl create` of each object, in order */
  create(...objects: KObject[]): Promise<KObject[]>;
  /** `kubectl apply` of each object, in order */
  apply(...objects: KObject[]): Promise<KObject[]>;
  stop(): Promise<void>;
}

/** The default kind-like cluster of scenarios (or `cluster`, a scenario's spec.cluster). */
export async function startSimulator(seed = 1, cluster?: Parameters<typeof resolveCluster>[0]): Promise<StartedSimulator> {
  const backend = new SimulatorBackend({ seed });
  const request = clusterRequest(resolveCluster(cluster));
  await backend.start(request);
  const history = await HistoryRecorder.start(backend, request.version);
  const each = (write: typeof create) => async (...objects: KObject[]) => {
    const out: KObject[] = [];
    for (const o of objects) out.push((await write(backend, o)).object);
    return out;
  };
  return {
    backend, history, create: each(create), apply: each(apply),
    stop: async () => { history.stop(); await backend.stop(); },
  };
}
