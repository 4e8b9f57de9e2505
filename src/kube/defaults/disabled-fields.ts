/**
 * Fields of disabled feature gates that registry strategies drop on create and update unless the
 * stored object already uses them (pkg/registry/apps/statefulset/strategy.go
 * dropStatefulSetDisabledFields). So with MaxUnavailableStatefulSet off (1.29-1.34) a
 * `maxUnavailable` written by the user is silently dropped, not validated.
 */
import type { KObject } from '../object';
import type { KubeVersion } from '../version';
import { isObj } from '../validation/access';
import { gateEnabled } from './feature-gates';
import { POD_SPEC_AT } from '../pod-spec-path';

function rollingUpdateOf(o: KObject | undefined): Record<string, unknown> | undefined {
  const spec = o?.spec;
  if (!isObj(spec) || !isObj(spec.updateStrategy) || !isObj(spec.updateStrategy.rollingUpdate)) return undefined;
  return spec.updateStrategy.rollingUpdate;
}

/** Returns `obj` without fields its version's gates disable (a copy when something is dropped). */
export function dropDisabledFields(obj: KObject, old: KObject | undefined, v: KubeVersion): KObject {
  if (POD_SPEC_AT[obj.kind] && !gateEnabled('InPlacePodVerticalScaling', v)) obj = dropResizePolicy(obj, old);
  if (obj.kind === 'Job') return dropJobDisabledFields(obj, old, v);
  if (obj.kind !== 'StatefulSet' || gateEnabled('MaxUnavailableStatefulSet', v)) return obj;
  const inUse = rollingUpdateOf(old)?.maxUnavailable !== undefined;
  const rollingUpdate = rollingUpdateOf(obj);
  if (inUse || rollingUpdate?.maxUnavailable === undefined) return obj;
  const copy = structuredClone(obj);
  delete rollingUpdateOf(copy)!.maxUnavailable;
  return copy;
}

/**
 * pkg/registry/batch/job/strategy.go: successPolicy without JobSuccessPolicy (unless the stored
 * Job has one); managedBy without JobManagedBy, on create only (PrepareForCreate; on update the
 * field is immutable, so it cannot appear). backoffLimitPerIndex and maxFailedIndexes are never
 * dropped: JobBackoffLimitPerIndex is on in every emulated version (beta from 1.29).
 */
function dropJobDisabledFields(obj: KObject, old: KObject | undefined, v: KubeVersion): KObject {
  const spec = obj.spec;
  if (!isObj(spec)) return obj;
  const drop: string[] = [];
  if (!gateEnabled('JobSuccessPolicy', v) && spec.successPolicy !== undefined && !(isObj(old?.spec) && old.spec.successPolicy !== undefined)) {
    drop.push('successPolicy');
  }
  if (!gateEnabled('JobManagedBy', v) && spec.managedBy !== undefined && !old) drop.push('managedBy');
  if (!drop.length) return obj;
  const kept = { ...spec };
  for (const f of drop) delete kept[f];
  return { ...obj, spec: kept };
}

function podSpecOf(o: KObject | undefined): Record<string, unknown> | undefined {
  let at: unknown = o;
  for (const k of POD_SPEC_AT[o?.kind ?? ''] ?? []) at = isObj(at) ? at[k] : undefined;
  return isObj(at) ? at : undefined;
}

const CONTAINER_LISTS = ['containers', 'initContainers'];

function usesResizePolicy(spec: Record<string, unknown> | undefined): boolean {
  return CONTAINER_LISTS.some((f) => Array.isArray(spec?.[f]) && (spec![f] as unknown[]).some((c) => isObj(c) && c.resizePolicy !== undefined));
}

/**
 * pkg/api/pod/util.go dropDisabledFields: containers' resizePolicy without InPlacePodVerticalScaling
 * (off before 1.33), unless the stored object already uses it (inPlacePodVerticalScalingInUse).
 */
function dropResizePolicy(obj: KObject, old: KObject | undefined): KObject {
  const spec = podSpecOf(obj);
  if (!usesResizePolicy(spec) || usesResizePolicy(podSpecOf(old))) return obj;
  const copy = structuredClone(obj);
  const target = podSpecOf(copy)!;
  for (const f of CONTAINER_LISTS) {
    if (!Array.isArray(target[f])) continue;
    for (const c of target[f] as unknown[]) if (isObj(c)) delete c.resizePolicy;
  }
  return copy;
}
