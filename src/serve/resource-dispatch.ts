/**
 * Routes a request on a resource path to its handler by verb: collection GET (list or watch),
 * POST (create), DELETE (deletecollection); item GET (get or watch), PUT, PATCH, DELETE;
 * subresources. Paths naming no served resource, or the wrong scope (a namespace on a
 * cluster-scoped resource, an item of a namespaced resource without one), are 404 as upstream
 * registers no route for them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../errors';
import { negotiate } from './accept';
import type { ResourceCall } from './call';
import { create, deleteCollection, list, watch } from './collection';
import type { ServeContext } from './context';
import { get, patch, remove, update } from './item';
import { listOptions } from './query';
import { findResource } from './resources';
import type { ResourceRoute } from './route';
import { subresource } from './subresources';

function notFoundPath(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function resourceCall(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, url: URL): ResourceCall {
  const resource = findResource(ctx.version, route.group, route.version, route.resource);
  if (!resource) throw notFoundPath();
  if (!resource.namespaced && route.namespace !== undefined) throw notFoundPath();
  if (resource.namespaced && route.name !== undefined && route.namespace === undefined) throw notFoundPath();
  return {
    ctx, req, res, route, resource,
    method: (req.method ?? 'GET').toUpperCase(),
    url: url.pathname + url.search,
    query: url.searchParams,
    accept: negotiate(req.headers.accept),
  };
}

export async function dispatchResource(call: ResourceCall): Promise<void> {
  const { method, route } = call;
  if (route.subresource !== undefined) return subresource(call);
  if (route.name === undefined) {
    if (method === 'GET') return list(call);
    if (method === 'POST') return create(call);
    if (method === 'DELETE') return deleteCollection(call);
    throw methodNotAllowed();
  }
  switch (method) {
    case 'GET':
      return route.watchPath || listOptions(call.query).watch ? watch(call) : get(call);
    case 'PUT':
      return update(call);
    case 'PATCH':
      return patch(call);
    case 'DELETE':
      return remove(call);
    default:
      throw methodNotAllowed();
  }
}
