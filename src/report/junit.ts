/**
 * JUnit XML as CI systems read it (the de-facto schema of Ant/Surefire): one <testsuite> per
 * scenario file, one <testcase> per scenario, <failure> for a failed claim and <error> for a
 * scenario that could not run, and one <testcase> with <error type="InvalidScenario"> for each
 * file refused at load (in its own <testsuite>). Text is escaped; times are wall seconds.
 */
import { formatLocation } from '../errors';
import { renderDiff } from '../check/diff';
import type { ScenarioResult, StepResult } from '../runner/result';
import { formatDuration, stepSpan } from './format';
import type { InvalidFile } from './invalid';
import type { Reporter } from './reporter';

export class JUnitReporter implements Reporter {
  finish(results: ScenarioResult[], invalid: readonly InvalidFile[] = []): string {
    const byFile = new Map<string, ScenarioResult[]>();
    for (const r of results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
    const suites = [...[...byFile].map(([file, rs]) => suite(file, rs)), ...invalid.map(invalidSuite)];
    const totals = counts(results);
    const tests = results.length + invalid.length;
    const errors = totals.errors + invalid.length;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kscenario" tests="${tests}" failures="${totals.failures}" errors="${errors}" skipped="${totals.skipped}" time="${seconds(results)}">\n${suites.join('')}</testsuites>\n`;
  }
}

/** A file refused at load: one testcase (named after the file: it has no scenario name yet) in error. */
function invalidSuite(f: InvalidFile): string {
  const message = firstLine(f.problems[0] ?? 'invalid scenario file');
  const error = `      <error message="${esc(message)}" type="InvalidScenario">${esc(f.problems.join('\n'))}</error>\n`;
  const testcase = `    <testcase name="${esc(f.file)}" classname="${esc(f.file)}" time="0.000">\n${error}    </testcase>\n`;
  return `  <testsuite name="${esc(f.file)}" tests="1" failures="0" errors="1" skipped="0" time="0.000">\n${testcase}  </testsuite>\n`;
}

function suite(file: string, rs: ScenarioResult[]): string {
  const t = counts(rs);
  const cases = rs.map(testcase).join('');
  return `  <testsuite name="${esc(file)}" tests="${rs.length}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}" time="${seconds(rs)}">\n${cases}  </testsuite>\n`;
}

function testcase(r: ScenarioResult): string {
  const attrs = `name="${esc(r.name)}" classname="${esc(r.file)}" time="${(r.wallMs / 1000).toFixed(3)}"`;
  const log = r.steps.map(stepLine).join('\n');
  let body = '';
  if (r.status === 'failed') {
    const bad = r.steps.filter((s) => s.status === 'failed');
    body = `      <failure message="${esc(failureMessage(bad[0]))}" type="ClaimFailed">${esc(bad.map(details).join('\n\n'))}</failure>\n`;
  } else if (r.status === 'error') {
    // a step in error, or a setup check that failed (which makes the scenario an error, not a failed claim)
    const bad = r.steps.find((s) => s.status === 'error') ?? r.steps.find((s) => s.section === 'setup' && s.status === 'failed');
    const message = r.error ?? (!bad ? 'the scenario could not run' : bad.error != null ? `${sectionMark(bad)}${bad.error}` : failureMessage(bad));
    body = `      <error message="${esc(firstLine(message))}" type="ScenarioError">${esc(bad ? details(bad) : message)}</error>\n`;
  } else if (r.status === 'skipped') {
    body = `      <skipped message="${esc(r.skipped ?? 'skipped')}"/>\n`;
  }
  // no `claims:` line for a scenario that names none
  const claims = r.claims?.length ? `claims: ${r.claims.join(', ')}\n` : '';
  return `    <testcase ${attrs}>\n${body}      <system-out>${esc(`${claims}seed: ${r.seed}\n${log}`)}</system-out>\n    </testcase>\n`;
}

/**
 * One step in the testcase's log: `[setup]`/`[cleanup]` before the steps of those sections (as
 * the console marks them), and no time span for a skipped step, which did not run.
 */
function stepLine(s: StepResult): string {
  const span = s.status === 'skipped' ? '' : ` (${stepSpan(s)})`;
  return `${s.status.padEnd(7)} ${sectionMark(s)}${s.title}${span}`;
}

/** `[setup] ` or `[cleanup] ` before a step outside the story, as the console marks it. */
function sectionMark(s: StepResult): string {
  return s.section === 'steps' ? '' : `[${s.section}] `;
}

function failureMessage(s: StepResult | undefined): string {
  if (!s) return 'a check failed';
  return `${sectionMark(s)}${s.claim ?? s.title}: ${s.failures?.[0]?.mismatches[0] ?? 'check failed'}`;
}

function details(s: StepResult): string {
  const lines = [`step: ${sectionMark(s)}${s.title} (${formatLocation(s.location)})`];
  if (s.claim) lines.push(`claim: ${s.claim}`);
  // != null: bench/junit-from-json.js feeds a JSON report, which writes null for what does not apply
  if (s.waitedMs != null) lines.push(`waited: ${formatDuration(s.waitedMs)}`);
  if (s.error) lines.push(s.error);
  for (const f of s.failures ?? []) {
    lines.push(`${f.subject}${f.location ? ` (${formatLocation(f.location)})` : ''}`, ...f.mismatches.map((m) => `  ${m}`));
    if (f.expected !== undefined) lines.push(renderDiff(f.expected, f.observed, { color: false }));
  }
  return lines.join('\n');
}

function counts(rs: ScenarioResult[]): { failures: number; errors: number; skipped: number } {
  const n = (status: ScenarioResult['status']) => rs.filter((r) => r.status === status).length;
  return { failures: n('failed'), errors: n('error'), skipped: n('skipped') };
}

function seconds(rs: ScenarioResult[]): string {
  return (rs.reduce((a, r) => a + r.wallMs, 0) / 1000).toFixed(3);
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** XML 1.0 text/attribute escaping; characters XML cannot carry at all are dropped. */
export function esc(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
