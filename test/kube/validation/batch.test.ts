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
