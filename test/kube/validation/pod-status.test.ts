/** pods/status writes: what ValidatePodStatusUpdate checks of the status (pod-status.ts). */
import { describe, expect, it } from '@jest/globals';
import { formatFieldError, validateStatusUpdate } from '../../../src/kube/validation';
import { DEFAULT_VERSION } from '../../../src/kube/version';
import type { KObject } from '../../../src/kube/object';
import { pod } from '../../sim/apiserver/helpers';

const stored = pod({ status: { phase: 'Running', qosClass: 'BestEffort', conditions: [{ type: 'Ready', status: 'False' }] } });

function statusErrors(status: unknown): string[] {
  const written = { ...stored, status } as KObject;
  return validateStatusUpdate(written, stored, DEFAULT_VERSION).map((e) => formatFieldError(e));
}

describe('pod status update', () => {
  it('accepts readiness gate conditions with qualified names, and the system conditions', () => {
    const conditions = [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }, { type: 'k8s.io/test-condition1', status: 'True' }, { type: 'www.example.com/feature-1', status: 'False' }];
    expect(statusErrors({ ...stored.status as object, conditions })).toEqual([]);
  });

  it('refuses a condition type that is not a qualified name, at the condition (upstream writes Type)', () => {
    const [e, ...rest] = statusErrors({ ...stored.status as object, conditions: [{ type: 'Ready', status: 'True' }, { type: 'not a name!', status: 'True' }] });
    expect(rest).toEqual([]);
    expect(e).toMatch(/^status\.conditions\[1\]\.Type: Invalid value: "not a name!": name part must consist of alphanumeric characters/);
  });

  it('refuses negative observed generations', () => {
    expect(statusErrors({ ...stored.status as object, observedGeneration: -1, conditions: [{ type: 'Ready', status: 'True', observedGeneration: -2 }] })).toEqual([
      'status.conditions[0].observedGeneration: Invalid value: -2: must be a non-negative integer',
      'status.observedGeneration: Invalid value: -1: must be a non-negative integer',
    ]);
  });

  it('keeps the QoS class: a change is refused, an empty one is backfilled as upstream does', () => {
    expect(statusErrors({ ...stored.status as object, qosClass: 'Guaranteed' })).toEqual(['status.qosClass: Invalid value: "Guaranteed": field is immutable']);
    expect(statusErrors({ phase: 'Running' })).toEqual([]);
  });
});
