/** Status writes of Deployments, ReplicaSets and StatefulSets: the counts their status strategies validate. */
import { describe, expect, it } from '@jest/globals';
import { formatFieldError, validateStatusUpdate } from '../../../src/kube/validation';
import { DEFAULT_VERSION } from '../../../src/kube/version';
import type { KObject } from '../../../src/kube/object';
import { deployment, statefulSet } from '../../sim/apiserver/helpers';

/** A ReplicaSet is a Deployment's shape under another kind, for these status-only rules. */
const replicaSet = (): KObject => ({ ...deployment(), kind: 'ReplicaSet' });

function statusErrors(stored: KObject, status: unknown): string[] {
  return validateStatusUpdate({ ...stored, status } as KObject, stored, DEFAULT_VERSION).map((e) => formatFieldError(e));
}

describe('apps status updates', () => {
  it('accept consistent counts', () => {
    expect(statusErrors(deployment(), { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1 })).toEqual([]);
    expect(statusErrors(replicaSet(), { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1 })).toEqual([]);
    expect(statusErrors(statefulSet(), { replicas: 2, readyReplicas: 1, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 1 })).toEqual([]);
  });

  it('refuse negative counts and counts above status.replicas, with the kind\'s wording', () => {
    expect(statusErrors(deployment(), { replicas: 1, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: -1 })).toEqual([
      'status.unavailableReplicas: Invalid value: -1: must be greater than or equal to 0',
      'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
    ]);
    expect(statusErrors(replicaSet(), { replicas: 2, readyReplicas: 1, availableReplicas: 2 })).toEqual([
      'status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas',
    ]);
    expect(statusErrors(statefulSet(), { replicas: 2, readyReplicas: 1, availableReplicas: 2 })).toEqual([
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas',
    ]);
  });

  it('refuse a collisionCount that goes down or is cleared', () => {
    const stored = { ...deployment(), status: { collisionCount: 2 } } as KObject;
    expect(statusErrors(stored, { collisionCount: 1 })).toEqual(['status.collisionCount: Invalid value: 1: cannot be decremented']);
    expect(statusErrors(stored, {})).toEqual(['status.collisionCount: Invalid value: 0: cannot be decremented']);
    expect(statusErrors(stored, { collisionCount: 3 })).toEqual([]);
  });
});
