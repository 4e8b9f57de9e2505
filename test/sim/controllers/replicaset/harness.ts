/**
 * Test bench for the ReplicaSet and Deployment controllers: a real ApiServer, Clock, Rng and
 * EventRecorder plus the controllers under test. StandInKubelet stands in for the scheduler and
 * the kubelet, which are NOT under test here: it binds each new pod to a node at creation
 * (admission hook), marks bound pods Running and Ready after a start delay via updateStatus, and
 * finishes graceful deletions (pods with a deletionTimestamp) after a stop delay.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import type { Component, SimContext } from '../../../../src/sim/context';
import { EventRecorder } from '../../../../src/sim/events';
import { Rng } from '../../../../src/sim/rng';
import { clone, type KObject } from '../../../../src/k8s/object';
import type { KubeVersion } from '../../../../src/k8s/version';
import { ReplicaSetController } from '../../../../src/sim/controllers/replicaset';

export type PodK = KObject & Pod;


export class StandInKubelet {
  /** ms from creation to Running+Ready */
  startMs = 2000;
  /** ms a graceful deletion takes (capped by the grace period) */
  stopMs = 1000;
  /** node for a new pod (default node-1) */
  pickNode: (pod: PodK) => string = () => 'node-1';
  /** images whose pods start Running but never become Ready */
  readonly neverReady = new Set<string>();
  /** when false, pods stay Pending (nothing starts) */
  starting = true;
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

  private scheduleStart(pod: PodK): void {
    const uid = pod.metadata.uid!;
    if (!this.starting || this.started.has(uid)) return;
    this.started.add(uid);
    this.clock.after(this.startMs, () => {
      const cur = this.current(pod);
      if (!cur || cur.metadata.deletionTimestamp) return;
      const ready = !(cur.spec?.containers ?? []).some((c) => this.neverReady.has(c.image ?? ''));
      this.setStatus(cur, 'Running', ready);
    });
  }

  private scheduleStop(pod: PodK): void {
    const uid = pod.metadata.uid!;
    if (this.stopping.has(uid)) return;
    this.stopping.add(uid);
    const deadline = this.api.parseTime(pod.metadata.deletionTimestamp!);
    this.clock.at(Math.min(this.clock.now() + this.stopMs, deadline), () => {
      const cur = this.current(pod);
      if (cur) this.api.delete('Pod', cur.metadata.namespace, cur.metadata.name, { gracePeriodSeconds: 0 });
    });
  }

  private current(pod: PodK): PodK | undefined {
    const cur = this.api.get<PodK>('Pod', pod.metadata.namespace, pod.metadata.name);
    return cur && cur.metadata.uid === pod.metadata.uid ? cur : undefined;
  }

  /** Writes phase and the Ready condition (with its lastTransitionTime) as the kubelet would. */
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
}

export interface Bench {
  api: ApiServer;
  clock: Clock;
  kubelet: StandInKubelet;
  run(ms: number): void;
  get<T = KObject>(kind: string, name: string): T;
  /** pods of the default namespace, sorted by name */
  pods(): PodK[];
  /** "<reason>: <message>" of Events about an object, in creation order */
  eventsAbout(name: string): string[];
}

export function bench(version: KubeVersion = '1.35', extra: Component[] = []): Bench {
  const clock = new Clock();
  const rng = new Rng(7);
  const api = new ApiServer(version, clock, rng);
  const events = new EventRecorder(api, clock);
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const kubelet = new StandInKubelet(api, clock);
  const ctx: SimContext = { api, clock, rng, events, config: { version, seed: 7, images: {} }, registerAction: () => undefined };
  for (const c of [new ReplicaSetController(), ...extra]) c.start(ctx);
  return {
    api, clock, kubelet,
    run: (ms) => clock.runUntil(clock.now() + ms),
    get: <T>(kind: string, name: string) => api.get<T>(kind, 'default', name)!,
    pods: () => api.list<PodK>('Pod', 'default').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)),
    eventsAbout: (name) =>
      api.list<KObject & { involvedObject: { name: string }; reason: string; message: string; count: number }>('Event')
        .filter((e) => e.involvedObject.name === name)
        .flatMap((e) => Array.from({ length: e.count }, () => `${e.reason}: ${e.message}`)),
  };
}

export function replicaSet(name: string, replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: 'web' } },
        spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image: 'nginx:1.25' }] },
      },
      ...extra,
    },
  };
}

export function scale(b: Bench, kind: string, name: string, replicas: number): void {
  const cur = clone(b.get<KObject & { spec: { replicas: number } }>(kind, name));
  cur.spec.replicas = replicas;
  b.api.update(cur);
}
