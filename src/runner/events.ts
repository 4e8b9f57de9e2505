/**
 * What a running scenario tells its observer as it goes: a step begins, a step ends, a check is
 * still waiting. The runner only calls the observer; what to show (and where) is the reporters'
 * business (src/report). Every event is plain data, so a worker thread can post it as it is
 * (a StepResult's Matchers travel through result-wire).
 */
import type { SourceLocation } from '../errors';
import type { StepResult } from './result';
import type { Section } from '../scenario/loaded';

/** A step about to run (its `at`/`after` wait is over). */
export interface StepBegin {
  section: Section;
  index: number;
  title: string;
  verb: string;
  location: SourceLocation;
  /** the backend's clock when the step began */
  startMs: number;
}

/** A check that has not held yet: what is unmatched and for how long, on both clocks. */
export interface StillWaiting {
  /** the title of the waiting step */
  step: string;
  /** each unmatched expectation as `subject: first mismatch` */
  unmatched: string[];
  /** waited so far on the backend's clock */
  virtualMs: number;
  /** waited so far in wall time */
  wallMs: number;
}

export type ScenarioEvent =
  | { type: 'stepBegin'; step: StepBegin }
  | { type: 'stepEnd'; step: StepResult }
  | { type: 'waiting'; waiting: StillWaiting };

export type ScenarioObserver = (event: ScenarioEvent) => void;

/**
 * Wall time between two `waiting` events of one check: often enough for a live status line,
 * rarely enough that a simulator run (thousands of evaluations a second) is not slowed by it.
 */
export const WAITING_EVERY_MS = 200;
