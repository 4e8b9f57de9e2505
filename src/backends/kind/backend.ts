/**
 * `--backend kind`: a kind cluster lifecycle (session.ts) + the cluster backend on the cluster's
 * kubeconfig context + Docker node faults (faults.ts).
 *
 * start() makes the scenario's kind cluster ready (created, or reused when planned), then opens
 * the cluster backend on `kind-<cluster>` and starts it (node-shape check, the scenario's
 * namespaces and storage classes); everything of the contract is the cluster backend's from then
 * on, except the node faults. stop() stops the cluster backend (it deletes what the scenario made)
 * and hands the cluster back to the run, which deletes it unless the next scenario reuses it.
 *
 * Capabilities are known before any cluster exists: node faults, pod I/O and a kubectl endpoint
 * (the cluster backend gives the last two on any cluster); no simulator controls, so a scenario
 * with failProbe, healProbe, crashContainer or spec.cluster.images is refused before it runs.
 */
import type { Backend, Capabilities, PodIO, KubectlEndpoint } from '../../backend/contract';
import { KscenarioError } from '../../errors';
import type { LoadedScenario } from '../../scenario/loaded';
import { HostedClusterBackend } from '../cluster/hosted';
import { DockerNodeFaults } from './faults';
import type { ScenarioPlan } from './run-plan';
import type { KindRun } from './session';

/** Opens the backend a scenario runs through on a created cluster (the cluster backend). */
export type OpenCluster = (target: { kubeconfig: string; context: string; scenario: LoadedScenario; notice?: (line: string) => void }) => Promise<Backend>;

export class KindBackend extends HostedClusterBackend {
  private acquired = false;

  constructor(
    private readonly run: KindRun,
    private readonly sp: ScenarioPlan | undefined,
    private readonly notice?: (line: string) => void,
  ) {
    super('kind', {});
    const cluster = sp?.cluster;
    const added = new Map((cluster?.shape.nodes ?? []).filter((n) => n.added).map((n) => [n.name, { container: cluster!.containers.get(n.name)!, apiLabels: n.apiLabels }]));
    const faults = new DockerNodeFaults({
      runner: { run: (c) => run.track(run.runner.run(c)), abortAll: () => run.runner.abortAll() },
      container: (node) => cluster?.containers.get(node),
      network: sp ? run.networkName : undefined,
      pinnable: true,
      api: this,
      added,
      notice: this.notice,
    });
    const podIO: PodIO = {
      readFile: (t, path) => this.delegated('podIO').readFile(t, path),
      writeFile: (t, path, content) => this.delegated('podIO').writeFile(t, path, content),
      resolveDns: (name, type, namespace) => this.delegated('podIO').resolveDns(name, type, namespace),
    };
    const kubectl: KubectlEndpoint = { withKubeconfig: (use) => this.delegated('kubectl').withKubeconfig(use) };
    const caps: Capabilities = { nodeFaults: faults, podIO, kubectl };
    Object.assign(this.capabilities, caps);
  }

  protected override async provision(): Promise<Backend> {
    const sp = this.sp;
    if (!sp) throw new KscenarioError('BACKEND', 'this kind backend only answers what it can do; run scenarios through KindRun.backendFor(scenario)');
    this.acquired = true;
    const ref = await this.run.acquire(sp);
    return this.run.o.openCluster({ kubeconfig: ref.kubeconfig, context: ref.context, scenario: sp.scenario, notice: this.notice });
  }

  protected override async release(): Promise<void> {
    if (this.acquired && this.sp) await this.run.release(this.sp);
  }
}
