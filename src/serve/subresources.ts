/**
 * Subresources: status and pods/resize (GET/PUT/PATCH of the whole object, written through the
 * status or resize strategy), scale (autoscaling/v1 Scale of Deployments, StatefulSets, ReplicaSets and
 * ReplicationControllers), eviction (policy/v1 Eviction → the Eviction subresource with its
 * PodDisruptionBudget check), binding (core/v1 Binding → pod bound to a node) and a namespace's
 * finalize. pods/exec is a WebSocket upgrade (exec.ts); a plain request to it is refused.
 */
import { ApiError } from '../errors';
import { evictPod } from '../sim/apiserver/eviction';
import { bodyOf, refuseDryRun, send, type ResourceCall } from './call';
import { get, liveObject, patch, update } from './item';
import { applyPatch, patchKind } from './patch-request';
import { writeOptions } from './query';
import { applyScale, scaleOf } from './scale';
import { methodNotSupported, pathNotFound, success } from './status';
import { groupResourceOf } from './resources';

/** Pod I/O the simulator has no counterpart for: its containers are models, not processes. */
export const NOT_SIMULATED: Record<string, string> = {
  log: 'kscenario serve: the simulated containers write no logs (pods/log is not simulated); kubectl exec runs a few commands (docs/serve.md)',
  attach: 'kscenario serve: attaching to a simulated container is not supported (it runs no process)',
  portforward: 'kscenario serve: port forwarding is not supported (simulated pods listen on no port)',
};

function notAllowed(call: ResourceCall): never {
  const s = methodNotSupported(`${groupResourceOf(call.resource)}/${call.route.subresource}`, call.method);
  throw new ApiError(s.code, s.reason!, s.message!);
}

export async function subresource(call: ResourceCall): Promise<void> {
  const name = call.route.subresource!;
  const sub = call.resource.subresources.find((s) => s.name === name);
  if (!sub) {
    const s = pathNotFound();
    throw new ApiError(s.code, s.reason!, s.message!);
  }
  switch (name) {
    case 'status':
    case 'resize':
      return ownSubresource(call, name);
    case 'scale':
      return scale(call);
    case 'eviction':
      return eviction(call);
    case 'binding':
      return binding(call);
    case 'finalize':
      return finalize(call);
    case 'exec':
      throw new ApiError(400, 'BadRequest', 'Upgrade request required');
    case 'log':
    case 'attach':
    case 'portforward':
      throw new ApiError(400, 'BadRequest', NOT_SIMULATED[name]);
    default:
      notAllowed(call);
  }
}

/** status and pods/resize: GET the object, PUT or PATCH it through that subresource's strategy. */
async function ownSubresource(call: ResourceCall, name: 'status' | 'resize'): Promise<void> {
  if (call.method === 'GET') return get(call);
  if (call.method === 'PUT') return update(call, name);
  if (call.method === 'PATCH') return patch(call, name);
  notAllowed(call);
}

async function scale(call: ResourceCall): Promise<void> {
  const { api } = call.ctx.cluster.sim;
  const live = liveObject(call);
  if (call.method === 'GET') return send(call, 200, scaleOf(live));
  let scaleBody: unknown;
  if (call.method === 'PUT') {
    const opts = writeOptions(call.query);
    scaleBody = await bodyOf(call);
    refuseDryRun(opts.dryRun);
  } else if (call.method === 'PATCH') {
    const opts = writeOptions(call.query);
    const kind = patchKind(call.req.headers['content-type']);
    const body = await bodyOf(call);
    refuseDryRun(opts.dryRun);
    scaleBody = applyPatch(scaleOf(live), kind, body);
  } else notAllowed(call);
  const updated = api.update(applyScale(live, scaleBody, call.ctx.version));
  send(call, 200, scaleOf(updated));
}

interface Eviction {
  metadata?: { name?: string; namespace?: string };
  deleteOptions?: { gracePeriodSeconds?: number; dryRun?: string[] };
}

async function eviction(call: ResourceCall): Promise<void> {
  if (call.method !== 'POST') notAllowed(call);
  const body = (await bodyOf(call)) as Eviction | undefined;
  const podName = call.route.name!;
  if (!body || typeof body !== 'object') throw new ApiError(400, 'BadRequest', 'the body of the request must be a policy/v1 Eviction');
  if (body.metadata?.name !== undefined && body.metadata.name !== podName) {
    throw new ApiError(400, 'BadRequest', 'name in URL does not match name in Eviction object');
  }
  refuseDryRun(body.deleteOptions?.dryRun);
  const grace = body.deleteOptions?.gracePeriodSeconds;
  evictPod(call.ctx.cluster.sim.api, { namespace: call.route.namespace ?? 'default', name: podName, ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}) });
  send(call, 201, success(201));
}

interface Binding {
  metadata?: { name?: string };
  target?: { kind?: string; name?: string };
}

async function binding(call: ResourceCall): Promise<void> {
  if (call.method !== 'POST') notAllowed(call);
  const body = (await bodyOf(call)) as Binding | undefined;
  const podName = call.route.name!;
  if (body?.metadata?.name !== undefined && body.metadata.name !== podName) {
    throw new ApiError(400, 'BadRequest', 'name in URL does not match name in Binding object');
  }
  const node = body?.target?.name;
  if (!node) throw new ApiError(422, 'Invalid', `Binding "${podName}" is invalid: target.name: Required value`);
  liveObject(call);
  call.ctx.cluster.sim.api.bind(call.route.namespace ?? 'default', podName, node);
  send(call, 201, success(201));
}

async function finalize(call: ResourceCall): Promise<void> {
  if (call.method !== 'PUT') notAllowed(call);
  const body = await bodyOf(call);
  const live = liveObject(call);
  const input = { ...(body as object), kind: 'Namespace', apiVersion: 'v1', metadata: { ...((body as { metadata?: object })?.metadata ?? {}), name: live.metadata.name } };
  const left = call.ctx.cluster.sim.api.finalizeNamespace(input as never);
  send(call, 200, left ?? live);
}
