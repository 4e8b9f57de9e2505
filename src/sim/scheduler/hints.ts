/**
 * Cluster events and queueing hints (each plugin's EventsToRegister / isSchedulableAfter...):
 * whether an event may make a pod that a given plugin rejected schedulable. A pod in the
 * unschedulable pool is retried when any of its rejecting plugins says the event may help.
 * Before 1.32 (QueueingHints off) upstream moved pods on any registered event, with a pre-check
 * against the changed node; the hints below act as that pre-check for every version.
 */
import type { Node, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { fromLabelSelector, matches, type Selector } from '../../kube/labels';
import { termMatches } from './affinity-terms';
import { TAINT_UNSCHEDULABLE } from './constants';
import { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Resources } from './resources';
import { insufficientResources, NODE_RESOURCES_FIT, BALANCED_ALLOCATION } from './plugins/node-resources';
import { NODE_AFFINITY } from './plugins/node-affinity';
import { NODE_NAME } from './plugins/node-name';
import { NODE_PORTS } from './plugins/node-ports';
import { NODE_UNSCHEDULABLE } from './plugins/node-unschedulable';
import { TAINT_TOLERATION } from './plugins/taint-toleration';
import { INTER_POD_AFFINITY } from './plugins/inter-pod-affinity';
import { POD_TOPOLOGY_SPREAD } from './plugins/pod-topology-spread';
import { VOLUME_BINDING } from './plugins/volume-binding';
import { VOLUME_RESTRICTIONS } from './plugins/volume-restrictions';
import { requiredNodeAffinity } from './node-selector';
import { firstUntoleratedTaint, tolerationsTolerate } from './taints';
import { deepEqual } from '../../kube/equal';

export type ClusterEvent =
  | { kind: 'NodeAdd'; node: Node }
  | { kind: 'NodeUpdate'; old: Node; node: Node }
  | { kind: 'AssignedPodAdd'; pod: PodInfo }
  /**
   * an assigned pod whose labels changed (UpdatePodLabel) or whose requests fell (UpdatePodScaleDown:
   * a resize in place, counted with the resources its status reports)
   */
  | { kind: 'AssignedPodUpdate'; old: PodInfo; pod: PodInfo; labelsChanged: boolean; scaledDown: boolean }
  | { kind: 'AssignedPodDelete'; pod: PodInfo }
  | { kind: 'PvcChange'; pvc: PersistentVolumeClaim }
  | { kind: 'PvChange' }
  | { kind: 'StorageClassChange' };

/** Whether a node update changes anything a filter reads (nodeSchedulingPropertiesChange). */
export function nodeSchedulingChanged(old: Node, node: Node): boolean {
  return (
    !!old.spec?.unschedulable !== !!node.spec?.unschedulable ||
    !deepEqual(old.metadata?.labels ?? {}, node.metadata?.labels ?? {}) ||
    !deepEqual(old.spec?.taints ?? [], node.spec?.taints ?? []) ||
    !deepEqual(old.status?.allocatable ?? {}, node.status?.allocatable ?? {})
  );
}

function nodeInfoOf(node: Node): NodeInfo {
  const info = new NodeInfo(node.metadata?.name ?? '');
  info.setNode(node);
  return info;
}

type Hint = (pod: PodInfo, ev: ClusterEvent) => boolean;

const nodeUnschedulableHint: Hint = (pod, ev) => {
  if (ev.kind !== 'NodeAdd' && ev.kind !== 'NodeUpdate') return false;
  const tolerates = tolerationsTolerate(pod.pod.spec?.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  if (ev.node.spec?.unschedulable && !tolerates) return false;
  return ev.kind === 'NodeAdd' || !!ev.old.spec?.unschedulable;
};

const nodeNameHint: Hint = (pod, ev) => ev.kind === 'NodeAdd' && ev.node.metadata?.name === pod.pod.spec?.nodeName;

const taintHint: Hint = (pod, ev) => {
  if (ev.kind !== 'NodeAdd' && ev.kind !== 'NodeUpdate') return false;
  const tolerations = pod.pod.spec?.tolerations;
  const was = ev.kind === 'NodeAdd' || !!firstUntoleratedTaint(ev.old.spec?.taints ?? [], tolerations);
  return was && !firstUntoleratedTaint(ev.node.spec?.taints ?? [], tolerations);
};

const nodeAffinityHint: Hint = (pod, ev) => {
  if (ev.kind !== 'NodeAdd' && ev.kind !== 'NodeUpdate') return false;
  const m = requiredNodeAffinity(pod.pod);
  const fits = (n: Node) => !m || m(n.metadata?.name ?? '', n.metadata?.labels ?? {});
  return fits(ev.node) && (ev.kind === 'NodeAdd' || !fits(ev.old));
};

const nodePortsHint: Hint = (pod, ev) => {
  if (ev.kind === 'NodeAdd') return true;
  if (ev.kind !== 'AssignedPodDelete') return false;
  return ev.pod.hostPorts.some((hp) => pod.hostPorts.some((p) => p.port === hp.port && p.protocol === hp.protocol));
};

const fitHint: Hint = (pod, ev) => {
  if (ev.kind === 'AssignedPodDelete') return true;
  if (ev.kind === 'AssignedPodUpdate') return ev.scaledDown && freesWhatItRequests(ev.old.requests, ev.pod.requests, pod.requests);
  if (ev.kind !== 'NodeAdd' && ev.kind !== 'NodeUpdate') return false;
  const fitsEmpty = !insufficientResources(nodeInfoOf(ev.node), pod).length;
  if (!fitsEmpty || ev.kind === 'NodeAdd') return fitsEmpty;
  const a = nodeInfoOf(ev.old);
  const b = nodeInfoOf(ev.node);
  return b.allowedPods > a.allowedPods || b.allocatable.milliCPU > a.allocatable.milliCPU || b.allocatable.memory > a.allocatable.memory ||
    b.allocatable.ephemeralStorage > a.allocatable.ephemeralStorage || !deepEqual(a.allocatable.scalars ?? {}, b.allocatable.scalars ?? {});
};

/**
 * isSchedulableAfterPodScaleDown: an assigned pod now requests less of a resource the pod asks for
 * (requests as PodRequests with the status's resources, as the cache counts them).
 */
function freesWhatItRequests(before: Resources, after: Resources, wanted: Resources): boolean {
  if (wanted.milliCPU > 0 && after.milliCPU < before.milliCPU) return true;
  if (wanted.memory > 0 && after.memory < before.memory) return true;
  if (wanted.ephemeralStorage > 0 && after.ephemeralStorage < before.ephemeralStorage) return true;
  return Object.entries(wanted.scalars ?? {}).some(([name, q]) => q > 0 && (after.scalars?.[name] ?? 0) < (before.scalars?.[name] ?? 0));
}

/**
 * UpdatePodScaleDown (podSchedulingPropertiesChange): any resource the pod requests fell — one it
 * requested before, so `before` is also what it asks for.
 */
export function scaledDown(before: Resources, after: Resources): boolean {
  return freesWhatItRequests(before, after, before);
}

function matchesAll(terms: PodInfo['requiredAffinity'], other: PodInfo): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, other.namespace, other.labels, undefined));
}

const interPodAffinityHint: Hint = (pod, ev) => {
  switch (ev.kind) {
    case 'NodeAdd':
      return true;
    case 'NodeUpdate':
      return !deepEqual(ev.old.metadata?.labels ?? {}, ev.node.metadata?.labels ?? {});
    case 'AssignedPodAdd':
      return matchesAll(pod.requiredAffinity, ev.pod);
    case 'AssignedPodUpdate':
      return (!matchesAll(pod.requiredAffinity, ev.old) && matchesAll(pod.requiredAffinity, ev.pod)) ||
        (pod.requiredAntiAffinity.some((t) => termMatches(t, ev.old.namespace, ev.old.labels, undefined)) &&
          !pod.requiredAntiAffinity.some((t) => termMatches(t, ev.pod.namespace, ev.pod.labels, undefined)));
    case 'AssignedPodDelete':
      // the deleted pod was one the pod avoids, or it carried anti-affinity against the pod
      return pod.requiredAntiAffinity.some((t) => termMatches(t, ev.pod.namespace, ev.pod.labels, undefined)) ||
        ev.pod.requiredAntiAffinity.some((t) => termMatches(t, pod.namespace, pod.labels, undefined));
    default:
      return false;
  }
};

const spreadHint: Hint = (pod, ev) => {
  const constraints = pod.pod.spec?.topologySpreadConstraints ?? [];
  switch (ev.kind) {
    case 'NodeAdd':
      return true;
    case 'NodeUpdate':
      return !deepEqual(ev.old.metadata?.labels ?? {}, ev.node.metadata?.labels ?? {}) || !deepEqual(ev.old.spec?.taints ?? [], ev.node.spec?.taints ?? []);
    case 'AssignedPodAdd':
    case 'AssignedPodDelete':
    case 'AssignedPodUpdate': {
      // PodTopologySpread registers label updates, not scale-downs
      if (ev.pod.namespace !== pod.namespace || (ev.kind === 'AssignedPodUpdate' && !ev.labelsChanged)) return false;
      if (!constraints.length) return true;
      return constraints.some((c) => !c.labelSelector || matches(selectorOf(c.labelSelector), ev.pod.labels) || (ev.kind === 'AssignedPodUpdate' && matches(selectorOf(c.labelSelector), ev.old.labels)));
    }
    default:
      return false;
  }
};

function selectorOf(sel: LabelSelector): Selector {
  return fromLabelSelector(sel);
}

const volumeRestrictionsHint: Hint = (pod, ev) => {
  if (ev.kind === 'NodeAdd') return true;
  if (ev.kind === 'PvcChange') return ev.pvc.metadata?.namespace === pod.namespace && pod.claimNames.includes(ev.pvc.metadata?.name ?? '');
  if (ev.kind === 'AssignedPodDelete') return ev.pod.namespace === pod.namespace && ev.pod.claimNames.some((c) => pod.claimNames.includes(c));
  return false;
};

const volumeBindingHint: Hint = (pod, ev) => {
  switch (ev.kind) {
    case 'PvcChange':
      return ev.pvc.metadata?.namespace === pod.namespace && pod.claimNames.includes(ev.pvc.metadata?.name ?? '');
    case 'PvChange':
    case 'StorageClassChange':
    case 'NodeAdd':
      return true;
    case 'NodeUpdate':
      return !deepEqual(ev.old.metadata?.labels ?? {}, ev.node.metadata?.labels ?? {});
    default:
      return false;
  }
};

const HINTS: Record<string, Hint> = {
  [NODE_UNSCHEDULABLE]: nodeUnschedulableHint,
  [NODE_NAME]: nodeNameHint,
  [TAINT_TOLERATION]: taintHint,
  [NODE_AFFINITY]: nodeAffinityHint,
  [NODE_PORTS]: nodePortsHint,
  [NODE_RESOURCES_FIT]: fitHint,
  [BALANCED_ALLOCATION]: () => false,
  [INTER_POD_AFFINITY]: interPodAffinityHint,
  [POD_TOPOLOGY_SPREAD]: spreadHint,
  [VOLUME_RESTRICTIONS]: volumeRestrictionsHint,
  [VOLUME_BINDING]: volumeBindingHint,
};

/** isPodWorthRequeuing: any rejecting plugin's hint says the event may help (unknown plugins: yes). */
export function eventMayHelp(pod: PodInfo, rejectors: ReadonlySet<string>, ev: ClusterEvent): boolean {
  if (!rejectors.size) return true;
  for (const p of rejectors) {
    const hint = HINTS[p];
    if (!hint || hint(pod, ev)) return true;
  }
  return false;
}

