/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger/admission.go), as pure
 * functions over the namespace's LimitRanges (in creation order; upstream reads its informer).
 * - Mutating, pods on create: each container and init container that does not set a resource
 *   gets the `type: Container` item's `default` (limits) and `defaultRequest` (requests), and the
 *   pod records what was set in the kubernetes.io/limit-ranger annotation.
 * - Validating, pods on create and claims on create and update: min, max and
 *   maxLimitRequestRatio of Container and Pod items; min and max storage of PersistentVolumeClaim
 *   items. Pod updates are skipped (containers' resources are immutable there), and so is an
 *   object already being deleted.
 * Go ranges over a ResourceList in random order; here resource names are sorted so that a pod
 * breaking several rules always gets the same message.
 */
import type { Container, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { LimitRange, LimitRangeItem } from 'kubernetes-types/core/v1';
import { podTotals, q, qString, toQList, type Q, type QList } from '../../kube/resource-list';
import { forbiddenError } from '../../kube/status-errors';
import { typeForKind } from '../../kube/registry';
import type { KObject } from '../../kube/object';

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

type RawList = Record<string, string>;

// ---- mutation -------------------------------------------------------------------------------------

/** defaultContainerResourceRequirements: the Container items' defaults, later items winning. */
function containerDefaults(lr: LimitRange): { requests: RawList; limits: RawList } {
  const requests: RawList = {};
  const limits: RawList = {};
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, item.defaultRequest ?? {});
    Object.assign(limits, item.default ?? {});
  }
  return { requests, limits };
}

/** Fills what the container lacks; returns the names set, sorted, per list. */
function mergeContainer(c: Container, defaults: { requests: RawList; limits: RawList }): { container: Container; requests: string[]; limits: string[] } {
  const limits: RawList = { ...(c.resources?.limits as RawList | undefined) };
  const requests: RawList = { ...(c.resources?.requests as RawList | undefined) };
  const setLimits = Object.keys(defaults.limits).filter((k) => !(k in limits)).sort();
  const setRequests = Object.keys(defaults.requests).filter((k) => !(k in requests)).sort();
  for (const k of setLimits) limits[k] = defaults.limits[k]!;
  for (const k of setRequests) requests[k] = defaults.requests[k]!;
  if (!setLimits.length && !setRequests.length) return { container: c, requests: [], limits: [] };
  return { container: { ...c, resources: { ...c.resources, limits, requests } }, requests: setRequests, limits: setLimits };
}

/** PodMutateLimitFunc for one LimitRange (mergePodResourceRequirements). */
function mutatePod(pod: Pod, lr: LimitRange): Pod {
  const defaults = containerDefaults(lr);
  const notes: string[] = [];
  const merge = (prefix: string) => (c: Container) => {
    const m = mergeContainer(c, defaults);
    if (m.requests.length) notes.push(`${m.requests.join(', ')} request for ${prefix} ${c.name}`);
    if (m.limits.length) notes.push(`${m.limits.join(', ')} limit for ${prefix} ${c.name}`);
    return m.container;
  };
  const spec = { ...pod.spec!, containers: (pod.spec?.containers ?? []).map(merge('container')) };
  if (pod.spec?.initContainers) spec.initContainers = pod.spec.initContainers.map(merge('init container'));
  if (!notes.length) return pod;
  const annotations = { ...pod.metadata?.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  return { ...pod, metadata: { ...pod.metadata, annotations }, spec };
}

/** LimitRanger.Admit for a pod create. */
export function limitRangerDefaults(pod: Pod, ranges: readonly LimitRange[]): Pod {
  return ranges.reduce(mutatePod, pod);
}

// ---- validation -----------------------------------------------------------------------------------

/** requestLimitEnforcedValues: compared as milli-values (MilliValue rounds up). */
function milli(x: Q | undefined): number {
  return Math.ceil((x?.value ?? 0) * 1000 - 1e-6);
}

function minConstraint(type: string, name: string, enforced: Q, request: QList, limit: QList): string | undefined {
  const req = request[name];
  const lim = limit[name];
  if (!req) return `minimum ${name} usage per ${type} is ${qString(enforced)}.  No request is specified`;
  if (milli(req) < milli(enforced)) return `minimum ${name} usage per ${type} is ${qString(enforced)}, but request is ${qString(req)}`;
  if (lim && milli(lim) < milli(enforced)) return `minimum ${name} usage per ${type} is ${qString(enforced)}, but limit is ${qString(lim)}`;
  return undefined;
}

/** maxRequestConstraint: claims have no limits, so their max applies to the request. */
function maxRequestConstraint(type: string, name: string, enforced: Q, request: QList): string | undefined {
  const req = request[name];
  if (!req) return `maximum ${name} usage per ${type} is ${qString(enforced)}.  No request is specified`;
  if (milli(req) > milli(enforced)) return `maximum ${name} usage per ${type} is ${qString(enforced)}, but request is ${qString(req)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Q, request: QList, limit: QList): string | undefined {
  const req = request[name];
  const lim = limit[name];
  if (!lim) return `maximum ${name} usage per ${type} is ${qString(enforced)}.  No limit is specified`;
  if (milli(lim) > milli(enforced)) return `maximum ${name} usage per ${type} is ${qString(enforced)}, but limit is ${qString(lim)}`;
  if (req && milli(req) > milli(enforced)) return `maximum ${name} usage per ${type} is ${qString(enforced)}, but request is ${qString(req)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Q, request: QList, limit: QList): string | undefined {
  const req = milli(request[name]);
  const lim = milli(limit[name]);
  const max = qString(enforced);
  if (!request[name] || req === 0) return `${name} max limit to request ratio per ${type} is ${max}, but no request is specified or request is 0`;
  if (!limit[name] || lim === 0) return `${name} max limit to request ratio per ${type} is ${max}, but no limit is specified or limit is 0`;
  const ratio = lim / req;
  // Go prints the observed ratio with %f.
  if (ratio * 1000 > milli(enforced)) return `${name} max limit to request ratio per ${type} is ${max}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

type Check = (type: string, name: string, enforced: Q, request: QList, limit: QList) => string | undefined;

/** Runs one check over each resource of an item's list, sorted by name. */
function each(list: Record<string, unknown> | undefined, check: Check, type: string, request: QList, limit: QList): string[] {
  const out: string[] = [];
  for (const name of Object.keys(list ?? {}).sort()) {
    const msg = check(type, name, q(list![name] as string), request, limit);
    if (msg) out.push(msg);
  }
  return out;
}

/** min, max and maxLimitRequestRatio of one item against one set of requests and limits. */
function itemChecks(item: LimitRangeItem, request: QList, limit: QList): string[] {
  return [
    ...each(item.min, minConstraint, item.type, request, limit),
    ...each(item.max, maxConstraint, item.type, request, limit),
    ...each(item.maxLimitRequestRatio, ratioConstraint, item.type, request, limit),
  ];
}

function containerChecks(item: LimitRangeItem, c: Container): string[] {
  return itemChecks(item, toQList(c.resources?.requests as RawList), toQList(c.resources?.limits as RawList));
}

/** PodValidateLimitFunc. LimitRanger's own pod totals leave the overhead out. */
function podErrors(lr: LimitRange, pod: Pod): string[] {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item.type === 'Container') {
      for (const c of pod.spec?.containers ?? []) errs.push(...containerChecks(item, c));
      for (const c of pod.spec?.initContainers ?? []) errs.push(...containerChecks(item, c));
    }
    if (item.type === 'Pod') {
      errs.push(...itemChecks(item, podTotals(pod, 'requests', { overhead: false }), podTotals(pod, 'limits', { overhead: false })));
    }
  }
  return errs;
}

/** PersistentVolumeClaimValidateLimitFunc: min and max against spec.resources.requests only. */
function claimErrors(lr: LimitRange, pvc: PersistentVolumeClaim): string[] {
  const requests = toQList(pvc.spec?.resources?.requests as RawList);
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    errs.push(...each(item.min, minConstraint, item.type, requests, {}));
    errs.push(...each(item.max, (t, n, e, r) => maxRequestConstraint(t, n, e, r), item.type, requests, {}));
  }
  return errs;
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several in brackets, duplicates once. */
export function aggregateMessage(msgs: readonly string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/**
 * LimitRanger.Validate: throws the plugin's Forbidden error for the first LimitRange the object
 * breaks. `old` is the stored object on update.
 */
export function limitRangerValidate(obj: KObject, old: KObject | undefined, ranges: readonly LimitRange[], subresource?: string): void {
  if (old?.metadata.deletionTimestamp) return;
  // pods on create, and their pods/resize updates (SupportsAttributes); no other subresource
  if (subresource !== undefined && subresource !== 'resize') return;
  const check = obj.kind === 'Pod' && (!old || subresource === 'resize') ? (lr: LimitRange) => podErrors(lr, obj as unknown as Pod)
    : obj.kind === 'PersistentVolumeClaim' ? (lr: LimitRange) => claimErrors(lr, obj as unknown as PersistentVolumeClaim)
      : undefined;
  if (!check) return;
  for (const lr of ranges) {
    const errs = check(lr);
    if (errs.length) throw forbiddenError(typeForKind(obj.kind), obj.metadata.name, aggregateMessage(errs));
  }
}
