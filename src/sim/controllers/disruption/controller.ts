/**
 * The disruption controller (pkg/controller/disruption/disruption.go): keeps the status of every
 * PodDisruptionBudget — expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed,
 * disruptedPods, observedGeneration and the DisruptionAllowed condition — from the pods its
 * selector matches and their controllers' scales. Watch handlers only enqueue; all writes happen
 * in sync. Like upstream it watches pods and budgets only: a scale change of a controller shows
 * up at the next pod event.
 */
import { ApiError } from '../../../errors';
import { withCondition } from '../../../kube/pod-condition';
import type { KubeVersion } from '../../../kube/version';
import type { ApiServer, WatchEvent } from '../../apiserver/store';
import type { Clock } from '../../clock';
import type { Component, SimContext } from '../../context';
import type { EventRecorder } from '../../events';
import { WorkQueue } from '../../workqueue';
import type { PodObj } from '../../../kube/pod-state';
import { buildDisruptedPodMap, countHealthyPods, failSafeStatus, statusToWrite } from './budget-status';
import { expectedPodCount } from './expected-pods';
import { pdbsForPod, podsForPdb } from './selection';
import { DISRUPTION_TARGET, staleDisruptionIn } from './stale-condition';
import { COMPONENT, type PdbObj, type PdbStatus } from './types';
import { queueKey, splitQueueKey } from '../shared/queue-key';

/**
 * A recheck goes through recheckQueue and then queue.AddRateLimited: after a successful sync the
 * per-item back-off is at its base, 5 ms (client-go DefaultTypedControllerRateLimiter).
 */
const RATE_LIMITED_DELAY_MS = 5;

export class DisruptionController implements Component {
  private api!: ApiServer;
  private clock!: Clock;
  private events!: EventRecorder;
  private version!: KubeVersion;
  private queue!: WorkQueue;
  private staleQueue!: WorkQueue;

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.clock = ctx.clock;
    this.events = ctx.events;
    this.version = ctx.config.version;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.staleQueue = new WorkQueue(ctx.clock, (key) => this.syncStalePodDisruption(key));
    ctx.api.watch((ev) => this.onEvent(ev), ['PodDisruptionBudget', 'Pod']);
  }

  // ---- watch handlers (enqueue only) ----------------------------------------------------------

  private onEvent(ev: WatchEvent): void {
    if (ev.object.kind === 'PodDisruptionBudget') this.queue.add(queueKey(ev.object));
    else if (ev.object.kind === 'Pod') this.onPod(ev.object as PodObj, ev.type === 'DELETED');
  }

  /** addPod / updatePod / deletePod: the pod's (first) budget, and a stale condition's cleanup. */
  private onPod(pod: PodObj, deleted: boolean): void {
    const pdbs = pdbsForPod(this.api, pod);
    if (pdbs.length > 1) this.warnMultiple(pod, pdbs[0]!);
    if (pdbs.length) this.queue.add(queueKey(pdbs[0]!));
    if (deleted) return;
    const staleIn = staleDisruptionIn(pod, this.clock.now(), (t) => this.api.parseTime(t));
    if (staleIn !== undefined) this.staleQueue.add(queueKey(pod), staleIn);
  }

  /** getPdbForPod's event, recorded after the handler returns (handlers never write). */
  private warnMultiple(pod: PodObj, chosen: PdbObj): void {
    const { namespace, name } = pod.metadata;
    const message = `Pod "${namespace}"/"${name}" matches multiple PodDisruptionBudgets.  Chose "${chosen.metadata.name}" arbitrarily.`;
    this.clock.after(0, () => {
      const live = this.api.get<PodObj>('Pod', namespace, name);
      if (live) this.events.record(live, 'Warning', 'MultiplePodDisruptionBudgets', message, COMPONENT);
    });
  }

  // ---- sync ----------------------------------------------------------------------------------

  private sync(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const pdb = this.api.get<PdbObj>('PodDisruptionBudget', namespace, name);
    if (!pdb) return;
    try {
      this.trySync(pdb);
    } catch (err) {
      // A conflict is retried by the queue without the fail-safe; anything else zeroes the budget.
      if (err instanceof ApiError && err.status === 409) throw err;
      this.writeStatus(pdb, failSafeStatus(pdb, (err as Error).message, this.api.timestamp()));
    }
  }

  private trySync(pdb: PdbObj): void {
    const pods = podsForPdb(this.api, pdb);
    if (!pods.length) this.events.record(pdb, 'Normal', 'NoPods', 'No matching pods found', COMPONENT);
    let expected;
    try {
      expected = expectedPodCount(this.api, pdb, pods, this.version);
    } catch (err) {
      this.events.record(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${(err as Error).message}`, COMPONENT);
      throw err;
    }
    if (expected.unmanagedPods.length) this.events.record(pdb, 'Warning', 'UnmanagedPods', unmanagedPodsMessage(pdb), COMPONENT);

    const now = this.clock.now();
    const parse = (t: string) => this.api.parseTime(t);
    const disrupted = buildDisruptedPodMap(pods, pdb, now, parse);
    for (const pod of disrupted.expired) {
      // Upstream prints the budget's namespace twice (disruption.go buildDisruptedPodMap).
      const ns = pdb.metadata.namespace;
      this.events.record(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`, COMPONENT);
    }
    const status = statusToWrite(pdb, {
      currentHealthy: countHealthyPods(pods, disrupted.kept, now, parse),
      desiredHealthy: expected.desiredHealthy,
      expectedCount: expected.expectedCount,
      disruptedPods: disrupted.kept,
    }, this.api.timestamp());
    if (status) this.writeStatus(pdb, status);
    if (disrupted.recheckAt !== undefined) this.queue.add(queueKey(pdb), disrupted.recheckAt - now + RATE_LIMITED_DELAY_MS);
  }

  private writeStatus(pdb: PdbObj, status: PdbStatus): void {
    this.api.updateStatus({ ...pdb, status });
  }

  /** syncStalePodDisruption: DisruptionTarget back to False once stale. */
  private syncStalePodDisruption(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const pod = this.api.get<PodObj>('Pod', namespace, name);
    if (!pod) return;
    const staleIn = staleDisruptionIn(pod, this.clock.now(), (t) => this.api.parseTime(t));
    if (staleIn === undefined) return;
    if (staleIn > 0) return this.staleQueue.add(key, staleIn);
    const status = withCondition(pod.status, { type: DISRUPTION_TARGET, status: 'False' }, this.api.timestamp());
    if (status) this.api.updateStatus({ ...pod, status });
  }
}

/**
 * The UnmanagedPods warning; the selector prints with %v, i.e. the protobuf-generated String() of
 * *metav1.LabelSelector (`&LabelSelector{MatchLabels:map[string]string{app: zk,},...}`).
 */
function unmanagedPodsMessage(pdb: PdbObj): string {
  return `Pods selected by this PodDisruptionBudget (selector: ${labelSelectorString(pdb.spec?.selector)}) were found ` +
    'to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. ' +
    'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.';
}

type SelectorLike = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };

function labelSelectorString(sel: SelectorLike | undefined): string {
  if (!sel) return 'nil';
  const labels = Object.keys(sel.matchLabels ?? {}).sort().map((k) => `${k}: ${sel.matchLabels![k]},`).join('');
  const exprs = (sel.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
