/**
 * The verbs that change the cluster, written once on top of the Backend interface so they mean
 * the same on every backend (each mirrors the kubectl command of the same name).
 */
import type { Backend, ObjectRef } from '../backend/contract';
import { KscenarioError } from '../errors';
import type { KObject } from '../kube/object';
import { matches, selectorFromSpec } from '../kube/labels';
import { parseDuration } from '../scenario/duration';
import { rollback, UNDOABLE_KINDS } from './rollout-undo';
import { describeRef, kindOf, parseTarget } from './targets';

type Args = Record<string, any>; // verb values, already validated against the schema by the loader
type Taint = { key: string; value?: string; effect: string };

export interface MutationContext {
  backend: Backend;
  /** backend time by which a waiting verb (delete) must be done */
  deadline: number;
}

export function refOf(args: Args): ObjectRef {
  return parseTarget(String(args.target), args.namespace);
}

/**
 * `delete`: by target or kind+selector; like kubectl it waits until the objects are gone. As in
 * kubectl (delete.go records each deleted object's UID; wait.go IsDeleted treats an object of the
 * same name with another UID as deleted), "gone" means gone or replaced: a controller that
 * re-creates a pod under the same name (a StatefulSet) does not keep the step waiting.
 * `wait: false` is `kubectl delete --wait=false`: done once the API server accepted each request.
 */
export async function deleteObjects(ctx: MutationContext, args: Args): Promise<void> {
  const refs = args.target ? [refOf(args)] : await selectRefs(ctx.backend, args);
  const cascade = String(args.cascade ?? 'background');
  const propagationPolicy = ({ background: 'Background', foreground: 'Foreground', orphan: 'Orphan' } as const)[cascade as 'background'];
  // kubectl --force --grace-period=0 removes the object at once; --force alone implies grace 0 too.
  const gracePeriodSeconds = args.force ? 0 : args.gracePeriodSeconds;
  const uids = new Map<ObjectRef, string | undefined>();
  for (const ref of refs) {
    uids.set(ref, (await ctx.backend.get(ref))?.metadata.uid);
    await ctx.backend.delete(ref, { propagationPolicy, gracePeriodSeconds });
  }
  if (args.wait === false) return;
  const gone = await ctx.backend.waitFor(async () => {
    for (const ref of refs) {
      const live = await ctx.backend.get(ref);
      if (live && (uids.get(ref) === undefined || live.metadata.uid === uids.get(ref))) return false;
    }
    return true;
  }, Math.max(0, ctx.deadline - ctx.backend.now()));
  if (!gone) throw new KscenarioError('BACKEND', `timed out waiting for ${refs.map(describeRef).join(', ')} to be deleted`);
}

/** The objects of `kind` in `namespace` whose labels match `selector` (kubectl -l). */
export async function selectRefs(backend: Backend, args: Args): Promise<ObjectRef[]> {
  const kind = kindOf(String(args.kind));
  const selector = selectorFromSpec(args.selector);
  const objects = await backend.list(kind, args.namespace ?? 'default');
  return objects.filter((o) => matches(selector, o.metadata.labels)).map((o) => ({ kind, name: o.metadata.name, namespace: o.metadata.namespace }));
}

/** `kubectl patch`, on the object or (`subresource: status|resize`) on that subresource. */
export async function patchObject(backend: Backend, args: Args): Promise<void> {
  await backend.patch(refOf(args), args.type ?? 'strategic', args.patch, args.subresource);
}

export async function scale(backend: Backend, args: Args): Promise<void> {
  await backend.patch(refOf(args), 'merge', { spec: { replicas: args.replicas } });
}

export async function setPartition(backend: Backend, args: Args): Promise<void> {
  await backend.patch(refOf(args), 'merge', { spec: { updateStrategy: { rollingUpdate: { partition: args.partition } } } });
}

/** `kubectl set image`: the named container (or `*` for all) of a pod or of a workload's template. */
export async function setImage(backend: Backend, args: Args): Promise<void> {
  const ref = refOf(args);
  const obj = await mustGet(backend, ref);
  const podSpec = ref.kind === 'Pod' ? (obj.spec as any) : (obj.spec as any)?.template?.spec;
  const names: string[] = [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])].map((c: any) => c.name);
  const wanted = args.container === '*' ? names : [String(args.container)];
  for (const n of wanted) {
    if (!names.includes(n)) throw new KscenarioError('BAD_REFERENCE', `unable to find container named "${n}" in ${describeRef(ref)}`, undefined, `containers: ${names.join(', ')}`);
  }
  const containers = wanted.map((name) => ({ name, image: args.image }));
  const patch = ref.kind === 'Pod' ? { spec: { containers } } : { spec: { template: { spec: { containers } } } };
  await backend.patch(ref, 'strategic', patch);
}

export async function setMetadata(backend: Backend, field: 'labels' | 'annotations', args: Args): Promise<void> {
  await backend.patch(refOf(args), 'merge', { metadata: { [field]: args[field] } });
}

/** `kubectl rollout restart|pause|resume|undo`. */
export async function rollout(backend: Backend, args: Args): Promise<void> {
  const ref = refOf(args);
  switch (args.action) {
    case 'undo':
      // kubectl rolls back client-side: a Deployment from its ReplicaSets, a StatefulSet or
      // DaemonSet from its ControllerRevisions (rollout-undo.ts); it has no rollbacker for others.
      if (!UNDOABLE_KINDS.includes(ref.kind)) {
        throw new KscenarioError('BAD_REFERENCE', `${describeRef(ref)}: rollout undo is only supported for deployments, statefulsets and daemonsets, as in kubectl`);
      }
      await mustGet(backend, ref);
      await rollback(backend, ref, args.toRevision ?? 0);
      return;
    case 'restart': {
      // kubectl stamps the template so every pod is replaced by the workload's own update strategy;
      // its object restarter refuses a paused Deployment.
      const obj = await mustGet(backend, ref);
      if (ref.kind === 'Deployment' && isPaused(obj)) throw rolloutRefused(ref, "can't restart paused deployment (run rollout resume first)");
      await backend.patch(ref, 'strategic', {
        spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': backend.timestamp() } } } },
      });
      return;
    }
    case 'pause':
    case 'resume': {
      if (ref.kind !== 'Deployment') throw new KscenarioError('BAD_REFERENCE', `${describeRef(ref)}: rollout ${args.action} is only supported for deployments, as in kubectl`);
      // kubectl's object pauser/resumer refuse a no-op rather than patching nothing.
      const pause = args.action === 'pause';
      if (isPaused(await mustGet(backend, ref)) === pause) throw rolloutRefused(ref, pause ? 'is already paused' : 'is not paused');
      await backend.patch(ref, 'merge', { spec: { paused: pause ? true : null } });
      return;
    }
    default:
      throw new KscenarioError('BACKEND', `rollout ${args.action} is not supported yet`, undefined, 'supported: restart, pause, resume, undo');
  }
}

function isPaused(obj: KObject): boolean {
  return (obj.spec as { paused?: boolean } | undefined)?.paused === true;
}

/**
 * How kubectl rollout reports a refused object: `error: <resource>.<group> "<name>" <reason>`
 * (kubectl pause.go/resume.go/restart.go around polymorphichelpers' pauser, resumer, restarter;
 * unverified: wording recalled from those files, not compared with a live kubectl).
 */
function rolloutRefused(ref: ObjectRef, reason: string): KscenarioError {
  return new KscenarioError('BACKEND', `error: deployments.apps "${ref.name}" ${reason}`);
}

/** `kubectl cordon` / `uncordon`: the node's spec.unschedulable. */
export async function cordon(backend: Backend, node: string, on: boolean): Promise<void> {
  await mustGet(backend, { kind: 'Node', name: node });
  await backend.patch({ kind: 'Node', name: node }, 'merge', { spec: { unschedulable: on ? true : null } });
}

/** `kubectl taint`: adding a taint whose key and effect exist already is an error, as in kubectl without --overwrite. */
export async function taint(backend: Backend, args: Args, add: boolean): Promise<void> {
  for (const name of await nodeNames(backend, args)) {
    const node = await mustGet(backend, { kind: 'Node', name });
    const taints: Taint[] = ((node.spec as any)?.taints ?? []) as Taint[];
    const next = add ? addTaint(name, taints, args) : removeTaint(name, taints, args);
    await backend.patch({ kind: 'Node', name }, 'merge', { spec: { taints: next.length ? next : null } });
  }
}

function addTaint(node: string, taints: Taint[], args: Args): Taint[] {
  if (taints.some((t) => t.key === args.key && t.effect === args.effect)) {
    throw new KscenarioError('BACKEND', `node ${node} already has ${args.key} taint(s) with same effect(s) and --overwrite is false`);
  }
  const t: Taint = { key: args.key, effect: args.effect };
  if (args.value !== undefined && args.value !== '') t.value = String(args.value);
  return [...taints, t];
}

function removeTaint(node: string, taints: Taint[], args: Args): Taint[] {
  const keep = taints.filter((t) => !(t.key === args.key && (!args.effect || t.effect === args.effect)));
  if (keep.length === taints.length) {
    throw new KscenarioError('BACKEND', `taint "${args.key}${args.effect ? ':' + args.effect : ''}" not found on node ${node}`);
  }
  return keep;
}

async function nodeNames(backend: Backend, args: Args): Promise<string[]> {
  if (args.nodes === 'all') return (await backend.list('Node')).map((n) => n.metadata.name);
  if (Array.isArray(args.nodes)) return args.nodes.map(String);
  return [String(args.node)];
}

export async function mustGet(backend: Backend, ref: ObjectRef): Promise<KObject> {
  const obj = await backend.get(ref);
  if (!obj) throw new KscenarioError('BAD_REFERENCE', `${describeRef(ref)} not found${ref.namespace ? ` in namespace ${ref.namespace}` : ''}`);
  return obj;
}

export function durationMs(text: unknown, fallback: number): number {
  return text === undefined || text === null ? fallback : parseDuration(String(text));
}
