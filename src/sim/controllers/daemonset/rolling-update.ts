/**
 * One step of a RollingUpdate (daemon update.go rollingUpdate, findUpdatedPodsOnNode). Pure:
 * returns the old pods to delete and the nodes to create new pods on; the manage loop of the
 * next sync creates replacements for deleted pods.
 * - maxSurge 0: delete every old pod that is not available, and old available ones while fewer
 *   than maxUnavailable nodes are unavailable (a node with no pod, with both an old and a new
 *   pod, or with a new pod not yet available counts as unavailable; pods being deleted count for
 *   nothing, so updates progress past dead nodes).
 * - maxSurge > 0: create a new pod beside every unavailable old one, and beside up to maxSurge
 *   available old ones; delete an old pod once the new one on its node is available.
 * Upstream walks nodes in Go map order (random); we walk them by name.
 */
import { SyncError } from '../statefulset/errors';
import type { Placement } from './placement';
import { isPodUpdated } from './pod-template';
import { rollingLimits } from './strategy';
import type { DaemonSetObj, PodObj } from './types';
import type { NodePods } from './node-pods';

export interface RollingInput {
  ds: DaemonSetObj;
  hash: string;
  generation: number | undefined;
  /** pods by node, with an empty entry for every node that should run the daemon */
  byNode: NodePods;
  /** number of nodes that should run the daemon */
  desired: number;
  available: (pod: PodObj) => boolean;
  /** placement on a node, undefined when the node does not exist */
  placementOn: (node: string) => Placement | undefined;
}

export interface RollingPlan {
  deletePods: PodObj[];
  createOnNodes: string[];
}

interface NodeVersions {
  node: string;
  newPod?: PodObj;
  oldPod?: PodObj;
}

/**
 * findUpdatedPodsOnNode: the one current and the one older live pod of each node; nodes with
 * more than one of either are left to the manage loop (undefined).
 */
function versionsOn(node: string, pods: readonly PodObj[], input: RollingInput): NodeVersions | undefined {
  const v: NodeVersions = { node };
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const slot = isPodUpdated(pod, input.hash, input.generation) ? 'newPod' : 'oldPod';
    if (v[slot]) return undefined;
    v[slot] = pod;
  }
  return v;
}

function nodesByName(byNode: NodePods): Array<[string, PodObj[]]> {
  return [...byNode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function rollingUpdatePlan(input: RollingInput): RollingPlan {
  const { maxSurge, maxUnavailable } = rollingLimits(input.ds, input.desired);
  return maxSurge === 0 ? withoutSurge(input, maxUnavailable) : withSurge(input, maxSurge);
}

function withoutSurge(input: RollingInput, maxUnavailable: number): RollingPlan {
  let numUnavailable = 0;
  const replacements: PodObj[] = [];
  const candidates: PodObj[] = [];
  for (const [node, pods] of nodesByName(input.byNode)) {
    const v = versionsOn(node, pods, input);
    if (!v) {
      numUnavailable++;
      continue;
    }
    if (!v.oldPod) {
      if (!v.newPod || !input.available(v.newPod)) numUnavailable++;
    } else if (v.newPod) {
      numUnavailable++;
    } else if (!input.available(v.oldPod)) {
      replacements.push(v.oldPod);
      numUnavailable++;
    } else if (numUnavailable < maxUnavailable) {
      candidates.push(v.oldPod);
    }
  }
  const room = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
  return { deletePods: [...replacements, ...candidates.slice(0, room)], createOnNodes: [] };
}

function withSurge(input: RollingInput, maxSurge: number): RollingPlan {
  const deletePods: PodObj[] = [];
  const shouldNotRun: PodObj[] = [];
  const allowedNodes: string[] = [];
  const candidateNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const [node, pods] of nodesByName(input.byNode)) {
    const v = versionsOn(node, pods, input);
    if (!v) {
      numSurge++;
      continue;
    }
    const shown = v.oldPod ?? v.newPod;
    if (shown && input.available(shown)) numAvailable++;
    if (!v.oldPod) continue;
    if (v.newPod) {
      // Already surged here: wait for the new pod, then the old one goes.
      if (!input.available(v.newPod)) numSurge++;
      else deletePods.push(v.oldPod);
      continue;
    }
    const placement = input.placementOn(node);
    if (!placement) throw new SyncError(`couldn't get node for nodeName "${node}": node "${node}" not found`);
    if (!input.available(v.oldPod)) {
      if (!placement.shouldRun) deletePods.push(v.oldPod);
      else allowedNodes.push(node);
    } else if (!placement.shouldRun) {
      shouldNotRun.push(v.oldPod);
    } else if (numSurge < maxSurge) {
      candidateNodes.push(node);
    }
  }
  // With surge the owner expects full availability: a pod on a node it should leave goes only
  // once more pods are available than nodes want one.
  const deletable = Math.min(Math.max(numAvailable - input.desired, 0), shouldNotRun.length);
  deletePods.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(maxSurge - numSurge, 0), candidateNodes.length);
  return { deletePods, createOnNodes: [...allowedNodes, ...candidateNodes.slice(0, room)] };
}
