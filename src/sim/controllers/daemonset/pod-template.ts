/**
 * The pods a DaemonSet creates (daemon/util CreatePodTemplate, syncNodes): the template with the
 * daemon tolerations, labelled with the revision hash and — when the DaemonSet carries the
 * template-generation annotation — pod-template-generation, and pinned to its node through
 * required node affinity. Pod names are `<ds>-<5 random characters>` (generateName).
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { podFromTemplate } from '../replicaset/pod-template';
import type { ReplicaSetObj } from '../replicaset/types';
import { pinToNode } from './placement';
import { withDaemonTolerations } from './tolerations';
import {
  DAEMONSET_GVK, newControllerRef, REVISION_HASH_LABEL, TEMPLATE_GENERATION_ANNOTATION, TEMPLATE_GENERATION_LABEL,
  type DaemonSetObj, type PodObj,
} from './types';

/**
 * GetTemplateGeneration: the deprecated annotation as an integer; undefined when absent or not a
 * base-10 int64 (upstream then ignores it and tells pods apart by hash alone).
 */
export function templateGeneration(ds: DaemonSetObj): number | undefined {
  const text = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * CreatePodTemplate: the template every new pod of this sync starts from. Shallow copies suffice
 * (no DeepCopy as upstream): daemonPodFor hands it to podFromTemplate, which copies the spec
 * deeply and the labels, annotations and finalizers, so the stored DaemonSet is never shared.
 */
export function daemonPodTemplate(ds: DaemonSetObj, hash: string): PodTemplateSpec {
  const template = ds.spec.template;
  const spec = template.spec ?? { containers: [] };
  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) labels[REVISION_HASH_LABEL] = hash;
  return { ...template, spec: { ...spec, tolerations: [...withDaemonTolerations(spec)] }, metadata: { ...(template.metadata ?? {}), labels } };
}

/** The pod for one node: the template pinned there, owned by the DaemonSet (GetPodFromTemplate). */
export function daemonPodFor(ds: DaemonSetObj, template: PodTemplateSpec, node: string): PodObj {
  const pinned: PodTemplateSpec = { ...template, spec: { ...template.spec!, affinity: pinToNode(template.spec?.affinity, node) } };
  // GetPodFromTemplate reads only the parent's name, namespace and the template it is given.
  const parent = { ...ds, spec: { selector: ds.spec.selector, template: pinned } } as unknown as ReplicaSetObj;
  return podFromTemplate(parent, newControllerRef(ds, DAEMONSET_GVK));
}

/**
 * IsPodUpdated: the pod was made from the current template — its revision hash label is the
 * current hash, or (for pods from before hashes) its pod-template-generation label is the
 * DaemonSet's template generation.
 */
export function isPodUpdated(pod: PodObj, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  const generationMatches = generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  return (hash !== '' && labels[REVISION_HASH_LABEL] === hash) || generationMatches;
}
