/** Machine-readable results: the ScenarioResult objects as JSON, with a summary. */
import { isMatcher } from '../check/matchers';
import type { ScenarioResult } from '../runner/result';
import type { Reporter } from './reporter';

export class JsonReporter implements Reporter {
  finish(results: ScenarioResult[]): string {
    const summary = {
      passed: results.filter((r) => r.status === 'passed').length,
      failed: results.filter((r) => r.status === 'failed').length,
      errors: results.filter((r) => r.status === 'error').length,
      skipped: results.filter((r) => r.status === 'skipped').length,
    };
    // Matchers are shown as the tag the user wrote (`!gte 2`).
    const replacer = (_k: string, v: unknown) => (isMatcher(v) ? v.toString() : v);
    return JSON.stringify({ summary, scenarios: results }, replacer, 2) + '\n';
  }
}
