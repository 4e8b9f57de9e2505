/**
 * When a CronJob's schedule fires: github.com/robfig/cron/v3 SpecSchedule.Next and
 * ConstantDelaySchedule.Next on a schedule parsed by the API server's validation parser
 * (apiserver/validation/cron.ts), in spec.timeZone or — like kube-controller-manager in a kind
 * node, whose local time is UTC — in UTC. Times are real epoch milliseconds.
 *
 * Next searches field by field like robfig/cron: month, day (day-of-month OR day-of-week unless
 * one of them is `*`, then AND), hour, minute, second 0; it gives up 5 years ahead (undefined).
 * The search walks the zone's wall-clock time. unverified: robfig adds hours and minutes to the
 * absolute time, so around a daylight-saving change in a named zone the two may differ.
 */
import { parseCronSchedule, type CronSchedule } from '../../../kube/validation/cron';

export interface Schedule {
  /** the first firing strictly after `ms` (epoch ms), or undefined when there is none in 5 years */
  next(ms: number): number | undefined;
}

/** cron.ParseStandard plus the zone; throws CronParseError with the library's message. */
export function compileSchedule(spec: string, timeZone?: string): Schedule {
  const parsed = parseCronSchedule(spec);
  if (parsed.everySeconds !== undefined) return everySchedule(parsed.everySeconds);
  const zone = timeZone ? namedZone(timeZone) : UTC;
  return { next: (ms) => nextFiring(parsed, ms, zone) };
}

/** ConstantDelaySchedule: `@every d`, d at least 1s and cut to whole seconds, from the second of `ms`. */
function everySchedule(seconds: number): Schedule {
  const delayMs = Math.max(1, Math.floor(seconds)) * 1000;
  return { next: (ms) => ms + delayMs - (((ms % 1000) + 1000) % 1000) };
}

export { isKnownTimeZone } from '../../../kube/time-zone';

// ---- wall-clock arithmetic ---------------------------------------------------------------------

/** A zone: epoch ms <-> its wall-clock time, written as the epoch ms of that time read as UTC. */
interface Zone {
  toWall(ms: number): number;
  toInstant(wall: number): number;
}

const UTC: Zone = { toWall: (ms) => ms, toInstant: (wall) => wall };

/** The wall-clock time in `timeZone` at epoch ms `ms`, as the epoch ms of that time read as UTC. */
export function wallClock(ms: number, timeZone: string): number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) + (((ms % 1000) + 1000) % 1000);
}

function namedZone(name: string): Zone {
  const toWall = (ms: number): number => wallClock(ms, name);
  return {
    toWall,
    // time.Date: the offset in force at the guess; twice, to settle across an offset change.
    toInstant: (wall) => {
      let ms = wall - (toWall(wall) - wall);
      ms = wall - (toWall(ms) - ms);
      return ms;
    },
  };
}

const SECOND = 1000;

function parts(w: number) {
  const d = new Date(w);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), dow: d.getUTCDay() };
}

function wall(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** dayMatches: with `*` in either day field both must match, else either. */
function dayMatches(s: CronSchedule, w: number): boolean {
  const p = parts(w);
  const dom = s.daysOfMonth.has(p.d);
  const dow = s.daysOfWeek.has(p.dow);
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

/** SpecSchedule.Next, in wall-clock time. */
function nextFiring(s: CronSchedule, ms: number, zone: Zone): number | undefined {
  // the upcoming whole second
  let t = zone.toWall(ms + SECOND - (((ms % SECOND) + SECOND) % SECOND));
  t -= t % SECOND;
  let added = false;
  const yearLimit = parts(t).y + 5;
  wrap: for (;;) {
    let p = parts(t);
    if (p.y > yearLimit) return undefined;
    while (!s.months.has(p.mo)) {
      if (!added) {
        added = true;
        t = wall(p.y, p.mo, 1);
      }
      p = parts(t);
      t = wall(p.y, p.mo + 1, p.d, p.h, p.mi, p.s);
      p = parts(t);
      if (p.mo === 1) continue wrap;
    }
    while (!dayMatches(s, t)) {
      if (!added) {
        added = true;
        t = wall(p.y, p.mo, p.d);
      }
      p = parts(t);
      t = wall(p.y, p.mo, p.d + 1, p.h, p.mi, p.s);
      p = parts(t);
      if (p.d === 1) continue wrap;
    }
    while (!s.hours.has(p.h)) {
      if (!added) {
        added = true;
        t = wall(p.y, p.mo, p.d, p.h);
      }
      t += 3600 * SECOND;
      p = parts(t);
      if (p.h === 0) continue wrap;
    }
    while (!s.minutes.has(p.mi)) {
      if (!added) {
        added = true;
        t = wall(p.y, p.mo, p.d, p.h, p.mi);
      }
      t += 60 * SECOND;
      p = parts(t);
      if (p.mi === 0) continue wrap;
    }
    while (p.s !== 0) {
      added = true;
      t += SECOND;
      p = parts(t);
      if (p.s === 0) continue wrap;
    }
    return zone.toInstant(t);
  }
}
