/**
 * Where the schema allowed a matcher, recorded while one document is validated: the schema's
 * `matcherSlot` keyword calls recordSlot. Its own module because both the validators compiled at
 * build time (schema-validators.generated.ts) and those compiled at run time call it.
 */

/** Instance paths (JSON pointers) where the schema allowed a matcher, recorded during one validation. */
export type MatcherSlots = Map<string, 'value' | 'subtree'>;

let recording: MatcherSlots | undefined;

export function recordSlot(instancePath: string, slot: 'value' | 'subtree'): void {
  recording?.set(instancePath, slot);
}

/** Runs `validate` with slots recorded into a fresh map. */
export function recordingSlots<T>(validate: () => T): { value: T; slots: MatcherSlots } {
  const slots: MatcherSlots = new Map();
  recording = slots;
  try {
    return { value: validate(), slots };
  } finally {
    recording = undefined;
  }
}
