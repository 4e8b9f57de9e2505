/**
 * The claims table of a cross-backend run: every claim id of scenarios/claims.yaml with its
 * verdict on each backend run (the simulator, kind at some Kubernetes version...), read from the
 * runs' JSON reports (`--reporter json`) and, for kind, from its dry-run plan (`--dry-run
 * --reporter json`), which says why a scenario was not run there.
 *
 * A claim's verdict on a run: "fails" when a scenario naming it failed, "error" when one could not
 * run to its end, "holds" when every scenario naming it that ran passed, "refused" when none ran
 * because the backend cannot run them (with the first reason), "not run" otherwise.
 */
import { parse } from 'yaml';

export interface ReportScenario {
  name: string;
  claims?: string[];
  status: 'passed' | 'failed' | 'error' | 'skipped';
  /** why it was skipped (outside its Kubernetes version range) */
  skipped?: string;
}

export interface PlanScenario {
  name: string;
  claims?: string[];
  refused: string[];
}

export interface Column {
  label: string;
  report?: { scenarios: ReportScenario[] };
  plan?: { scenarios: PlanScenario[] };
}

export interface Claim {
  id: string;
  status?: string;
  statement?: string;
}

export type Verdict = 'holds' | 'fails' | 'error' | 'refused' | 'not run';

export interface Cell {
  verdict: Verdict;
  text: string;
}

export function parseClaims(yamlText: string): Claim[] {
  const doc = parse(yamlText) as { claims?: Claim[] };
  return (doc.claims ?? []).map((c) => ({ id: String(c.id), status: c.status, statement: c.statement }));
}

export function verdict(claim: string, column: Column): Cell {
  const ran = (column.report?.scenarios ?? []).filter((s) => (s.claims ?? []).includes(claim) && s.status !== 'skipped');
  const failed = ran.filter((s) => s.status === 'failed').map((s) => s.name);
  const errors = ran.filter((s) => s.status === 'error').map((s) => s.name);
  if (failed.length) return { verdict: 'fails', text: `✗ fails: ${failed.join(', ')}` };
  if (errors.length) return { verdict: 'error', text: `! error: ${errors.join(', ')}` };
  const refused = (column.plan?.scenarios ?? []).filter((s) => (s.claims ?? []).includes(claim) && s.refused.length);
  if (ran.length) return { verdict: 'holds', text: `✓ holds${refused.length ? ` (${ran.length} scenario(s); ${refused.length} refused)` : ''}` };
  if (refused.length) return { verdict: 'refused', text: `refused: ${reason(refused[0]!.refused[0]!)}` };
  const skipped = (column.report?.scenarios ?? []).find((s) => (s.claims ?? []).includes(claim) && s.status === 'skipped' && s.skipped);
  return { verdict: 'not run', text: skipped ? `— not run (${skipped.skipped})` : '— not run' };
}

/** The markdown table and a summary line per column. */
export function claimsTable(claims: readonly Claim[], columns: readonly Column[]): string {
  const head = `| claim | catalogue | ${columns.map((c) => esc(c.label)).join(' | ')} |`;
  const rule = `| --- | --- | ${columns.map(() => '---').join(' | ')} |`;
  const counts = columns.map(() => new Map<Verdict, number>());
  const rows = claims.map((claim) => {
    const cells = columns.map((col, i) => {
      const cell = verdict(claim.id, col);
      counts[i]!.set(cell.verdict, (counts[i]!.get(cell.verdict) ?? 0) + 1);
      return esc(cell.text);
    });
    return `| ${claim.id} | ${claim.status ?? ''} | ${cells.join(' | ')} |`;
  });
  const order: Verdict[] = ['holds', 'fails', 'error', 'refused', 'not run'];
  const summary = columns.map((col, i) => `- ${col.label}: ${order.map((v) => `${counts[i]!.get(v) ?? 0} ${v}`).join(', ')}`);
  return [head, rule, ...rows, '', ...summary].join('\n') + '\n';
}

/** First line of a refusal, without its file:line:col. */
function reason(describe: string): string {
  const first = describe.split('\n')[0] ?? describe;
  return first.replace(/^\S+:\d+:\d+: /, '');
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|');
}
