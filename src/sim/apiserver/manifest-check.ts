/**
 * Load-time check of a manifest, the way the emulated API server would judge it on create.
 * OWNER: api-server rules helper — replace this placeholder body with the real check.
 */
import type { KubeVersion } from '../../k8s/version';

export interface ManifestProblem {
  /** path of the offending field inside the manifest, [] for the whole object */
  path: Array<string | number>;
  code: 'API_NOT_SERVED' | 'MANIFEST_INVALID';
  /** the message the API server (or kubectl) would give */
  message: string;
  /** what the user can do, e.g. "use apps/v1 StatefulSet (PetSet was renamed in 1.5)" */
  hint?: string;
}

export function checkManifest(_obj: unknown, _version: KubeVersion): ManifestProblem[] {
  return [];
}
