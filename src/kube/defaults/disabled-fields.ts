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
import { valueAt } from '../field-pattern';
import { gateEnabled, type FeatureGate } from './feature-gates';
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
  // pkg/api/job DropDisabledFields, shared by the Job and CronJob strategies
  if (obj.kind === 'CronJob') return dropFieldAt(obj, old, v, 'WorkloadWithJob', ['spec', 'jobTemplate', 'spec', 'scheduling']);
  // pkg/registry/core/node/strategy.go dropDisabledFields
  if (obj.kind === 'Node') return dropSpecField(obj, old, v, 'InPlacePodVerticalScalingSchedulerPreemption', 'podPreemptionPolicy');
  if (obj.kind === 'Service') return dropSpecField(obj, old, v, 'ServiceTrafficDistribution', 'trafficDistribution');
  if (obj.kind === 'PersistentVolumeClaim' || obj.kind === 'PersistentVolume') return dropSpecField(obj, old, v, 'VolumeAttributesClass', 'volumeAttributesClassName');
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
  const dropped = dropSpecField(dropSpecField(obj, old, v, 'JobSuccessPolicy', 'successPolicy'), old, v, 'WorkloadWithJob', 'scheduling');
  return old ? dropped : dropSpecField(dropped, undefined, v, 'JobManagedBy', 'managedBy');
}

/**
 * Drops spec.<field> while `gate` is off, unless the stored object has it: Service
 * trafficDistribution (pkg/registry/core/service/strategy.go dropServiceDisabledFields,
 * ServiceTrafficDistribution off 1.29-1.30); claim and volume volumeAttributesClassName
 * (pkg/api/persistentvolumeclaim/util.go DropDisabledFields, pkg/api/persistentvolume/util.go
 * DropDisabledSpecFields, VolumeAttributesClass off 1.29-1.33).
 */
function dropSpecField(obj: KObject, old: KObject | undefined, v: KubeVersion, gate: FeatureGate, field: string): KObject {
  return dropFieldAt(obj, old, v, gate, ['spec', field]);
}

/** Drops the field at `path` while `gate` is off, unless the stored object has it (a copy when dropped). */
function dropFieldAt(obj: KObject, old: KObject | undefined, v: KubeVersion, gate: FeatureGate, path: readonly string[]): KObject {
  if (gateEnabled(gate, v) || valueAt(obj, [...path]) === undefined || valueAt(old, [...path]) !== undefined) return obj;
  const copy = structuredClone(obj);
  const holder = valueAt(copy, path.slice(0, -1)) as Record<string, unknown>;
  delete holder[path[path.length - 1]!];
  return copy;
}

