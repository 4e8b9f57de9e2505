/**
 * The Pod Security Standards checks (k8s.io/pod-security-admission policy/check_*.go), each a
 * pure function of a pod's metadata and spec. A check has revisions, each applying from a policy
 * version on (`since`, upstream's MinimumVersion); a restricted revision may replace baseline
 * checks (`overrides`, upstream's OverrideCheckIDs). Reasons and details are upstream's texts:
 * users and scenarios match on them.
 */
import type { Container, PodSpec, Probe, LifecycleHandler, Volume } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { goQuote } from '../../../kube/validation/go-value';

export interface CheckResult {
  /** the short reason (upstream ForbiddenReason), undefined when allowed */
  reason?: string;
  /** what exactly is wrong (ForbiddenDetail), may be empty */
  detail?: string;
}

export type CheckFn = (meta: ObjectMeta, spec: PodSpec) => CheckResult;

export interface CheckRevision {
  /** the first policy minor version (1.x) this revision applies to */
  since: number;
  check: CheckFn;
  /** baseline check ids this (restricted) revision replaces */
  overrides?: readonly string[];
}

export interface Check {
  id: string;
  level: 'baseline' | 'restricted';
  revisions: readonly CheckRevision[];
}

const ALLOWED: CheckResult = {};

// ---- helpers (policy/helpers.go, visitor.go) ---------------------------------------------------

function joinQuote(items: readonly string[]): string {
  return items.length ? `"${items.join('", "')}"` : '';
}

function plural(singular: string, many: string, n: number): string {
  return n === 1 ? singular : many;
}

/** "containers "a", "b"": the form every per-container detail starts with. */
function containersPhrase(names: readonly string[]): string {
  return `${plural('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Init containers, then containers, then ephemeral containers (visitContainers' order). */
function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...((spec.ephemeralContainers ?? []) as Container[])];
}

function names(spec: PodSpec, bad: (c: Container) => boolean): string[] {
  return allContainers(spec).filter(bad).map((c) => c.name);
}

const sorted = (s: Set<string>): string[] => [...s].sort();

const isWindows = (spec: PodSpec) => spec.os?.name === 'windows';

/** relaxPolicyForUserNamespacePod: a pod with hostUsers=false gets some checks relaxed (1.35+). */
const inUserNamespace = (spec: PodSpec) => spec.hostUsers === false;

/** Revision wrappers: the 1.25 revisions exempt Windows pods, the 1.35 ones user-namespaced pods. */
const unlessWindows = (f: CheckFn): CheckFn => (m, s) => (isWindows(s) ? ALLOWED : f(m, s));
const unlessUserNamespace = (f: CheckFn): CheckFn => (m, s) => (inUserNamespace(s) ? ALLOWED : f(m, s));

/** "pod and containers "a"" setters: the pod-level setter first, then the containers. */
function setters(pod: boolean, containers: readonly string[]): string[] {
  const out = pod ? ['pod'] : [];
  if (containers.length) out.push(containersPhrase(containers));
  return out;
}

// ---- baseline ----------------------------------------------------------------------------------

/** check_hostNamespaces.go */
function hostNamespaces(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const on = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => spec[k]).map((k) => `${k}=true`);
  return on.length ? { reason: 'host namespaces', detail: on.join(', ') } : ALLOWED;
}

/** check_privileged.go */
function privileged(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = names(spec, (c) => c.securityContext?.privileged === true);
  return bad.length ? { reason: 'privileged', detail: `${containersPhrase(bad)} must not set securityContext.privileged=true` } : ALLOWED;
}

/** The capabilities a baseline container may add (check_capabilities_baseline.go). */
const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Containers adding capabilities outside `allowed`, and the capabilities (sorted). */
function addedCapabilities(spec: PodSpec, allowed: (cap: string) => boolean): [string[], string[]] {
  const caps = new Set<string>();
  const bad = names(spec, (c) => {
    const extra = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !allowed(cap));
    extra.forEach((cap) => caps.add(cap));
    return extra.length > 0;
  });
  return [bad, sorted(caps)];
}

/** check_capabilities_baseline.go */
function capabilitiesBaseline(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const [bad, caps] = addedCapabilities(spec, (cap) => DEFAULT_CAPABILITIES.has(cap));
  if (!bad.length) return ALLOWED;
  return { reason: 'non-default capabilities', detail: `${containersPhrase(bad)} must not include ${joinQuote(caps)} in securityContext.capabilities.add` };
}

/** check_hostPathVolumes.go */
function hostPathVolumes(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
  return bad.length ? { reason: 'hostPath volumes', detail: `${plural('volume', 'volumes', bad.length)} ${joinQuote(bad)}` } : ALLOWED;
}

/** check_hostPorts.go */
function hostPorts(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const ports = new Set<string>();
  const bad = names(spec, (c) => {
    const used = (c.ports ?? []).filter((p) => p.hostPort);
    used.forEach((p) => ports.add(String(p.hostPort)));
    return used.length > 0;
  });
  if (!bad.length) return ALLOWED;
  // sets.String.List() sorts the port numbers as strings
  const detail = `${containersPhrase(bad)} ${plural('uses', 'use', bad.length)} ${plural('hostPort', 'hostPorts', ports.size)} ${sorted(ports).join(', ')}`;
  return { reason: 'hostPort', detail };
}

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** check_appArmorProfile.go: the field may name RuntimeDefault or Localhost, the beta annotation runtime/default or localhost/<name>. */
function appArmorProfile(meta: ObjectMeta, spec: PodSpec): CheckResult {
  const allowedType = (t: string) => t === 'RuntimeDefault' || t === 'Localhost';
  const values = new Set<string>();
  const podType = spec.securityContext?.appArmorProfile?.type;
  const podBad = podType !== undefined && !allowedType(podType);
  if (podBad) values.add(podType);
  const bad = names(spec, (c) => {
    const t = c.securityContext?.appArmorProfile?.type;
    if (t === undefined || allowedType(t)) return false;
    values.add(t);
    return true;
  });
  const annotations = Object.entries<string>(meta.annotations ?? {})
    .filter(([k, v]) => k.startsWith(APPARMOR_ANNOTATION_PREFIX) && !(v === '' || v === 'runtime/default' || v.startsWith('localhost/')))
    .map(([k, v]) => `${k}=${goQuote(v)}`)
    .sort();
  const who = setters(podBad, bad);
  if (annotations.length) who.push(plural('annotation', 'annotations', annotations.length));
  if (!who.length) return ALLOWED;
  const list = [...sorted(values), ...annotations];
  return {
    reason: plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', list.length),
    detail: `${who.join(' and ')} must not set AppArmor profile type to ${joinQuote(list)}`,
  };
}

/** Allowed SELinux types per revision (check_seLinuxOptions.go); 1.31 adds container_engine_t. */
const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

function seLinuxOptions(allowedTypes: readonly string[]): CheckFn {
  return (_m, spec) => {
    const types = new Set<string>();
    let user = false;
    let role = false;
    const valid = (o: { type?: string; user?: string; role?: string } | undefined): boolean => {
      if (!o) return true;
      const okType = allowedTypes.includes(o.type ?? '');
      if (!okType) types.add(o.type ?? '');
      user ||= !!o.user;
      role ||= !!o.role;
      return okType && !o.user && !o.role;
    };
    const podBad = !valid(spec.securityContext?.seLinuxOptions);
    const bad = names(spec, (c) => !valid(c.securityContext?.seLinuxOptions));
    const who = setters(podBad, bad);
    if (!who.length) return ALLOWED;
    const what = [...(types.size ? [`${plural('type', 'types', types.size)} ${joinQuote(sorted(types))}`] : []),
      ...(user ? ['user may not be set'] : []), ...(role ? ['role may not be set'] : [])];
    return { reason: 'seLinuxOptions', detail: `${who.join(' and ')} set forbidden securityContext.seLinuxOptions: ${what.join('; ')}` };
  };
}

/** check_procMount_baseline.go (also the restricted check from 1.35): any procMount but Default. */
function procMount(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const types = new Set<string>();
  const bad = names(spec, (c) => {
    const t = c.securityContext?.procMount;
    if (t === undefined || t === 'Default') return false;
    types.add(t);
    return true;
  });
  if (!bad.length) return ALLOWED;
  return { reason: 'procMount', detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sorted(types))}` };
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

const validSeccompType = (t: string) => t === 'Localhost' || t === 'RuntimeDefault';

/** check_seccompProfile_baseline.go, the pre-1.19 revision: the alpha annotations. */
function seccompAnnotations(meta: ObjectMeta, spec: PodSpec): CheckResult {
  const annotations = meta.annotations ?? {};
  const valid = (v: string) => v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
  const keys = [SECCOMP_POD_ANNOTATION, ...allContainers(spec).map((c) => SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name)];
  const bad = new Set(keys.filter((k) => k in annotations && !valid(annotations[k]!)).map((k) => `${k}=${goQuote(annotations[k]!)}`));
  if (!bad.size) return ALLOWED;
  return { reason: 'seccompProfile', detail: `forbidden ${plural('annotation', 'annotations', bad.size)} ${sorted(bad).join(', ')}` };
}

interface SeccompFindings {
  podSet: boolean;
  podBad: boolean;
  explicit: string[];
  implicit: string[];
  values: string[];
}

/** Who sets a bad seccomp type, and which containers set none while the pod sets none either. */
function seccompFindings(spec: PodSpec): SeccompFindings {
  const values = new Set<string>();
  const podType = spec.securityContext?.seccompProfile?.type;
  const podBad = podType !== undefined && !validSeccompType(podType);
  if (podBad) values.add(podType);
  const podSet = podType !== undefined && !podBad;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of allContainers(spec)) {
    const t = c.securityContext?.seccompProfile?.type;
    if (t === undefined) {
      if (!podSet) implicit.push(c.name);
    } else if (!validSeccompType(t)) {
      explicit.push(c.name);
      values.add(t);
    }
  }
  return { podSet, podBad, explicit, implicit, values: sorted(values) };
}

function badSeccompType(f: SeccompFindings): CheckResult | undefined {
  const who = setters(f.podBad, f.explicit);
  if (!who.length) return undefined;
  return { reason: 'seccompProfile', detail: `${who.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(f.values)}` };
}

/** check_seccompProfile_baseline.go from 1.19: Unconfined is forbidden, unset is fine. */
function seccompBaseline(_m: ObjectMeta, spec: PodSpec): CheckResult {
  return badSeccompType(seccompFindings(spec)) ?? ALLOWED;
}

/** check_seccompProfile_restricted.go: as baseline, and every container must get a profile. */
function seccompRestricted(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const f = seccompFindings(spec);
  const explicit = badSeccompType(f);
  if (explicit) return explicit;
  if (!f.implicit.length) return ALLOWED;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containersPhrase(f.implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
  };
}

/** The safe sysctls per revision (check_sysctls.go). */
const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctls(allowed: readonly string[]): CheckFn {
  return (_m, spec) => {
    // in the pod's order, not sorted, duplicates kept (upstream appends as it goes)
    const bad = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((n) => !allowed.includes(n));
    return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : ALLOWED;
  };
}

/** check_windowsHostProcess.go */
function windowsHostProcess(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const podBad = spec.securityContext?.windowsOptions?.hostProcess === true;
  const who = setters(podBad, names(spec, (c) => c.securityContext?.windowsOptions?.hostProcess === true));
  return who.length ? { reason: 'hostProcess', detail: `${who.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true` } : ALLOWED;
}

type Handler = Pick<Probe | LifecycleHandler, 'httpGet' | 'tcpSocket'> | undefined;

const hostsOf = (h: Handler): string[] => [h?.httpGet?.host, h?.tcpSocket?.host].filter((x): x is string => !!x);

/** check_hostProbesAndhostLifecycle.go (1.34): probes and lifecycle handlers may not name a host. */
function hostProbesAndLifecycle(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const hosts = new Set<string>();
  const bad = new Set<string>();
  for (const c of allContainers(spec)) {
    const found = [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop].flatMap(hostsOf);
    found.forEach((h) => hosts.add(h));
    if (found.length) bad.add(c.name);
  }
  if (!bad.size) return ALLOWED;
  // upstream keeps both in sets: the container names come out sorted here, unlike other checks
  const detail = `${containersPhrase(sorted(bad))} ${plural('uses', 'use', bad.size)} ${plural('probe or lifecycle host', 'probe or lifecycle hosts', hosts.size)} ${joinQuote(sorted(hosts))}`;
  return { reason: 'probe or lifecycle host', detail };
}

// ---- restricted --------------------------------------------------------------------------------

/** check_allowPrivilegeEscalation.go */
function allowPrivilegeEscalation(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = names(spec, (c) => c.securityContext?.allowPrivilegeEscalation !== false);
  if (!bad.length) return ALLOWED;
  return { reason: 'allowPrivilegeEscalation != false', detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false` };
}

/** check_capabilities_restricted.go: drop ALL, add at most NET_BIND_SERVICE. */
function capabilitiesRestricted(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const missingDrop = names(spec, (c) => !c.securityContext?.capabilities?.drop?.includes('ALL'));
  const [adding, caps] = addedCapabilities(spec, (cap) => cap === 'NET_BIND_SERVICE');
  const details = [
    ...(missingDrop.length ? [`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`] : []),
    ...(adding.length ? [`${containersPhrase(adding)} must not include ${joinQuote(caps)} in securityContext.capabilities.add`] : []),
  ];
  return details.length ? { reason: 'unrestricted capabilities', detail: details.join('; ') } : ALLOWED;
}

/** The volume sources restricted allows (check_restrictedVolumes.go). */
const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** The sources upstream names in its message, in its order; anything else is "unknown". */
const NAMED_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker',
  'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

function volumeSourceName(v: Volume): string {
  const set = (k: string) => (v as unknown as Record<string, unknown>)[k] != null;
  return NAMED_VOLUME_SOURCES.find(set) ?? 'unknown';
}

/** check_restrictedVolumes.go */
function restrictedVolumes(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = (spec.volumes ?? []).filter((v) => !ALLOWED_VOLUME_SOURCES.some((k) => (v as unknown as Record<string, unknown>)[k] != null));
  if (!bad.length) return ALLOWED;
  const types = sorted(new Set(bad.map(volumeSourceName)));
  const detail = `${plural('volume', 'volumes', bad.length)} ${joinQuote(bad.map((v) => v.name))} ${plural('uses', 'use', bad.length)} ${plural('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`;
  return { reason: 'restricted volume types', detail };
}

/** check_runAsNonRoot.go */
function runAsNonRoot(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const podValue = spec.securityContext?.runAsNonRoot;
  const explicit = names(spec, (c) => c.securityContext?.runAsNonRoot === false);
  const who = setters(podValue === false, explicit);
  if (who.length) return { reason: 'runAsNonRoot != true', detail: `${who.join(' and ')} must not set securityContext.runAsNonRoot=false` };
  const implicit = podValue === true ? [] : names(spec, (c) => c.securityContext?.runAsNonRoot == null);
  if (!implicit.length) return ALLOWED;
  return { reason: 'runAsNonRoot != true', detail: `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true` };
}

/** check_runAsUser.go */
function runAsUser(_m: ObjectMeta, spec: PodSpec): CheckResult {
  const who = setters(spec.securityContext?.runAsUser === 0, names(spec, (c) => c.securityContext?.runAsUser === 0));
  return who.length ? { reason: 'runAsUser=0', detail: `${who.join(' and ')} must not set runAsUser=0` } : ALLOWED;
}

/** Every check of the default set with its revisions (policy.DefaultChecks as of v0.37). */
export const CHECKS: readonly Check[] = [
  { id: 'appArmorProfile', level: 'baseline', revisions: [{ since: 0, check: appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', revisions: [{ since: 0, check: capabilitiesBaseline }] },
  { id: 'hostNamespaces', level: 'baseline', revisions: [{ since: 0, check: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', revisions: [{ since: 0, check: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', revisions: [{ since: 0, check: hostPorts }] },
  { id: 'hostProbesAndHostLifecycle', level: 'baseline', revisions: [{ since: 34, check: hostProbesAndLifecycle }] },
  { id: 'privileged', level: 'baseline', revisions: [{ since: 0, check: privileged }] },
  { id: 'procMount', level: 'baseline', revisions: [{ since: 0, check: procMount }, { since: 35, check: unlessUserNamespace(procMount) }] },
  { id: 'seLinuxOptions', level: 'baseline', revisions: [{ since: 0, check: seLinuxOptions(SELINUX_TYPES_1_0) }, { since: 31, check: seLinuxOptions(SELINUX_TYPES_1_31) }] },
  { id: 'seccompProfile_baseline', level: 'baseline', revisions: [{ since: 0, check: seccompAnnotations }, { since: 19, check: seccompBaseline }] },
  {
    id: 'sysctls', level: 'baseline',
    revisions: [
      { since: 0, check: sysctls(SYSCTLS_1_0) },
      { since: 27, check: sysctls(SYSCTLS_1_27) },
      { since: 29, check: sysctls(SYSCTLS_1_29) },
      { since: 32, check: sysctls(SYSCTLS_1_32) },
      { since: 37, check: sysctls(SYSCTLS_1_37) },
    ],
  },
  { id: 'windowsHostProcess', level: 'baseline', revisions: [{ since: 0, check: windowsHostProcess }] },
  { id: 'allowPrivilegeEscalation', level: 'restricted', revisions: [{ since: 8, check: allowPrivilegeEscalation }, { since: 25, check: unlessWindows(allowPrivilegeEscalation) }] },
  {
    id: 'capabilities_restricted', level: 'restricted',
    revisions: [
      { since: 22, check: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
      { since: 25, check: unlessWindows(capabilitiesRestricted), overrides: ['capabilities_baseline'] },
    ],
  },
  // From 1.35 restricted forbids any non-default procMount even in a user namespace.
  { id: 'procMount_restricted', level: 'restricted', revisions: [{ since: 35, check: procMount, overrides: ['procMount'] }] },
  { id: 'restrictedVolumes', level: 'restricted', revisions: [{ since: 0, check: restrictedVolumes, overrides: ['hostPathVolumes'] }] },
  { id: 'runAsNonRoot', level: 'restricted', revisions: [{ since: 0, check: runAsNonRoot }, { since: 35, check: unlessUserNamespace(runAsNonRoot) }] },
  { id: 'runAsUser', level: 'restricted', revisions: [{ since: 23, check: runAsUser }, { since: 35, check: unlessUserNamespace(runAsUser) }] },
  {
    id: 'seccompProfile_restricted', level: 'restricted',
    revisions: [
      { since: 19, check: seccompRestricted, overrides: ['seccompProfile_baseline'] },
      { since: 25, check: unlessWindows(seccompRestricted), overrides: ['seccompProfile_baseline'] },
    ],
  },
];
