/**
 * What the HTML timeline report shows of one scenario, reduced from its history and result: plain
 * data, small enough to inline in the page. Pods and nodes are intervals (one per state they were
 * in), not every object version; the object history is a short list of changes per object.
 */
import type { Status } from '../../runner/result';

/** Milliseconds since the scenario started, on the backend clock (virtual on the simulator). */
export type Ms = number;

/** One stretch of time in one state; `to` is the end of the scenario for the last one. */
export interface Interval<S> {
  from: Ms;
  to: Ms;
  state: S;
}

export interface NodeState {
  /** the Ready condition's status: True, False, Unknown (no condition: Unknown) */
  ready: string;
  /** spec.unschedulable (cordoned) */
  cordoned: boolean;
  /** the taints, as `key:effect` */
  taints: string[];
}

export interface NodeLane {
  name: string;
  states: Interval<NodeState>[];
  /** when the Node object was deleted */
  deletedAt?: Ms;
}

export interface PodState {
  phase: string;
  ready: boolean;
  /** metadata.deletionTimestamp is set */
  terminating: boolean;
}

/** One pod (one uid) on one node (undefined: not scheduled yet), with its states there. */
export interface PodBar {
  namespace: string;
  name: string;
  uid: string;
  node?: string;
  states: Interval<PodState>[];
  /** when the pod object was deleted (its bar ends there) */
  deletedAt?: Ms;
}

export interface CheckFailureView {
  subject: string;
  mismatches: string[];
  /** the console's unified diff of expected against observed, without colours */
  diff: string;
  /** `file:line:col` of the expectation */
  location?: string;
}

export interface StepMark {
  title: string;
  verb: string;
  section: string;
  status: Status;
  startMs: Ms;
  endMs: Ms;
  /** a node or pod fault (kill, drain, taint, ...): drawn across every lane */
  fault: boolean;
  /** a check (expect, expectHistory): when it held, or why it failed */
  check: boolean;
  claim?: string;
  location: string;
  waitedMs?: Ms;
  error?: string;
  failures: CheckFailureView[];
}

export interface EventView {
  t: Ms;
  type: string;
  reason: string;
  /** `Kind/name` of the involved object */
  object: string;
  message: string;
  count: number;
}

export interface ObjectChangeView {
  t: Ms;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** the changed fields, `path: before → after` (at most MAX_FIELDS_PER_CHANGE, values shortened) */
  fields: string[];
}

export interface ObjectHistory {
  kind: string;
  namespace?: string;
  name: string;
  changes: ObjectChangeView[];
  /** changes left out (beyond the per-object limit, or the page's budget of field lines) */
  omittedChanges: number;
}

/** What was left out of a big scenario, said on the page. */
export interface Omitted {
  pods: number;
  events: number;
  objects: number;
}

export interface ScenarioTimeline {
  name: string;
  title?: string;
  file: string;
  backend: string;
  seed: number;
  status: Status;
  /** the clock of the times: virtual on the simulator, wall elsewhere; backend: not known (no result) */
  clock: 'virtual' | 'wall' | 'backend';
  endMs: Ms;
  wallMs: number;
  error?: string;
  /** false: made from a history file without its result (no verdicts) */
  hasResult: boolean;
  nodes: NodeLane[];
  pods: PodBar[];
  steps: StepMark[];
  events: EventView[];
  objects: ObjectHistory[];
  omitted: Omitted;
}
