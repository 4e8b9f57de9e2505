/**
 * How much one scenario may create on the simulator. A real API server has no such limits (etcd's
 * size and the nodes' capacity are the bounds); the simulator holds every object in one process,
 * so without them a valid but huge scenario (`replicas: 2147483647`) runs until the heap is
 * exhausted. Each limit is checked where it is cheap: a counter per create in the simulated API
 * server, and up front where a scenario states a size (its nodes, a manifest's replicas, a scale
 * step). `kscenario run --max-objects/--max-pods/--max-nodes` raise them.
 *
 * The defaults fit the seed suite (at most 529 objects, 71 pods, 6 nodes at once) and the pods
 * benchmark up to 10,000 pods on 1,000 nodes (about 169,000 objects, 19,500 pods at once during
 * the roll), and stay far below the 4 GiB default V8 heap (about 2 KiB live per object).
 */
import type { KObject } from './object';

export interface SizeLimits {
  /** objects stored at once, every kind (Events and the system's own objects included) */
  maxObjects: number;
  /** pods stored at once (also the largest replicas/parallelism a workload may ask for) */
  maxPods: number;
  /** nodes at once */
  maxNodes: number;
}

export const DEFAULT_SIZE_LIMITS: Readonly<SizeLimits> = { maxObjects: 200_000, maxPods: 50_000, maxNodes: 5_000 };

/** The CLI flag that raises each limit. */
export const LIMIT_FLAGS: Readonly<Record<keyof SizeLimits, string>> = {
  maxObjects: '--max-objects', maxPods: '--max-pods', maxNodes: '--max-nodes',
};

/** A field of a workload that says how many pods it runs at once. */
export interface PodCountField {
  path: readonly string[];
  value: number;
}

/** Kinds whose spec.replicas is a number of pods (their controllers create that many). */
const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/**
 * The fields of `obj` that ask for a number of pods running at once: spec.replicas of the
 * replicated kinds, spec.parallelism of a Job (its completions may be larger: they run
 * `parallelism` at a time), and a CronJob's job template's parallelism.
 */
export function podCountFields(obj: KObject): PodCountField[] {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object') return [];
  if (REPLICATED.has(obj.kind)) return numberAt(spec, ['spec', 'replicas'], 'replicas');
  if (obj.kind === 'Job') return numberAt(spec, ['spec', 'parallelism'], 'parallelism');
  if (obj.kind === 'CronJob') {
    const jobSpec = ((spec.jobTemplate as { spec?: Record<string, unknown> } | undefined)?.spec);
    return jobSpec && typeof jobSpec === 'object' ? numberAt(jobSpec, ['spec', 'jobTemplate', 'spec', 'parallelism'], 'parallelism') : [];
  }
  return [];
}

function numberAt(holder: Record<string, unknown>, path: string[], field: string): PodCountField[] {
  const value = holder[field];
  return typeof value === 'number' ? [{ path, value }] : [];
}

/** "50,000 pods" */
export function limitText(limits: SizeLimits, which: keyof SizeLimits): string {
  const noun = which === 'maxObjects' ? 'objects' : which === 'maxPods' ? 'pods' : 'nodes';
  return `${limits[which].toLocaleString('en-US')} ${noun}`;
}

/** What to do about a limit that was reached. */
export function limitHint(which: keyof SizeLimits): string {
  return `the simulator holds every object in memory; make the scenario smaller, or raise the limit with ${LIMIT_FLAGS[which]} <n> (docs/simulator.md#size-limits)`;
}
