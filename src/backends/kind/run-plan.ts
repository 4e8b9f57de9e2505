/**
 * The plan of a whole kind run, decided before anything runs (the dry run prints it, the real run
 * follows it): for each scenario its cluster shape, whether it creates a cluster or reuses the
 * previous one (--reuse: consecutive scenarios with the same shape, as long as the previous one
 * did not fault a node — a stopped, removed or added machine is not put back, so such a cluster
 * is never handed on), and whether the cluster is deleted after it (always, unless reused next or
 * --keep). Every command is built here, so that the plan and the run cannot drift apart.
 */
import { join } from 'node:path';
import type { ClusterRequest } from '../../backend/contract';
import type { InputError } from '../../errors';
import type { LoadedScenario, LoadedStep } from '../../scenario/loaded';
import {
  addedNodes, containerNames, kindConfig, kindRefusals, shapeFor, shapingCommands, type ClusterShape, type ShapeOptions,
} from './cluster-plan';
import { FAULT_VERBS, faultCommands, inspectNetworks, readsAddress, type FaultVerb } from './faults';
import type { Command } from './process';

export const KIND_NETWORK_ENV = 'KIND_EXPERIMENTAL_DOCKER_NETWORK';
const CREATE_TIMEOUT_MS = 15 * 60_000;
const DELETE_TIMEOUT_MS = 5 * 60_000;

export interface RunPlanOptions extends ShapeOptions {
  reuse?: boolean;
  keep?: boolean;
  /** short id of this run: names its network and clusters */
  runId: string;
  /** where the clusters' kubeconfig files go */
  workDir: string;
  /** the IPv4 /24 of the run's network: 10.<a>.<b>.0/24; the run tries the next ones if taken */
  subnet: string;
  /** the cluster a scenario asks for (the runner's clusterRequest) */
  clusterRequest(s: LoadedScenario): ClusterRequest;
}

export interface FaultPlan {
  step: LoadedStep;
  verb: FaultVerb;
  node: string;
  container: string;
  commands: Command[];
}

export interface ClusterRef {
  /** kind cluster name */
  name: string;
  kubeconfig: string;
  /** kubeconfig context kind writes: kind-<name> */
  context: string;
  shape: ClusterShape;
  /** node name → container */
  containers: Map<string, string>;
  config: string;
  create: Command[];
  delete: Command;
}

export interface ScenarioPlan {
  scenario: LoadedScenario;
  request: ClusterRequest;
  /** what kind cannot do for this scenario: it is refused, nothing of it runs */
  refusals: InputError[];
  cluster?: ClusterRef;
  action?: 'create' | 'reuse';
  deleteAfter: boolean;
  faults: FaultPlan[];
}

export interface RunPlan {
  network: { name: string; create: Command; remove: Command };
  scenarios: ScenarioPlan[];
}

export function networkName(runId: string): string {
  return `kscenario-${runId}`;
}

export function networkCommands(runId: string, subnet: string): RunPlan['network'] {
  const name = networkName(runId);
  return {
    name,
    create: {
      program: 'docker',
      args: ['network', 'create', '--driver=bridge', `--subnet=${subnet}`, '--opt', 'com.docker.network.bridge.enable_ip_masquerade=true', '--label', `dev.kscenario.run=${runId}`, name],
      timeoutMs: 60_000,
    },
    remove: { program: 'docker', args: ['network', 'rm', name], timeoutMs: 60_000, abortable: false },
  };
}

export function clusterRef(name: string, shape: ClusterShape, o: Pick<RunPlanOptions, 'workDir' | 'runId'>): ClusterRef {
  const kubeconfig = join(o.workDir, `${name}.kubeconfig`);
  const config = kindConfig(name, shape);
  const create: Command = {
    program: 'kind',
    args: ['create', 'cluster', '--name', name, '--config', '-', '--kubeconfig', kubeconfig, '--wait', '5m'],
    input: config,
    env: { [KIND_NETWORK_ENV]: networkName(o.runId) },
    timeoutMs: CREATE_TIMEOUT_MS,
  };
  return {
    name, kubeconfig, context: `kind-${name}`, shape, config,
    containers: containerNames(name, shape.nodes),
    create: [create, ...shapingCommands(name, shape)],
    delete: { program: 'kind', args: ['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig], timeoutMs: DELETE_TIMEOUT_MS, abortable: false },
  };
}

/** A stand-in for what only the run knows, in dry-run output. */
export function addressOf(node: string): string {
  return `<IP of ${node}>`;
}

export function planRun(scenarios: readonly LoadedScenario[], o: RunPlanOptions): RunPlan {
  const network = networkCommands(o.runId, o.subnet);
  const out: ScenarioPlan[] = [];
  let count = 0;
  let previous: { ref: ClusterRef; dirty: boolean } | undefined;
  for (const scenario of scenarios) {
    const request = o.clusterRequest(scenario);
    const refusals = kindRefusals(scenario, request);
    if (refusals.length) {
      out.push({ scenario, request, refusals, deleteAfter: false, faults: [] });
      continue;
    }
    const shape = shapeFor(request, addedNodes(scenario), o);
    const reuse = !!o.reuse && previous !== undefined && !previous.dirty && previous.ref.shape.key === shape.key;
    const ref = reuse ? previous!.ref : clusterRef(`ks-${o.runId}-${++count}`, shape, o);
    const faults = faultPlans(scenario, ref, network.name);
    out.push({ scenario, request, refusals, cluster: ref, action: reuse ? 'reuse' : 'create', deleteAfter: !o.keep, faults });
    previous = { ref, dirty: faults.length > 0 };
  }
  // a cluster the next planned scenario reuses is not deleted in between
  const planned = out.filter((p) => p.cluster);
  planned.forEach((p, i) => {
    const next = planned[i + 1];
    if (next?.action === 'reuse' && next.cluster === p.cluster) p.deleteAfter = false;
  });
  return { network, scenarios: out };
}

function faultPlans(scenario: LoadedScenario, ref: ClusterRef, network: string): FaultPlan[] {
  const out: FaultPlan[] = [];
  for (const step of scenario.steps) {
    for (const verb of FAULT_VERBS) {
      const v = step.step[verb];
      if (v === undefined) continue;
      const node = typeof v === 'string' ? v : v.name;
      const container = ref.containers.get(node) ?? `<container of ${node}>`;
      out.push({
        step, verb, node, container,
        commands: [...(readsAddress(verb) ? [inspectNetworks(container)] : []), ...faultCommands(verb, container, network, addressOf(node), true)],
      });
    }
  }
  return out;
}
