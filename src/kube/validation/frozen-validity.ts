/**
 * Remembers which frozen subtrees a validator found valid, so a write that carries a subtree of
 * the stored object unchanged (a status write keeps the pod's labels, annotations and owner
 * references; the store shares frozen subtrees between versions) does not validate it again.
 *
 * Sound only for validators whose errors are a pure function of the subtree and the emulated
 * version, apart from the field path they report: a valid verdict holds at any path, so only
 * "no errors" is remembered (errors are computed afresh, with the caller's path). Validators that
 * read the old object (ratcheting, immutability) must not use this. A subtree is remembered only
 * when nothing in it can change: it is frozen and `immutable` holds for it (callers check what
 * their subtree may contain, e.g. a frozen map whose values are strings).
 */
import type { FieldError } from './field-error';

export class FrozenValidity {
  /** subtree -> what else its validity depended on (the emulated version) when last found valid */
  private readonly validUnder = new WeakMap<object, string>();

  constructor(private readonly immutable: (subtree: object) => boolean) {}

  /**
   * The errors `validate` reports for `subtree`, skipped when it was found valid before under the
   * same `context` (everything besides the subtree the validator reads, e.g. the version).
   */
  check(subtree: unknown, context: string, validate: () => FieldError[]): FieldError[] {
    const memo = typeof subtree === 'object' && subtree !== null && Object.isFrozen(subtree);
    if (memo && this.validUnder.get(subtree) === context) return [];
    const errors = validate();
    if (memo && errors.length === 0 && this.immutable(subtree)) this.validUnder.set(subtree, context);
    return errors;
  }
}

/** A frozen map whose values are all strings (labels, annotations) cannot change. */
export function frozenStringMap(map: object): boolean {
  return Object.values(map).every((v) => typeof v === 'string');
}

/** A frozen list of frozen records whose fields are all scalars (owner references) cannot change. */
export function frozenListOfFlatRecords(list: object): boolean {
  return Array.isArray(list) && list.every((item) => typeof item === 'object' && item !== null && Object.isFrozen(item)
    && Object.values(item as object).every((v) => v === null || typeof v !== 'object'));
}
