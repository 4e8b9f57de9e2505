/**
 * Which pods `kubectl drain` evicts from a node (k8s.io/kubectl/pkg/drain/filters.go and
 * drain.go GetPodsForDeletion): every pod bound to the node, run through the filters in
 * upstream's order — skipDeleted (inactive: kubectl's --skip-wait-for-delete-timeout defaults to
 * 0), DaemonSet, mirror pod, local storage, unreplicated. A filter that says "don't delete" ends a
 * pod's run; otherwise the LAST filter's verdict is kept, so a warning of an earlier filter is
 * lost (upstream's TODO in localStorageFilter). Errors of several pods with the same message are
 * reported together, as kubectl's PodDeleteList.errors() does.
 */
import type { Backend } from '../backend/contract';
import { controllerRef, type KObject } from '../kube/object';

export interface DrainOptions {
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  force: boolean;
}

type Verdict =
  | { kind: 'okay' }
  | { kind: 'skip' }
  | { kind: 'warning'; delete: boolean; message: string }
  | { kind: 'error'; message: string };

export interface PodsForDeletion {
  /** the pods to evict, in list order */
  pods: KObject[];
  /** PodDeleteList.Warnings(): `<message>: ns/a, ns/b` joined by "; " */
  warnings: string;
  /** PodDeleteList.errors() messages */
  errors: string[];
}

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
/** corev1.MirrorPodAnnotationKey */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * The pods of `node` (a list with fieldSelector spec.nodeName over all namespaces: etcd returns
 * them ordered by namespace, then name) with their verdicts.
 */
export async function podsForDeletion(backend: Backend, node: string, opts: DrainOptions): Promise<PodsForDeletion> {
  const pods = (await backend.list('Pod'))
    .filter((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName === node)
    .sort(byNamespaceAndName);
  const judged: Array<{ pod: KObject; verdict: Verdict }> = [];
  for (const pod of pods) judged.push({ pod, verdict: await judge(backend, pod, opts) });
  return {
    pods: judged.filter((j) => deletes(j.verdict)).map((j) => j.pod),
    warnings: grouped(judged, 'warning').map(([msg, names]) => `${msg}: ${names.join(', ')}`).join('; '),
    errors: grouped(judged, 'error').map(([msg, names]) =>
      msg.toLowerCase().startsWith('cannot delete') ? `${msg}: ${names.join(', ')}` : `cannot delete ${msg}: ${names.join(', ')}`),
  };
}

async function judge(backend: Backend, pod: KObject, opts: DrainOptions): Promise<Verdict> {
  let verdict: Verdict = { kind: 'okay' };
  for (const filter of [daemonSetFilter, mirrorPodFilter, localStorageFilter, unreplicatedFilter]) {
    verdict = await filter(backend, pod, opts);
    if (!deletes(verdict)) break;
  }
  return verdict;
}

function deletes(v: Verdict): boolean {
  return v.kind === 'okay' || (v.kind === 'warning' && v.delete);
}

function isFinished(pod: KObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

async function daemonSetFilter(backend: Backend, pod: KObject, opts: DrainOptions): Promise<Verdict> {
  const ref = controllerRef(pod);
  if (!ref || ref.kind !== 'DaemonSet' || isFinished(pod)) return { kind: 'okay' };
  const ds = await backend.get({ kind: 'DaemonSet', namespace: pod.metadata.namespace, name: ref.name });
  if (!ds) {
    // An orphan of a deleted DaemonSet: removed (with a warning) only with --force.
    const notFound = `daemonsets.apps "${ref.name}" not found`;
    return opts.force ? { kind: 'warning', delete: true, message: notFound } : { kind: 'error', message: notFound };
  }
  return opts.ignoreDaemonSets ? { kind: 'warning', delete: false, message: DAEMONSET_WARNING } : { kind: 'error', message: DAEMONSET_FATAL };
}

async function mirrorPodFilter(_b: Backend, pod: KObject): Promise<Verdict> {
  return pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? { kind: 'skip' } : { kind: 'okay' };
}

async function localStorageFilter(_b: Backend, pod: KObject, opts: DrainOptions): Promise<Verdict> {
  const volumes = (pod.spec as { volumes?: Array<{ emptyDir?: unknown }> } | undefined)?.volumes ?? [];
  if (!volumes.some((v) => v.emptyDir) || isFinished(pod)) return { kind: 'okay' };
  return opts.deleteEmptyDirData ? { kind: 'warning', delete: true, message: LOCAL_STORAGE_WARNING } : { kind: 'error', message: LOCAL_STORAGE_FATAL };
}

async function unreplicatedFilter(_b: Backend, pod: KObject, opts: DrainOptions): Promise<Verdict> {
  if (isFinished(pod) || controllerRef(pod)) return { kind: 'okay' };
  return opts.force ? { kind: 'warning', delete: true, message: UNMANAGED_WARNING } : { kind: 'error', message: UNMANAGED_FATAL };
}

/**
 * Pods grouped by message, as `ns/name` lists. kubectl iterates a Go map here (random order);
 * messages are sorted so the text is the same on every run.
 */
function grouped(judged: Array<{ pod: KObject; verdict: Verdict }>, kind: 'warning' | 'error'): Array<[string, string[]]> {
  const byMessage = new Map<string, string[]>();
  for (const { pod, verdict } of judged) {
    if (verdict.kind !== kind) continue;
    const message = verdict.message || 'unexpected error';
    byMessage.set(message, [...(byMessage.get(message) ?? []), `${pod.metadata.namespace}/${pod.metadata.name}`]);
  }
  return [...byMessage.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function byNamespaceAndName(a: KObject, b: KObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
