/**
 * What the pod status strategy validates on a write of pods/status (pkg/apis/core/validation
 * ValidatePodStatusUpdate): the condition types, the observed generations and the immutable QoS
 * class. Container state transitions, pod/host IPs, resource claim statuses and volume health
 * are not checked here: the simulator's kubelet writes them well formed, and no scenario verb
 * writes them yet.
 */
import type { KubeVersion } from '../version';
import { obj, objs, optNum, str, type Obj } from './access';
import { FieldPath, invalid, type FieldError } from './field-error';
import { immutable } from './meta';
import { isQualifiedName } from './names';

const STATUS = FieldPath.of('status');
const NEGATIVE_GENERATION = 'must be a non-negative integer';

/** validatePodConditions: the conditions the API defines are exempt from the name rule. */
const SYSTEM_CONDITIONS: ReadonlySet<string> = new Set(['PodScheduled', 'Ready', 'Initialized']);

export function validatePodStatusFields(pod: Obj, old: Obj, v: KubeVersion): FieldError[] {
  const status = obj(pod.status);
  const before = obj(old.status);
  return [
    ...conditionErrors(status, v),
    ...negativeGeneration(status.observedGeneration, STATUS.child('observedGeneration')),
    // podStatusStrategy.PrepareForUpdate backfills an empty qosClass from the stored pod
    ...immutable(str(status.qosClass) || str(before.qosClass), str(before.qosClass), STATUS.child('qosClass')),
  ];
}

function conditionErrors(status: Obj, v: KubeVersion): FieldError[] {
  const at = STATUS.child('conditions');
  return objs(status.conditions).flatMap((c, i) => {
    // upstream names the field with a capital T here (fldPath.Index(i).Child("Type"))
    const where = at.index(i);
    const type = str(c.type);
    const typeErrors = SYSTEM_CONDITIONS.has(type) ? [] : isQualifiedName(type, v).map((m) => invalid(where.child('Type'), type, m));
    return [...negativeGeneration(c.observedGeneration, where.child('observedGeneration')), ...typeErrors];
  });
}

function negativeGeneration(value: unknown, p: FieldPath): FieldError[] {
  const n = optNum(value);
  return n !== undefined && n < 0 ? [invalid(p, n, NEGATIVE_GENERATION)] : [];
}
