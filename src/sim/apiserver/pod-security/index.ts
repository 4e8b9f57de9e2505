/**
 * The PodSecurity admission plugin (plugin/pkg/admission/security/podsecurity, delegating to
 * k8s.io/pod-security-admission admission/admission.go) as kind runs it: no
 * AdmissionConfiguration, so no exemptions and every default mode privileged at latest.
 *
 * - Namespaces: invalid pod-security labels are refused on create, and on update when they
 *   changed; tightening enforce returns warnings naming the existing pods that violate it.
 * - Pods (create, and updates that change images or add containers): enforce refuses, warn
 *   returns `would violate PodSecurity ...`. Audit only writes audit annotations, which the
 *   simulator has no audit log for.
 * - Workload kinds with a pod template: warn only, never enforced.
 *
 * No namespace is special: upstream exempts nothing unless configured, kube-system included, and
 * mirror pods are evaluated like any pod.
 */
import type { Pod, PodSpec } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../../kube/object';
import { typeForKind } from '../../../kube/registry';
import { forbiddenError, invalidError } from '../../../kube/status-errors';
import type { KubeVersion } from '../../../kube/version';
import { deepEqual } from '../../../kube/equal';
import {
  compareLevels, evaluate, forbiddenDetail, forbiddenReason, levelVersionText, policyOf, sameLevelVersion, type LevelVersion, type Policy,
} from './policy';

export interface PodSecurityEnv {
  version: KubeVersion;
  /** the labels of a namespace (undefined when it does not exist) */
  namespaceLabels(name: string): Record<string, string> | undefined;
  /** the pods of a namespace, in listing order */
  podsIn(namespace: string): readonly Pod[];
}

export type Operation = 'CREATE' | 'UPDATE';

/** defaultNamespaceMaxPodsToCheck (admission.go): a namespace update checks at most this many pods. */
const MAX_PODS_TO_CHECK = 3000;

const minorOf = (v: KubeVersion) => Number(v.split('.')[1]);

/**
 * Runs the plugin on a create or update of the main resource. Returns the warnings to send;
 * throws the plugin's Invalid (namespace labels) or Forbidden (enforce) error.
 */
export function admitPodSecurity(obj: KObject, op: Operation, old: KObject | undefined, env: PodSecurityEnv): string[] {
  if (obj.kind === 'Namespace') return validateNamespace(obj, op, old, env);
  if (obj.kind === 'Pod') return validatePod(obj as unknown as Pod, op, old as unknown as Pod | undefined, env);
  const template = podTemplateOf(obj);
  return template ? validateController(obj, template, env) : [];
}

function validateNamespace(ns: KObject, op: Operation, old: KObject | undefined, env: PodSecurityEnv): string[] {
  const next = policyOf(ns.metadata.labels);
  if (op === 'CREATE' || !old) {
    if (next.errors.length) throw invalidError(ns, next.errors, env.version);
    return [];
  }
  const prev = policyOf(old.metadata.labels);
  // Labels already invalid and unchanged in their errors do not block other updates.
  if (next.errors.length && (!prev.errors.length || !deepEqual(next.errors, prev.errors))) throw invalidError(ns, next.errors, env.version);
  const [enforce, was] = [next.policy.enforce, prev.policy.enforce];
  // Only a stricter enforce policy is dry-run against the pods already there.
  if (sameLevelVersion(enforce, was) || enforce.level === 'privileged') return [];
  if (enforce.version === was.version && compareLevels(enforce.level, was.level) < 1) return [];
  return existingPodWarnings(ns.metadata.name, enforce, env);
}

/**
 * EvaluatePodsInNamespace: one warning per distinct violation, prefixed by the lexically first
 * pod with it and how many others share it; pods of a controller already seen go last
 * (prioritizePods). The check timeout has no counterpart in virtual time.
 */
function existingPodWarnings(namespace: string, enforce: LevelVersion, env: PodSecurityEnv): string[] {
  const pods = prioritized(env.podsIn(namespace));
  const checked = pods.slice(0, MAX_PODS_TO_CHECK);
  const seen = new Map<string, { first: string; count: number }>();
  for (const pod of checked) {
    const e = evaluate(enforce, pod.metadata ?? {}, pod.spec ?? { containers: [] }, minorOf(env.version));
    if (e.allowed) continue;
    const reason = forbiddenReason(e);
    const name = pod.metadata?.name ?? '';
    const entry = seen.get(reason);
    if (!entry) seen.set(reason, { first: name, count: 1 });
    else seen.set(reason, { first: name < entry.first ? name : entry.first, count: entry.count + 1 });
  }
  const out: string[] = [];
  if (checked.length < pods.length) out.push(`new PodSecurity enforce level only checked against the first ${checked.length} of ${pods.length} existing pods`);
  if (seen.size) out.push(`existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "${levelVersionText(enforce)}"`);
  const lines = [...seen].map(([reason, { first, count }]) => `${first}${othersNote(count)}: ${reason}`);
  return [...out, ...lines.sort()];
}

function othersNote(count: number): string {
  if (count === 1) return '';
  return count === 2 ? ' (and 1 other pod)' : ` (and ${count - 1} other pods)`;
}

/** The first pod of each controller first, the other pods of already seen controllers after. */
function prioritized(pods: readonly Pod[]): Pod[] {
  const first: Pod[] = [];
  const rest: Pod[] = [];
  const controllers = new Set<string>();
  for (const pod of pods) {
    const uid = pod.metadata?.ownerReferences?.find((r) => r.controller)?.uid;
    if (uid && controllers.has(uid)) rest.push(pod);
    else {
      if (uid) controllers.add(uid);
      first.push(pod);
    }
  }
  return [...first, ...rest];
}

function validatePod(pod: Pod, op: Operation, old: Pod | undefined, env: PodSecurityEnv): string[] {
  const { policy, errors } = policyOf(env.namespaceLabels(pod.metadata?.namespace ?? 'default'));
  if (!errors.length && fullyPrivileged(policy)) return [];
  if (op === 'UPDATE' && old && !isSignificantPodUpdate(pod, old)) return [];
  const spec = pod.spec ?? { containers: [] };
  const meta = pod.metadata ?? {};
  const enforced = evaluate(policy.enforce, meta, spec, minorOf(env.version));
  if (!enforced.allowed) {
    throw forbiddenError(typeForKind('Pod'), meta.name ?? '', `violates PodSecurity "${levelVersionText(policy.enforce)}": ${forbiddenDetail(enforced)}`);
  }
  return warnings(policy, meta, spec, env);
}

function validateController(obj: KObject, template: { metadata?: ObjectMeta; spec?: PodSpec }, env: PodSecurityEnv): string[] {
  const { policy, errors } = policyOf(env.namespaceLabels(obj.metadata.namespace ?? 'default'));
  if (!errors.length && policy.warn.level === 'privileged' && policy.audit.level === 'privileged') return [];
  return warnings(policy, template.metadata ?? {}, template.spec ?? { containers: [] }, env);
}

function warnings(policy: Policy, meta: ObjectMeta, spec: PodSpec, env: PodSecurityEnv): string[] {
  const e = evaluate(policy.warn, meta, spec, minorOf(env.version));
  return e.allowed ? [] : [`would violate PodSecurity "${levelVersionText(policy.warn)}": ${forbiddenDetail(e)}`];
}

function fullyPrivileged(p: Policy): boolean {
  return p.enforce.level === 'privileged' && p.audit.level === 'privileged' && p.warn.level === 'privileged';
}

/**
 * isSignificantPodUpdate: only a change of container count or of an image, or an added ephemeral
 * container (or one whose image changed), is evaluated; other updates (labels, status-like
 * metadata, activeDeadlineSeconds, tolerations) always pass.
 */
export function isSignificantPodUpdate(pod: Pod, old: Pod): boolean {
  const [s, o] = [pod.spec ?? { containers: [] }, old.spec ?? { containers: [] }];
  const images = (cs: readonly { image?: string }[] | undefined) => (cs ?? []).map((c) => c.image ?? '');
  for (const list of ['containers', 'initContainers'] as const) {
    const [a, b] = [images(s[list]), images(o[list])];
    if (a.length !== b.length || a.some((img, i) => img !== b[i])) return true;
  }
  return (s.ephemeralContainers ?? []).some((c) => {
    const before = (o.ephemeralContainers ?? []).find((x) => x.name === c.name);
    return !before || (before.image ?? '') !== (c.image ?? '');
  });
}

/** DefaultPodSpecExtractor: the pod template of the workload kinds (and PodTemplate itself). */
function podTemplateOf(obj: KObject): { metadata?: ObjectMeta; spec?: PodSpec } | undefined {
  const spec = obj.spec as { template?: { metadata?: ObjectMeta; spec?: PodSpec }; jobTemplate?: { spec?: { template?: { metadata?: ObjectMeta; spec?: PodSpec } } } } | undefined;
  switch (obj.kind) {
    case 'PodTemplate':
      return (obj as unknown as { template?: { metadata?: ObjectMeta; spec?: PodSpec } }).template;
    case 'ReplicationController':
    case 'ReplicaSet':
    case 'Deployment':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
      return spec?.template;
    case 'CronJob':
      return spec?.jobTemplate?.spec?.template;
    default:
      return undefined;
  }
}
