import { STEP_VERBS, type Step } from '../../generated/scenario';

const VERB_SET = new Set<string>(STEP_VERBS);

/** The verb of a step: its one key that names a verb (the schema allows exactly one). */
export function stepVerb(step: Step): string {
  return Object.keys(step).find((k) => VERB_SET.has(k)) ?? 'unknown';
}
