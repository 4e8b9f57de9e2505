/**
 * The pod status the kubelet reports, computed from what the runtime knows (pkg/kubelet/
 * kubelet_pods.go generateAPIPodStatus, convertToAPIContainerStatuses, getPhase) and merged the
 * way the status manager writes it (pkg/kubelet/status/status_manager.go mergePodStatus,
 * updateLastTransitionTime). Pure functions: the pod worker decides when to call them.
 */
import type { Container, ContainerState, ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1';
import { atLeast, type KubeVersion } from '../../kube/version';
import { qosClass } from '../apiserver/strategy';
import type { Eviction } from './active-deadline';
import { generateConditions, KUBELET_CONDITIONS, type Condition } from './pod-conditions';
import { isRestartableInit, podPhase } from './pod-phase';
import { RESIZE_IN_PROGRESS, RESIZE_PENDING, statusResources } from './resize';
import { lastTwoInstances, shouldRestart, type ContainerInstance, type Sandbox } from './runtime';

const RESIZE_CONDITIONS: ReadonlySet<string> = new Set([RESIZE_PENDING, RESIZE_IN_PROGRESS]);

/** Why a container is waiting after a failed start (the kubelet's reasonCache). */
export interface WaitingReason {
  reason: string;
  message?: string;
}

/** The probe manager's view of a running container (prober_manager.go UpdatePodStatus). */
export interface ProbeView {
  started(container: string, containerId: string): boolean;
  ready(container: string, containerId: string): boolean;
}

export interface StatusInput {
  pod: Pod;
  version: KubeVersion;
  hostIP: string;
  sandbox?: Sandbox;
  instances: readonly ContainerInstance[];
  reasons: ReadonlyMap<string, WaitingReason>;
  probes: ProbeView;
  /** the status manager's last status for the pod, else the API's */
  previous: ApiPodStatus | undefined;
  podIsTerminal: boolean;
  /** a PodSyncHandler asks for the pod to be failed (active_deadline.go ShouldEvict) */
  evicted?: Eviction;
  timestamp: (ms: number) => string;
  /** with InPlacePodVerticalScaling: the allocated pod and the resize conditions the kubelet keeps */
  resize?: { allocated: Pod; conditions: readonly Condition[] };
}

export type ApiPodStatus = Omit<PodStatus, 'conditions'> & { conditions?: Condition[]; observedGeneration?: number };

export function generatePodStatus(input: StatusInput): ApiPodStatus {
  const { pod } = input;
  const spec = pod.spec!;
  const hasInit = (spec.initContainers ?? []).length > 0;
  const containerStatuses = convertStatuses(input, spec.containers, 'regular', hasInit)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const initContainerStatuses = convertStatuses(input, spec.initContainers ?? [], 'init', hasInit);
  const { phase, reason, message } = podPhaseAndReason(input, [...containerStatuses, ...initContainerStatuses]);
  const ip = input.sandbox?.ip ?? input.previous?.podIP;
  const status: ApiPodStatus = {
    phase,
    // generateAPIPodStatus: the resize conditions come before the ones generated here
    conditions: [...(input.resize?.conditions ?? []), ...generateConditions(pod, input.version, {
      sandboxReady: !!input.sandbox?.ready,
      phase,
      statuses: [...initContainerStatuses, ...containerStatuses],
    })],
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    qosClass: pod.status?.qosClass ?? qosClass(pod),
    containerStatuses,
    ...(hasInit ? { initContainerStatuses } : {}),
  };
  if (reason) status.reason = reason;
  if (message) status.message = message;
  return status;
}

/**
 * The phase generateAPIPodStatus reports, in its order: getPhase; a terminal phase the status
 * manager or the API already has is kept; the reason and message that came with an unchanged
 * phase stay (e.g. Evicted); a PodSyncHandler's eviction (the active deadline) overrides all
 * three; and a terminal phase on the API server is never left. The conditions follow this phase.
 */
function podPhaseAndReason(input: StatusInput, statuses: ContainerStatus[]): { phase: string; reason?: string; message?: string } {
  const { pod, previous } = input;
  let phase = podPhase(pod.spec!, statuses, input.podIsTerminal);
  if (!isTerminal(phase)) {
    if (isTerminal(previous?.phase)) phase = previous!.phase!;
    else if (isTerminal(pod.status?.phase)) phase = pod.status!.phase!;
  }
  let reason: string | undefined;
  let message: string | undefined;
  if (phase === previous?.phase) {
    reason = previous.reason;
    message = previous.message;
  }
  if (input.evicted) ({ phase, reason, message } = { phase: 'Failed', ...input.evicted });
  const apiPhase = pod.status?.phase;
  if (isTerminal(apiPhase) && phase !== apiPhase) phase = apiPhase!;
  return { phase, reason, message };
}

export function isTerminal(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

function convertStatuses(input: StatusInput, specs: readonly Container[], role: 'init' | 'regular', hasInit: boolean): ContainerStatus[] {
  const previous = new Map((role === 'init' ? input.previous?.initContainerStatuses : input.previous?.containerStatuses)?.map((s) => [s.name, s]) ?? []);
  return specs.map((c) => convertStatus(input, c, role, hasInit, previous.get(c.name)));
}

function convertStatus(input: StatusInput, c: Container, role: 'init' | 'regular', hasInit: boolean, old: ContainerStatus | undefined): ContainerStatus {
  const [current, before] = lastTwoInstances(input.instances, c.name);
  const status = current ? fromInstance(current, input.timestamp) : unknownToRuntime(c, hasInit, old);
  if (current && input.resize) setResources(status, current, input.resize.allocated, c.name);
  if (before) status.lastState = stateOf(before, input.timestamp);
  if (atLeast(input.version, '1.31')) setVolumeMounts(status, c);
  applyStartFailure(input, c, role, status, current);
  applyProbes(input, c, role, status, current);
  return status;
}

/**
 * A container the runtime has no instance of: a terminated status the kubelet had stays; else it
 * is waiting, with the restarts and last state seen so far.
 */
function unknownToRuntime(c: Container, hasInit: boolean, old: ContainerStatus | undefined): ContainerStatus {
  if (old?.state?.terminated) return { ...old };
  // Every container of a pod with init containers, init ones included, waits as PodInitializing
  // until the runtime reports it (kubelet_pods.go convertToAPIContainerStatuses defaultWaitingState).
  const defaultWaiting = hasInit ? 'PodInitializing' : 'ContainerCreating';
  return {
    name: c.name,
    image: c.image ?? '',
    imageID: '',
    lastState: old ? (old.lastState ?? {}) : {},
    ready: false,
    restartCount: old ? old.restartCount : 0,
    started: false,
    state: { waiting: { reason: defaultWaiting } },
  };
}

/** A container whose last start failed (image pull, crash-loop back-off) is Waiting with that reason. */
function applyStartFailure(input: StatusInput, c: Container, role: 'init' | 'regular', status: ContainerStatus, latest: ContainerInstance | undefined): void {
  if (role === 'init' && latest?.state === 'exited' && latest.exitCode === 0) return;
  if (!shouldRestart(latest, input.pod.spec?.restartPolicy, !!input.pod.metadata?.deletionTimestamp)) return;
  const why = input.reasons.get(c.name);
  if (!why) return;
  if (status.state?.terminated) status.lastState = status.state;
  status.state = { waiting: why.message === undefined ? { reason: why.reason } : { reason: why.reason, message: why.message } };
}

function applyProbes(input: StatusInput, c: Container, role: 'init' | 'regular', status: ContainerStatus, current: ContainerInstance | undefined): void {
  const running = current?.state === 'running';
  if (role === 'init' && !isRestartableInit(c)) {
    status.started = running;
    status.ready = current?.state === 'exited' && current.exitCode === 0;
    return;
  }
  status.started = running && input.probes.started(c.name, current!.id);
  status.ready = status.started && input.probes.ready(c.name, current!.id);
}

function fromInstance(i: ContainerInstance, ts: (ms: number) => string): ContainerStatus {
  return {
    name: i.name,
    image: i.image,
    imageID: i.imageRef,
    containerID: `containerd://${i.id}`,
    lastState: {},
    ready: false,
    restartCount: i.attempt,
    started: false,
    state: stateOf(i, ts),
  };
}

function stateOf(i: ContainerInstance, ts: (ms: number) => string): ContainerState {
  if (i.state === 'running') return { running: { startedAt: ts(i.startedAt!) } };
  if (i.state === 'created') return { waiting: {} };
  return {
    terminated: {
      exitCode: i.exitCode ?? 0,
      reason: i.reason,
      startedAt: ts(i.startedAt ?? i.finishedAt!),
      finishedAt: ts(i.finishedAt!),
      containerID: `containerd://${i.id}`,
    },
  };
}

/**
 * convertToAPIContainerStatuses with InPlacePodVerticalScaling: a container the runtime knows
 * reports its resources (actuated cpu and memory over the allocation) and its allocated requests.
 */
function setResources(status: ContainerStatus, current: ContainerInstance, allocatedPod: Pod, name: string): void {
  const allocated = [...allocatedPod.spec!.containers, ...(allocatedPod.spec!.initContainers ?? [])].find((c) => c.name === name);
  if (!allocated) return;
  status.resources = statusResources(allocated.resources, current.resources, current.state === 'running');
  if (allocated.resources?.requests) status.allocatedResources = { ...allocated.resources.requests };
}

/** RecursiveReadOnlyMounts (beta from 1.31) reports each mount in the container status. */
function setVolumeMounts(status: ContainerStatus, c: Container): void {
  if (!c.volumeMounts?.length) return;
  (status as { volumeMounts?: unknown[] }).volumeMounts = c.volumeMounts.map((m) =>
    m.readOnly
      ? { name: m.name, mountPath: m.mountPath, readOnly: true, recursiveReadOnly: 'Disabled' }
      : { name: m.name, mountPath: m.mountPath });
}

/**
 * The status manager's copy of a status it is given (status_manager.go updateStatusInternal): a
 * condition keeps its lastTransitionTime while its status does not change, and the start time is
 * set once.
 */
export function stampStatus(generated: ApiPodStatus, old: ApiPodStatus | undefined, now: string): ApiPodStatus {
  return {
    ...generated,
    // the resize conditions carry their own times (updatedPodResizeCondition)
    conditions: (generated.conditions ?? []).map((c) => (RESIZE_CONDITIONS.has(c.type) ? c : withTransitionTime(c, old?.conditions, now))),
    startTime: old?.startTime ?? now,
  };
}

/**
 * What the status manager writes to the API (status_manager.go mergePodStatus): conditions owned
 * by others stay, and a terminal phase waits until no container of the pod can still be running.
 */
export function apiStatus(status: ApiPodStatus, apiPod: Pod, couldHaveRunningContainers: boolean, version: KubeVersion): ApiPodStatus {
  const out: ApiPodStatus = { ...status };
  const foreign = ((apiPod.status?.conditions ?? []) as Condition[]).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  out.conditions = [...foreign, ...(status.conditions ?? [])];
  if (couldHaveRunningContainers && isTerminal(out.phase) && !isTerminal(apiPod.status?.phase)) {
    out.phase = apiPod.status?.phase;
    if (apiPod.status?.reason) out.reason = apiPod.status.reason;
    else delete out.reason;
    if (apiPod.status?.message) out.message = apiPod.status.message;
    else delete out.message;
  }
  // PodObservedGenerationTracking (beta from 1.34): the generation the kubelet acted on
  if (atLeast(version, '1.34') && apiPod.metadata?.generation !== undefined) out.observedGeneration = apiPod.metadata.generation;
  return out;
}

function withTransitionTime(c: Condition, old: Condition[] | undefined, now: string): Condition {
  const before = old?.find((o) => o.type === c.type);
  return { ...c, lastTransitionTime: before && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : now };
}
