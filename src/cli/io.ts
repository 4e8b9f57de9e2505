/** Where the CLI writes: injected so tests can run the real CLI in-process. */
import { escapeControls } from '../errors';
import type { Terminal } from '../report/live-progress';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** colour on (picocolors honours NO_COLOR / FORCE_COLOR; we add: only on a TTY) */
  color: boolean;
  /** what `out` writes to, when it may be a terminal: the console draws a status line there */
  terminal?: Terminal;
}

/** The exit code of a process ended by SIGPIPE, as a shell reports it: the reader went away. */
export const EXIT_CLOSED_PIPE = 128 + 13;

let pipeClosed: (() => void) | undefined;

/**
 * What to do when stdout or stderr is closed under us (`kscenario run | head`): by default exit
 * at once, quietly, with EXIT_CLOSED_PIPE; a run sets its own stop (clean up, write the report
 * files) for the time it runs. Returns the function that removes it.
 */
export function onClosedPipe(stop: () => void): () => void {
  pipeClosed = stop;
  return () => {
    if (pipeClosed === stop) pipeClosed = undefined;
  };
}

export function processIo(): Io {
  const forced = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0';
  const color = !process.env.NO_COLOR && (forced || !!process.stdout.isTTY);
  const out = guarded(process.stdout);
  const err = guarded(process.stderr);
  return {
    out,
    // stderr carries messages about the user's files: control characters in them (binary
    // input, escape sequences) are shown escaped, not sent to the terminal
    err: (t) => err(escapeControls(t)),
    color,
    terminal: process.stdout,
  };
}

/**
 * Writes to a stream until it fails (EPIPE: the reader closed the pipe); then writes nothing more
 * and stops the process through onClosedPipe, once, instead of dying on an unhandled 'error'.
 */
function guarded(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', () => {
    if (closed) return;
    closed = true;
    (pipeClosed ?? (() => process.exit(EXIT_CLOSED_PIPE)))();
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
