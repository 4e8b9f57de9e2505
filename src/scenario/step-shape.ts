/**
 * The shape of a step: exactly one verb, plus the common fields. Checked here rather than from the
 * schema's errors so the messages can say "unknown verb 'scael' in step 3; did you mean 'scale'?".
 */
import { STEP_COMMON_FIELDS, STEP_VERBS, type StepVerb } from '../../generated/scenario';
import type { Section, YamlPath } from './loaded';
import type { Problem } from './problem';
import { closest } from '../kube/suggest';

export const SECTIONS: readonly Section[] = ['setup', 'steps', 'cleanup'];

export interface StepRef {
  section: Section;
  index: number;
  path: YamlPath;
  step: unknown;
}

/** Every step of the scenario document in run order (whatever its shape). */
export function stepsOf(doc: unknown): StepRef[] {
  const spec = isMap(doc) ? doc['spec'] : undefined;
  if (!isMap(spec)) return [];
  return SECTIONS.flatMap((section) => {
    const list = spec[section];
    return Array.isArray(list) ? list.map((step, index) => ({ section, index, path: ['spec', section, index], step })) : [];
  });
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function verbsOf(step: Record<string, unknown>): StepVerb[] {
  return Object.keys(step).filter((k): k is StepVerb => (STEP_VERBS as readonly string[]).includes(k));
}

/** "step 3", "step 2 of setup", with its name when it has one. */
export function stepLabel(ref: Pick<StepRef, 'section' | 'index' | 'step'>): string {
  const name = isMap(ref.step) && typeof ref.step['name'] === 'string' ? ` '${ref.step['name']}'` : '';
  const section = ref.section === 'steps' ? '' : ` of ${ref.section}`;
  return `step ${ref.index + 1}${section}${name}`;
}

const COMMON = STEP_COMMON_FIELDS as readonly string[];
const VERB_LIST = STEP_VERBS.join(', ');

export function stepShapeProblems(ref: StepRef): Problem[] {
  if (!isMap(ref.step)) return []; // the schema reports "must be a map"
  const label = stepLabel(ref);
  const keys = Object.keys(ref.step);
  const verbs = verbsOf(ref.step);
  const unknown = keys.filter((k) => !COMMON.includes(k) && !(STEP_VERBS as readonly string[]).includes(k));
  const problems: Problem[] = unknown.map((key) => unknownKey(ref, label, key, verbs.length === 0));
  if (verbs.length === 0 && unknown.length === 0) {
    problems.push({ code: 'SCHEMA', path: ref.path, message: `${label} has no verb`, hint: `a step needs exactly one of: ${VERB_LIST}` });
  }
  if (verbs.length > 1) {
    problems.push({
      code: 'SCHEMA',
      path: [...ref.path, verbs[1]!],
      atKey: true,
      message: `${label} has ${verbs.length} verbs (${verbs.join(', ')}); a step does one thing`,
      hint: `split it into ${verbs.length} steps, one per verb`,
    });
  }
  return problems;
}

function unknownKey(ref: StepRef, label: string, key: string, lacksVerb: boolean): Problem {
  const path = [...ref.path, key];
  if (lacksVerb) {
    const guess = closest(key, [...STEP_VERBS, ...COMMON]);
    const mean = guess ? `; did you mean '${guess}'?` : '';
    return { code: 'SCHEMA', path, atKey: true, message: `unknown verb '${key}' in ${label}${mean}`, hint: `valid verbs: ${VERB_LIST}` };
  }
  const guess = closest(key, [...COMMON, ...STEP_VERBS]);
  const mean = guess ? `; did you mean '${guess}'?` : '';
  return {
    code: 'SCHEMA',
    path,
    atKey: true,
    message: `unknown field '${key}' in ${label}${mean}`,
    hint: `a step has one verb plus any of: ${COMMON.join(', ')}`,
  };
}
