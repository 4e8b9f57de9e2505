/**
 * Requests on one object: GET, PUT (update), PATCH and DELETE with DeleteOptions (from the body
 * or the query: propagationPolicy, gracePeriodSeconds, preconditions uid/resourceVersion, the
 * deprecated orphanDependents).
 */
import { ApiError } from '../errors';
import type { KObject } from '../kube/object';
import { conflict, notFound } from '../kube/status-errors';
import { warningsOnCreate } from '../kube/validation';
import type { PropagationPolicy } from '../sim/apiserver/store';
import { bodyOf, objectFromBody, refuseDryRun, send, sendObject, type ResourceCall } from './call';
import { applyPatch, patchKind, type PatchKind } from './patch-request';
import { DecodeError } from '../kube/decode-check';
import { patchDecodeError } from '../kube/patch-decode-error';
import { deleteQuery, writeOptions } from './query';
import { success } from './status';
import { WatchFilter } from './watch';

export function liveObject(call: ResourceCall): KObject {
  const { resource, route } = call;
  const obj = call.ctx.cluster.sim.api.get(resource.kind, resource.namespaced ? route.namespace : undefined, route.name!);
  if (!obj) throw notFound(resource, route.name!);
  return obj;
}

export function get(call: ResourceCall): void {
  const { resource, route } = call;
  const obj = liveObject(call);
  // only a found object counts towards a poll: a client polling until a deletion stops at the 404
  call.ctx.time.noteGet(call.url, {
    wants: (ev) => new WatchFilter({ resource, namespace: route.namespace, name: route.name, predicate: () => true }).translate(ev) !== undefined,
  }, call.req.socket);
  sendObject(call, 200, obj);
}

/** The strategy's warnings for the written object, then those admission (PodSecurity) added. */
export function writeWarnings(call: ResourceCall, written: KObject): string[] {
  const { sim } = call.ctx.cluster;
  return [...warningsOnCreate(written, sim.config.version), ...sim.api.admissionWarnings()];
}

export async function update(call: ResourceCall, subresource?: 'status' | 'resize'): Promise<void> {
  const opts = writeOptions(call.query);
  const body = await bodyOf(call);
  refuseDryRun(opts.dryRun);
  const obj = objectFromBody(call, body);
  const updated = call.ctx.cluster.sim.api.update(obj, subresource, { client: true, fieldValidation: opts.fieldValidation });
  // an update that removed the last finalizer of a terminating object deleted it: answer the object as sent
  sendObject(call, 200, updated ?? obj, subresource ? [] : writeWarnings(call, updated ?? obj));
}

export async function patch(call: ResourceCall, subresource?: 'status' | 'resize'): Promise<void> {
  const opts = writeOptions(call.query);
  const kind = patchKind(call.req.headers['content-type']);
  const body = await bodyOf(call);
  refuseDryRun(opts.dryRun);
  const patched = applyPatch(liveObject(call), kind, body);
  const updated = updateDecoded(call, patched, () => call.ctx.cluster.sim.api.update(patched, subresource, { client: true, fieldValidation: opts.fieldValidation }), kind, body);
  sendObject(call, 200, updated ?? patched, subresource ? [] : writeWarnings(call, updated ?? patched));
}

/** A patch whose result does not decode is refused in the patch handler's words (kube/patch-decode-error.ts). */
function updateDecoded(call: ResourceCall, patched: KObject, write: () => KObject | undefined, kind: PatchKind, body: unknown): KObject | undefined {
  try {
    return write();
  } catch (e) {
    throw e instanceof DecodeError ? patchDecodeError(kind, body, patched, e, call.ctx.version) : e;
  }
}

export interface DeleteRequestOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  uid?: string;
  resourceVersion?: string;
}

const POLICIES = ['Background', 'Foreground', 'Orphan'];

/** DeleteOptions from the query, overridden by a body when there is one (handlers/delete.go). */
export async function deleteOptionsOf(call: ResourceCall): Promise<DeleteRequestOptions> {
  const q = deleteQuery(call.query);
  const body = (await bodyOf(call)) as {
    propagationPolicy?: string; gracePeriodSeconds?: number; orphanDependents?: boolean; dryRun?: string[];
    preconditions?: { uid?: string; resourceVersion?: string };
  } | undefined;
  const policy = body?.propagationPolicy ?? q.propagationPolicy;
  const orphan = body?.orphanDependents ?? q.orphanDependents;
  refuseDryRun(body?.dryRun ?? q.dryRun);
  if (policy !== undefined && !POLICIES.includes(policy)) {
    throw new ApiError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  if (policy !== undefined && orphan !== undefined) {
    throw new ApiError(422, 'Invalid', 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "' + policy + '": orphanDependents and deletionPropagation cannot be both set');
  }
  const o: DeleteRequestOptions = {};
  const p = policy ?? (orphan === undefined ? undefined : orphan ? 'Orphan' : 'Background');
  if (p) o.propagationPolicy = p as PropagationPolicy;
  const grace = body?.gracePeriodSeconds ?? q.gracePeriodSeconds;
  if (grace !== undefined) o.gracePeriodSeconds = grace;
  if (body?.preconditions?.uid) o.uid = body.preconditions.uid;
  if (body?.preconditions?.resourceVersion) o.resourceVersion = body.preconditions.resourceVersion;
  return o;
}

/** Deletes `obj`; returns what is left (with a deletionTimestamp) or undefined when it is gone. */
export function deleteOne(call: ResourceCall, obj: KObject, o: DeleteRequestOptions): KObject | undefined {
  const { resource } = call;
  if (o.resourceVersion && o.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(resource, obj.metadata.name,
      `Precondition failed: ResourceVersion in precondition: ${o.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
  }
  if (o.uid && o.uid !== obj.metadata.uid) {
    throw conflict(resource, obj.metadata.name, `Precondition failed: UID in precondition: ${o.uid}, UID in object meta: ${obj.metadata.uid}`);
  }
  const { uid: _uid, resourceVersion: _rv, ...opts } = o;
  return call.ctx.cluster.sim.api.delete(resource.kind, obj.metadata.namespace, obj.metadata.name, opts);
}

/**
 * DELETE answers the object while its deletion is pending (finalizers, a pod's grace period),
 * and a Success Status naming it once it is gone (registry store finalizeDelete).
 */
export async function remove(call: ResourceCall): Promise<void> {
  const o = await deleteOptionsOf(call);
  const live = liveObject(call);
  const left = deleteOne(call, live, o);
  if (left) {
    sendObject(call, 200, left);
    return;
  }
  const { group, plural } = call.resource;
  send(call, 200, success(200, { name: live.metadata.name, group, kind: plural, ...(live.metadata.uid ? { uid: live.metadata.uid } : {}) }));
}
