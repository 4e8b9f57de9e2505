/**
 * `--backend kwok`: a real control plane (control-plane.ts) per scenario, with the nodes of the
 * scenario's cluster, and the cluster backend on its kubeconfig for everything of the contract
 * except node faults, which act on the nodes' KWOK processes (node-faults.ts).
 *
 * start() builds the binaries if they are missing (once per version), starts the control plane,
 * then opens and starts the cluster backend (node-shape check, namespaces, storage classes).
 * stop() stops the cluster backend, then the control plane, and removes its directory.
 *
 * Capabilities are known before anything starts: node faults (restartNode refused when the
 * scenario starts, naming the step) and a kubectl endpoint. No pod I/O (no kubelet: no exec, no
 * files, no DNS) and no simulator controls, so scenarios needing them are refused up front.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend, Capabilities, ClusterRequest, KubectlEndpoint, NodeFaults } from '../backend/contract';
import { createClusterBackend } from '../backends/cluster';
import { HostedClusterBackend } from '../backends/cluster/hosted';
import { KscenarioError } from '../errors';
import type { LoadedScenario } from '../scenario/loaded';
import { ControlPlane } from './control-plane';
import { ensureBinaries } from './install';
import { nodeFaultRefusal } from './node-faults';
import { LOCAL_PATH_PROVISIONER } from './kwok-config';
import { CONTROL_PLANE_MINORS, kubernetesRelease } from './versions';
import { minorOf, releaseOf } from '../kube/version';

export interface KwokBackendOptions {
  scenario?: LoadedScenario;
  notice?: (line: string) => void;
  /** directories with binaries (else the cache, built when missing) */
  binaryDirs?: string[];
  /** build missing binaries (default true) */
  build?: boolean;
  /** how long each component and the nodes may take to be ready (default 180 s) */
  readyTimeoutMs?: number;
}

/**
 * The steps of a scenario KWOK cannot stand for, with where they are: node faults it cannot
 * act out, and local-path StorageClasses the scenario creates itself — the KWOK that plays kind's
 * provisioner gets one set of stages per class when the control plane starts (kwok-config.ts
 * storageStages), so a class made later would leave its claims Pending with no word why.
 */
export function refusedSteps(scenario: LoadedScenario): KscenarioError[] {
  const out: KscenarioError[] = [];
  for (const s of scenario.steps) {
    for (const verb of Object.keys(s.step)) {
      const why = nodeFaultRefusal(verb);
      if (why) out.push(new KscenarioError('UNSUPPORTED', `the ${verb} step cannot run on KWOK nodes: ${why}`, s.location, 'run it on the simulator or on kind'));
    }
    for (const m of s.manifests ?? []) {
      const provisioner = (m.object as { provisioner?: unknown }).provisioner;
      if (m.object.kind !== 'StorageClass' || provisioner !== LOCAL_PATH_PROVISIONER) continue;
      out.push(new KscenarioError(
        'UNSUPPORTED',
        `StorageClass ${m.object.metadata.name} of ${LOCAL_PATH_PROVISIONER} is created by a step: the kwok backend's provisioner knows only the classes of spec.cluster.storageClasses, which it is given when it starts`,
        m.location,
        'declare the class in spec.cluster.storageClasses, or run the scenario on the simulator or on kind',
      ));
    }
  }
  return out;
}

export class KwokBackend extends HostedClusterBackend {
  private cp: ControlPlane | undefined;

  constructor(private readonly o: KwokBackendOptions = {}) {
    super('kwok', {});
    const plane = (verb: string): ControlPlane => {
      if (!this.cp) throw new KscenarioError('BACKEND', `${verb}: the kwok backend has no control plane yet`);
      return this.cp;
    };
    const nodeFaults: NodeFaults = {
      killNode: (n) => plane('killNode').killNode(n),
      restartNode: async () => {
        throw new KscenarioError('UNSUPPORTED', `restartNode on KWOK nodes: ${nodeFaultRefusal('restartNode')}`);
      },
      disconnectNode: (n) => plane('disconnectNode').disconnectNode(n),
      reconnectNode: (n) => plane('reconnectNode').reconnectNode(n),
      addNode: (n) => plane('addNode').addNode(n),
      removeNode: (n) => plane('removeNode').removeNode(n),
    };
    const kubectl: KubectlEndpoint = { withKubeconfig: (use) => this.delegated('kubectl').withKubeconfig(use) };
    const caps: Capabilities = { nodeFaults, kubectl };
    Object.assign(this.capabilities, caps);
  }

  /** The running control plane (for tests and tools). */
  get controlPlane(): ControlPlane | undefined {
    return this.cp;
  }

  protected override async provision(cluster: ClusterRequest): Promise<Backend> {
    const refused = this.o.scenario ? refusedSteps(this.o.scenario) : [];
    if (refused.length) throw refused[0]!;
    const minor = minorOf(cluster.version);
    if (!(CONTROL_PLANE_MINORS as readonly string[]).includes(minor)) {
      throw new KscenarioError('UNSUPPORTED', `the kwok backend runs Kubernetes ${CONTROL_PLANE_MINORS.join(', ')}, the scenario is written for ${cluster.version}`, undefined,
        'run it on the simulator, or change spec.cluster.kubernetesVersion');
    }
    // one release per minor is built (its go.mod pin): a scenario pinned to another patch release
    // of that minor asks for behaviour this control plane does not have
    const pinned = kubernetesRelease(minor).kubernetes;
    if (pinned !== `v${releaseOf(cluster.version)}`) {
      throw new KscenarioError('UNSUPPORTED', `the kwok backend's ${minor} control plane is ${pinned}, the scenario pins ${cluster.version}`, undefined,
        'run it on the simulator or kind, or pin the control plane\'s release');
    }
    const notice = this.o.notice ?? (() => undefined);
    const ensured = await ensureBinaries({ version: minor, binaryDirs: this.o.binaryDirs, build: this.o.build, log: notice });
    // the control plane's own directory: removed with it, also by an emergency stop
    const dir = mkdtempSync(join(tmpdir(), 'kscenario-kwok-'));
    // a failed start keeps its logs there and names them in the error
    this.cp = await ControlPlane.up({
      kubernetes: ensured.release.kubernetes,
      kwok: ensured.kwok.kwok,
      binaries: ensured.binaries,
      nodes: cluster.nodes,
      ...(cluster.podSubnet ? { podSubnet: cluster.podSubnet } : {}),
      storageClasses: cluster.storageClasses,
      dir,
      readyTimeoutMs: this.o.readyTimeoutMs,
    });
    return createClusterBackend({ kubeconfig: this.cp.kubeconfig, scenario: this.o.scenario, notice: this.o.notice });
  }

  protected override async release(): Promise<void> {
    await this.cp?.down();
  }
}
