/**
 * Which nodes a DaemonSet's pods belong on (daemon_controller.go NodeShouldRunDaemonPod,
 * predicates, NewPod) and which node a pod was made for (util.GetTargetNodeName). The controller
 * decides placement itself from the template's nodeName, nodeSelector and required node affinity
 * and from the node's taints against the pod's tolerations including the daemon ones; resources
 * and other scheduler filters are left to the scheduler.
 */
import type { Affinity, NodeSelectorTerm, Pod } from 'kubernetes-types/core/v1';
import { requiredNodeAffinity } from '../../scheduler/node-selector';
import { firstUntoleratedTaint, tolerationsTolerate } from '../../scheduler/taints';
import { withDaemonTolerations } from './tolerations';
import type { DaemonSetObj, NodeObj, PodObj } from './types';

export interface Placement {
  /** a daemon pod should be created on the node if it has none */
  shouldRun: boolean;
  /** a daemon pod already on the node may stay */
  shouldContinueRunning: boolean;
}

const NOWHERE: Placement = { shouldRun: false, shouldContinueRunning: false };

/**
 * NodeShouldRunDaemonPod: nodeName and required node affinity must fit, else neither. A NoSchedule
 * or NoExecute taint the pod does not tolerate stops new pods; only an untolerated NoExecute one
 * also ends running pods.
 */
export function nodeShouldRunDaemonPod(node: NodeObj, ds: DaemonSetObj): Placement {
  const spec = ds.spec.template?.spec;
  if (spec?.nodeName && spec.nodeName !== node.metadata.name) return NOWHERE;
  const pod = { spec: { ...spec, nodeName: node.metadata.name } } as Pod;
  const affinity = requiredNodeAffinity(pod);
  if (affinity && !affinity(node.metadata.name, node.metadata.labels ?? {})) return NOWHERE;
  const tolerations = withDaemonTolerations(spec ?? { containers: [] });
  const taints = node.spec?.taints ?? [];
  if (!firstUntoleratedTaint(taints, tolerations)) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = taints.some((t) => t.effect === 'NoExecute' && !tolerationsTolerate(tolerations, t));
  return { shouldRun: false, shouldContinueRunning: !evicting };
}

/** The node-name field selectors and daemon pods use (metav1.ObjectNameField). */
const NAME_FIELD = 'metadata.name';

/**
 * GetTargetNodeName: spec.nodeName once bound; before that the node the daemon pod's required
 * node affinity names with `metadata.name In [node]` (exactly one value). undefined otherwise.
 */
export function targetNodeName(pod: PodObj): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === NAME_FIELD && f.operator === 'In') return f.values?.length === 1 ? f.values[0] : undefined;
    }
  }
  return undefined;
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the one term
 * `matchFields metadata.name In [node]` (the controller already checked the template's own terms
 * fit the node); preferred terms and pod (anti-)affinity are kept. The default scheduler then
 * binds the pod there.
 */
export function pinToNode(affinity: Affinity | undefined, node: string): Affinity {
  const term: NodeSelectorTerm = { matchFields: [{ key: NAME_FIELD, operator: 'In', values: [node] }] };
  const nodeAffinity = affinity?.nodeAffinity ?? {};
  const required = { ...(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}), nodeSelectorTerms: [term] };
  return { ...(affinity ?? {}), nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required } };
}
