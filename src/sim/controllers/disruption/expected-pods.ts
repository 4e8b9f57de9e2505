/**
 * How many pods a budget expects and how many must be healthy (disruption.go
 * getExpectedPodCount, getExpectedScale and the podControllerFinder functions):
 * - maxUnavailable (int or percent): expectedPods is the sum of the scales of the pods'
 *   controllers; desiredHealthy = expectedPods - maxUnavailable (a percent of expectedPods rounded
 *   UP: GetScaledValueFromIntOrPercent(..., true)), never below 0;
 * - minAvailable integer: desiredHealthy is the number and expectedPods the number of selected pods;
 * - minAvailable percent: expectedPods from the controllers' scales, desiredHealthy the percent of
 *   it rounded UP.
 * A controller's scale is spec.replicas of the pod's ReplicationController, of the Deployment
 * owning its ReplicaSet (else the ReplicaSet's own), of its StatefulSet, or of any other owner
 * through the scale subresource. Pods with no controller are reported as unmanaged.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { ApiError } from '../../../errors';
import { controllerRef, groupOf, type KObject } from '../../../kube/object';
import type { KubeVersion } from '../../../kube/version';
import { resolveType } from '../../../kube/registry';
import { groupResource } from '../../../kube/status-errors';
import type { ApiServer } from '../../apiserver/store';
import { scaledValue } from '../deployment/fenceposts';
import type { PodObj } from '../../../kube/pod-state';
import type { PdbObj } from './types';

/** A failure upstream returns as an error from trySync (it then runs failSafe). */
export class SyncError extends Error {}

export interface ExpectedCount {
  expectedCount: number;
  desiredHealthy: number;
  /** names of selected pods without a controller */
  unmanagedPods: string[];
}

interface ControllerScale {
  uid: string;
  scale: number;
}

type Scalable = KObject & { spec?: { replicas?: number } };
type Finder = (api: ApiServer, ref: OwnerReference, namespace: string, v: KubeVersion) => ControllerScale | undefined;

/** Kinds whose scale subresource exists; any other owner kind makes the sync fail. */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

export function expectedPodCount(api: ApiServer, pdb: PdbObj, pods: PodObj[], v: KubeVersion): ExpectedCount {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined) {
    const { expectedCount, unmanagedPods } = expectedScale(api, pods, v);
    const maxUnavailable = scaled(spec.maxUnavailable, expectedCount);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable), unmanagedPods };
  }
  if (spec.minAvailable !== undefined) {
    if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    const { expectedCount, unmanagedPods } = expectedScale(api, pods, v);
    return { expectedCount, desiredHealthy: scaled(spec.minAvailable, expectedCount), unmanagedPods };
  }
  // Neither set (validation allows it): upstream's counts stay zero.
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

function scaled(value: number | string, total: number): number {
  try {
    return scaledValue(value, total, true);
  } catch (err) {
    throw new SyncError((err as Error).message);
  }
}

/** getExpectedScale: the sum of the scales of the distinct controllers of the pods. */
function expectedScale(api: ApiServer, pods: PodObj[], v: KubeVersion): { expectedCount: number; unmanagedPods: string[] } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerRef(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata.name);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = findControllerScale(api, ref, pod.metadata.namespace ?? 'default', v);
    if (!found) throw new SyncError(`found no controllers for pod "${pod.metadata.name}"`);
    scales.set(found.uid, found.scale);
  }
  let expectedCount = 0;
  for (const s of scales.values()) expectedCount += s;
  return { expectedCount, unmanagedPods };
}

/** finders(): tried in upstream's order; the first that answers wins. */
const FINDERS: Finder[] = [replicationController, deployment, replicaSet, statefulSet, scaleSubresource];

function findControllerScale(api: ApiServer, ref: OwnerReference, namespace: string, v: KubeVersion): ControllerScale | undefined {
  for (const finder of FINDERS) {
    const found = finder(api, ref, namespace, v);
    if (found) return found;
  }
  return undefined;
}

/** verifyGroupKind */
function isKind(ref: { apiVersion: string; kind: string }, kind: string, groups: string[]): boolean {
  return ref.kind === kind && groups.includes(groupOf(ref.apiVersion));
}

/** The named object, only if it is the incarnation the reference names. */
function sameObject(api: ApiServer, kind: string, namespace: string, ref: { name: string; uid: string }): Scalable | undefined {
  const obj = api.get<Scalable>(kind, namespace, ref.name);
  return obj && obj.metadata.uid === ref.uid ? obj : undefined;
}

const scaleOf = (obj: Scalable): ControllerScale => ({ uid: obj.metadata.uid!, scale: obj.spec?.replicas ?? 0 });

function replicationController(api: ApiServer, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  if (!isKind(ref, 'ReplicationController', [''])) return undefined;
  const rc = sameObject(api, 'ReplicationController', namespace, ref);
  return rc && scaleOf(rc);
}

/** getPodDeployment: the Deployment controlling the pod's ReplicaSet. */
function deployment(api: ApiServer, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  if (!isKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
  const rs = sameObject(api, 'ReplicaSet', namespace, ref);
  const owner = rs && controllerRef(rs);
  if (!owner || !isKind(owner, 'Deployment', ['apps', 'extensions'])) return undefined;
  const d = sameObject(api, 'Deployment', namespace, owner);
  return d && scaleOf(d);
}

/** getPodReplicaSet: a ReplicaSet no Deployment controls. */
function replicaSet(api: ApiServer, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  if (!isKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
  const rs = sameObject(api, 'ReplicaSet', namespace, ref);
  if (!rs || controllerRef(rs)?.kind === 'Deployment') return undefined;
  return scaleOf(rs);
}

function statefulSet(api: ApiServer, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  if (!isKind(ref, 'StatefulSet', ['apps'])) return undefined;
  const ss = sameObject(api, 'StatefulSet', namespace, ref);
  return ss && scaleOf(ss);
}

/**
 * getScaleController: the owner's scale subresource. An owner kind the server does not serve
 * fails with the RESTMapper's error; a served kind without a scale subresource fails with
 * "<resource> does not implement the scale subresource"; a scalable owner that is gone (or
 * another incarnation) answers nothing.
 */
function scaleSubresource(api: ApiServer, ref: OwnerReference, namespace: string, v: KubeVersion): ControllerScale | undefined {
  let type;
  try {
    type = resolveType(ref.apiVersion, ref.kind, v);
  } catch (err) {
    throw new SyncError(err instanceof ApiError ? err.message : String(err));
  }
  if (!SCALABLE.has(type.kind)) throw new SyncError(`${groupResource(type)} does not implement the scale subresource`);
  const obj = sameObject(api, type.kind, namespace, ref);
  return obj && scaleOf(obj);
}
