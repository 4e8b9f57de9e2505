/**
 * Pod Security levels, versions and the namespace labels that choose them
 * (k8s.io/pod-security-admission api/helpers.go, api/constants.go), and the evaluation of a pod
 * against one level and version (policy/registry.go, policy/checks.go).
 */
import type { PodSpec } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { deepFreeze } from '../../../kube/equal';
import { memoOnFrozen } from '../../../kube/frozen-memo';
import { FieldPath, invalid, type FieldError } from '../../../kube/validation/field-error';
import { CHECKS, type Check, type CheckRevision } from './checks';

export type Level = 'privileged' | 'baseline' | 'restricted';

const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** A policy version: a 1.x minor, or latest. */
export type PolicyVersion = number | 'latest';

export interface LevelVersion {
  level: Level;
  version: PolicyVersion;
}

export interface Policy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
}

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** LevelVersion.String(): `restricted:latest`, `baseline:v1.30`. */
export function levelVersionText(lv: LevelVersion): string {
  return `${lv.level}:${lv.version === 'latest' ? 'latest' : `v1.${lv.version}`}`;
}

/**
 * kind sets no AdmissionConfiguration, so the plugin's defaults apply: every mode privileged at
 * latest (pod-security-admission admission/api defaults).
 */
export const DEFAULT_POLICY: Policy = {
  enforce: { level: 'privileged', version: 'latest' },
  audit: { level: 'privileged', version: 'latest' },
  warn: { level: 'privileged', version: 'latest' },
};

const VERSION_PATTERN = /^v1\.([0-9]|[1-9][0-9]*)$/;

function parseLevel(text: string): Level | undefined {
  return (LEVELS as readonly string[]).includes(text) ? (text as Level) : undefined;
}

function parseVersion(text: string): PolicyVersion | undefined {
  if (text === 'latest') return 'latest';
  const m = VERSION_PATTERN.exec(text);
  return m ? Number(m[1]) : undefined;
}

const labelPath = (mode: string) => FieldPath.of('metadata', 'labels').key(LABEL_PREFIX + mode);

export interface ParsedPolicy {
  policy: Policy;
  errors: FieldError[];
}

/**
 * PolicyToEvaluate: the policy a namespace's labels select, and the label errors. An invalid
 * enforce level means restricted (fail closed), invalid audit or warn levels privileged (fail
 * open), an invalid version latest. With no warn label, warn follows a stricter enforce level
 * (and its version, unless warn-version is set).
 */
export function policyOf(labels: Readonly<Record<string, string>> | undefined): Readonly<ParsedPolicy> {
  return labels ? policyOfLabels(labels) : NO_LABELS_POLICY;
}

const NO_LABELS_POLICY: Readonly<ParsedPolicy> = deepFreeze({ policy: structuredClone(DEFAULT_POLICY), errors: [] });

// Every pod write reads its namespace's policy: parsed once per stored (frozen) labels map, and
// shared frozen, as callers only read it.
const policyOfLabels = memoOnFrozen(parsePolicy, { share: deepFreeze });

function parsePolicy(labels: Readonly<Record<string, string>>): ParsedPolicy {
  const errors: FieldError[] = [];
  const policy: Policy = { enforce: { ...DEFAULT_POLICY.enforce }, audit: { ...DEFAULT_POLICY.audit }, warn: { ...DEFAULT_POLICY.warn } };
  const failLevel: Record<keyof Policy, Level> = { enforce: 'restricted', audit: 'privileged', warn: 'privileged' };
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const level = labels[LABEL_PREFIX + mode];
    if (level !== undefined) {
      const parsed = parseLevel(level);
      if (!parsed) errors.push(invalid(labelPath(mode), level, `must be one of ${LEVELS.join(', ')}`));
      policy[mode].level = parsed ?? failLevel[mode];
    }
    const version = labels[`${LABEL_PREFIX}${mode}-version`];
    if (version !== undefined) {
      const parsed = parseVersion(version);
      if (parsed === undefined) errors.push(invalid(labelPath(`${mode}-version`), version, 'must be "latest" or "v1.x"'));
      policy[mode].version = parsed ?? 'latest';
    }
  }
  const enforceLevel = labels[LABEL_PREFIX + 'enforce'];
  const hasWarnLevel = LABEL_PREFIX + 'warn' in labels;
  if (!hasWarnLevel && enforceLevel !== undefined && parseLevel(enforceLevel) && compareLevels(policy.enforce.level, policy.warn.level) > 0) {
    policy.warn.level = policy.enforce.level;
    if (!(`${LABEL_PREFIX}warn-version` in labels)) policy.warn.version = policy.enforce.version;
  }
  return { policy, errors };
}

export function compareLevels(a: Level, b: Level): number {
  return LEVELS.indexOf(a) - LEVELS.indexOf(b);
}

export function sameLevelVersion(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && a.version === b.version;
}

export interface Evaluation {
  allowed: boolean;
  reasons: string[];
  details: string[];
}

/** The revision of `check` in force at policy minor `minor`, if any. */
function revisionAt(check: Check, minor: number): CheckRevision | undefined {
  return [...check.revisions].reverse().find((r) => r.since <= minor);
}

/**
 * The checks of a level at a policy minor version, in upstream's order: baseline check ids
 * sorted, then restricted ones sorted (registry.go populate); a restricted revision's overrides
 * drop the baseline checks it replaces.
 */
function checksAt(level: Level, minor: number): CheckRevision[] {
  if (level === 'privileged') return [];
  const byId = (l: Check['level']) => CHECKS.filter((c) => c.level === l).sort((a, b) => (a.id < b.id ? -1 : 1))
    .flatMap((c) => {
      const r = revisionAt(c, minor);
      return r ? [[c.id, r] as const] : [];
    });
  const restricted = level === 'restricted' ? byId('restricted') : [];
  const overridden = new Set(restricted.flatMap(([, r]) => r.overrides ?? []));
  return [...byId('baseline').filter(([id]) => !overridden.has(id)), ...restricted].map(([, r]) => r);
}

/**
 * EvaluatePod plus AggregateCheckResults: a policy version newer than the emulated release (and
 * latest) means the emulated release's checks, as the plugin caps versions at its emulation
 * version (NewEvaluator).
 */
export function evaluate(lv: LevelVersion, meta: ObjectMeta, spec: PodSpec, emulatedMinor: number): Evaluation {
  const minor = lv.version === 'latest' ? emulatedMinor : Math.min(lv.version, emulatedMinor);
  const out: Evaluation = { allowed: true, reasons: [], details: [] };
  for (const r of checksAt(lv.level, minor)) {
    const result = r.check(meta, spec);
    if (result.reason === undefined) continue;
    out.allowed = false;
    out.reasons.push(result.reason || 'unknown forbidden reason');
    out.details.push(result.detail ?? '');
  }
  return out;
}

/** AggregateCheckResult.ForbiddenDetail: `reason (detail), reason, ...`. */
export function forbiddenDetail(e: Evaluation): string {
  return e.reasons.map((r, i) => (e.details[i] ? `${r} (${e.details[i]})` : r)).join(', ');
}

/** AggregateCheckResult.ForbiddenReason: the reasons alone. */
export function forbiddenReason(e: Evaluation): string {
  return e.reasons.join(', ');
}
