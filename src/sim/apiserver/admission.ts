/**
 * The default-enabled admission plugins whose effect shows on the kinds the simulator serves,
 * as pure functions (plugin/pkg/admission/...). Order of the upstream chain (kube-apiserver
 * options.AllOrderedPlugins): NamespaceLifecycle, LimitRanger, ServiceAccount,
 * TaintNodesByCondition, PodSecurity, Priority, DefaultTolerationSeconds, DefaultStorageClass,
 * StorageObjectInUseProtection, PersistentVolumeClaimResize, ..., ResourceQuota.
 *
 * PodSecurity, a validating plugin with its own state (namespace labels, existing pods), lives
 * in pod-security/; LimitRanger and ResourceQuota, which read other objects, are in
 * limit-ranger.ts and resource-quota.ts; all run after validation (store.ts). Not emulated:
 * NamespaceLifecycle (the store checks namespaces itself), RuntimeClass (refused up front:
 * src/sim/unimplemented.ts), DefaultIngressClass, certificate plugins, webhooks and admission
 * policies.
 */
import type { PersistentVolumeClaim, Pod, ServiceAccount, Toleration, Volume } from 'kubernetes-types/core/v1';
import { clone, type KObject } from '../../kube/object';
import { isMirrorPod } from '../../kube/pod-state';
import { SYSTEM_PRIORITY_CLASSES } from '../../kube/validation/priority-class';
import { parseQuantity } from '../../kube/quantity';
import { forbiddenError } from '../../kube/status-errors';
import { typeForKind } from '../../kube/registry';

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const DEFAULT_TOLERATION_SECONDS = 300;

/** True when `t` already tolerates a NoExecute taint with this key (an empty key matches any). */
function toleratesNoExecute(t: Toleration, key: string): boolean {
  return (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect);
}

/**
 * DefaultTolerationSeconds (pods, on create): tolerate not-ready and unreachable NoExecute
 * taints for 300s unless the pod already tolerates them.
 */
export function defaultTolerationSeconds(pod: Pod): Pod {
  const tolerations = pod.spec?.tolerations ?? [];
  const add: Toleration[] = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!tolerations.some((t) => toleratesNoExecute(t, key))) {
      add.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  if (!add.length) return pod;
  return { ...pod, spec: { ...pod.spec!, tolerations: [...tolerations, ...add] } };
}

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

interface ClassLike {
  metadata: { name?: string; creationTimestamp?: string; annotations?: Record<string, string> };
}

export function isDefaultClass(sc: ClassLike): boolean {
  return DEFAULT_CLASS_ANNOTATIONS.some((a) => sc.metadata.annotations?.[a] === 'true');
}

/**
 * The default StorageClass (pkg/volume/util GetDefaultClass): among classes annotated default,
 * the newest by creationTimestamp; ties broken by name, ascending.
 */
export function defaultClassOf<T extends ClassLike>(classes: readonly T[]): T | undefined {
  const defaults = classes.filter(isDefaultClass);
  const time = (c: T) => (c.metadata.creationTimestamp ? Date.parse(c.metadata.creationTimestamp) : 0);
  defaults.sort((a, b) => time(b) - time(a) || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  return defaults[0];
}

/**
 * DefaultStorageClass (PVCs, on create): writes the default class into spec.storageClassName,
 * but only when the claim names no class at all, neither in the field (even "") nor in the
 * legacy beta annotation (helper.PersistentVolumeClaimHasClass).
 */
export function defaultStorageClass(pvc: PersistentVolumeClaim, storageClasses: readonly ClassLike[]): PersistentVolumeClaim {
  const hasClass = pvc.metadata?.annotations?.[BETA_CLASS_ANNOTATION] !== undefined || (pvc.spec?.storageClassName !== undefined && pvc.spec?.storageClassName !== null);
  if (hasClass) return pvc;
  const def = defaultClassOf(storageClasses);
  if (!def?.metadata.name) return pvc;
  const out = clone(pvc);
  out.spec = { ...out.spec, storageClassName: def.metadata.name };
  return out;
}

/**
 * StorageObjectInUseProtection (on create): PVCs get kubernetes.io/pvc-protection, PVs
 * kubernetes.io/pv-protection, so they are not removed while in use.
 */
export function storageObjectInUseProtection(obj: KObject): KObject {
  const finalizer =
    obj.kind === 'PersistentVolumeClaim' ? 'kubernetes.io/pvc-protection' : obj.kind === 'PersistentVolume' ? 'kubernetes.io/pv-protection' : undefined;
  if (!finalizer || obj.metadata.finalizers?.includes(finalizer)) return obj;
  return { ...obj, metadata: { ...obj.metadata, finalizers: [...(obj.metadata.finalizers ?? []), finalizer] } };
}

/** TaintNodesByCondition (nodes, on create): a new node starts with the not-ready NoSchedule taint. */
export function taintNodesByCondition(node: KObject): KObject {
  if (node.kind !== 'Node') return node;
  const spec = (node.spec ?? {}) as { taints?: Array<{ key: string; effect: string }> };
  const taints = spec.taints ?? [];
  if (taints.some((t) => t.key === NOT_READY && t.effect === 'NoSchedule')) return node;
  return { ...node, spec: { ...spec, taints: [...taints, { key: NOT_READY, effect: 'NoSchedule' }] } };
}

export { SYSTEM_PRIORITY_CLASSES } from '../../kube/validation/priority-class';

interface PriorityClassLike {
  metadata: { name?: string };
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

interface EstablishedPriority {
  className: string;
  value: number;
  preemptionPolicy: string;
}

/**
 * The global default class in place: the one with the lowest value when a race left several
 * (plugin/pkg/admission/priority getDefaultPriorityClass).
 */
function defaultPriorityClass(classes: readonly PriorityClassLike[]): PriorityClassLike | undefined {
  return classes.filter((c) => c.globalDefault).sort((a, b) => (a.value ?? 0) - (b.value ?? 0))[0];
}

/**
 * What the plugin's establishPriority computes for a pod: its named class, or else the global
 * default class, whose name is written into the pod; with neither, no class, priority 0
 * (DefaultPriorityWhenNoDefaultClassExists) and PreemptLowerPriority (getDefaultPriority).
 */
function establishPriority(className: string | undefined, classes: readonly PriorityClassLike[], requestName: string): EstablishedPriority {
  const fallbackPolicy = 'PreemptLowerPriority';
  if (!className) {
    const global = defaultPriorityClass(classes);
    if (!global) return { className: '', value: 0, preemptionPolicy: fallbackPolicy };
    return { className: global.metadata.name ?? '', value: global.value ?? 0, preemptionPolicy: global.preemptionPolicy ?? fallbackPolicy };
  }
  const found = classes.find((c) => c.metadata.name === className);
  if (found) return { className, value: found.value ?? 0, preemptionPolicy: found.preemptionPolicy ?? fallbackPolicy };
  if (className in SYSTEM_PRIORITY_CLASSES) return { className, value: SYSTEM_PRIORITY_CLASSES[className]!, preemptionPolicy: fallbackPolicy };
  throw forbiddenError(typeForKind('Pod'), requestName, `no PriorityClass with name ${className} was found`);
}

/**
 * Priority (pods, on create; plugin/pkg/admission/priority admitPod): resolve
 * spec.priorityClassName (or the global default class, whose name is then written into the pod)
 * to spec.priority and spec.preemptionPolicy. A pod that states a priority or a preemption policy
 * other than the computed one is refused, as is an unknown class.
 */
export function priority(pod: Pod, classes: readonly PriorityClassLike[] = [], requestName = pod.metadata?.name ?? ''): Pod {
  const established = establishPriority(pod.spec?.priorityClassName, classes, requestName);
  const stated = pod.spec?.priority;
  if (stated !== undefined && stated !== null && stated !== established.value) {
    throw forbiddenError(typeForKind('Pod'), requestName,
      `the integer value of priority (${stated}) must not be provided in pod spec; priority admission controller computed ${established.value} from the given PriorityClass name`);
  }
  const statedPolicy = pod.spec?.preemptionPolicy;
  if (statedPolicy && statedPolicy !== established.preemptionPolicy) {
    throw forbiddenError(typeForKind('Pod'), requestName,
      `the string value of PreemptionPolicy (${statedPolicy}) must not be provided in pod spec; priority admission controller computed ${established.preemptionPolicy} from the given PriorityClass name`);
  }
  const spec = { ...pod.spec!, priority: established.value, preemptionPolicy: established.preemptionPolicy };
  // admitPod assigns the name unconditionally; an empty one is omitted when the pod is encoded.
  if (established.className) spec.priorityClassName = established.className;
  return { ...pod, spec };
}

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * ServiceAccount (pods, on create): default serviceAccountName to "default", give a pod without
 * image pull secrets its account's, and, unless automount is off on the pod or its account, mount
 * the projected API token volume `kube-api-access-<suffix>` in every container
 * (plugin/pkg/admission/serviceaccount). The random suffix comes from the caller's seeded generator.
 */
export function serviceAccount(pod: Pod, suffix: string, account?: Pick<ServiceAccount, 'automountServiceAccountToken' | 'imagePullSecrets'>): Pod {
  if (isMirrorPod(pod)) return admitMirrorPod(pod);
  // A copy of only what changes: the input may be a frozen object's parts.
  const spec = { ...(pod.spec ?? { containers: [] }) };
  const out = { ...pod, spec };
  spec.serviceAccountName ||= 'default';
  // admission.go: only when the pod lists none; the names alone are copied
  if (!spec.imagePullSecrets?.length && account?.imagePullSecrets?.length) spec.imagePullSecrets = account.imagePullSecrets.map((s) => ({ name: s.name }));
  const automount = spec.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true;
  const hasMount = [...(spec.initContainers ?? []), ...spec.containers].some((c) => c.volumeMounts?.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH));
  if (!automount || hasMount) return out;
  const name = `kube-api-access-${suffix}`;
  spec.volumes = [
    ...(spec.volumes ?? []),
    {
      name,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    },
  ];
  const mount = { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH };
  const mounted = <C extends { volumeMounts?: unknown[] }>(c: C): C => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), mount] });
  if (spec.initContainers) spec.initContainers = spec.initContainers.map(mounted);
  spec.containers = spec.containers.map(mounted);
  return out;
}

/**
 * A mirror pod is not mutated (the kubelet deletes a mirror pod whose spec differs from its static
 * pod), only checked: it may not name a service account, reference a secret or project a
 * service account token (serviceaccount admission Admit/Validate).
 */
function admitMirrorPod(pod: Pod): Pod {
  const spec = pod.spec;
  const refuse = (why: string): never => {
    throw forbiddenError(typeForKind('Pod'), pod.metadata?.name ?? '', why);
  };
  if (spec?.serviceAccountName) refuse('a mirror pod may not reference service accounts');
  if (referencesSecrets(pod)) refuse('a mirror pod may not reference secrets');
  const projectsToken = (spec?.volumes ?? []).some((v) => v.projected?.sources?.some((src) => src.serviceAccountToken));
  if (projectsToken) refuse('a mirror pod may not use ServiceAccountToken volume projections');
  return pod;
}

/** podutil.VisitPodSecretNames, as far as the simulator serves the fields: pull secrets, secret volumes and projections, env and envFrom. */
/** The volume sources VisitPodSecretNames (pkg/api/pod/util.go) visits. */
function volumeReferencesSecret(v: Volume): boolean {
  if (v.secret || v.projected?.sources?.some((src) => src.secret)) return true;
  if (v.azureFile?.secretName) return true;
  const refs = [v.cephfs, v.cinder, v.flexVolume, v.rbd, v.scaleIO, v.iscsi, v.storageos].map((src) => src?.secretRef);
  return refs.some((ref) => ref) || !!v.csi?.nodePublishSecretRef;
}

function referencesSecrets(pod: Pod): boolean {
  const spec = pod.spec;
  if (!spec) return false;
  if (spec.imagePullSecrets?.length) return true;
  if (spec.volumes?.some(volumeReferencesSecret)) return true;
  const containers = [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
  return containers.some((c) => c.envFrom?.some((e) => e.secretRef) || c.env?.some((e) => e.valueFrom?.secretKeyRef));
}

/**
 * PersistentVolumeClaimResize (PVC updates): a claim may only grow when it is bound and its
 * class allows expansion. Returns the claim or throws the plugin's Forbidden error.
 */
export function persistentVolumeClaimResize(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim, storageClasses: readonly (ClassLike & { allowVolumeExpansion?: boolean })[]): PersistentVolumeClaim {
  const size = (c: PersistentVolumeClaim) => parseQuantity((c.spec?.resources?.requests?.storage as string | undefined) ?? '0') ?? 0;
  if (size(pvc) <= size(old)) return pvc;
  const name = pvc.metadata?.name ?? '';
  if (old.status?.phase !== 'Bound') throw forbiddenError(typeForKind('PersistentVolumeClaim'), name, 'Only bound persistent volume claims can be resized');
  const className = old.spec?.storageClassName ?? old.metadata?.annotations?.[BETA_CLASS_ANNOTATION];
  const sc = storageClasses.find((c) => c.metadata.name === className);
  if (!sc?.allowVolumeExpansion) {
    throw forbiddenError(typeForKind('PersistentVolumeClaim'), name, 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
  }
  return pvc;
}

/** Priority admission's Validate for PriorityClasses (validatePriorityClass): one global default at most. */
export function onlyOneDefaultPriorityClass(pc: KObject, op: 'CREATE' | 'UPDATE', classes: readonly PriorityClassLike[]): void {
  if (pc.kind !== 'PriorityClass' || (pc as PriorityClassLike).globalDefault !== true) return;
  const current = defaultPriorityClass(classes);
  if (!current || (op === 'UPDATE' && current.metadata.name === pc.metadata.name)) return;
  throw forbiddenError(typeForKind('PriorityClass'), pc.metadata.name,
    `PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`);
}
