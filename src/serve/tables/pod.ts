/**
 * `kubectl get pods`: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES
 * (pkg/printers/internalversion/printers.go printPod). The STATUS rules:
 * - start from status.reason, else the phase; a PodScheduled condition with reason
 *   SchedulingGated makes it SchedulingGated;
 * - init containers are read in order: one that exited 0 is skipped, a started restartable
 *   (sidecar) one counts towards READY; the first other one decides: Init:<reason>,
 *   Init:Signal:<n>, Init:ExitCode:<n>, Init:<waiting reason> (not PodInitializing) or Init:i/n;
 * - once initialised (or Initialized=True), the containers are read from last to first: a
 *   waiting reason, else a terminated reason (or Signal:/ExitCode:), else a ready running
 *   container counts towards READY; "Completed" with a container still running turns back into
 *   Running (Ready=True) or NotReady (from 1.35 a failed container's reason wins over NotReady);
 * - a pod being deleted is Terminating (Unknown when its reason is NodeLost) unless its phase is
 *   terminal.
 * RESTARTS sums the counts (init containers only while initialising, sidecars always) and adds
 * "(<age> ago)" of the last termination.
 */
import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../kube/object';
import { atLeast } from '../../kube/version';
import { AGE, col, NAME, since, type Cell, type Printer, type PrintContext, age } from './types';

const NODE_LOST = 'NodeLost';

function conditionTrue(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

function restartable(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function terminatedReason(t: NonNullable<NonNullable<ContainerStatus['state']>['terminated']>, prefix = ''): string {
  if (t.reason) return prefix + t.reason;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${t.exitCode}`;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: number;
  lastRestart?: string;
}

export function summarizePod(pod: Pod, ctx: Pick<PrintContext, 'version'>): PodSummary {
  const spec = pod.spec;
  const st = pod.status ?? {};
  const phase = st.phase ?? '';
  let reason: string = st.reason || phase;
  if ((st.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let total = spec?.containers?.length ?? 0;
  let ready = 0;
  const inits = new Map<string, Container>();
  for (const c of spec?.initContainers ?? []) {
    inits.set(c.name, c);
    if (restartable(c)) total++;
  }

  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;
  let initializing = false;
  const initStatuses = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    const sidecar = restartable(inits.get(c.name));
    restarts += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt;
    lastRestart = later(lastRestart, finished);
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) reason = terminatedReason(term, 'Init:');
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    let errorReason = '';
    const statuses = st.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated) {
        reason = terminatedReason(c.state.terminated);
        if (c.state.terminated.exitCode !== 0) errorReason = reason;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed') {
      if (atLeast(ctx.version, '1.35')) {
        if (hasRunning && conditionTrue(pod, 'Ready')) reason = 'Running';
        else if (errorReason) reason = errorReason;
        else if (hasRunning) reason = 'NotReady';
      } else if (hasRunning) reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && st.reason === NODE_LOST) reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const out: PodSummary = { ready: `${ready}/${total}`, status: reason, restarts };
  if (lastRestart) out.lastRestart = lastRestart;
  return out;
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (!gates.length) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const trueCount = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${trueCount}/${gates.length}`;
}

export const podPrinter: Printer = {
  columns: () => [
    NAME,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    col('IP', 'The IP address of the pod.', { wide: true }),
    col('Node', 'The node the pod is bound to.', { wide: true }),
    col('Nominated Node', 'The node preemption nominated for the pod.', { wide: true }),
    col('Readiness Gates', 'The readiness gates of the pod.', { wide: true }),
  ],
  cells(obj: KObject, ctx: PrintContext): Cell[] {
    const pod = obj as unknown as Pod;
    const s = summarizePod(pod, ctx);
    const restarts = s.restarts !== 0 && s.lastRestart ? `${s.restarts} (${since(s.lastRestart, ctx)} ago)` : String(s.restarts);
    const ip = pod.status?.podIPs?.[0]?.ip || '<none>';
    return [
      obj.metadata.name, s.ready, s.status, restarts, age(obj, ctx),
      ip, pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', readinessGates(pod),
    ];
  },
};
