/**
 * Lifecycle words of `expectHistory.order` (`becomes: Ready`). An object "becomes" X at the first
 * recorded change after which X holds while it did not hold before (an object that did not
 * exist yet held nothing), so an object that is already Ready when a window opens does not
 * "become" Ready in that window.
 *
 * What each word reads:
 * - Created / Deleted: the ADDED / DELETED change itself.
 * - Scheduled: spec.nodeName is set or condition PodScheduled is True (the binding sets both).
 * - Running, Bound, Released: status.phase (Pod; PersistentVolumeClaim / PersistentVolume).
 * - Ready: condition Ready is True (Pods, Nodes, anything with a Ready condition).
 * - NotReady: condition Ready stops being True: the previous state was Ready and this one is not.
 *   A pod that starts unready does not "become NotReady"; one that loses readiness (failing
 *   readiness probe, node lost, termination) does.
 * - Terminating: metadata.deletionTimestamp is set.
 * - Succeeded / Failed: status.phase for Pods (and PV's Failed phase); for Jobs, which have no
 *   phase, condition Complete / Failed is True (batch/v1 JobConditionType).
 * - Available: a PersistentVolume's phase Available; on other kinds (Deployment, ReplicaSet)
 *   condition Available is True.
 */
import type { ObjectChange } from '../history/entry';
import { isBeingDeleted, type KObject } from '../kube/object';
import { conditionIsTrue, isReady, phaseOf } from './conditions';
import type { LifecycleWord } from './types';

export function becomes(word: LifecycleWord, previous: KObject | undefined, change: ObjectChange): boolean {
  switch (word) {
    case 'Created':
      return change.type === 'ADDED';
    case 'Deleted':
      return change.type === 'DELETED';
    case 'NotReady':
      return previous !== undefined && isReady(previous) && !isReady(change.object);
    default:
      return holds(word, change.object) && !(previous !== undefined && holds(word, previous));
  }
}

/** Whether the state word holds on one recorded state of an object. */
export function holds(word: Exclude<LifecycleWord, 'Created' | 'Deleted' | 'NotReady'>, obj: KObject): boolean {
  switch (word) {
    case 'Scheduled':
      return hasNodeName(obj) || conditionIsTrue(obj, 'PodScheduled');
    case 'Running':
    case 'Bound':
    case 'Released':
      return phaseOf(obj) === word;
    case 'Ready':
      return isReady(obj);
    case 'Terminating':
      return isBeingDeleted(obj);
    case 'Succeeded':
      return obj.kind === 'Job' ? conditionIsTrue(obj, 'Complete') : phaseOf(obj) === 'Succeeded';
    case 'Failed':
      return obj.kind === 'Job' ? conditionIsTrue(obj, 'Failed') : phaseOf(obj) === 'Failed';
    case 'Available':
      return obj.kind === 'PersistentVolume' ? phaseOf(obj) === 'Available' : conditionIsTrue(obj, 'Available');
  }
}

function hasNodeName(obj: KObject): boolean {
  const spec = obj.spec as { nodeName?: unknown } | undefined;
  return typeof spec?.nodeName === 'string' && spec.nodeName !== '';
}
