/** The output of `kscenario compare`: a table and the details, or JSON. Pure. */
import type { Comparison, RunSummary, ScenarioComparison, StepSide } from './compare';

/** Divergences printed per scenario (the JSON has them all). */
const MAX_DIVERGENCES = 8;

export function renderJson(c: Comparison): string {
  return JSON.stringify(c, null, 2) + '\n';
}

export function renderText(c: Comparison): string {
  const la = c.a.label;
  const lb = c.b.label;
  const lines: string[] = [describeRun(c.a), describeRun(c.b), ''];

  const verdict = (v: string | null) => v ?? '—';
  const mark = (s: ScenarioComparison) =>
    s.verdicts === 'differ' ? '≠' : s.verdicts === 'only-a' ? `only in ${la}` : s.verdicts === 'only-b' ? `only in ${lb}` : s.firstStepDifference ? '~' : '';
  const rows = [['scenario', 'claims', la, lb, ''], ...c.scenarios.map((s) => [s.name, s.claims.join(',') || '—', verdict(s.a), verdict(s.b), mark(s)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) lines.push(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());

  for (const s of c.scenarios) {
    const details = scenarioDetails(s, la, lb);
    if (details.length) lines.push('', ...details);
  }

  const { summary: n } = c;
  const parts = [`${n.agree} agree`, `${n.differ} differ${n.differ === 1 ? 's' : ''}`];
  if (n.onlyA) parts.push(`${n.onlyA} only in ${la}`);
  if (n.onlyB) parts.push(`${n.onlyB} only in ${lb}`);
  let last = `${n.scenarios} scenario${n.scenarios === 1 ? '' : 's'}: ${parts.join(', ')}`;
  if (n.stepsDiffer) last += `; ${n.stepsDiffer} with the same verdict but a step that differs (~)`;
  lines.push('', last);
  return lines.join('\n') + '\n';
}

function describeRun(r: RunSummary): string {
  const facts = [
    r.backends.length ? r.backends.join(', ') : undefined,
    r.seeds.length === 1 ? `seed ${r.seeds[0]}` : r.seeds.length ? `seeds ${r.seeds.join(', ')}` : undefined,
    `${r.scenarios} scenario${r.scenarios === 1 ? '' : 's'}`,
  ].filter((x) => x !== undefined);
  return `${r.label}: ${r.source} (${facts.join(', ')}), ${r.historyDir ? `histories ${r.historyDir}` : 'no histories'}`;
}

function scenarioDetails(s: ScenarioComparison, la: string, lb: string): string[] {
  const out: string[] = [];
  const divergences = s.history?.divergences ?? [];
  const interesting = s.verdicts === 'differ' || s.firstStepDifference || divergences.length;
  if (!interesting) return out;
  out.push(s.a === s.b ? `${s.name}: ${s.a} on both` : `${s.name}: ${s.a} on ${la}, ${s.b} on ${lb}`);
  const d = s.firstStepDifference;
  if (d) {
    out.push(`  first step that differs: '${d.step}'${d.location ? ` (${d.location})` : ''}`);
    out.push(`    ${la}: ${side(d.a)}`);
    out.push(`    ${lb}: ${side(d.b)}`);
  } else if (s.errors) {
    if (s.errors.a) out.push(`  ${la}: error: ${s.errors.a}`);
    if (s.errors.b) out.push(`  ${lb}: error: ${s.errors.b}`);
  }
  if (s.stepsNote) out.push(`  note: ${s.stepsNote}`);
  const h = s.history;
  if (h && !h.compared) out.push(`  history: not compared: ${h.reason}`);
  else if (h && !divergences.length) out.push('  history: every object has the same story on both');
  else if (h) {
    out.push(`  history: ${divergences.length} divergence${divergences.length === 1 ? '' : 's'}`);
    for (const x of divergences.slice(0, MAX_DIVERGENCES)) out.push(`    ${x.message}`);
    if (divergences.length > MAX_DIVERGENCES) out.push(`    … and ${divergences.length - MAX_DIVERGENCES} more (--json lists them all)`);
  }
  return out;
}

function side(s: StepSide): string {
  return s.detail ? `${s.status}: ${s.detail}` : s.status;
}
