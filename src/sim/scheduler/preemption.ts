/**
 * PostFilter: DefaultPreemption (plugins/defaultpreemption, framework/preemption/preemption.go).
 * When no node fits, look for nodes where evicting lower-priority pods would make room: a dry run
 * per node removes every lower-priority pod, checks the filters, then adds victims back
 * (reprieve) from the most important down, keeping only those that must go. The best candidate
 * (fewest PDB violations, then lowest highest-victim priority, smallest priority sum, fewest
 * victims, latest-started victims) has its victims deleted and becomes the pod's nominated node.
 * Without a candidate, the message explains per node why preemption would not help.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { fromLabelSelector, matches } from '../../kube/labels';
import type { KObject } from '../../kube/object';
import { runFilters, type ActiveFilter } from './cycle';
import { fitErrorMessage, statusOf, type Diagnosis } from './fit-error';
import { status, type CycleContext, type Status } from './framework';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';

const NOT_HELPFUL = status('DefaultPreemption', 'UnschedulableAndUnresolvable', 'Preemption is not helpful for scheduling');
const NO_VICTIMS = status('DefaultPreemption', 'UnschedulableAndUnresolvable', 'No preemption victims found for incoming pod');

export interface Candidate {
  readonly node: NodeInfo;
  /** most important first */
  readonly victims: readonly PodInfo[];
  readonly pdbViolations: number;
}

export type PreemptionOutcome =
  | { kind: 'message'; message: string }
  | { kind: 'candidate'; candidate: Candidate };

export type Pdb = KObject & { spec?: { selector?: LabelSelector }; status?: { disruptionsAllowed?: number; disruptedPods?: Record<string, string> } };

/** DisruptionTarget condition with reason PreemptionByScheduler: a victim already on its way out. */
function terminatingByPreemption(p: Pod): boolean {
  if (!p.metadata?.deletionTimestamp) return false;
  return (p.status?.conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'PreemptionByScheduler');
}

/** PodEligibleToPreemptOthers. */
function ineligibility(ctx: CycleContext, diagnosis: Diagnosis): string | undefined {
  const pod = ctx.pod.pod;
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status?.nominatedNodeName;
  if (!nominated) return undefined;
  if (statusOf(diagnosis, nominated)?.code === 'UnschedulableAndUnresolvable') return undefined;
  const node = ctx.cache.get(nominated);
  for (const p of node?.pods.values() ?? []) {
    if (p.priority < ctx.pod.priority && terminatingByPreemption(p.pod)) return 'not eligible due to a terminating pod on the nominated node.';
  }
  return undefined;
}

/** MoreImportantPod: higher priority first, then the one started earlier. `nowMs`: see startTime. */
function moreImportant(nowMs: number): (a: PodInfo, b: PodInfo) => number {
  return (a, b) => (a.priority !== b.priority ? b.priority - a.priority : startTime(a, nowMs) - startTime(b, nowMs));
}

/**
 * GetPodStartTime (pkg/scheduler/util): status.startTime, or the current time for a pod that has
 * not started (assumed, or bound and not yet accepted by its kubelet), so any started pod counts
 * as older. Upstream reads the wall clock at each call, which orders two unstarted pods by the
 * order of the calls; here both get the same instant and keep their order (the sort is stable).
 */
function startTime(p: PodInfo, nowMs: number): number {
  const t = p.pod.status?.startTime;
  return t ? Date.parse(t) : nowMs;
}

export class Preemptor {
  /** `nowMs`: the current time as epoch milliseconds, what a pod's startTime parses to */
  constructor(
    private readonly listPdbs: (namespace: string) => Pdb[],
    private readonly nowMs: () => number,
  ) {}

  /** Runs PostFilter; returns the message part or the chosen candidate. */
  preempt(ctx: CycleContext, diagnosis: Diagnosis, filters: readonly ActiveFilter[]): PreemptionOutcome {
    const why = ineligibility(ctx, diagnosis);
    if (why) return { kind: 'message', message: `preemption: ${why}` };
    const potential = ctx.allNodes.filter((n) => statusOf(diagnosis, n.name)?.code === 'Unschedulable');
    const statuses = new Map<string, Status>();
    const candidates: Candidate[] = [];
    for (const node of potential) {
      const r = this.selectVictims(ctx, node, filters);
      if ('victims' in r) candidates.push(r);
      else statuses.set(node.name, r);
    }
    if (!candidates.length) {
      const msg = fitErrorMessage({ numAllNodes: ctx.allNodes.length, nodeStatuses: statuses, absentStatus: NOT_HELPFUL, unschedulablePlugins: new Set() });
      return { kind: 'message', message: `preemption: ${msg}` };
    }
    return { kind: 'candidate', candidate: pickOne(candidates, this.nowMs()) };
  }

  /** SelectVictimsOnNode. */
  private selectVictims(ctx: CycleContext, original: NodeInfo, active: readonly ActiveFilter[]): Candidate | Status {
    const lower = [...original.pods.values()].filter((p) => p.priority < ctx.pod.priority);
    if (!lower.length) return NO_VICTIMS;
    const node = original.clone();
    const filters = active.map((f) => ({ plugin: f.plugin, prepared: f.prepared.clone?.() ?? f.prepared }));
    const remove = (p: PodInfo) => {
      node.removePod(p);
      for (const f of filters) f.prepared.removePod?.(p, node);
    };
    const add = (p: PodInfo) => {
      node.addPod(p);
      for (const f of filters) f.prepared.addPod?.(p, node);
    };
    for (const p of lower) remove(p);
    const blocked = runFilters(filters, node);
    if (blocked) return blocked;
    const order = moreImportant(this.nowMs());
    lower.sort(order);
    const { violating, nonViolating } = this.splitByPdb(lower);
    const victims: PodInfo[] = [];
    let pdbViolations = 0;
    const reprieve = (p: PodInfo, violates: boolean) => {
      add(p);
      if (!runFilters(filters, node)) return;
      remove(p);
      victims.push(p);
      if (violates) pdbViolations++;
    };
    for (const p of violating) reprieve(p, true);
    for (const p of nonViolating) reprieve(p, false);
    victims.sort(order);
    return { node: original, victims, pdbViolations };
  }

  /**
   * filterPodsWithPDBViolation: a pod whose PodDisruptionBudget has no disruption left would
   * violate it (each pod counted against the budget in turn).
   */
  private splitByPdb(pods: PodInfo[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
    const budgets = new Map<string, number>();
    const violating: PodInfo[] = [];
    const nonViolating: PodInfo[] = [];
    for (const p of pods) {
      let violates = false;
      // A pod without labels matches no budget; a nil or empty budget selector matches nothing.
      for (const pdb of Object.keys(p.labels).length ? this.listPdbs(p.namespace) : []) {
        const sel = pdb.spec?.selector ? fromLabelSelector(pdb.spec.selector) : [];
        if (!sel.length || !matches(sel, p.labels)) continue;
        if (pdb.status?.disruptedPods?.[p.name]) continue;
        const key = pdb.metadata.name;
        const left = (budgets.get(key) ?? pdb.status?.disruptionsAllowed ?? 0) - 1;
        budgets.set(key, left);
        if (left < 0) violates = true;
      }
      (violates ? violating : nonViolating).push(p);
    }
    return { violating, nonViolating };
  }
}

/** pickOneNodeForPreemption. */
function pickOne(candidates: Candidate[], nowMs: number): Candidate {
  const steps: Array<(c: Candidate) => number> = [
    (c) => c.pdbViolations,
    (c) => c.victims[0]?.priority ?? -Infinity,
    (c) => c.victims.reduce((s, v) => s + v.priority + 2 ** 31, 0),
    (c) => c.victims.length,
    // the latest start among the highest-priority victims wins: minimise its negation
    (c) => -earliestStartOfTop(c, nowMs),
  ];
  let pool = candidates;
  for (const key of steps) {
    const min = Math.min(...pool.map(key));
    pool = pool.filter((c) => key(c) === min);
    if (pool.length === 1) break;
  }
  return pool[0]!;
}

function earliestStartOfTop(c: Candidate, nowMs: number): number {
  const top = c.victims[0]?.priority;
  const times = c.victims.filter((v) => v.priority === top).map((v) => startTime(v, nowMs));
  return times.length ? Math.min(...times) : 0;
}
