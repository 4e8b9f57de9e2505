/** Where the CLI writes: injected so tests can run the real CLI in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** colour on (picocolors honours NO_COLOR / FORCE_COLOR; we add: only on a TTY) */
  color: boolean;
}

export function processIo(): Io {
  const forced = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0';
  const color = !process.env.NO_COLOR && (forced || !!process.stdout.isTTY);
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    color,
  };
}
