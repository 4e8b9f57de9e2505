/**
 * Time zone names as Go's time.LoadLocation reads them (the IANA database of the host), for
 * CronJob validation (pkg/apis/batch/validation validateTimeZone) and the CronJob controller.
 *
 * The host database is stood in for by the JavaScript runtime's (ICU's) zone list. ICU matches
 * names case-insensitively, LoadLocation does not (a file lookup on Linux), so a name that differs
 * from its canonical ICU name in case only is refused; an alias (US/Eastern, Asia/Calcutta) is
 * taken as written, its case unchecked. "UTC" and "Local" are LoadLocation's own names.
 */
import { RecentValues } from './recent-values';

/** answers for recent names: asking ICU builds a DateTimeFormat, about 0.1 ms each time */
const known = new RecentValues<string, boolean>(256);

/** Whether time.LoadLocation would accept the name. */
export function isKnownTimeZone(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  return known.get(name, () => icuKnows(name));
}

function icuKnows(name: string): boolean {
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return canonical.toLowerCase() !== name.toLowerCase() || canonical === name;
}

/**
 * The name rules validateTimeZone checks before loading (https://data.iana.org/time-zones/
 * theory.html#naming, validTimeZoneCharacters): each "/"-separated part 1–14 characters of
 * letters, digits, ".", "-", "_" and "+", not "." or "..", not starting with "-".
 */
export function hasValidTimeZoneCharacters(name: string): boolean {
  return name.split('/').every((part) => part !== '.' && part !== '..' && !part.startsWith('-') && /^[A-Za-z.\-_0-9+]{1,14}$/.test(part));
}
