/**
 * Fields of disabled feature gates that registry strategies drop on create and update unless the
 * stored object already uses them (pkg/registry/apps/statefulset/strategy.go
 * dropStatefulSetDisabledFields). So with MaxUnavailableStatefulSet off (1.29-1.34) a
 * `maxUnavailable` written by the user is silently dropped, not validated. Pod fields, in pods and
 * every pod template: pod-disabled-fields.ts.
 */
import type { KObject } from '../object';
import type { KubeVersion } from '../version';
import { isObj } from '../validation/access';
import { gateEnabled } from './feature-gates';
import { dropDisabledPodFields } from './pod-disabled-fields';

function rollingUpdateOf(o: KObject | undefined): Record<string, unknown> | undefined {
  const spec = o?.spec;
  if (!isObj(spec) || !isObj(spec.updateStrategy) || !isObj(spec.updateStrategy.rollingUpdate)) return undefined;
  return spec.updateStrategy.rollingUpdate;
}

/** Returns `obj` without fields its version's gates disable (a copy when something is dropped). */
export function dropDisabledFields(obj: KObject, old: KObject | undefined, v: KubeVersion): KObject {
  return dropDisabledKindFields(dropDisabledPodFields(obj, old, v), old, v);
}

function dropDisabledKindFields(obj: KObject, old: KObject | undefined, v: KubeVersion): KObject {
  if (obj.kind === 'Job') return dropJobDisabledFields(obj, old, v);
  if (obj.kind === 'Service') return dropServiceDisabledFields(obj, old, v);
  if (obj.kind === 'PersistentVolumeClaim' || obj.kind === 'PersistentVolume') return dropVolumeAttributesClassName(obj, old, v);
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

/** pkg/registry/core/service/strategy.go dropServiceDisabledFields: trafficDistribution without ServiceTrafficDistribution (1.29-1.30). */
function dropServiceDisabledFields(obj: KObject, old: KObject | undefined, v: KubeVersion): KObject {
  const spec = obj.spec;
  if (gateEnabled('ServiceTrafficDistribution', v) || !isObj(spec) || spec.trafficDistribution === undefined) return obj;
  if (isObj(old?.spec) && old.spec.trafficDistribution !== undefined) return obj;
  const { trafficDistribution: _dropped, ...kept } = spec;
  return { ...obj, spec: kept };
}

/**
 * pkg/api/persistentvolumeclaim/util.go DropDisabledFields and pkg/api/persistentvolume/util.go
 * DropDisabledSpecFields: spec.volumeAttributesClassName without VolumeAttributesClass (1.29-1.33),
 * unless the stored object has one.
 */
function dropVolumeAttributesClassName(obj: KObject, old: KObject | undefined, v: KubeVersion): KObject {
  const spec = obj.spec;
  if (gateEnabled('VolumeAttributesClass', v) || !isObj(spec) || spec.volumeAttributesClassName === undefined) return obj;
  if (isObj(old?.spec) && old.spec.volumeAttributesClassName !== undefined) return obj;
  const { volumeAttributesClassName: _dropped, ...kept } = spec;
  return { ...obj, spec: kept };
}
