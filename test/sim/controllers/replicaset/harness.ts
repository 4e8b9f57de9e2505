/**
 * Test bench for the ReplicaSet and Deployment controllers: a real ApiServer, Clock, Rng and
 * EventRecorder plus the controllers under test. StandInKubelet stands in for the scheduler and
 * the kubelet, which are NOT under test here: it binds each new pod to a node at creation
 * (admission hook), marks bound pods Running and Ready after a start delay via updateStatus, and
 * finishes graceful deletions (pods with a deletionTimestamp) after a stop delay.
 */
import { StandInKubelet, type PodK } from '../../../support/stand-in-kubelet';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import type { Component, SimContext } from '../../../../src/sim/context';
import { EventRecorder } from '../../../../src/sim/events';
import { Rng } from '../../../../src/sim/rng';
import { clone, type KObject } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import { ReplicaSetController } from '../../../../src/sim/controllers/replicaset';



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

export { StandInKubelet, type PodK };
