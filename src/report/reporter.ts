/** Reporters turn results into what a person or a CI system reads. */
import type { ScenarioResult } from '../runner/result';
import type { InvalidFile } from './invalid';

export interface Reporter {
  /** called as each scenario finishes (the console prints as it goes) */
  scenarioDone?(result: ScenarioResult): void;
  /**
   * the whole report, written to --output or stdout; undefined when everything was printed
   * already. `invalid`: the files refused at load, which did not run.
   */
  finish(results: ScenarioResult[], invalid?: readonly InvalidFile[]): string | undefined;
}

export type ReporterName = 'console' | 'junit' | 'json';
export const REPORTERS: ReporterName[] = ['console', 'junit', 'json'];
