/**
 * In-place pod resize on the kubelet (InPlacePodVerticalScaling, on by default from 1.33): the
 * allocation decision (pkg/kubelet/allocation/allocation_manager.go handlePodResourcesResize,
 * canResizePod), the restart decision (kuberuntime_manager.go computePodResizeAction), the
 * conditions (status_manager.go updatedPodResizeCondition) and the event texts
 * (pkg/kubelet/events/resize.go). Pure functions; the pod worker and node kubelet hold the state.
 *
 * Only cpu and memory of regular containers and sidecars are resized (what ValidatePodResize lets
 * through up to 1.35); the static CPU/memory manager policies and swap rules do not apply (kind's
 * kubelet runs neither).
 */
import type { Container, Node, Pod, ResourceRequirements } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../../kube/quantity';
import { q, qString } from '../../kube/resource-list';
import type { KubeVersion } from '../../kube/version';
import { gateEnabled } from '../../kube/defaults/feature-gates';
import { admitPod, nodePods, podRequest } from './admission';
import type { Condition } from './pod-conditions';

export const RESIZE_PENDING = 'PodResizePending';
export const RESIZE_IN_PROGRESS = 'PodResizeInProgress';

export type ResizeReason = 'Deferred' | 'Infeasible';
export type ResizeVerdict = { fit: true } | { fit: false; reason: ResizeReason; message: string };

/** Whether the kubelet resizes pods at all in this release (the gate, on by default from 1.33). */
export function resizeEnabled(v: KubeVersion): boolean {
  return gateEnabled('InPlacePodVerticalScaling', v);
}

const CPU_MEMORY = ['cpu', 'memory'] as const;

/** The containers a resize may touch: regular ones and sidecars (restartable init containers). */
export function resizableContainers(pod: Pod): Container[] {
  return [...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'), ...(pod.spec?.containers ?? [])];
}

function amount(name: string, text: string | undefined): number {
  const v = text === undefined ? 0 : (parseQuantity(text) ?? 0);
  return name === 'cpu' ? Math.ceil(v * 1000) : Math.ceil(v);
}

/** Whether cpu and memory requests and limits of two resource requirements are equal (as quantities). */
export function sameCpuMemory(a: ResourceRequirements | undefined, b: ResourceRequirements | undefined): boolean {
  return CPU_MEMORY.every((n) => sameAmount(n, a?.requests?.[n], b?.requests?.[n]) && sameAmount(n, a?.limits?.[n], b?.limits?.[n]));
}

/** Equal text is an equal quantity: only differently written ones are parsed (every sync asks). */
function sameAmount(name: string, a: string | undefined, b: string | undefined): boolean {
  return a === b || amount(name, a) === amount(name, b);
}

/** Whether the desired pod's container resources differ from the allocated ones (UpdatePodFromAllocation). */
export function resizeRequested(desired: Pod, allocated: Pod): boolean {
  // a status write keeps the stored spec: every pod update the kubelet's own writes echo back
  if (desired.spec === allocated.spec) return false;
  const before = new Map(resizableContainers(allocated).map((c) => [c.name, c.resources]));
  return resizableContainers(desired).some((c) => !sameCpuMemory(c.resources, before.get(c.name)));
}

/** `pod` with the container resources of `allocation` (UpdatePodFromAllocation): what the runtime runs. */
export function allocate(pod: Pod, allocation: Pod): Pod {
  const kept = new Map(resizableContainers(allocation).map((c) => [c.name, c.resources]));
  const take = (c: Container): Container => (kept.has(c.name) ? { ...c, resources: kept.get(c.name) } : c);
  return { ...pod, spec: { ...pod.spec!, containers: pod.spec!.containers.map(take), initContainers: pod.spec!.initContainers?.map(take) } };
}

/**
 * canResizePod: Infeasible when the pod alone needs more cpu or memory than the node has
 * allocatable (memory named first), else Deferred when the kubelet's admission of the resized pod
 * beside the others' allocations fails (its message), else it fits.
 */
export function resizeVerdict(desired: Pod, node: Node, othersAllocated: readonly Pod[]): ResizeVerdict {
  const allocatable = node.status?.allocatable ?? {};
  const cpuAvailable = amount('cpu', allocatable.cpu);
  const memAvailable = amount('memory', allocatable.memory);
  const cpuRequests = podRequest(desired, 'cpu');
  const memRequests = podRequest(desired, 'memory');
  if (cpuRequests > cpuAvailable || memRequests > memAvailable) {
    const detail = memRequests > memAvailable
      ? `memory, requested: ${memRequests}, capacity: ${memAvailable}`
      : `cpu, requested: ${cpuRequests}, capacity: ${cpuAvailable}`;
    return { fit: false, reason: 'Infeasible', message: `Node didn't have enough capacity: ${detail}` };
  }
  const admitted = admitPod(desired, node, nodePods(othersAllocated));
  return admitted.admit ? { fit: true } : { fit: false, reason: 'Deferred', message: admitted.message };
}

/**
 * computePodResizeAction: a running container whose actuated cpu or memory differs from its
 * allocation restarts when the policy of a changed resource is RestartContainer (no policy means
 * NotRequired); otherwise its resources are updated in place.
 */
export function resizeNeedsRestart(allocated: Container, actuated: ResourceRequirements | undefined): boolean {
  const policy = (name: string) => allocated.resizePolicy?.find((p) => p.resourceName === name)?.restartPolicy;
  return CPU_MEMORY.some((n) => {
    const changed = amount(n, allocated.resources?.requests?.[n]) !== amount(n, actuated?.requests?.[n]) ||
      amount(n, allocated.resources?.limits?.[n]) !== amount(n, actuated?.limits?.[n]);
    return changed && policy(n) === 'RestartContainer';
  });
}

/** updatedPodResizeCondition: the transition time moves only when the reason changes. */
export function resizeCondition(type: string, old: Condition | undefined, reason: string, message: string, generation: number | undefined, now: string): Condition {
  return {
    type,
    status: 'True',
    // kept for every release; the status shows it from 1.34 (PodWorker.apiResizeCondition)
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    lastProbeTime: now,
    lastTransitionTime: old && old.reason === (reason || undefined) ? old.lastTransitionTime : now,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/** A quantity as the API prints it (resource.Quantity's canonical form), for the event summaries. */
function canonical(list: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!list) return undefined;
  return Object.fromEntries(Object.keys(list).sort().map((k) => [k, qString(q(list[k]!))]));
}

/**
 * podResizeMessage: "<prefix>: <json>" where the JSON lists the containers' resources (init
 * containers first, keys as Go's encoding/json writes them), the generation and an error.
 */
export function resizeEventMessage(prefix: string, pod: Pod, generation: number, error = ''): string {
  const entry = (c: Container) => {
    const r: Record<string, unknown> = {};
    const limits = canonical(c.resources?.limits as Record<string, string> | undefined);
    const requests = canonical(c.resources?.requests as Record<string, string> | undefined);
    if (limits && Object.keys(limits).length) r.limits = limits;
    if (requests && Object.keys(requests).length) r.requests = requests;
    return { name: c.name, resources: r };
  };
  const summary: Record<string, unknown> = {};
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length) summary.initContainers = inits.map(entry);
  if (pod.spec?.containers.length) summary.containers = pod.spec.containers.map(entry);
  summary.generation = generation;
  if (error) summary.error = error;
  return `${prefix}: ${JSON.stringify(summary)}`;
}

/**
 * convertContainerStatusResources: a running container reports its actuated cpu and memory over
 * its allocation; one not running reports the allocation. Only the lists the allocation has.
 */
export function statusResources(allocated: ResourceRequirements | undefined, actuated: ResourceRequirements | undefined, running: boolean): ResourceRequirements {
  const out: ResourceRequirements = {};
  for (const kind of ['limits', 'requests'] as const) {
    const own = allocated?.[kind];
    if (!own) continue;
    const list: Record<string, string> = { ...(own as Record<string, string>) };
    if (running) {
      for (const n of CPU_MEMORY) {
        const actual = actuated?.[kind]?.[n];
        if (actual !== undefined) list[n] = actual as string;
      }
    }
    out[kind] = list;
  }
  return out;
}
