/**
 * What the status strategies of Deployments, ReplicaSets and StatefulSets validate on a status
 * write (pkg/apis/apps/validation ValidateDeploymentStatusUpdate, ValidateReplicaSetStatusUpdate,
 * ValidateStatefulSetStatusUpdate): counts are not negative, no count exceeds status.replicas,
 * available never exceeds ready, and collisionCount never goes down. The DaemonSet's status
 * rules are not simulated (no scenario verb writes a DaemonSet status but a status patch, and
 * its controller writes it well formed).
 */
import { num, obj, optNum, type Obj } from './access';
import { FieldPath, invalid, type FieldError } from './field-error';
import { IS_NEGATIVE } from './meta';

const STATUS = FieldPath.of('status');
const ABOVE_REPLICAS = 'cannot be greater than status.replicas';

interface Rules {
  /** the counts that must not be negative, in upstream's order (pointers only when set) */
  counts: string[];
  /** the counts that may not exceed status.replicas */
  boundedByReplicas: string[];
  /** the detail of available > ready: StatefulSets name the field with its status. prefix */
  availableAboveReady: string;
  collisionCount: boolean;
}

const RULES: Record<string, Rules> = {
  Deployment: {
    counts: ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'terminatingReplicas', 'collisionCount'],
    boundedByReplicas: ['updatedReplicas', 'readyReplicas', 'availableReplicas'],
    availableAboveReady: 'cannot be greater than readyReplicas',
    collisionCount: true,
  },
  ReplicaSet: {
    counts: ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration', 'terminatingReplicas'],
    boundedByReplicas: ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
    availableAboveReady: 'cannot be greater than readyReplicas',
    collisionCount: false,
  },
  StatefulSet: {
    counts: ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'],
    boundedByReplicas: ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'],
    availableAboveReady: 'cannot be greater than status.readyReplicas',
    collisionCount: true,
  },
};

export function validateAppsStatus(o: Obj, old: Obj): FieldError[] {
  const rules = RULES[String(o.kind)];
  if (!rules) return [];
  const status = obj(o.status);
  const count = (field: string) => num(status[field]);
  const errs: FieldError[] = [];
  for (const field of rules.counts) {
    const value = optNum(status[field]);
    if (value !== undefined && value < 0) errs.push(invalid(STATUS.child(field), value, IS_NEGATIVE));
  }
  for (const field of rules.boundedByReplicas) {
    if (count(field) > count('replicas')) errs.push(invalid(STATUS.child(field), count(field), ABOVE_REPLICAS));
  }
  if (count('availableReplicas') > count('readyReplicas')) errs.push(invalid(STATUS.child('availableReplicas'), count('availableReplicas'), rules.availableAboveReady));
  if (rules.collisionCount) errs.push(...collisionCountDecremented(status, obj(old.status)));
  return errs;
}

/** IsDecremented: cleared, or lower than before. */
function collisionCountDecremented(status: Obj, before: Obj): FieldError[] {
  const now = optNum(status.collisionCount);
  const was = optNum(before.collisionCount);
  if (was === undefined || (now !== undefined && now >= was)) return [];
  return [invalid(STATUS.child('collisionCount'), now ?? 0, 'cannot be decremented')];
}
