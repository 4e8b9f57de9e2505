/**
 * Reporters turn a run into what a person or a CI system reads. They hear the run's lifecycle as
 * it happens, as Playwright's and Vitest's reporters do: the run begins (the scenarios to run), a
 * scenario begins, its steps begin and end, a check is still waiting, the scenario ends (in
 * scenario order, even with worker threads), the run ends. Every hook but the last is optional.
 * Step events of parallel scenarios interleave; those of one scenario come in order.
 */
import type { StepBegin, StillWaiting } from '../runner/events';
import type { ScenarioResult, StepResult } from '../runner/result';
import type { InvalidFile } from './invalid';
import type { ScenarioTimeline } from './timeline/model';

/** A scenario about to run. */
export interface ScenarioStart {
  name: string;
  file: string;
}

export interface Reporter {
  /** the scenarios that will run (skipped ones are reported at scenarioDone only) */
  runBegin?(scenarios: readonly ScenarioStart[]): void;
  scenarioBegin?(scenario: ScenarioStart): void;
  stepBegin?(scenario: string, step: StepBegin): void;
  stepEnd?(scenario: string, step: StepResult): void;
  /** a check of `scenario` has not held yet (see runner/events.ts for how often) */
  waiting?(scenario: string, waiting: StillWaiting): void;
  /**
   * the scenario stopped running; its result follows at scenarioDone, which waits, with worker
   * threads, for the scenarios before it
   */
  scenarioEnd?(scenario: string): void;
  /**
   * the scenario's timeline (its history reduced for the HTML report), just before its
   * scenarioDone; given only when some reporter has this hook (the run then records history)
   */
  scenarioTimeline?(timeline: ScenarioTimeline): void;
  /** called as each scenario ends, in scenario order (the console prints as it goes) */
  scenarioDone?(result: ScenarioResult): void;
  /**
   * the run ends: the whole report, written to the reporter's file or stdout; undefined when
   * everything was printed already. `invalid`: the files refused at load, which did not run.
   */
  finish(results: ScenarioResult[], invalid?: readonly InvalidFile[]): string | undefined;
}

export type ReporterName = 'console' | 'junit' | 'json' | 'html';
export const REPORTERS: ReporterName[] = ['console', 'junit', 'json', 'html'];
