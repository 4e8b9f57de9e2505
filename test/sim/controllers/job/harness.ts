/**
 * A small real cluster for the Job and CronJob controllers: the simulator with the scheduler,
 * the kubelets (whose process model decides when containers exit), the node lifecycle controller,
 * the garbage collector and the controllers under test, on two worker nodes. Time runs on the
 * virtual clock.
 */
import type { ObjectChange } from '../../../../src/history/entry';
import { WatchHistory } from '../../../support/watch-history';
import type { KObject } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import type { Component } from '../../../../src/sim/context';
import { CronJobController } from '../../../../src/sim/controllers/cronjob';
import { GarbageCollector } from '../../../../src/sim/controllers/gc';
import { JobController, TtlAfterFinishedController } from '../../../../src/sim/controllers/job';
import { NodeLifecycleController } from '../../../../src/sim/controllers/nodelifecycle';
import { Kubelets } from '../../../../src/sim/kubelet/kubelets';
import { Scheduler } from '../../../../src/sim/scheduler';
import { Simulator } from '../../../../src/sim/simulator';
import { VolumeData } from '../../../../src/sim/storage/volume-data';

export type Obj = KObject & { spec?: any; status?: any };

export interface Cluster {
  sim: Simulator;
  /** every object change, in order */
  history: ObjectChange[];
  /** runs the clock to `ms` virtual ms after the start */
  at(ms: number): void;
  get(kind: string, name: string): Obj | undefined;
  list(kind: string): Obj[];
  /** "<type> <reason>: <message>" of the events about an object, oldest first */
  events(name: string): string[];
  /** the recorded states of one object, in order */
  states(kind: string, name: string): Array<{ t: number; type: string; object: Obj }>;
}

export function cluster(opts: { version?: KubeVersion; cronJobs?: boolean } = {}): Cluster {
  const kubelets = new Kubelets(new VolumeData());
  // The node lifecycle controller lifts the not-ready NoSchedule taint that TaintNodesByCondition
  // admission puts on every new node, once its kubelet reports Ready.
  const history = new WatchHistory();
  const components: Component[] = [
    history, new Scheduler(), kubelets, new NodeLifecycleController(kubelets.heartbeats()),
    new JobController(), new TtlAfterFinishedController(), new GarbageCollector(),
  ];
  if (opts.cronJobs) components.push(new CronJobController());
  const sim = new Simulator({ version: opts.version ?? '1.35', seed: 3, images: {} }, components);
  for (const name of ['worker-1', 'worker-2']) sim.act('addNode', { name });
  sim.settle();
  return {
    sim,
    history: history.entries,
    at: (ms) => sim.clock.runUntil(ms),
    get: (kind, name) => sim.api.get<Obj>(kind, 'default', name),
    list: (kind) => sim.api.list<Obj>(kind, 'default').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)),
    events: (name) => sim.api.list<Obj>('Event', 'default')
      .filter((e) => (e.involvedObject as { name: string }).name === name)
      .map((e) => `${e.type} ${e.reason}: ${e.message}`),
    states: (kind, name) => history.entries
      .filter((h) => h.kind === kind && h.name === name && h.namespace === 'default')
      .map((h) => ({ t: h.t, type: h.type, object: h.object as Obj })),
  };
}

/** A Job like the tutorial's: busybox running `command` with restartPolicy `restart`. */
export function job(name: string, command: string[], spec: Record<string, unknown> = {}, restart = 'Never'): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      ...spec,
      template: {
        metadata: { labels: { jobType: 'sleep' } },
        spec: { restartPolicy: restart, containers: [{ name: 'job', image: 'busybox:latest', command }] },
      },
    },
  };
}

export function conditionTypes(o: Obj | undefined): string[] {
  return (o?.status?.conditions ?? []).map((c: { type: string; status: string }) => `${c.type}=${c.status}`);
}
