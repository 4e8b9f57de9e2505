/**
 * The scale subresource (pkg/registry/apps/<kind>/storage ScaleREST, core RC ScaleREST): an
 * autoscaling/v1 Scale made from the workload (name, namespace, uid, resourceVersion, creation
 * time; spec.replicas; status.replicas and the selector as a string), and a Scale written back
 * as a change of the workload's spec.replicas, with the Scale's resourceVersion as precondition.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { ApiError } from '../errors';
import type { KObject } from '../kube/object';
import { invalidError } from '../kube/status-errors';
import { FieldPath, invalid } from '../kube/validation/field-error';
import type { KubeVersion } from '../kube/version';
import { selectorString } from './tables/types';

export interface Scale extends KObject {
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

function selectorOf(o: KObject): string {
  const sel = (o.spec as { selector?: LabelSelector | Record<string, string> } | undefined)?.selector;
  if (!sel) return '';
  // ReplicationController: a plain map (labels.SelectorFromSet)
  if (o.kind === 'ReplicationController') return Object.keys(sel).sort().map((k) => `${k}=${(sel as Record<string, string>)[k]}`).join(',');
  return selectorString(sel as LabelSelector);
}

export function scaleOf(o: KObject): Scale {
  const meta = o.metadata;
  const scale: Scale = {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: meta.name,
      ...(meta.namespace ? { namespace: meta.namespace } : {}),
      ...(meta.uid ? { uid: meta.uid } : {}),
      ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
      ...(meta.creationTimestamp ? { creationTimestamp: meta.creationTimestamp } : {}),
    },
    spec: { replicas: (o.spec as { replicas?: number } | undefined)?.replicas ?? 0 },
    status: { replicas: (o.status as { replicas?: number } | undefined)?.replicas ?? 0 },
  };
  const selector = selectorOf(o);
  if (selector) scale.status.selector = selector;
  return scale;
}

/**
 * The workload with the Scale's replicas, ready for update(); the Scale's resourceVersion (when
 * set) is kept as the optimistic-concurrency precondition. Refuses what ValidateScale refuses.
 */
export function applyScale(parent: KObject, scale: unknown, v: KubeVersion): KObject {
  const s = scale as Partial<Scale> | undefined;
  if (!s || typeof s !== 'object' || !s.metadata) throw new ApiError(400, 'BadRequest', 'the body of the request is not a Scale');
  if (s.metadata.name !== undefined && s.metadata.name !== parent.metadata.name) {
    throw new ApiError(400, 'BadRequest', `the name of the object (${s.metadata.name}) does not match the name on the URL (${parent.metadata.name})`);
  }
  const replicas = s.spec?.replicas ?? 0;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw invalidError({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: parent.metadata.name } },
      [invalid(FieldPath.of('spec', 'replicas'), replicas, 'must be greater than or equal to 0')], v);
  }
  const rv = s.metadata.resourceVersion;
  return {
    ...parent,
    metadata: { ...parent.metadata, resourceVersion: rv || undefined },
    spec: { ...(parent.spec as object), replicas },
  };
}
