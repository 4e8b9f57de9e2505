/**
 * ControllerRefManager (pkg/controller/controller_ref_manager.go ClaimObject): which of the
 * candidate objects a controller owns after this sync. It keeps what it owns and still selects,
 * releases what it owns but no longer selects, and adopts matching orphans — never objects another
 * controller owns. Adoption first rechecks, once per sync, that the owner is not being deleted
 * (RecheckDeletionTimestamp). Used by the ReplicaSet, Deployment, DaemonSet and Job controllers.
 */
import { ApiError } from '../../../errors';
import { clone, controllerRef, newControllerRef, type Gvk, type KObject } from '../../../kube/object';
import type { ApiServer } from '../../apiserver/store';

export interface ClaimRequest<T extends KObject> {
  owner: KObject;
  ownerGvk: Gvk;
  candidates: readonly T[];
  /** the selector (and any filter) the owner claims by */
  match: (obj: T) => boolean;
}

export class ClaimError extends ApiError {
  constructor(message: string) {
    super(500, 'InternalError', message);
    this.name = 'ClaimError';
  }
}

/** Returns the claimed objects (as given, in candidate order); throws the first write failure after trying all. */
export function claimObjects<T extends KObject>(api: ApiServer, req: ClaimRequest<T>): T[] {
  const claimed: T[] = [];
  const errors: string[] = [];
  const canAdopt = once(() => recheckOwner(api, req.owner));
  for (const obj of req.candidates) {
    try {
      if (claimOne(api, req, obj, canAdopt)) claimed.push(obj);
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  // utilerrors.NewAggregate: one message as is, several in brackets.
  if (errors.length) throw new ClaimError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
  return claimed;
}

function claimOne<T extends KObject>(api: ApiServer, req: ClaimRequest<T>, obj: T, canAdopt: () => string | undefined): boolean {
  const { owner } = req;
  const ref = controllerRef(obj);
  if (ref) {
    if (ref.uid !== owner.metadata.uid) return false; // owned by someone else
    // Owned and still selected: claimed, even while the owner is being deleted (no action needed).
    if (req.match(obj)) return true;
    if (owner.metadata.deletionTimestamp) return false;
    ignoreNotFound(() => release(api, obj, owner));
    return false;
  }
  if (owner.metadata.deletionTimestamp || !req.match(obj)) return false;
  if (obj.metadata.deletionTimestamp) return false;
  if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata.namespace) return false;
  const refused = canAdopt();
  if (refused) {
    throw new ClaimError(`can't adopt ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name} (${obj.metadata.uid}): ${refused}`);
  }
  return ignoreNotFound(() => adopt(api, obj, owner, req.ownerGvk));
}

/** RecheckDeletionTimestamp: a fresh read of the owner; a reason not to adopt, or undefined. */
function recheckOwner(api: ApiServer, owner: KObject): string | undefined {
  const fresh = api.get(owner.kind, owner.metadata.namespace, owner.metadata.name);
  const where = `${owner.metadata.namespace}/${owner.metadata.name}`;
  if (!fresh) return `${owner.kind.toLowerCase()}s.apps "${owner.metadata.name}" not found`;
  if (fresh.metadata.uid !== owner.metadata.uid) {
    return `original ${owner.kind} ${where} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`;
  }
  if (fresh.metadata.deletionTimestamp) return `${where} has just been deleted at ${fresh.metadata.deletionTimestamp}`;
  return undefined;
}

/**
 * The strategic-merge patch of AdoptPod/AdoptReplicaSet: adds the controller ref (merged by uid
 * into the existing list), with the object's uid as precondition and no resourceVersion.
 */
function adopt(api: ApiServer, obj: KObject, owner: KObject, gvk: Gvk): boolean {
  const cur = currentIncarnation(api, obj);
  const next = clone(cur);
  const ref = newControllerRef(owner, gvk);
  next.metadata.ownerReferences = [...(cur.metadata.ownerReferences ?? []).filter((r) => r.uid !== ref.uid), ref];
  delete next.metadata.resourceVersion;
  api.update(next);
  return true;
}

/** ReleasePod/ReleaseReplicaSet: a `$patch: delete` of the owner's ref, by uid. */
function release(api: ApiServer, obj: KObject, owner: KObject): void {
  const cur = currentIncarnation(api, obj);
  const next = clone(cur);
  const refs = (cur.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
  if (refs.length) next.metadata.ownerReferences = refs;
  else delete next.metadata.ownerReferences;
  delete next.metadata.resourceVersion;
  try {
    api.update(next);
  } catch (err) {
    // Upstream ignores Invalid too: the object was released or changed meanwhile.
    if (err instanceof ApiError && err.reason === 'Invalid') return;
    throw err;
  }
}

/** The stored object with the same uid (the patch's uid precondition), or a NotFound error. */
function currentIncarnation(api: ApiServer, obj: KObject): KObject {
  const cur = api.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
  if (!cur || cur.metadata.uid !== obj.metadata.uid) {
    throw new ApiError(404, 'NotFound', `${obj.kind.toLowerCase()}s "${obj.metadata.name}" not found`);
  }
  return cur;
}

function ignoreNotFound(write: () => boolean | void): boolean {
  try {
    return write() === true;
  } catch (err) {
    if (err instanceof ApiError && err.reason === 'NotFound') return false;
    throw err;
  }
}

function once<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value;
  };
}
