/**
 * The PodTopologyLabels admission plugin (plugin/pkg/admission/podtopologylabels, on by default
 * in the chain but acting only where PodTopologyLabelsAdmission is on: beta from 1.35). A pod
 * bound to a node — by the pods/binding subresource, or created with spec.nodeName — gets the
 * node's zone and region labels, overwriting its own (copyLabelsWithOverwriting in
 * pkg/registry/core/pod/storage/storage.go). A node without them, or not found, adds nothing.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { gateEnabled } from '../../kube/defaults/feature-gates';
import type { KObject } from '../../kube/object';
import type { KubeVersion } from '../../kube/version';

/** The plugin's default configuration (defaultConfig.Labels). */
const TOPOLOGY_LABELS = ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region'];

/** The labels the plugin copies from `node` at `version` (none where the gate is off). */
export function nodeTopologyLabels(node: KObject | undefined, version: KubeVersion): Record<string, string> {
  if (!gateEnabled('PodTopologyLabelsAdmission', version)) return {};
  const labels = node?.metadata.labels ?? {};
  return Object.fromEntries(TOPOLOGY_LABELS.filter((k) => k in labels).map((k) => [k, labels[k]!]));
}

/** The pod with `labels` merged into its own, overwriting (the same pod when there are none). */
export function withTopologyLabels(pod: Pod, labels: Record<string, string>): Pod {
  if (!Object.keys(labels).length) return pod;
  return { ...pod, metadata: { ...pod.metadata, labels: { ...(pod.metadata?.labels ?? {}), ...labels } } };
}
