/**
 * Resource arithmetic of the scheduler (framework.Resource, component-helpers resource.PodRequests):
 * CPU in millicores, everything else in base units, all integers like upstream's int64 values.
 */
import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../../kube/quantity';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST } from './constants';

export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** extended and hugepages resources; null when none (the common case, kept allocation-free) */
  scalars: Record<string, number> | null;
}

type ResourceList = Record<string, string | number | undefined>;

export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalars: null };
}

/** Quantity.MilliValue / Value round up to the next integer (resource.Quantity). */
function milliValue(q: string | number | undefined): number {
  const v = q === undefined ? 0 : (parseQuantity(q) ?? 0);
  return Math.ceil(v * 1000 - 1e-6);
}
function value(q: string | number | undefined): number {
  const v = q === undefined ? 0 : (parseQuantity(q) ?? 0);
  return Math.ceil(v - 1e-9);
}

/** Resource.Add for a ResourceList; "pods" is only meaningful for allocatable. */
export function addList(r: Resources, list: ResourceList | undefined): void {
  if (!list) return;
  for (const name of Object.keys(list)) {
    const q = list[name];
    if (q === undefined) continue;
    switch (name) {
      case 'cpu':
        r.milliCPU += milliValue(q);
        break;
      case 'memory':
        r.memory += value(q);
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage += value(q);
        break;
      case 'pods':
        break;
      default:
        (r.scalars ??= {})[name] = (r.scalars[name] ?? 0) + value(q);
    }
  }
}

function maxInto(r: Resources, o: Resources): void {
  r.milliCPU = Math.max(r.milliCPU, o.milliCPU);
  r.memory = Math.max(r.memory, o.memory);
  r.ephemeralStorage = Math.max(r.ephemeralStorage, o.ephemeralStorage);
  if (o.scalars) {
    for (const [k, v] of Object.entries(o.scalars)) (r.scalars ??= {})[k] = Math.max(r.scalars[k] ?? 0, v);
  }
}

export function addInto(r: Resources, o: Resources, sign = 1): void {
  r.milliCPU += sign * o.milliCPU;
  r.memory += sign * o.memory;
  r.ephemeralStorage += sign * o.ephemeralStorage;
  if (o.scalars) {
    for (const [k, v] of Object.entries(o.scalars)) (r.scalars ??= {})[k] = (r.scalars[k] ?? 0) + sign * v;
  }
}

export function cloneResources(r: Resources): Resources {
  return { ...r, scalars: r.scalars ? { ...r.scalars } : null };
}

/**
 * A container's requests; a resource with only a limit requests the limit (the API server's
 * defaulting, SetDefaults_ResourceList for requests, applied here too in case a manifest skipped it).
 * `nonMissing` fills absent cpu/memory with the scheduler's defaults (NonMissingContainerRequests).
 */
function containerRequests(c: Container, nonMissing: boolean, status?: ContainerStatus, infeasible = false): Resources {
  const r = emptyResources();
  const req = (c.resources?.requests ?? {}) as ResourceList;
  const lim = (c.resources?.limits ?? {}) as ResourceList;
  const merged: ResourceList = { ...lim, ...req };
  addList(r, status?.resources ? effectiveRequests(merged, status, infeasible) : merged);
  if (nonMissing) {
    if (merged.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (merged.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * resource.PodRequests: regular containers and sidecars (restartable init containers) run
 * together and add up; each ordinary init container runs alone beside the sidecars started before
 * it; the pod needs the larger of the two, plus its overhead.
 */
export function podRequests(pod: Pod, nonMissing = false): Resources {
  const spec = pod.spec;
  const total = emptyResources();
  const statuses = statusesWithResources(pod);
  const infeasible = !!statuses && (pod.status?.conditions?.some((c) => c.type === 'PodResizePending' && c.reason === 'Infeasible') ?? false);
  for (const c of spec?.containers ?? []) addInto(total, containerRequests(c, nonMissing, statuses?.get(c.name), infeasible));
  const sidecars = emptyResources();
  const initMax = emptyResources();
  for (const c of spec?.initContainers ?? []) {
    // only sidecars report resources that a resize can have changed (AggregateContainerRequests)
    const own = containerRequests(c, nonMissing, c.restartPolicy === 'Always' ? statuses?.get(c.name) : undefined, infeasible);
    if (c.restartPolicy === 'Always') {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(initMax, sidecars);
    } else {
      const withSidecars = cloneResources(own);
      addInto(withSidecars, sidecars);
      maxInto(initMax, withSidecars);
    }
  }
  maxInto(total, initMax);
  addList(total, spec?.overhead as ResourceList | undefined);
  return total;
}

/** The container statuses by name, when any reports resources (only with InPlacePodVerticalScaling). */
function statusesWithResources(pod: Pod): Map<string, ContainerStatus> | undefined {
  if (!reportsResources(pod)) return undefined;
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  return new Map(all.map((s) => [s.name, s]));
}

/** Whether a container status reports resources: then podRequests reads the status too. */
export function reportsResources(pod: Pod): boolean {
  return (pod.status?.containerStatuses?.some((s) => s.resources) ?? false) || (pod.status?.initContainerStatuses?.some((s) => s.resources) ?? false);
}

/**
 * determineEffectiveRequests (UseStatusResources, with InPlacePodVerticalScaling): while a resize
 * is pending or in progress a container counts with the larger of what it asks for, what it runs
 * with (status resources) and its allocation; an Infeasible resize counts only the last two.
 */
function effectiveRequests(spec: ResourceList, status: ContainerStatus, infeasible: boolean): ResourceList {
  const lists = [status.resources?.requests ?? {}, status.allocatedResources ?? {}, ...(infeasible ? [] : [spec])] as ResourceList[];
  const out: ResourceList = {};
  for (const list of lists) {
    for (const [name, q] of Object.entries(list)) {
      if (q === undefined) continue;
      const current = out[name];
      const bigger = current === undefined || (parseQuantity(q) ?? 0) > (parseQuantity(current) ?? 0);
      if (bigger) out[name] = q;
    }
  }
  return out;
}

/** NodeInfo.Allocatable: status.allocatable, with "pods" as the allowed pod count. */
export function nodeAllocatable(list: ResourceList | undefined): { resources: Resources; pods: number } {
  const r = emptyResources();
  addList(r, list);
  return { resources: r, pods: value(list?.pods) };
}

export function isZero(r: Resources): boolean {
  if (r.milliCPU || r.memory || r.ephemeralStorage) return false;
  return !r.scalars || Object.values(r.scalars).every((v) => v === 0);
}
