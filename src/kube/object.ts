/**
 * The one shape every Kubernetes object has, plus small helpers on it. Typed kinds come from
 * kubernetes-types (e.g. `import type { Pod } from 'kubernetes-types/core/v1'`).
 */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';
import { setOwn } from '../own-keys';

/** kubernetes-types marks server-set fields readonly; the simulator's API server sets them. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type Meta = Mutable<ObjectMeta> & { name: string };

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  [field: string]: unknown;
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function objectName(o: { metadata: { name?: string; namespace?: string } }): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : `${o.metadata.name}`;
}

/** The key the store indexes an object under: `Kind/namespace/name` (namespace empty if cluster-scoped). */
export function storeKey(kind: string, namespace: string | undefined, name: string): string {
  // joined rather than concatenated: the store keeps a key per object, and a joined string is flat
  return [kind, '/', namespace ?? '', '/', name].join('');
}

export function keyOf(o: KObject): string {
  return storeKey(o.kind, o.metadata.namespace, o.metadata.name);
}

/** metadata.uid, '' when unset (a request not yet stored). */
export function uidOf(o: { metadata?: { uid?: string } }): string {
  return o.metadata?.uid ?? '';
}

/** Orders objects by metadata.name in UTF-16 code units, as sort() and the store's keys order them. */
export function byName(a: { metadata?: { name?: string } }, b: { metadata?: { name?: string } }): number {
  const x = a.metadata?.name ?? '';
  const y = b.metadata?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

export function controllerRef(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

export function isBeingDeleted(o: KObject): boolean {
  return !!o.metadata.deletionTimestamp;
}

/**
 * A deep, mutable copy: the store's objects are frozen, so controllers copy before editing.
 * Objects are plain JSON trees, which a recursive copy handles several times faster than
 * structuredClone; anything else (a Map, a Date) still goes through structuredClone.
 */
export function clone<T>(o: T): T {
  if (typeof o !== 'object' || o === null) return o;
  if (Array.isArray(o)) return o.map(clone) as T;
  const proto = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return structuredClone(o);
  // A spread copies every key at once (in order, `__proto__` as a plain key); only the values
  // that are objects are then replaced by their copies. Building the copy key by key was twice
  // as slow, and controllers and defaulting copy whole objects on most writes.
  const out: Record<string, unknown> = { ...(o as Record<string, unknown>) };
  for (const k in out) {
    const v = out[k];
    if (typeof v === 'object' && v !== null) setOwn(out, k, clone(v));
  }
  return out as T;
}

/** Group of an apiVersion: "apps/v1" -> "apps", "v1" -> "" (core). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** An apiVersion and kind, as owner references and events name them. */
export interface Gvk {
  apiVersion: string;
  kind: string;
}

/** metav1.NewControllerRef: the owner reference a controller puts on what it creates or adopts. */
export function newControllerRef(owner: KObject, gvk: Gvk): OwnerReference {
  return {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
