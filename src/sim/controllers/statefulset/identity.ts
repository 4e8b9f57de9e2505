/**
 * A StatefulSet pod's identity: its ordinal, name, labels, hostname/subdomain and the claims it
 * mounts (pkg/controller/statefulset/stateful_set_utils.go).
 */
import type { PersistentVolumeClaim, Volume } from 'kubernetes-types/core/v1';
import { clone } from '../../../kube/object';
import {
  type ClaimObj,
  type PodObj,
  type StatefulSetObj,
  POD_INDEX_LABEL,
  POD_NAME_LABEL,
  REVISION_LABEL,
  STATEFULSET_GVK,
  newControllerRef,
} from './types';

/** statefulPodRegex: everything before the last `-<digits>` is the parent, the digits the ordinal. */
const STATEFUL_POD_NAME = /^(.*)-([0-9]+)$/;
const MAX_INT32 = 2 ** 31 - 1;

/** getParentNameAndOrdinal: ordinal -1 when the name has none (or it overflows int32, as ParseInt(.., 32) fails). */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = STATEFUL_POD_NAME.exec(podName);
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  return { parent: m[1]!, ordinal: n <= MAX_INT32 ? n : -1 };
}

export function ordinalOf(pod: { metadata: { name: string } }): number {
  return parentAndOrdinal(pod.metadata.name).ordinal;
}

/** isMemberOf: the pod's name says it belongs to the set. */
export function isMemberOf(set: StatefulSetObj, pod: PodObj): boolean {
  return parentAndOrdinal(pod.metadata.name).parent === set.metadata.name;
}

export function replicasOf(set: StatefulSetObj): number {
  return set.spec.replicas ?? 1;
}

/** getStartOrdinal: spec.ordinals.start, else 0. */
export function startOrdinal(set: StatefulSetObj): number {
  return set.spec.ordinals?.start ?? 0;
}

/** getEndOrdinal (inclusive). */
export function endOrdinal(set: StatefulSetObj): number {
  return startOrdinal(set) + replicasOf(set) - 1;
}

/** podInOrdinalRange */
export function inOrdinalRange(pod: PodObj, set: StatefulSetObj): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export function podName(set: StatefulSetObj, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`. */
export function claimName(set: StatefulSetObj, templateName: string, ordinal: number): string {
  return `${templateName}-${set.metadata.name}-${ordinal}`;
}

export function podRevision(pod: PodObj): string {
  return pod.metadata.labels?.[REVISION_LABEL] ?? '';
}

/** identityMatches: name, namespace and the pod-name label agree with the set. */
export function identityMatches(set: StatefulSetObj, pod: PodObj): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata.name);
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name
  );
}

/** storageMatches: every volumeClaimTemplate is mounted as a volume of that name using the pod's own claim. */
export function storageMatches(set: StatefulSetObj, pod: PodObj): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return templatesOf(set).every((t) => {
    const v = volumes.get(templateName(t));
    return v?.persistentVolumeClaim?.claimName === claimName(set, templateName(t), ordinal);
  });
}

export function templatesOf(set: StatefulSetObj): PersistentVolumeClaim[] {
  return set.spec.volumeClaimTemplates ?? [];
}

function templateName(t: PersistentVolumeClaim): string {
  return t.metadata?.name ?? '';
}

/**
 * getPersistentVolumeClaims: the claims a pod of this ordinal uses, in template order. Labels are
 * the template's plus the selector's matchLabels (selector wins).
 */
export function claimsFor(set: StatefulSetObj, ordinal: number): ClaimObj[] {
  return templatesOf(set).map((t) => {
    const meta = clone(t.metadata ?? {});
    const labels = { ...(meta.labels ?? {}), ...(set.spec.selector?.matchLabels ?? {}) };
    // Server-set fields of the template (a defaulted creationTimestamp: null) are not the claim's.
    for (const k of ['creationTimestamp', 'uid', 'resourceVersion', 'generation', 'deletionTimestamp'] as const) delete meta[k];
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { ...meta, name: claimName(set, templateName(t), ordinal), namespace: set.metadata.namespace, labels },
      spec: clone(t.spec ?? {}),
    } as ClaimObj;
  });
}

/** updateStorage: claim volumes first (one per template), then the pod's other volumes. */
export function updateStorage(set: StatefulSetObj, pod: PodObj): void {
  const ordinal = ordinalOf(pod);
  const names = new Set(templatesOf(set).map(templateName));
  // upstream sets ReadOnly: false, which the API serves as nothing (`readOnly,omitempty`)
  const claimVolumes: Volume[] = templatesOf(set).map((t) => ({
    name: templateName(t),
    persistentVolumeClaim: { claimName: claimName(set, templateName(t), ordinal) },
  }));
  const others = (pod.spec?.volumes ?? []).filter((v) => !names.has(v.name));
  pod.spec = { ...(pod.spec ?? { containers: [] }), volumes: [...claimVolumes, ...others] };
}

/**
 * updateIdentity: name, namespace, and the pod-name and pod-index labels (PodIndexLabel: beta and
 * on by default from 1.28, GA in 1.32, so on in every version emulated).
 */
export function updateIdentity(set: StatefulSetObj, pod: PodObj): void {
  const ordinal = ordinalOf(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinal) };
}

/**
 * newStatefulSetPod: controller.GetPodFromTemplate (template labels, annotations, finalizers and
 * spec; generateName `<set>-`; controller ref) plus identity and storage. hostname and subdomain
 * are set only here, at creation (initIdentity), as they are immutable.
 */
export function newStatefulSetPod(set: StatefulSetObj, ordinal: number): PodObj {
  const template = set.spec.template;
  const tm = template.metadata ?? {};
  const pod: PodObj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(set, ordinal),
      generateName: `${set.metadata.name}-`,
      labels: { ...(tm.labels ?? {}) },
      ownerReferences: [newControllerRef(set, STATEFULSET_GVK)],
    },
    spec: clone(template.spec ?? { containers: [] }),
  };
  if (tm.annotations) pod.metadata.annotations = { ...tm.annotations };
  if (tm.finalizers) pod.metadata.finalizers = [...tm.finalizers];
  updateIdentity(set, pod);
  pod.spec = { ...pod.spec!, hostname: pod.metadata.name, subdomain: set.spec.serviceName || undefined };
  if (pod.spec.subdomain === undefined) delete pod.spec.subdomain;
  updateStorage(set, pod);
  return pod;
}

/**
 * The revision a missing pod of this ordinal is created at (newVersionedStatefulSetPod): the
 * current revision below the partition under RollingUpdate, the update revision otherwise. The
 * condition is upstream's, operator precedence included: `(RollingUpdate && rollingUpdate == nil
 * && ordinal < start+currentReplicas) || (rollingUpdate != nil && ordinal < start+partition)`.
 */
export function createsAtCurrentRevision(currentSet: StatefulSetObj, ordinal: number): boolean {
  const strategy = currentSet.spec.updateStrategy;
  const type = strategy?.type ?? 'RollingUpdate';
  const start = startOrdinal(currentSet);
  if (type === 'RollingUpdate' && !strategy?.rollingUpdate && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) {
    return true;
  }
  return !!strategy?.rollingUpdate && ordinal < start + (strategy.rollingUpdate.partition ?? 0);
}

/** newVersionedStatefulSetPod */
export function newVersionedPod(
  currentSet: StatefulSetObj,
  updateSet: StatefulSetObj,
  currentRevision: string,
  updateRevision: string,
  ordinal: number,
): PodObj {
  const atCurrent = createsAtCurrentRevision(currentSet, ordinal);
  const pod = newStatefulSetPod(atCurrent ? currentSet : updateSet, ordinal);
  pod.metadata.labels = { ...pod.metadata.labels, [REVISION_LABEL]: atCurrent ? currentRevision : updateRevision };
  return pod;
}
