/** Something of an object a backend serves but does not act on (see Backend.unimplemented). */
export interface Unimplemented {
  /** the field inside the object ([] for the whole object) */
  path: (string | number)[];
  /** the field as written, e.g. "spec.backoffLimitPerIndex", or the kind */
  field: string;
  /** what it would need, e.g. "per-index back-off limits: JobBackoffLimitPerIndex" */
  feature: string;
}
