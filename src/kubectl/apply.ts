/**
 * `kubectl apply` (client-side) and `kubectl create`, on the object API. kubectl apply reads the
 * live object; when there is none it creates the object with the last-applied-configuration
 * annotation, otherwise it sends the three-way merge of last-applied, live and desired (kubectl
 * apply.go / patcher.go). The merge is computed here and written as a full update with the live
 * resourceVersion; a conflict (someone wrote in between) is retried on the fresh object, as
 * kubectl's patcher retries on conflict (maxPatchRetry = 5).
 */
import type { ObjectApi, WriteResult } from '../backend/contract';
import { ApiError } from '../errors';
import type { KObject } from '../kube/object';
import { threeWayApply, withLastApplied } from '../kube/patch';
import { noKindMatchMessage } from '../kube/registry';

const MAX_PATCH_RETRY = 5;

export async function apply(api: ObjectApi, obj: KObject): Promise<WriteResult> {
  await requireMapping(api, obj);
  for (let attempt = 1; ; attempt++) {
    const live = await api.get({ kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name });
    try {
      if (!live) return await api.create(withLastApplied(obj, obj) as KObject);
      return await api.update(threeWayApply(live, obj) as KObject);
    } catch (err) {
      const retry = err instanceof ApiError && err.status === 409 && attempt < MAX_PATCH_RETRY;
      if (!retry) throw err;
    }
  }
}

export async function create(api: ObjectApi, obj: KObject): Promise<WriteResult> {
  await requireMapping(api, obj);
  return api.create(obj);
}

/**
 * kubectl maps apiVersion/kind to a resource through discovery before it sends anything; an
 * unserved one fails there ("resource mapping not found ... no matches for kind"), not at the server.
 */
async function requireMapping(api: ObjectApi, obj: KObject): Promise<void> {
  if (!(await api.resourceFor(obj.apiVersion, obj.kind))) throw new ApiError(404, 'NotFound', noKindMatchMessage(obj.apiVersion, obj.kind));
}
