/**
 * framework.FitError and Diagnosis: why no node fits, and the message users read in the
 * FailedScheduling event and the PodScheduled condition:
 * "0/<all> nodes are available: <PreFilter message>." or "... <n> <reason>, ... ." (reason counts
 * sorted as strings), then " <PostFilter message>" (preemption's own FitError text).
 */
import type { Status } from './framework';

export interface Diagnosis {
  readonly numAllNodes: number;
  /** set when a PreFilter plugin rejected the pod (then no node was filtered) */
  readonly preFilterMsg?: string;
  /** nodes filtered out, each with the first failing filter's status */
  readonly nodeStatuses: ReadonlyMap<string, Status>;
  /** the status of nodes not in nodeStatuses (PreFilter rejection or restriction) */
  readonly absentStatus?: Status;
  /** plugins that rejected the pod (queueing hints decide retries by them) */
  readonly unschedulablePlugins: ReadonlySet<string>;
}

export function noNodesAvailable(numAllNodes: number): string {
  return `0/${numAllNodes} nodes are available`;
}

/** The "<count> <reason>" list, sorted like sortReasonsHistogram. */
function reasonHistogram(d: Diagnosis): string[] {
  const counts = new Map<string, number>();
  for (const s of d.nodeStatuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const absent = d.numAllNodes - d.nodeStatuses.size;
  if (absent > 0 && d.absentStatus) for (const r of d.absentStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort(byCodeUnits);
}

/** Go's sort.Strings: byte order, not locale order. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** FitError.Error(). */
export function fitErrorMessage(d: Diagnosis, postFilterMsg = ''): string {
  let msg = `${noNodesAvailable(d.numAllNodes)}:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const reasons = reasonHistogram(d);
    if (reasons.length) msg += ` ${reasons.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}

/** The status a node ended with (explicit, else the absent-nodes status). */
export function statusOf(d: Diagnosis, node: string): Status | undefined {
  return d.nodeStatuses.get(node) ?? d.absentStatus;
}
