import { kindForResourceName } from '../kube/registry';

/**
 * How users name kinds and objects in checks: `Pod`, `pod`, `pods`, kubectl short names (`pvc`,
 * `sts`), and targets `kind/name` (`statefulset/web`). Matched case-insensitively against the
 * canonical kind an object carries, like kubectl's resource lookup.
 */

/** Lower-case singular kind: `PVC` -> `persistentvolumeclaim`, `Pod` -> `pod` (names the API server's registry knows). */
export function kindKey(kind: string): string {
  return (kindForResourceName(kind) ?? kind).toLowerCase();
}

export function kindMatches(written: string, actual: string): boolean {
  return kindKey(written) === kindKey(actual);
}

export interface TargetRef {
  /** as written, e.g. `statefulset`; compare with `kindMatches` */
  kind: string;
  name: string;
}

/** `kind/name`; returns undefined when there is no slash or either part is empty. */
export function parseTarget(text: string): TargetRef | undefined {
  const i = text.indexOf('/');
  if (i <= 0 || i === text.length - 1) return undefined;
  return { kind: text.slice(0, i), name: text.slice(i + 1) };
}
