import { describe, expect, it } from '@jest/globals';
import { updatedConditions, type ContentTotals } from '../../../../src/sim/controllers/namespace';

const totals = (remaining: Record<string, number> = {}, finalizers: Record<string, number> = {}, errors: string[] = []): ContentTotals => ({
  remainingByResource: new Map(Object.entries(remaining)),
  remainingByFinalizer: new Map(Object.entries(finalizers)),
  errors,
});

describe('namespace deletion conditions', () => {
  it('adds all five types in upstream order, listing what remains sorted', () => {
    const out = updatedConditions([], totals({ 'pods.': 2, 'deployments.apps': 1 }, { 'b.io/x': 1, 'a.io/y': 3 }), 'T1')!;
    expect(out.map((c) => `${c.type}=${c.status}`)).toEqual([
      'NamespaceDeletionDiscoveryFailure=False',
      'NamespaceDeletionGroupVersionParsingFailure=False',
      'NamespaceDeletionContentFailure=False',
      'NamespaceContentRemaining=True',
      'NamespaceFinalizersRemaining=True',
    ]);
    expect(out[3]!.message).toBe('Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances');
    expect(out[4]!.message).toBe('Some content in the namespace has finalizers remaining: a.io/y in 3 resource instances, b.io/x in 1 resource instances');
    expect(out.every((c) => c.lastTransitionTime === 'T1')).toBe(true);
  });

  it('reports nothing when nothing changed, and moves lastTransitionTime only when a status flips', () => {
    const first = updatedConditions([], totals({ 'pods.': 2 }), 'T1')!;
    expect(updatedConditions(first, totals({ 'pods.': 2 }), 'T2')).toBeUndefined();
    const fewer = updatedConditions(first, totals({ 'pods.': 1 }), 'T2')!;
    expect(fewer[3]).toMatchObject({ status: 'True', message: 'Some resources are remaining: pods. has 1 resource instances', lastTransitionTime: 'T1' });
    const none = updatedConditions(fewer, totals(), 'T3')!;
    expect(none[3]).toMatchObject({ status: 'False', reason: 'ContentRemoved', lastTransitionTime: 'T3' });
  });

  it('keeps conditions of other types and counts deletion errors', () => {
    const other = { type: 'Custom', status: 'True' as const, lastTransitionTime: 'T0', reason: 'R', message: 'M' };
    const out = updatedConditions([other], totals({}, {}, ['z failed', 'a failed']), 'T1')!;
    expect(out[0]).toEqual(other);
    expect(out.find((c) => c.type === 'NamespaceDeletionContentFailure')).toMatchObject({
      status: 'True', reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 2 remaining: a failed, z failed',
    });
  });
});
