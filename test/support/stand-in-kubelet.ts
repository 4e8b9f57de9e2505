/**
 * A stand-in for the scheduler and the kubelet in controller unit tests, where neither is under
 * test: it binds each new pod to a node at creation (admission hook), marks it Running and Ready
 * after `startMs` via updateStatus, and finishes graceful deletions after `stopMs` (capped by the
 * grace period). Knobs let a test hold pods back or break them.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { clone, type KObject } from '../../src/kube/object';
import type { ApiServer } from '../../src/sim/apiserver/store';
import type { Clock } from '../../src/sim/clock';

export type PodK = KObject & Pod;

export class StandInKubelet {
  /** ms from creation to Running+Ready */
  startMs = 2000;
  /** ms a graceful deletion takes (capped by the grace period) */
  stopMs = 1000;
  /** node for a new pod */
  pickNode: (pod: PodK) => string = () => 'node-1';
  /** when false, pods stay Pending (nothing starts) */
  starting = true;
  /** images whose pods never start (stay Pending) */
  readonly brokenImages = new Set<string>();
  /** images whose pods run but never become Ready */
  readonly neverReady = new Set<string>();
  /** pod names whose deletion is never finished (a lost node) */
  readonly stuckDeletion = new Set<string>();
  private readonly started = new Set<string>();
  private readonly stopping = new Set<string>();

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
  ) {
    api.addAdmissionHook('Pod', (obj, op) => {
      const pod = obj as PodK;
      if (op !== 'CREATE' || pod.spec?.nodeName) return obj;
      return { ...obj, spec: { ...pod.spec!, nodeName: this.pickNode(pod) } } as KObject;
    });
    api.watch((ev) => {
      if (ev.object.kind !== 'Pod' || ev.type === 'DELETED') return;
      const pod = ev.object as PodK;
      if (pod.metadata.deletionTimestamp) this.scheduleStop(pod);
      else if (pod.status?.phase === 'Pending') this.scheduleStart(pod);
    });
  }

  /** Writes phase, the Ready condition (keeping its lastTransitionTime) and container statuses. */
  setStatus(pod: PodK, phase: string, ready: boolean, restarts = 0): void {
    const cur = this.api.get<PodK>('Pod', pod.metadata.namespace, pod.metadata.name)!;
    const status = clone(cur.status ?? {}) as NonNullable<Pod['status']>;
    status.phase = phase;
    const was = status.conditions?.find((c) => c.type === 'Ready');
    const readyStatus = ready ? 'True' : 'False';
    const transition = was?.status === readyStatus ? was.lastTransitionTime : this.api.timestamp();
    status.conditions = [{ type: 'Ready', status: readyStatus, lastTransitionTime: transition }];
    status.containerStatuses = (cur.spec?.containers ?? []).map((c) => ({
      name: c.name, image: c.image ?? '', imageID: '', ready, restartCount: restarts, started: phase === 'Running',
    }));
    this.api.updateStatus({ ...cur, status } as KObject);
  }

  private scheduleStart(pod: PodK): void {
    const uid = pod.metadata.uid!;
    const images = (pod.spec?.containers ?? []).map((c) => c.image ?? '');
    if (!this.starting || this.started.has(uid) || images.some((i) => this.brokenImages.has(i))) return;
    this.started.add(uid);
    this.clock.after(this.startMs, () => {
      const cur = this.current(pod);
      if (!cur || cur.metadata.deletionTimestamp || cur.status?.phase !== 'Pending') return;
      this.setStatus(cur, 'Running', !images.some((i) => this.neverReady.has(i)));
    });
  }

  private scheduleStop(pod: PodK): void {
    const uid = pod.metadata.uid!;
    if (this.stopping.has(uid) || this.stuckDeletion.has(pod.metadata.name)) return;
    this.stopping.add(uid);
    const deadline = this.api.parseTime(pod.metadata.deletionTimestamp!);
    this.clock.at(Math.min(this.clock.now() + this.stopMs, deadline), () => {
      const cur = this.current(pod);
      if (cur) this.api.delete('Pod', cur.metadata.namespace, cur.metadata.name, { gracePeriodSeconds: 0 });
    });
  }

  /** The same incarnation of the pod, if it still exists. */
  private current(pod: PodK): PodK | undefined {
    const cur = this.api.get<PodK>('Pod', pod.metadata.namespace, pod.metadata.name);
    return cur && cur.metadata.uid === pod.metadata.uid ? cur : undefined;
  }
}
