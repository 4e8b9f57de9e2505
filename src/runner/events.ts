/**
 * What a running scenario tells its observer as it goes: a step begins, a step ends, a check is
 * still waiting. The runner only calls the observer; what to show (and where) is the reporters'
 * business (src/report). Every event is plain data, so a worker thread can post it as it is
 * (a StepResult's Matchers travel through result-wire).
 */
import type { SourceLocation } from '../errors';
import { formatGoDuration } from '../kube/go-duration';
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

/** Wall time a check waits before a plain waiting line is written, and between two such lines. */
export const WAITING_LINE_EVERY_MS = 10_000;

/**
 * An observer that turns `waiting` events into plain lines (`… step: waited 5m0s (wall 10s);
 * still unmatched: …`): one when a check has waited `everyMs` of wall time, then one per further
 * `everyMs` — what a log that is read line by line (CI, a pipe, a program) wants.
 */
export function waitingLines(write: (line: string) => void, everyMs = WAITING_LINE_EVERY_MS): ScenarioObserver {
  let writtenAtWallMs = 0;
  return (e) => {
    if (e.type === 'stepBegin') writtenAtWallMs = 0;
    if (e.type !== 'waiting' || e.waiting.wallMs - writtenAtWallMs < everyMs) return;
    const w = e.waiting;
    writtenAtWallMs = w.wallMs;
    write(`… ${w.step}: waited ${formatGoDuration(w.virtualMs)} (wall ${formatGoDuration(Math.round(w.wallMs))}); still unmatched: ${w.unmatched.join('; ')}`);
  };
}
