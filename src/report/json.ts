/**
 * Machine-readable results: the ScenarioResult objects as JSON, with a summary; the files refused
 * at load are counted in `summary.invalid` and listed in `invalid` with their problems.
 *
 * Every documented field is present in every scenario, step and failure: one that does not apply
 * is `null`, never missing (docs/format.md, "Results, exit codes and reporters"). Times are
 * rounded: the backend clock (`virtualMs`, `startMs`, `endMs`, `waitedMs`) to whole
 * milliseconds, wall times (`wallMs`) to a tenth of one.
 */
import { isMatcher } from '../check/matchers';
import type { CheckFailure, ScenarioResult, StepResult } from '../runner/result';
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
    return JSON.stringify({ summary, scenarios: results.map(jsonScenario), invalid }, replacer, 2) + '\n';
  }
}

/** A scenario with every documented field, in the documented order. */
function jsonScenario(r: ScenarioResult): Record<string, unknown> {
  return {
    name: r.name, title: r.title ?? null, file: r.file, claims: r.claims, backend: r.backend, seed: r.seed,
    status: r.status, steps: r.steps.map(jsonStep), virtualMs: clockMs(r.virtualMs), wallMs: wallMs(r.wallMs),
    error: r.error ?? null, skipped: r.skipped ?? null,
  };
}

function jsonStep(s: StepResult): Record<string, unknown> {
  const ran = s.status !== 'skipped'; // a skipped step did not run: it has no times
  return {
    section: s.section, index: s.index, title: s.title, verb: s.verb, claim: s.claim ?? null, status: s.status,
    location: s.location, startMs: ran ? clockMs(s.startMs) : null, endMs: ran ? clockMs(s.endMs) : null, wallMs: ran ? wallMs(s.wallMs) : null,
    waitedMs: s.waitedMs === undefined ? null : clockMs(s.waitedMs),
    failures: s.failures?.map(jsonFailure) ?? null, error: s.error ?? null, output: s.output ?? null,
    warnings: s.warnings ?? null, captures: s.captures ?? null,
  };
}

function jsonFailure(f: CheckFailure): Record<string, unknown> {
  return { subject: f.subject, mismatches: f.mismatches, expected: f.expected ?? null, observed: f.observed ?? null, location: f.location ?? null };
}

/** The backend clock in whole milliseconds (a real cluster's clock has fractions). */
function clockMs(ms: number): number {
  return Math.round(ms);
}

/** Wall time to a tenth of a millisecond. */
function wallMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
