/**
 * One request on a resource path, and the helpers handlers share: decoding the body into an
 * object of the resource's kind (with the API server's name/namespace/kind checks), answering
 * in the representation the client accepts, and refusing server-side dry run.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../errors';
import type { KObject } from '../kube/object';
import { apiVersionOf } from '../kube/registry';
import type { Representation } from './accept';
import type { ServeContext } from './context';
import { present } from './convert';
import { decodeBody, readBody, sendJson, warningHeaders } from './http-io';
import type { RestResource } from './resources';
import type { ResourceRoute } from './route';
import { toTable, type IncludeObject } from './tables';

export interface ResourceCall {
  ctx: ServeContext;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** path and query, for poll detection */
  url: string;
  route: ResourceRoute;
  resource: RestResource;
  query: URLSearchParams;
  accept: Representation;
}

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export async function bodyOf(call: ResourceCall): Promise<unknown> {
  return call.ctx.timestamps.fromClient(decodeBody(await readBody(call.req), call.req.headers['content-type']));
}

/** Every answer of a resource request goes through here: timestamps are shown as the server presents them. */
export function send(call: ResourceCall, code: number, body: unknown, contentType = 'application/json', headers: Record<string, string | string[]> = {}): void {
  sendJson(call.res, code, call.ctx.timestamps.toClient(body), contentType, headers);
}

/** `dryRun=All` would need a transactional store; the simulated one is not. */
export function refuseDryRun(dryRun: string[] | undefined): void {
  if (dryRun && dryRun.length) {
    throw new ApiError(400, 'BadRequest',
      'kscenario serve: server-side dry run (dryRun=All) is not supported by the simulated API server; use --dry-run=client');
  }
}

/**
 * The body as an object of the resource: kind and apiVersion default to the URL's and must
 * match them, the namespace defaults to the URL's and may not differ, and a named URL fixes the
 * name (rest.BeforeCreate/BeforeUpdate and the handlers' checks).
 */
export function objectFromBody(call: ResourceCall, body: unknown): KObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'BadRequest', 'the body of the request must be a JSON object');
  const r = call.resource;
  const obj = { ...(body as KObject) };
  obj.kind = obj.kind || r.kind;
  obj.apiVersion = obj.apiVersion || apiVersionOf(r);
  if (obj.kind !== r.kind) throw new ApiError(400, 'BadRequest', `the kind in the data (${obj.kind}) does not match the expected kind (${r.kind})`);
  const meta = { ...(obj.metadata ?? {}) } as KObject['metadata'];
  if (r.namespaced) {
    const ns = call.route.namespace;
    if (meta.namespace && ns && meta.namespace !== ns) {
      throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    if (ns) meta.namespace = ns;
  }
  const name = call.route.name;
  if (name !== undefined) {
    if (meta.name && meta.name !== name) throw new ApiError(400, 'BadRequest', `the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    meta.name = name;
  }
  obj.metadata = meta;
  return obj;
}

export function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  if (v === 'None' || v === 'Object' || v === 'Metadata') return v;
  if (v === null || v === '') return 'Metadata';
  throw new ApiError(400, 'BadRequest', `includeObject must be one of None, Metadata, Object (got "${v}")`);
}

/** Answers one object as the client asked: the object, a one-row Table, or its metadata. */
export function sendObject(call: ResourceCall, code: number, obj: KObject, warnings: string[] = []): void {
  const shown = present(obj, call.resource);
  const headers = warningHeaders(warnings);
  if (call.accept.as === 'table') {
    const table = toTable(call.resource.kind, [shown], call.ctx.printContext(), includeObject(call.query), { resourceVersion: shown.metadata.resourceVersion });
    send(call, code, table, TABLE_CONTENT_TYPE, headers);
  } else if (call.accept.as === 'partial') {
    send(call, code, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: shown.metadata }, 'application/json', headers);
  } else send(call, code, shown, 'application/json', headers);
}

/** Store order of a list: by namespace, then name (the keys' order in etcd). */
export function byKey(a: KObject, b: KObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
