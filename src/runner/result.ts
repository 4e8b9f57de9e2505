/** What running a scenario produced: plain data, consumed by every reporter. */
import type { SourceLocation } from '../errors';
import type { Section } from '../scenario/loaded';

export type Status = 'passed' | 'failed' | 'error' | 'skipped';

/** One failed expectation inside a check step. */
export interface CheckFailure {
  /** what was checked, e.g. `Pod web-2` or `dns web-0.nginx.default.svc.cluster.local` */
  subject: string;
  /** one line per mismatch, e.g. `status.phase: expected Running, observed Pending` */
  mismatches: string[];
  /** expected document as written (matchers included) */
  expected?: unknown;
  /** observed document projected onto the keys written */
  observed?: unknown;
  location?: SourceLocation;
}

export interface StepResult {
  section: Section;
  index: number;
  /** the step's name, or a summary like `scale statefulset/web` */
  title: string;
  verb: string;
  claim?: string;
  status: Status;
  location: SourceLocation;
  /** backend clock (virtual on the simulator), ms since the scenario started */
  startMs: number;
  endMs: number;
  wallMs: number;
  /** how long a check waited before giving up (or holding) */
  waitedMs?: number;
  failures?: CheckFailure[];
  /** an error that is not a failed claim (bad step, backend failure) */
  error?: string;
  /** what a kubectl step printed on stdout */
  output?: string;
  /** warnings the API server returned (kubectl prints them as `Warning: ...`) */
  warnings?: string[];
  /** the bindings this step captured (`!capture`), by name */
  captures?: Record<string, unknown>;
}

export interface ScenarioResult {
  name: string;
  title?: string;
  file: string;
  claims: string[];
  backend: string;
  seed: number;
  status: Status;
  steps: StepResult[];
  /** backend clock at the end */
  virtualMs: number;
  wallMs: number;
  error?: string;
  /** status 'skipped': why the scenario did not run here (e.g. its Kubernetes version range) */
  skipped?: string;
}

export function exitCodeFor(results: ScenarioResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.status === 'error')) return 2;
  if (results.some((r) => r.status === 'failed')) return 1;
  return 0;
}
