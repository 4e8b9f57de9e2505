/**
 * Machine-readable results: the ScenarioResult objects as JSON, with a summary; the files refused
 * at load are counted in `summary.invalid` and listed in `invalid` with their problems.
 */
import { isMatcher } from '../check/matchers';
import type { ScenarioResult } from '../runner/result';
import type { InvalidFile } from './invalid';
import type { Reporter } from './reporter';

export class JsonReporter implements Reporter {
  finish(results: ScenarioResult[], invalid: readonly InvalidFile[] = []): string {
    const summary = {
      passed: results.filter((r) => r.status === 'passed').length,
      failed: results.filter((r) => r.status === 'failed').length,
      errors: results.filter((r) => r.status === 'error').length,
      skipped: results.filter((r) => r.status === 'skipped').length,
      invalid: invalid.length,
    };
    // Matchers are shown as the tag the user wrote (`!gte 2`).
    const replacer = (_k: string, v: unknown) => (isMatcher(v) ? v.toString() : v);
    return JSON.stringify({ summary, scenarios: results, invalid }, replacer, 2) + '\n';
  }
}
