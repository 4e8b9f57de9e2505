import { describe, expect, it } from '@jest/globals';
import { compileSchedule } from '../../../../src/sim/controllers/cronjob/schedule';
import { mostRecentScheduleTime, nextScheduleDelay } from '../../../../src/sim/controllers/cronjob/timing';
import { jobName, rfc1123z, rfc3339In } from '../../../../src/sim/controllers/cronjob/job-template';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('CronJob schedules (robfig/cron Next)', () => {
  it('fires every minute at second 0, strictly after the given time', () => {
    const s = compileSchedule('*/1 * * * *');
    expect(iso(s.next(at('2025-01-01T00:00:00Z')))).toBe('2025-01-01T00:01:00.000Z');
    expect(iso(s.next(at('2025-01-01T00:00:59.999Z')))).toBe('2025-01-01T00:01:00.000Z');
    expect(iso(s.next(at('2025-01-01T00:01:00Z')))).toBe('2025-01-01T00:02:00.000Z');
  });

  it('understands descriptors, ranges, steps and names', () => {
    expect(iso(compileSchedule('@hourly').next(at('2025-01-01T10:30:00Z')))).toBe('2025-01-01T11:00:00.000Z');
    expect(iso(compileSchedule('@daily').next(at('2025-01-31T10:30:00Z')))).toBe('2025-02-01T00:00:00.000Z');
    expect(iso(compileSchedule('30 6-16/4 * * mon-fri').next(at('2025-01-03T15:00:00Z')))).toBe('2025-01-06T06:30:00.000Z');
    expect(iso(compileSchedule('0 0 1 jan *').next(at('2025-01-01T00:00:00Z')))).toBe('2026-01-01T00:00:00.000Z');
  });

  it('matches day-of-month OR day-of-week when both are restricted, AND when one is *', () => {
    // 2025-01-01 is a Wednesday
    expect(iso(compileSchedule('0 0 15 * 5').next(at('2025-01-01T00:00:00Z')))).toBe('2025-01-03T00:00:00.000Z');
    expect(iso(compileSchedule('0 0 * * 5').next(at('2025-01-01T00:00:00Z')))).toBe('2025-01-03T00:00:00.000Z');
    expect(iso(compileSchedule('0 0 15 * *').next(at('2025-01-01T00:00:00Z')))).toBe('2025-01-15T00:00:00.000Z');
  });

  it('gives up on a date that never comes', () => {
    expect(compileSchedule('0 0 31 2 *').next(at('2025-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('runs @every from the given second', () => {
    expect(iso(compileSchedule('@every 90s').next(at('2025-01-01T00:00:10.500Z')))).toBe('2025-01-01T00:01:40.000Z');
  });

  it('reads the fields in spec.timeZone', () => {
    const s = compileSchedule('0 9 * * *', 'Asia/Tokyo');
    expect(iso(s.next(at('2025-01-01T00:30:00Z')))).toBe('2025-01-02T00:00:00.000Z');
    expect(iso(compileSchedule('0 9 * * *', 'America/New_York').next(at('2025-07-01T00:00:00Z')))).toBe('2025-07-01T13:00:00.000Z');
  });
});

describe('CronJob schedule times owed (utils.go)', () => {
  const every = compileSchedule('*/1 * * * *');
  const creation = at('2025-01-01T00:00:00Z');

  it('owes nothing before the first firing, and the latest firing after it', () => {
    expect(mostRecentScheduleTime({ creation }, at('2025-01-01T00:00:30Z'), every, true)).toEqual({ earliest: creation, missed: 'none' });
    const w = mostRecentScheduleTime({ creation }, at('2025-01-01T00:01:00.100Z'), every, true);
    expect(iso(w.mostRecent)).toBe('2025-01-01T00:01:00.000Z');
    const late = mostRecentScheduleTime({ creation }, at('2025-01-01T00:05:30Z'), every, true);
    expect([iso(late.mostRecent), late.missed]).toEqual(['2025-01-01T00:05:00.000Z', 'few']);
  });

  it('calls more than 100 missed times "many", unless startingDeadlineSeconds narrows the window', () => {
    const now = at('2025-01-01T03:00:30Z');
    expect(mostRecentScheduleTime({ creation }, now, every, true).missed).toBe('many');
    const narrowed = mostRecentScheduleTime({ creation, startingDeadlineSeconds: 200 }, now, every, true);
    expect([iso(narrowed.mostRecent), narrowed.missed]).toEqual(['2025-01-01T03:00:00.000Z', 'few']);
  });

  it('requeues 100ms after the next firing', () => {
    expect(nextScheduleDelay({ creation }, at('2025-01-01T00:00:10Z'), every)).toBe(50_100);
    expect(nextScheduleDelay({ creation, lastSchedule: at('2025-01-01T00:01:00Z') }, at('2025-01-01T00:01:00.100Z'), every)).toBe(60_000);
  });

  it('reports a schedule that cannot fire', () => {
    expect(mostRecentScheduleTime({ creation }, at('2025-03-01T00:00:00Z'), compileSchedule('0 0 31 2 *'), true).error)
      .toBe('time difference between two schedules is less than 1 second');
  });
});

describe('CronJob Job names and times', () => {
  it('names the Job <cronjob>-<minutes since the epoch>', () => {
    const cj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello' }, spec: {} } as never;
    expect(jobName(cj, at('2025-01-01T00:01:00Z'))).toBe('hello-28928161');
    expect(jobName(cj, at('2020-12-12T07:13:00Z'))).toBe('hello-26795953');
  });

  it('formats the scheduled-timestamp annotation in the zone and MissSchedule times as RFC 1123Z', () => {
    expect(rfc3339In(at('2025-01-01T00:01:00Z'))).toBe('2025-01-01T00:01:00Z');
    expect(rfc3339In(at('2025-01-01T00:01:00Z'), 'Asia/Tokyo')).toBe('2025-01-01T09:01:00+09:00');
    expect(rfc3339In(at('2025-07-01T13:00:00Z'), 'America/New_York')).toBe('2025-07-01T09:00:00-04:00');
    expect(rfc1123z(at('2025-01-01T00:01:00Z'))).toBe('Wed, 01 Jan 2025 00:01:00 +0000');
  });
});
