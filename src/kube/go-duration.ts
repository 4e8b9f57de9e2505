/**
 * Go's time.Duration.String() for whole milliseconds, the format kubelet messages print
 * ("back-off 1m20s", "in 1.494s (1.494s including waiting)").
 */
export function formatGoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const millis = total % 60_000;
  const seconds = `${Math.floor(millis / 1000)}${fraction(millis % 1000)}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

/** ".494" for 494 ms, ".5" for 500 ms, "" for 0: Go trims trailing zeros. */
function fraction(ms: number): string {
  if (ms === 0) return '';
  return '.' + String(ms).padStart(3, '0').replace(/0+$/, '');
}
