import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import { CronParseError, parseCronSchedule } from '../../../src/kube/validation';
import { container, createErrors, merge, updateErrors } from '../../sim/apiserver/helpers';

const job = (patch: unknown = {}): KObject =>
  merge(
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [container({ image: 'perl' })] } } },
    },
    patch,
  ) as KObject;

const cronJob = (patch: unknown = {}): KObject =>
  merge(
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container({ image: 'busybox' })] } } } } },
    },
    patch,
  ) as KObject;

describe('Job', () => {
  it('accepts a job without a selector (the strategy generates it)', () => {
    expect(createErrors(job())).toEqual([]);
  });

  it('rejects the defaulted restartPolicy Always', () => {
    const j = job();
    delete ((j.spec as { template: { spec: Record<string, unknown> } }).template.spec).restartPolicy;
    expect(createErrors(j)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
  });

  it('requires completions for Indexed jobs and rejects negative counts', () => {
    expect(createErrors(job({ spec: { completionMode: 'Indexed', parallelism: 2 } }))).toEqual([
      'spec.completions: Required value: when completion mode is Indexed',
    ]);
    expect(createErrors(job({ spec: { backoffLimit: -1 } }))).toEqual(['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('makes the template immutable', () => {
    const j = job();
    const [err] = updateErrors(j, merge(j, { spec: { template: { spec: { containers: [container({ image: 'perl:2' })] } } } }), '1.33');
    expect(err).toBe('spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable');
  });
});

describe('Job: backoffLimitPerIndex, maxFailedIndexes, podFailurePolicy, managedBy (v1.37.2 validation.go)', () => {
  const indexed = (spec: Record<string, unknown>) => job({ spec: { completionMode: 'Indexed', completions: 10, ...spec } });

  it('accepts per-index limits on an Indexed Job and defaults backoffLimit to MaxInt32', () => {
    expect(createErrors(indexed({ backoffLimitPerIndex: 1, maxFailedIndexes: 5 }))).toEqual([]);
  });

  it('needs completionMode Indexed for both fields', () => {
    expect(createErrors(job({ spec: { backoffLimitPerIndex: 1, maxFailedIndexes: 1 } }))).toEqual([
      'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
      'spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode',
    ]);
  });

  it('needs backoffLimitPerIndex for maxFailedIndexes, non-negative values, and maxFailedIndexes <= completions', () => {
    expect(createErrors(indexed({ maxFailedIndexes: 1 }))).toEqual(['spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified']);
    expect(createErrors(indexed({ backoffLimitPerIndex: -1 }))).toEqual(['spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0']);
    expect(createErrors(indexed({ backoffLimitPerIndex: 1, maxFailedIndexes: 11 }))).toEqual(['spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions']);
  });

  it('caps big Indexed Jobs: above 10^5 completions maxFailedIndexes is required and both it and parallelism stay <= 10^4', () => {
    expect(createErrors(indexed({ completions: 100_001, parallelism: 10_001, backoffLimitPerIndex: 1 }))).toEqual([
      'spec.maxFailedIndexes: Required value: must be specified when completions is above 100000',
      'spec.parallelism: Invalid value: 10001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
    ]);
    expect(createErrors(indexed({ completions: 100_001, parallelism: 1, backoffLimitPerIndex: 1, maxFailedIndexes: 10_001 }))).toEqual([
      'spec.maxFailedIndexes: Invalid value: 10001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
    ]);
    expect(createErrors(indexed({ completions: 200_000, parallelism: 100_001 }))).toEqual([
      'spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed',
    ]);
  });

  const failIndex = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] };

  it('allows FailIndex only with backoffLimitPerIndex, and restartPolicy Never with a pod failure policy', () => {
    expect(createErrors(indexed({ backoffLimitPerIndex: 1, podFailurePolicy: failIndex }))).toEqual([]);
    expect(createErrors(indexed({ podFailurePolicy: failIndex }))).toEqual([
      'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
    ]);
    expect(createErrors(job({ spec: { podFailurePolicy: failIndex, template: { spec: { restartPolicy: 'OnFailure' } } } }))).toEqual([
      'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ]);
  });

  it('checks each rule: action, exactly one requirement, operator, container, values', () => {
    const rules = [
      { onExitCodes: { containerName: 'nope', operator: 'Maybe', values: [3, 0, 3] } },
      { action: 'Retry', onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }], onExitCodes: { operator: 'In', values: [0] } },
      { action: 'Ignore' },
    ];
    expect(createErrors(job({ spec: { podFailurePolicy: { rules } } }))).toEqual([
      'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]',
      'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Maybe": supported values: "In", "NotIn"',
      'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [3,0,3]: must be ordered',
      'spec.podFailurePolicy.rules[1].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
      'spec.podFailurePolicy.rules[1].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
      'spec.podFailurePolicy.rules[1].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
      'spec.podFailurePolicy.rules[1]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
      'spec.podFailurePolicy.rules[2]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
    ]);
  });

  it('allows podReplacementPolicy Failed only with a pod failure policy', () => {
    const policy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
    expect(createErrors(job({ spec: { podFailurePolicy: policy } }))).toEqual([]);
    expect(createErrors(job({ spec: { podFailurePolicy: policy, podReplacementPolicy: 'TerminatingOrFailed' } }))).toEqual([
      'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
    ]);
    expect(createErrors(job({ spec: { podReplacementPolicy: 'Sometimes' } }))).toEqual([
      'spec.podReplacementPolicy: Unsupported value: "Sometimes": supported values: "Failed", "TerminatingOrFailed"',
    ]);
  });

  it('wants managedBy as a domain-prefixed path of at most 63 characters', () => {
    expect(createErrors(job({ spec: { managedBy: 'example.com/custom' } }))).toEqual([]);
    expect(createErrors(job({ spec: { managedBy: 'custom' } }))).toEqual([
      'spec.managedBy: Invalid value: "custom": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    expect(createErrors(job({ spec: { managedBy: `example.com/${'x'.repeat(60)}` } }))).toEqual(['spec.managedBy: Too long: may not be more than 63 bytes']);
  });

  it('makes podFailurePolicy, backoffLimitPerIndex and managedBy immutable', () => {
    const j = indexed({ backoffLimitPerIndex: 1, managedBy: 'example.com/a' });
    expect(updateErrors(j, merge(j, { spec: { backoffLimitPerIndex: 2, managedBy: 'example.com/b' } }))).toEqual([
      'spec.backoffLimitPerIndex: Invalid value: 2: field is immutable',
      'spec.managedBy: Invalid value: "example.com/b": field is immutable',
    ]);
    const policy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
    const withPolicy = job({ spec: { podFailurePolicy: policy } });
    expect(updateErrors(withPolicy, merge(withPolicy, { spec: { podFailurePolicy: { rules: [{ action: 'Count', onPodConditions: [{ type: 'DisruptionTarget' }] }] } } }))).toEqual([
      'spec.podFailurePolicy: Invalid value: {"Rules":[{"Action":"Count","OnExitCodes":null,"OnPodConditions":[{"Type":"DisruptionTarget","Status":"True"}]}]}: field is immutable',
    ]);
  });
});

describe('CronJob', () => {
  it('accepts a valid CronJob', () => {
    expect(createErrors(cronJob())).toEqual([]);
  });

  it('reports robfig/cron parse errors on spec.schedule', () => {
    expect(createErrors(cronJob({ spec: { schedule: '*/1 * *' } }))).toEqual(['spec.schedule: Invalid value: "*/1 * *": expected exactly 5 fields, found 3: [*/1 * *]']);
    expect(createErrors(cronJob({ spec: { schedule: '61 * * * *' } }))).toEqual(['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
  });

  it('limits names to 52 characters and forbids TZ in the schedule', () => {
    const longName = 'a'.repeat(53);
    expect(createErrors(cronJob({ metadata: { name: longName } }))).toEqual([`metadata.name: Invalid value: "${longName}": must be no more than 52 characters`]);
    expect(createErrors(cronJob({ spec: { schedule: 'TZ=UTC 0 * * * *' } }))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });

  it('checks spec.timeZone as validateTimeZone does: names LoadLocation knows, case included', () => {
    expect(createErrors(cronJob({ spec: { timeZone: 'Europe/Berlin' } }))).toEqual([]);
    expect(createErrors(cronJob({ spec: { timeZone: 'Etc/GMT+5' } }))).toEqual([]);
    expect(createErrors(cronJob({ spec: { timeZone: 'Mars/Olympus' } }))).toEqual(['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
    expect(createErrors(cronJob({ spec: { timeZone: 'america/new_york' } }))).toEqual(['spec.timeZone: Invalid value: "america/new_york": unknown time zone america/new_york']);
    expect(createErrors(cronJob({ spec: { timeZone: 'Europe/../Berlin' } }))).toEqual(['spec.timeZone: Invalid value: "Europe/../Berlin": unknown time zone Europe/../Berlin']);
    expect(createErrors(cronJob({ spec: { timeZone: '' } }))).toEqual(['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']);
    expect(createErrors(cronJob({ spec: { timeZone: 'Local' } }))).toEqual(['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']);
  });

  it('keeps an old TZ= schedule valid on update, but not beside spec.timeZone', () => {
    const old = cronJob({ spec: { schedule: 'TZ=UTC 0 * * * *' } });
    expect(updateErrors(old, cronJob({ spec: { schedule: 'TZ=UTC 5 * * * *' } }))).toEqual([]);
    expect(updateErrors(old, cronJob({ spec: { schedule: 'TZ=UTC 5 * * * *', timeZone: 'UTC' } }))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 5 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ]);
  });

  it('rejects an unknown concurrencyPolicy', () => {
    expect(createErrors(cronJob({ spec: { concurrencyPolicy: 'Queue' } }))).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Queue": supported values: "Allow", "Forbid", "Replace"',
    ]);
  });
});

describe('parseCronSchedule', () => {
  it('expands fields, steps, ranges, names and descriptors', () => {
    const s = parseCronSchedule('*/15 9-17 * jan-mar mon,fri');
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...s.months]).toEqual([1, 2, 3]);
    expect([...s.daysOfWeek]).toEqual([1, 5]);
    expect(s.domStar).toBe(true);
    expect(s.dowStar).toBe(false);
    expect([...parseCronSchedule('@hourly').minutes]).toEqual([0]);
    expect(parseCronSchedule('@every 1h30m').everySeconds).toBe(5400);
  });

  it('throws the library messages', () => {
    expect(() => parseCronSchedule('')).toThrow(new CronParseError('empty spec string'));
    expect(() => parseCronSchedule('x * * * *')).toThrow('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(() => parseCronSchedule('5-1 * * * *')).toThrow('beginning of range (5) beyond end of range (1): 5-1');
    expect(() => parseCronSchedule('@sometimes')).toThrow('unrecognized descriptor: @sometimes');
  });
});
