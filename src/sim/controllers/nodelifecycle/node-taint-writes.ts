/**
 * Writing controller taints to a Node the way pkg/controller/controller_utils.go does:
 * AddOrUpdateTaintOnNode and RemoveTaintOffNode read the node fresh and patch spec.taints, and
 * pkg/controller/util/node SwapNodeControllerTaint stamps the added taints with timeAdded = now.
 */
import type { Node, Taint } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../errors';
import type { KObject } from '../../../kube/object';
import type { ApiServer } from '../../apiserver/store';
import { taintExists, withoutTaints, withTaints } from './taints';

/** Adds `add` (stamped now) then removes `remove`. False when a write failed. */
export function swapNodeControllerTaint(api: ApiServer, node: Node, add: readonly Taint[], remove: readonly Taint[]): boolean {
  const now = api.timestamp();
  const stamped = add.map((t) => ({ ...t, timeAdded: now }));
  const name = node.metadata!.name!;
  return addOrUpdateTaintOnNode(api, name, stamped) && removeTaintOffNode(api, name, node, remove);
}

export function addOrUpdateTaintOnNode(api: ApiServer, name: string, add: readonly Taint[]): boolean {
  if (!add.length) return true;
  return writeTaints(api, name, (taints) => withTaints(taints, add));
}

/**
 * RemoveTaintOffNode: `cached` (the informer's copy) short-circuits the call when it has none of
 * the taints, as upstream does to save API requests.
 */
export function removeTaintOffNode(api: ApiServer, name: string, cached: Node | undefined, remove: readonly Taint[]): boolean {
  if (!remove.length) return true;
  if (cached && !remove.some((t) => taintExists(cached.spec?.taints, t))) return true;
  return writeTaints(api, name, (taints) => withoutTaints(taints, remove));
}

function writeTaints(api: ApiServer, name: string, change: (taints: Taint[]) => Taint[] | undefined): boolean {
  const fresh = api.get<Node>('Node', undefined, name);
  if (!fresh) return false;
  const next = change([...(fresh.spec?.taints ?? [])]);
  if (!next) return true;
  // an empty list is omitted from the stored object (omitempty)
  const { taints: _old, ...rest } = fresh.spec ?? {};
  const spec = next.length ? { ...rest, taints: next } : rest;
  try {
    api.update({ ...(fresh as unknown as KObject), spec });
    return true;
  } catch (err) {
    if (err instanceof ApiError) return false;
    throw err;
  }
}
