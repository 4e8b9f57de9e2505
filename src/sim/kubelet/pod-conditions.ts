/**
 * The pod conditions the kubelet owns (pkg/kubelet/status/generate.go, and the order
 * generateAPIPodStatus appends them in): PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady, PodScheduled.
 */
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { atLeast, type KubeVersion } from '../../kube/version';
import { anyRegularStarted, isRestartableInit } from './pod-phase';

/**
 * kubetypes.PodConditionByKubelet (PodReadyToStartContainers with its gate, beta and on from 1.29;
 * the resize conditions exist from 1.33).
 */
export const KUBELET_CONDITIONS: ReadonlySet<string> = new Set([
  'PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers', 'PodResizePending', 'PodResizeInProgress',
]);

/** A pod condition as the API returns it (lastProbeTime null, observedGeneration from 1.34). */
export type Condition = Omit<PodCondition, 'lastProbeTime'> & { observedGeneration?: number; lastProbeTime?: string | null };

export interface ConditionInput {
  sandboxReady: boolean;
  phase: string;
  statuses: readonly ContainerStatus[];
}

export function generateConditions(pod: Pod, v: KubeVersion, input: ConditionInput): Condition[] {
  // PodObservedGenerationTracking (beta from 1.34): conditions say which generation they describe
  const generation = atLeast(v, '1.34') ? pod.metadata?.generation : undefined;
  // set field by field (in the API's order) rather than spread: every status the kubelet generates makes five
  const cond = (type: string, status: string, reason?: string, message?: string): Condition => {
    const c: Condition = { type, status };
    if (generation !== undefined) c.observedGeneration = generation;
    c.lastProbeTime = null;
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  };
  const containersReady = containersReadyCondition(pod, input);
  return [
    cond('PodReadyToStartContainers', input.sandboxReady ? 'True' : 'False'),
    initializedCondition(pod, input, cond),
    readyCondition(pod, containersReady, cond),
    cond('ContainersReady', containersReady.status, containersReady.reason, containersReady.message),
    cond('PodScheduled', 'True'),
  ];
}

type Make = (type: string, status: string, reason?: string, message?: string) => Condition;

interface Verdict {
  status: string;
  reason?: string;
  message?: string;
}

/** Go prints a []string with %s as `[a b]`. */
function goList(names: string[]): string {
  return `[${names.join(' ')}]`;
}

function containersReadyCondition(pod: Pod, input: ConditionInput): Verdict {
  const byName = new Map(input.statuses.map((s) => [s.name, s]));
  const unknown: string[] = [];
  const unready: string[] = [];
  const relevant = [...(pod.spec?.initContainers ?? []).filter(isRestartableInit), ...(pod.spec?.containers ?? [])];
  for (const c of relevant) {
    const s = byName.get(c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (input.phase === 'Succeeded' && unknown.length === 0) return { status: 'False', reason: 'PodCompleted' };
  if (input.phase === 'Failed') return { status: 'False', reason: 'PodFailed' };
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length) return { status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') };
  return { status: 'True' };
}

function readyCondition(pod: Pod, containersReady: Verdict, cond: Make): Condition {
  if (containersReady.status !== 'True') return cond('Ready', containersReady.status, containersReady.reason, containersReady.message);
  const conditions = pod.status?.conditions ?? [];
  const messages: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  if (messages.length) return cond('Ready', 'False', 'ReadinessGatesNotReady', messages.join(', '));
  return cond('Ready', 'True');
}

/**
 * status.NeedToReconcilePodReadiness: a pod with readiness gates whose Ready condition (status or
 * message) no longer says what the gates' conditions, as the API now holds them, imply — an
 * outside controller changed one. The kubelet's HandlePodReconcile then syncs the pod, which
 * writes the new Ready condition.
 */
export function needsReadinessReconcile(pod: Pod): boolean {
  if (!pod.spec?.readinessGates?.length) return false;
  const current = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (!current) return false;
  const input = { sandboxReady: true, phase: pod.status?.phase ?? '', statuses: pod.status?.containerStatuses ?? [] };
  const make: Make = (type, status, reason, message) => ({ type, status, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
  const wanted = readyCondition(pod, containersReadyCondition(pod, input), make);
  return wanted.status !== current.status || (wanted.message ?? '') !== (current.message ?? '');
}

function initializedCondition(pod: Pod, input: ConditionInput, cond: Make): Condition {
  const byName = new Map(input.statuses.map((s) => [s.name, s]));
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = byName.get(c.name);
    if (!s) unknown.push(c.name);
    else if (isRestartableInit(c) ? !s.started : !s.ready) incomplete.push(c.name);
  }
  if (input.phase === 'Succeeded' && unknown.length === 0) return cond('Initialized', 'True', 'PodCompleted');
  if (anyRegularStarted(pod.spec!, byName)) return cond('Initialized', 'True');
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length) return cond('Initialized', 'False', 'ContainersNotInitialized', messages.join(', '));
  return cond('Initialized', 'True');
}
