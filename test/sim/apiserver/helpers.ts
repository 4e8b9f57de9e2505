/** Builders of valid manifests and shortcuts to run the API server rules on them. */
import { mergeLabelKeysIntoSelectors } from '../../../src/kube/pod-label-keys';
import type { KObject } from '../../../src/kube/object';
import { DEFAULT_VERSION, type KubeVersion } from '../../../src/kube/version';
import { applyDefaults, dropDisabledFields } from '../../../src/kube/defaults';
import { formatFieldError, validateCreate, validateUpdate } from '../../../src/kube/validation';

type Json = Record<string, unknown>;

/** Deep-merges `patch` into `base`; `undefined` in the patch deletes a key. */
export function merge<T>(base: T, patch: unknown): T {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch as T;
  const out: Json = { ...(base as Json) };
  for (const [k, v] of Object.entries(patch as Json)) {
    if (v === undefined) delete out[k];
    else out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) && typeof out[k] === 'object' ? merge(out[k], v) : v;
  }
  return out as T;
}

export const container = (extra: Json = {}): Json => ({ name: 'nginx', image: 'nginx:1.25', ...extra });

const template = (labels: Record<string, string> = { app: 'web' }): Json => ({
  metadata: { labels },
  spec: { containers: [container()] },
});

export function statefulSet(patch: unknown = {}): KObject {
  return merge(
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: { serviceName: 'nginx', replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template() },
    },
    patch,
  ) as KObject;
}

export function deployment(patch: unknown = {}): KObject {
  return merge(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template() },
    },
    patch,
  ) as KObject;
}

export function pod(patch: unknown = {}): KObject {
  return merge({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default' }, spec: { containers: [container()] } }, patch) as KObject;
}

export function pvc(patch: unknown = {}): KObject {
  return merge(
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
    patch,
  ) as KObject;
}

export function pv(patch: unknown = {}): KObject {
  return merge(
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv1' },
      spec: { capacity: { storage: '3Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data/pv1' } },
    },
    patch,
  ) as KObject;
}

export function service(patch: unknown = {}): KObject {
  return merge(
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
    patch,
  ) as KObject;
}

export function pdb(patch: unknown = {}): KObject {
  return merge(
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'zk-pdb', namespace: 'default' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'zk' } } } },
    patch,
  ) as KObject;
}

/** What the store does before validating a create: defaults, drop gated fields, merge a pod's label keys. */
export function prepared(obj: KObject, v: KubeVersion = DEFAULT_VERSION): KObject {
  return mergeLabelKeysIntoSelectors(dropDisabledFields(applyDefaults(obj, v), undefined, v), v);
}

/** Formatted create errors of a manifest, after defaulting. */
export function createErrors(obj: KObject, v: KubeVersion = DEFAULT_VERSION): string[] {
  return validateCreate(prepared(obj, v), v).map((e) => formatFieldError(e, v));
}

/** Formatted update errors of `next` against the stored `prev` (both defaulted). */
export function updateErrors(prev: KObject, next: KObject, v: KubeVersion = DEFAULT_VERSION): string[] {
  const old = { ...prepared(prev, v), metadata: { ...prev.metadata, uid: 'u1', resourceVersion: '1' } };
  const now = { ...dropDisabledFields(applyDefaults(next, v), old, v), metadata: { ...next.metadata, uid: 'u1', resourceVersion: '1' } };
  return validateUpdate(now, old, v).map((e) => formatFieldError(e, v));
}
