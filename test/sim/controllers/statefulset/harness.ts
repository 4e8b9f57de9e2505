/**
 * Test bench for the StatefulSet controller: a real ApiServer, Clock, Rng and EventRecorder, the
 * controller under test, and FakeKubelet — a stand-in for the scheduler and the kubelet, which are
 * NOT under test here. It binds every new pod to one node at creation (admission hook), marks
 * bound pods Running and Ready after a start delay, and finishes graceful deletions.
 */
import type { Pod, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import type { SimContext } from '../../../../src/sim/context';
import { EventRecorder } from '../../../../src/sim/events';
import { Rng } from '../../../../src/sim/rng';
import { clone, type KObject } from '../../../../src/k8s/object';
import type { KubeVersion } from '../../../../src/k8s/version';
import { StatefulSetController, type StatefulSetControllerOptions } from '../../../../src/sim/controllers/statefulset';

export type PodK = KObject & Pod;
export type StsK = KObject & StatefulSet;
export type PvcK = KObject & PersistentVolumeClaim;

export const NODE = 'node-1';

export class FakeKubelet {
  /** ms from binding to Running+Ready */
  startMs = 2000;
  /** ms a graceful deletion takes (capped by the grace period) */
  stopMs = 1000;
  /** images whose pods never start (stay Pending) */
  readonly brokenImages = new Set<string>();
  /** pods whose deletion is never finished (a lost node) */
  readonly stuckDeletion = new Set<string>();
  private readonly starting = new Set<string>();
  private readonly stopping = new Set<string>();

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
  ) {
    api.addAdmissionHook('Pod', (obj, op) => {
      const pod = obj as PodK;
      if (op !== 'CREATE' || pod.spec?.nodeName) return obj;
      return { ...obj, spec: { ...pod.spec!, nodeName: NODE } } as KObject;
    });
    api.watch((ev) => {
      if (ev.object.kind !== 'Pod' || ev.type === 'DELETED') return;
      const pod = ev.object as PodK;
      if (pod.metadata.deletionTimestamp) this.scheduleStop(pod);
      else if (pod.status?.phase === 'Pending') this.scheduleStart(pod);
    });
  }

  private scheduleStart(pod: PodK): void {
    const uid = pod.metadata.uid!;
    if (this.starting.has(uid)) return;
    const images = (pod.spec?.containers ?? []).map((c) => c.image ?? '');
    if (images.some((i) => this.brokenImages.has(i))) return;
    this.starting.add(uid);
    this.clock.after(this.startMs, () => {
      const cur = this.current(pod);
      if (!cur || cur.metadata.deletionTimestamp || cur.status?.phase !== 'Pending') return;
      this.setStatus(cur, 'Running', true);
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

  /** Writes phase and the Ready condition (with its lastTransitionTime) as the kubelet would. */
  setStatus(pod: PodK, phase: string, ready: boolean): void {
    const cur = this.api.get<PodK>('Pod', pod.metadata.namespace, pod.metadata.name)!;
    const now = this.api.timestamp();
    const status = clone(cur.status ?? {}) as NonNullable<Pod['status']>;
    status.phase = phase;
    const wasReady = status.conditions?.find((c) => c.type === 'Ready');
    const readyStatus = ready ? 'True' : 'False';
    const transition = wasReady?.status === readyStatus ? wasReady.lastTransitionTime : now;
    status.conditions = [{ type: 'Ready', status: readyStatus, lastTransitionTime: transition }];
    this.api.updateStatus({ ...cur, status } as KObject);
  }
}

export interface Bench {
  api: ApiServer;
  clock: Clock;
  kubelet: FakeKubelet;
  events: EventRecorder;
  /** runs the clock forward by ms */
  run(ms: number): void;
  pod(name: string, ns?: string): PodK | undefined;
  podNames(): string[];
  set(name: string, ns?: string): StsK;
  pvc(name: string, ns?: string): PvcK | undefined;
  /** messages of Events about an object, in creation order: "<reason>: <message>" */
  eventsAbout(name: string): string[];
}

export function bench(version: KubeVersion = '1.35', options: StatefulSetControllerOptions = {}): Bench {
  const clock = new Clock();
  const rng = new Rng(42);
  const api = new ApiServer(version, clock, rng);
  const events = new EventRecorder(api, clock);
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const kubelet = new FakeKubelet(api, clock);
  const ctx: SimContext = {
    api, clock, rng, events,
    config: { version, seed: 42, images: {} },
    registerAction: () => undefined,
  };
  new StatefulSetController(options).start(ctx);
  return {
    api, clock, kubelet, events,
    run: (ms) => clock.runUntil(clock.now() + ms),
    pod: (name, ns = 'default') => api.get<PodK>('Pod', ns, name),
    podNames: () => api.list<PodK>('Pod').map((p) => p.metadata.name).sort(),
    set: (name, ns = 'default') => api.get<StsK>('StatefulSet', ns, name)!,
    pvc: (name, ns = 'default') => api.get<PvcK>('PersistentVolumeClaim', ns, name),
    eventsAbout: (name) =>
      api
        .list<KObject & { involvedObject: { name: string }; reason: string; message: string }>('Event')
        .filter((e) => e.involvedObject.name === name)
        .map((e) => `${e.reason}: ${e.message}`),
  };
}

export interface SetOptions {
  replicas?: number;
  image?: string;
  policy?: 'OrderedReady' | 'Parallel';
  minReadySeconds?: number;
  claims?: string[];
  updateStrategy?: Record<string, unknown>;
  retention?: { whenDeleted?: string; whenScaled?: string };
  ordinalsStart?: number;
  revisionHistoryLimit?: number;
}

/** A StatefulSet manifest as a user writes it (app=nginx, headless service "nginx"). */
export function statefulSet(name: string, o: SetOptions = {}): KObject {
  const spec: Record<string, unknown> = {
    serviceName: 'nginx',
    replicas: o.replicas ?? 3,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        terminationGracePeriodSeconds: 10,
        containers: [{
          name: 'nginx',
          image: o.image ?? 'nginx:1.14.2',
          ...(o.claims?.length ? { volumeMounts: o.claims.map((c) => ({ name: c, mountPath: `/data/${c}` })) } : {}),
        }],
      },
    },
  };
  if (o.policy) spec.podManagementPolicy = o.policy;
  if (o.minReadySeconds !== undefined) spec.minReadySeconds = o.minReadySeconds;
  if (o.updateStrategy) spec.updateStrategy = o.updateStrategy;
  if (o.retention) spec.persistentVolumeClaimRetentionPolicy = o.retention;
  if (o.ordinalsStart !== undefined) spec.ordinals = { start: o.ordinalsStart };
  if (o.revisionHistoryLimit !== undefined) spec.revisionHistoryLimit = o.revisionHistoryLimit;
  if (o.claims?.length) {
    spec.volumeClaimTemplates = o.claims.map((c) => ({
      metadata: { name: c, labels: { tier: 'storage' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }));
  }
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'default' }, spec };
}

/** Applies a change to a StatefulSet's spec (like kubectl patch/edit). */
export function editSet(b: Bench, name: string, change: (spec: Record<string, any>) => void): void {
  const cur = clone(b.set(name)) as KObject & { spec: Record<string, any> };
  change(cur.spec);
  b.api.update(cur);
}

export function imageOf(pod: PodK | undefined): string | undefined {
  return pod?.spec?.containers[0]?.image;
}

export function setImage(b: Bench, name: string, image: string): void {
  editSet(b, name, (spec) => {
    spec.template.spec.containers[0].image = image;
  });
}
