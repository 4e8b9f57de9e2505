/**
 * How users name kinds and objects in checks: `Pod`, `pod`, `pods`, kubectl short names (`pvc`,
 * `sts`), and targets `kind/name` (`statefulset/web`). Matched case-insensitively against the
 * canonical kind an object carries, like kubectl's resource lookup.
 */

// kubectl short names and plurals for the kinds scenarios use (from `kubectl api-resources`).
const ALIASES: Record<string, string> = {
  po: 'pod',
  pods: 'pod',
  pvc: 'persistentvolumeclaim',
  persistentvolumeclaims: 'persistentvolumeclaim',
  pv: 'persistentvolume',
  persistentvolumes: 'persistentvolume',
  sts: 'statefulset',
  statefulsets: 'statefulset',
  deploy: 'deployment',
  deployments: 'deployment',
  rs: 'replicaset',
  replicasets: 'replicaset',
  ds: 'daemonset',
  daemonsets: 'daemonset',
  svc: 'service',
  services: 'service',
  ns: 'namespace',
  namespaces: 'namespace',
  no: 'node',
  nodes: 'node',
  cm: 'configmap',
  configmaps: 'configmap',
  ep: 'endpoints',
  pdb: 'poddisruptionbudget',
  poddisruptionbudgets: 'poddisruptionbudget',
  cj: 'cronjob',
  cronjobs: 'cronjob',
  jobs: 'job',
  sc: 'storageclass',
  storageclasses: 'storageclass',
  ev: 'event',
  events: 'event',
  controllerrevisions: 'controllerrevision',
  endpointslices: 'endpointslice',
  secrets: 'secret',
  serviceaccounts: 'serviceaccount',
  sa: 'serviceaccount',
};

/** Lower-case singular kind: `PVC` -> `persistentvolumeclaim`, `Pod` -> `pod`. */
export function kindKey(kind: string): string {
  const lower = kind.toLowerCase();
  return ALIASES[lower] ?? lower;
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
