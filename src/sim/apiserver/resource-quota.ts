/**
 * The ResourceQuota admission plugin (k8s.io/apiserver pkg/admission/plugin/resourcequota,
 * controller.go CheckRequest), last in the validating chain. For each quota of the namespace that
 * covers the object (by the resources in its status.hard, which the quota controller fills, and
 * by its scopes) it enforces the pods evaluator's "must specify" rule, refuses a request whose
 * usage would pass status.hard, and otherwise charges the usage to status.used before the object
 * is stored: replenishment (pods finishing, objects deleted) is the quota controller's job.
 * Not emulated: the AdmissionConfiguration's limitedResources (none by default), the
 * "status unknown" answer when status.used lacks a hard resource (our controller always fills
 * both together) and the batching of concurrent requests.
 */
import type { ResourceQuota } from 'kubernetes-types/core/v1';
import type { KObject } from '../../kube/object';
import {
  addLists, exceeding, mask, prettyPrint, removeZeros, subtractNonNegative, toQList, toRaw, type QList,
} from '../../kube/resource-list';
import { forbiddenError } from '../../kube/status-errors';
import { typeForKind } from '../../kube/registry';
import { evaluatorFor, quotaMatches, type QuotaEvaluator, type QuotaOperation } from './quota-evaluators';

export interface QuotaRequest {
  op: QuotaOperation;
  obj: KObject;
  /** the stored object, on update */
  old?: KObject;
  /** the subresource written (pods/resize is charged like a pod update) */
  subresource?: string;
  nowMs: number;
  parseTime: (t: string) => number;
}

function refuse(obj: KObject, why: string): Error {
  return forbiddenError(typeForKind(obj.kind), obj.metadata.name, why);
}

/** The quotas that cover the object, each with its hard resource names; throws on a Constraints failure. */
function coveringQuotas(e: QuotaEvaluator, quotas: readonly ResourceQuota[], obj: KObject): Array<{ quota: ResourceQuota; hard: string[] }> {
  const out: Array<{ quota: ResourceQuota; hard: string[] }> = [];
  for (const quota of quotas) {
    const hard = Object.keys(quota.status?.hard ?? {});
    if (!quotaMatches(e, hard, quota, obj)) continue;
    const failed = e.constraints?.(e.matchingResources(hard), obj);
    if (failed) throw refuse(obj, `failed quota: ${quota.metadata?.name}: ${failed}`);
    out.push({ quota, hard });
  }
  return out;
}

/** The usage this request adds to one quota: on update, only the growth, unless the old object was outside it. */
function deltaFor(e: QuotaEvaluator, req: QuotaRequest, quota: ResourceQuota, hard: string[], usage: QList): QList {
  if (req.op !== 'UPDATE' || !req.old) return usage;
  if (!quotaMatches(e, hard, quota, req.old)) return usage;
  return subtractNonNegative(usage, e.usage(req.old, req.nowMs, req.parseTime));
}

/**
 * CheckRequest: the quotas whose status.used this request changes, with their new status; throws
 * the plugin's Forbidden error to refuse it. Quotas are in the namespace's listing order.
 */
export function checkQuota(quotas: readonly ResourceQuota[], req: QuotaRequest): ResourceQuota[] {
  const e = evaluatorFor(req.obj.kind);
  if (!e || !e.handles(req.op, req.obj, req.old, req.subresource)) return [];
  const covering = coveringQuotas(e, quotas, req.obj);
  if (!covering.length) return [];
  const usage = e.usage(req.obj, req.nowMs, req.parseTime);
  const negative = Object.keys(usage).filter((k) => usage[k]!.value < 0).sort();
  if (negative.length) throw refuse(req.obj, `quota usage is negative for resource(s): ${negative.join(',')}`);
  const changed: ResourceQuota[] = [];
  for (const { quota, hard } of covering) {
    const requested = mask(removeZeros(deltaFor(e, req, quota, hard, usage)), hard);
    if (!Object.keys(requested).length) continue;
    const used = toQList(quota.status?.used as Record<string, string>);
    const hardList = toQList(quota.status?.hard as Record<string, string>);
    const newUsed = addLists(used, requested);
    const over = exceeding(mask(newUsed, Object.keys(requested)), hardList);
    if (over.length) {
      throw refuse(req.obj, `exceeded quota: ${quota.metadata?.name}, requested: ${prettyPrint(mask(requested, over))}, `
        + `used: ${prettyPrint(mask(used, over))}, limited: ${prettyPrint(mask(hardList, over))}`);
    }
    changed.push({ ...quota, status: { ...quota.status, used: toRaw(newUsed) } });
  }
  return changed;
}
