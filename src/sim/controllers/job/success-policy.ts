/**
 * Job success policies (success_policy.go, JobSuccessPolicy: beta and on from 1.31, GA 1.33): an
 * Indexed Job may declare success before every index succeeded. Rules are tried in order; a rule
 * with succeededIndexes is met when all those indexes succeeded, or — with succeededCount — when
 * at least that many of them did; a rule with only succeededCount when that many indexes
 * succeeded. The first met rule gives the SuccessCriteriaMet condition (reason SuccessPolicy,
 * "Matched rules at index <i>"), after which the Job removes its remaining pods and completes.
 */
import { parseIntervals, total, type Intervals } from './indexed';

export const SUCCESS_POLICY_REASON = 'SuccessPolicy';

export interface SuccessPolicy {
  rules?: Array<{ succeededIndexes?: string; succeededCount?: number }>;
}

/** The condition message of the first rule `succeeded` meets, or undefined. */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, completions: number, succeeded: Intervals): string | undefined {
  if (!policy || !succeeded.length) return undefined;
  const index = (policy.rules ?? []).findIndex((rule) => ruleMet(rule, completions, succeeded));
  return index < 0 ? undefined : `Matched rules at index ${index}`;
}

function ruleMet(rule: { succeededIndexes?: string; succeededCount?: number }, completions: number, succeeded: Intervals): boolean {
  if (rule.succeededIndexes === undefined) return rule.succeededCount !== undefined && total(succeeded) >= rule.succeededCount;
  const required = parseIntervals(rule.succeededIndexes, completions);
  // a rule naming no index that exists is skipped, not met
  if (!required.length) return false;
  const covered = overlap(required, succeeded);
  return covered === total(required) || (rule.succeededCount !== undefined && covered >= rule.succeededCount);
}

/** How many indexes two sets of ordered intervals share. */
function overlap(a: Intervals, b: Intervals): number {
  let n = 0;
  for (const x of a) for (const y of b) n += Math.max(0, Math.min(x.last, y.last) - Math.max(x.first, y.first) + 1);
  return n;
}
