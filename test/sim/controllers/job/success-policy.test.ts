import { describe, expect, it } from '@jest/globals';
import { parseIntervals } from '../../../../src/sim/controllers/job/indexed';
import { matchSuccessPolicy } from '../../../../src/sim/controllers/job/success-policy';
import { createErrors, prepared } from '../../apiserver/helpers';

describe('success policy (success_policy.go)', () => {
  const done = (text: string) => parseIntervals(text, 10);

  it('a rule of indexes is met when all of them succeeded, or succeededCount of them', () => {
    const policy = { rules: [{ succeededIndexes: '0,2-4' }, { succeededIndexes: '5-9', succeededCount: 2 }] };
    expect(matchSuccessPolicy(policy, 10, done('0,2,3'))).toBeUndefined();
    expect(matchSuccessPolicy(policy, 10, done('0,2-4'))).toBe('Matched rules at index 0');
    expect(matchSuccessPolicy(policy, 10, done('1,6,9'))).toBe('Matched rules at index 1');
    expect(matchSuccessPolicy(policy, 10, done('1,6'))).toBeUndefined();
  });

  it('a count-only rule counts every succeeded index; rules naming no index in range are skipped; nothing succeeded matches nothing', () => {
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '12-14' }, { succeededCount: 3 }] }, 10, done('1,4,7'))).toBe('Matched rules at index 1');
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 0 }] }, 10, [])).toBeUndefined();
  });
});

describe('successPolicy validation (validateSuccessPolicy)', () => {
  const job = (spec: Record<string, unknown>) => ({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default' },
    spec: { completions: 5, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl' }] } }, ...spec },
  });

  it('needs Indexed completion mode, rules, and counts within bounds; index lists must parse', () => {
    expect(createErrors(job({ successPolicy: { rules: [{ succeededCount: 1 }] } }) as never, '1.37')).toEqual([
      'spec.successPolicy: Invalid value: {"Rules":[{"SucceededIndexes":null,"SucceededCount":1}]}: requires indexed completion mode',
    ]);
    const indexed = (successPolicy: unknown) => createErrors(job({ completionMode: 'Indexed', successPolicy }) as never, '1.37');
    expect(indexed({ rules: [] })).toEqual(['spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified']);
    expect(indexed({ rules: [{}] })).toEqual(['spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified']);
    expect(indexed({ rules: [{ succeededIndexes: '0-2', succeededCount: 4 }] })).toEqual([
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)',
    ]);
    expect(indexed({ rules: [{ succeededCount: 6 }] })).toEqual([
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)',
    ]);
    expect(indexed({ rules: [{ succeededIndexes: '3,1' }, { succeededIndexes: '7' }] })).toEqual([
      'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "3,1": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1',
      'spec.successPolicy.rules[1].succeededIndexes: Invalid value: "7": error parsing succeededIndexes: too large index: "7"',
    ]);
    expect(indexed({ rules: [{ succeededIndexes: '0,2-4', succeededCount: 2 }] })).toEqual([]);
  });
});

describe('successPolicy before 1.31 (JobSuccessPolicy alpha, off)', () => {
  it('is dropped on create, as the strategy drops a disabled field, and kept from 1.31', () => {
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default' },
      spec: { completions: 2, completionMode: 'Indexed', successPolicy: { rules: [{ succeededCount: 1 }] }, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl' }] } } },
    };
    expect((prepared(job as never, '1.30').spec as Record<string, unknown>).successPolicy).toBeUndefined();
    expect((prepared(job as never, '1.31').spec as Record<string, unknown>).successPolicy).toEqual({ rules: [{ succeededCount: 1 }] });
  });
});
