/**
 * Test bench for the StatefulSet controller: a real ApiServer, Clock, Rng and EventRecorder, the
 * controller under test, and StandInKubelet — a stand-in for the scheduler and the kubelet, which are
 * NOT under test here. It binds every new pod to one node at creation (admission hook), marks
 * bound pods Running and Ready after a start delay, and finishes graceful deletions.
 */
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { StandInKubelet, type PodK } from '../../../support/stand-in-kubelet';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import type { SimContext } from '../../../../src/sim/context';
import { EventRecorder } from '../../../../src/sim/events';
import { Rng } from '../../../../src/sim/rng';
import { clone, type KObject } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import { StatefulSetController, type StatefulSetControllerOptions } from '../../../../src/sim/controllers/statefulset';

export type StsK = KObject & StatefulSet;
export type PvcK = KObject & PersistentVolumeClaim;

export const NODE = 'node-1';

export interface Bench {
  api: ApiServer;
  clock: Clock;
  kubelet: StandInKubelet;
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
  const kubelet = new StandInKubelet(api, clock);
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

export { StandInKubelet, type PodK };
