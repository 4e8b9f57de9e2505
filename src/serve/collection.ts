/**
 * Collection requests: list (with selectors and limit/continue paging), watch, create (POST) and
 * deletecollection. Lists are in key order (namespace, name) and carry the store's current
 * resourceVersion; a continue token names the last key returned, so the next page starts after
 * it in the then-current state (the simulated store keeps no snapshots to page through).
 */
import { ApiError } from '../errors';
import type { KObject } from '../kube/object';
import { apiVersionOf } from '../kube/registry';
import { byKey, bodyOf, includeObject, objectFromBody, refuseDryRun, send, sendObject, TABLE_CONTENT_TYPE, type ResourceCall } from './call';
import { present } from './convert';
import { deleteOptionsOf, deleteOne, writeWarnings } from './item';
import { listOptions, writeOptions, type ListOptions } from './query';
import { selectorPredicate } from './selectors';
import { toTable } from './tables';
import { WatchFilter, WatchStream } from './watch';

function predicateOf(call: ResourceCall, o: ListOptions): (obj: KObject) => boolean {
  return selectorPredicate(call.resource.kind, call.resource.namespaced, o.labelSelector, o.fieldSelector);
}

/** The objects of the collection the path names (one namespace, or all), in key order. */
export function collectionObjects(call: ResourceCall): KObject[] {
  const { api } = call.ctx.cluster.sim;
  return api.list(call.resource.kind, call.resource.namespaced ? call.route.namespace : undefined).sort(byKey);
}

function encodeContinue(key: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: key })).toString('base64url');
}

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through
  }
  throw new ApiError(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function keyOf(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export function list(call: ResourceCall): void {
  const o = listOptions(call.query);
  if (o.watch || call.route.watchPath) return watch(call, o);
  const predicate = predicateOf(call, o);
  let items = collectionObjects(call).filter(predicate);
  if (o.continue) {
    const after = decodeContinue(o.continue);
    items = items.filter((x) => keyOf(x) > after);
  }
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(call.ctx.cluster.sim.api.revision()) };
  if (o.limit && o.limit > 0 && items.length > o.limit) {
    meta.remainingItemCount = items.length - o.limit;
    items = items.slice(0, o.limit);
    meta.continue = encodeContinue(keyOf(items[items.length - 1]!));
  }
  call.ctx.time.noteGet(call.url, { wants: (ev) => new WatchFilter({ resource: call.resource, namespace: call.route.namespace, predicate }).translate(ev) !== undefined }, call.req.socket);
  const shown = items.map((x) => present(x, call.resource));
  if (call.accept.as === 'table') {
    send(call, 200, toTable(call.resource.kind, shown, call.ctx.printContext(), includeObject(call.query), meta), TABLE_CONTENT_TYPE);
  } else if (call.accept.as === 'partial') {
    send(call, 200, {
      kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta,
      items: shown.map((x) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: x.metadata })),
    });
  } else {
    send(call, 200, { kind: `${call.resource.kind}List`, apiVersion: apiVersionOf(call.resource), metadata: meta, items: shown });
  }
}

/** A watch on the collection, or (with a name) on one object. */
export function watch(call: ResourceCall, o: ListOptions = listOptions(call.query)): void {
  const { ctx, resource } = call;
  if (o.resourceVersion !== undefined && !/^\d+$/.test(o.resourceVersion)) {
    throw new ApiError(400, 'BadRequest', `invalid resource version: ${o.resourceVersion}`);
  }
  const stream = new WatchStream({
    resource,
    ...(resource.namespaced && call.route.namespace !== undefined ? { namespace: call.route.namespace } : {}),
    ...(call.route.name !== undefined ? { name: call.route.name } : {}),
    predicate: predicateOf(call, o),
    ...(o.resourceVersion !== undefined ? { resourceVersion: o.resourceVersion } : {}),
    ...(o.sendInitialEvents !== undefined ? { sendInitialEvents: o.sendInitialEvents } : {}),
    bookmarks: o.allowWatchBookmarks,
    ...(o.timeoutSeconds !== undefined && o.timeoutSeconds > 0 ? { timeoutMs: o.timeoutSeconds * 1000 } : {}),
    ...(call.accept.as === 'table' ? { table: { include: includeObject(call.query) } } : {}),
  }, {
    log: ctx.log,
    time: ctx.time,
    current: () => collectionObjects(call),
    revision: () => ctx.cluster.sim.api.revision(),
    printContext: () => ctx.printContext(),
    toClient: (v) => ctx.timestamps.toClient(v),
  }, call.res);
  ctx.watches.add(stream);
  stream.start(call.req, () => ctx.watches.delete(stream));
}

export async function create(call: ResourceCall): Promise<void> {
  const opts = writeOptions(call.query);
  const body = await bodyOf(call);
  refuseDryRun(opts.dryRun);
  if (call.resource.namespaced && call.route.namespace === undefined) {
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  }
  const created = call.ctx.cluster.sim.api.create(objectFromBody(call, body), { client: true, fieldValidation: opts.fieldValidation });
  sendObject(call, 201, created, writeWarnings(call, created));
}

/** DELETE on a collection: every selected object, each as a single DELETE would. */
export async function deleteCollection(call: ResourceCall): Promise<void> {
  const o = listOptions(call.query);
  const options = await deleteOptionsOf(call);
  const predicate = predicateOf(call, o);
  const deleted: KObject[] = [];
  for (const obj of collectionObjects(call).filter(predicate)) {
    deleteOne(call, obj, options);
    deleted.push(obj);
  }
  send(call, 200, {
    kind: `${call.resource.kind}List`, apiVersion: apiVersionOf(call.resource),
    metadata: { resourceVersion: String(call.ctx.cluster.sim.api.revision()) }, items: deleted.map((x) => present(x, call.resource)),
  });
}
