/**
 * The kscenario.dev/v1alpha1 extension endpoint: what the Kubernetes API has no word for.
 * - GET  /apis/kscenario.dev/v1alpha1          an APIResourceList: a client detects a simulator by it
 * - GET  .../clock                              {nowMs, time, speed, limitMs, nextMs}
 * - POST .../clock {advanceMs?, limitMs?, newWaitersOnly?}  lets virtual time pass / bounds on-demand time
 * - POST .../faults {verb, node}                killNode, restartNode, disconnectNode, reconnectNode, removeNode
 * - POST .../nodes {name, role?, labels?, ...}  addNode (a scenario NodeSpec)
 * - GET  .../actions, POST .../actions {verb, args}  any simulator action (writeFile, failProbe, ...)
 * The group is not listed in /apis, so kubectl's discovery sees exactly a Kubernetes API server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../errors';
import type { ServeContext } from './context';
import { decodeBody, readBody, sendJson } from './http-io';
import { EXTENSION_GROUP, EXTENSION_VERSION } from './route';
import { success } from './status';

export const GROUP_VERSION = `${EXTENSION_GROUP}/${EXTENSION_VERSION}`;
export const NODE_FAULTS = ['killNode', 'restartNode', 'disconnectNode', 'reconnectNode', 'removeNode'] as const;

export interface ClockInfo {
  kind: 'Clock';
  apiVersion: typeof GROUP_VERSION;
  /** virtual milliseconds since the simulated cluster started */
  nowMs: number;
  /** the virtual now as RFC 3339 (what object timestamps use) */
  time: string;
  speed: number | 'on-demand';
  /** the on-demand bound, if any */
  limitMs?: number;
  /** when the simulator has something to do next (virtual ms), if anything is scheduled */
  nextMs?: number;
  /** how object timestamps are served: as stored (virtual) or shifted to the wall clock */
  timestamps: 'virtual' | 'wall';
}

function discovery(): object {
  const r = (name: string, kind: string, verbs: string[]) => ({ name, singularName: name, namespaced: false, kind, verbs });
  return {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: GROUP_VERSION,
    resources: [r('clock', 'Clock', ['get', 'create']), r('faults', 'Fault', ['create']), r('nodes', 'Node', ['create']), r('actions', 'Action', ['get', 'create'])],
  };
}

export function clockInfo(ctx: ServeContext): ClockInfo {
  const { time } = ctx;
  const info: ClockInfo = { kind: 'Clock', apiVersion: GROUP_VERSION, nowMs: time.now(), time: ctx.cluster.sim.api.timestamp(), speed: time.speed, timestamps: ctx.timestamps.mode };
  const limit = time.limit();
  if (limit !== undefined) info.limitMs = limit;
  const next = ctx.cluster.sim.clock.nextTime();
  if (next !== undefined) info.nextMs = next;
  return info;
}

function record(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'BadRequest', 'the body of the request must be a JSON object');
  return body as Record<string, unknown>;
}

function nonNegative(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ApiError(400, 'BadRequest', `${name} must be a non-negative number of milliseconds`);
  return v;
}

export async function handleExtension(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const [what, ...extra] = parts;
  const notFound = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  const notAllowed = () => new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  if (extra.length) throw notFound();
  if (what === undefined) {
    if (method !== 'GET') throw notAllowed();
    return sendJson(res, 200, discovery());
  }
  const body = method === 'POST' ? record(decodeBody(await readBody(req), req.headers['content-type']) ?? {}) : undefined;
  const { sim } = ctx.cluster;
  switch (what) {
    case 'clock':
      if (method === 'POST') {
        if (body!.limitMs !== undefined) ctx.time.setLimit(body!.limitMs === null ? undefined : nonNegative(body!.limitMs, 'limitMs'));
        // after the limit: setting a limit forgets who was passed over
        if (body!.newWaitersOnly === true) ctx.time.newWaitersOnly();
        if (body!.advanceMs !== undefined) ctx.time.advance(nonNegative(body!.advanceMs, 'advanceMs'));
      } else if (method !== 'GET') throw notAllowed();
      return sendJson(res, 200, clockInfo(ctx));
    case 'faults': {
      if (method !== 'POST') throw notAllowed();
      const verb = body!.verb;
      if (typeof verb !== 'string' || !(NODE_FAULTS as readonly string[]).includes(verb)) {
        throw new ApiError(400, 'BadRequest', `verb must be one of ${NODE_FAULTS.join(', ')} (got ${JSON.stringify(verb)})`);
      }
      if (typeof body!.node !== 'string' || !body!.node) throw new ApiError(400, 'BadRequest', 'node must name a node');
      sim.act(verb, body!.node);
      return sendJson(res, 200, success(200, { name: body!.node, kind: 'nodes' }));
    }
    case 'nodes':
      if (method !== 'POST') throw notAllowed();
      sim.act('addNode', body);
      return sendJson(res, 201, success(201, { name: String(body!.name), kind: 'nodes' }));
    case 'actions':
      if (method === 'GET') return sendJson(res, 200, { kind: 'ActionList', apiVersion: GROUP_VERSION, actions: sim.supportedActions() });
      if (method !== 'POST') throw notAllowed();
      if (typeof body!.verb !== 'string') throw new ApiError(400, 'BadRequest', 'verb must name a simulator action');
      sim.act(body!.verb, body!.args);
      return sendJson(res, 200, success(200));
    default:
      throw notFound();
  }
}
