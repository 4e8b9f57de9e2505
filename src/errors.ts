/**
 * Typed errors. Every error a user can cause carries a stable `code` (tests assert on it, not on
 * wording), a message that says what to do, and where known the file:line:col it came from.
 */

export interface SourceLocation {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${escapeControls(loc.file)}:${loc.line}:${loc.column}` : '';
}

/**
 * Control characters (but newline and tab), DEL, C1 controls and bidirectional overrides as
 * escapes (`\x1b`, `\u202e`): a message quoting a binary file or a file name must not drive the
 * terminal it is printed on, nor reorder what it shows.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export type ErrorCode =
  | 'YAML_SYNTAX'
  | 'SCHEMA'
  | 'MANIFEST_INVALID'
  | 'API_NOT_SERVED'
  | 'FILE_NOT_FOUND'
  | 'DUPLICATE_NAME'
  | 'BAD_REFERENCE'
  | 'BACKEND'
  | 'UNSUPPORTED'
  | 'SIMULATION'
  | 'LIMIT'
  | 'USAGE';

export class KscenarioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location?: SourceLocation,
    /** what the user can do about it */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** `file:line:col: message (hint)` — the one-line form every reporter prints. */
  describe(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    return `${where}${escapeControls(this.message)}${this.hint ? `\n  hint: ${escapeControls(this.hint)}` : ''}`;
  }
}

/** Bad scenario input: exit code 2. */
export class InputError extends KscenarioError {}

/** Several input errors found in one pass (the loader reports all, not just the first). */
export class InputErrors extends KscenarioError {
  constructor(readonly errors: InputError[]) {
    super(errors[0]?.code ?? 'SCHEMA', errors.map((e) => e.describe()).join('\n'), errors[0]?.location);
  }
  override describe(): string {
    return this.errors.map((e) => e.describe()).join('\n');
  }
}

/** A cause inside a Kubernetes Status (metav1.StatusCause). */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/**
 * An error the (emulated or real) Kubernetes API server answered with, shaped like metav1.Status:
 * HTTP code, reason (NotFound, AlreadyExists, Invalid, Conflict, TooManyRequests, BadRequest...)
 * and the message kubectl would print.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly causes: StatusCause[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A bug or impossible state inside the simulator (livelock, broken invariant). */
export class SimulationError extends KscenarioError {
  constructor(message: string) {
    super('SIMULATION', message);
  }
}

/**
 * A size limit of the simulator was reached (src/kube/size-limits.ts): the scenario asked for
 * more than one process is allowed to hold. Not an API answer: no controller retries it, it ends
 * the step that was running.
 */
export class LimitError extends KscenarioError {
  constructor(message: string, hint: string) {
    super('LIMIT', message, undefined, hint);
  }
}
