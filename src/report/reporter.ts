/** Reporters turn results into what a person or a CI system reads. */
import type { ScenarioResult } from '../runner/result';

export interface Reporter {
  /** called as each scenario finishes (the console prints as it goes) */
  scenarioDone?(result: ScenarioResult): void;
  /** the whole report, written to --output or stdout; undefined when everything was printed already */
  finish(results: ScenarioResult[]): string | undefined;
}

export type ReporterName = 'console' | 'junit' | 'json';
export const REPORTERS: ReporterName[] = ['console', 'junit', 'json'];
