/**
 * Pod specs, pod templates and Pods (core validation.go ValidatePodSpec, ValidatePodTemplateSpec,
 * ValidatePodCreate, ValidatePodUpdate).
 */
import { deepEqual } from '../equal';
import type { KubeVersion } from '../version';
import { arr, has, isObj, obj, objs, optNum, str, type Obj } from './access';
import { imageWhitespace, validateContainers, validateInitContainers } from './containers';
import { specDiff } from './diff';
import { duplicate, FieldPath, forbidden, invalid, notSupported, required, type FieldError } from './field-error';
import { validateAffinity, validateTolerations } from './scheduling';
import { validateAnnotations, validateLabels, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isDNS1123SubdomainWithUnderscore, isQualifiedName } from './names';
import { validateLegacyIP } from './ip';
import { validateTopologyMatchLabelKeys } from './label-keys';
import { gateEnabled } from '../defaults/feature-gates';
import { validateVolumes } from './pod-volumes';
import { validatePodOS } from './pod-os';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_INT32 = 2147483647;

export interface PodSpecOptions {
  /** the spec belongs to a Pod, not a template (stricter hostPort rules, PVC names) */
  podName?: string;
  isPod?: boolean;
}

function enumValue(value: string, p: FieldPath, valid: string[]): FieldError[] {
  if (!value) return [required(p)];
  return valid.includes(value) ? [] : [notSupported(p, value, valid)];
}

export function validatePodSpec(spec: Obj, p: FieldPath, v: KubeVersion, opts: PodSpecOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  const gracePeriod = optNum(spec.terminationGracePeriodSeconds);
  if (gracePeriod === undefined) errs.push(required(p.child('terminationGracePeriodSeconds')));
  const { vols, errs: volErrs } = validateVolumes(spec.volumes, p.child('volumes'), v, opts.podName);
  errs.push(...volErrs);
  const ctx = { vols, gracePeriod, v, hostUsers: spec.hostUsers !== false, restartPolicy: str(spec.restartPolicy) };
  errs.push(...validateContainers(spec.containers, p.child('containers'), ctx));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, p.child('initContainers'), ctx));
  errs.push(...hostNetworkPorts(spec, p, !!opts.isPod));
  errs.push(...enumValue(str(spec.restartPolicy), p.child('restartPolicy'), RESTART_POLICIES));
  errs.push(...enumValue(str(spec.dnsPolicy), p.child('dnsPolicy'), DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, p.child('nodeSelector'), v));
  errs.push(...podSecurityContext(spec.securityContext, p.child('securityContext'), v));
  errs.push(...hostUsersDeps(spec, p));
  errs.push(...validateAffinity(spec.affinity, p.child('affinity'), v));
  errs.push(...dnsConfig(spec, p.child('dnsConfig'), v));
  errs.push(...topologySpread(spec.topologySpreadConstraints, p.child('topologySpreadConstraints'), v));
  for (const [field, check] of [
    ['serviceAccountName', isDNS1123Subdomain],
    ['nodeName', isDNS1123Subdomain],
    ['hostname', isDNS1123Label],
    ['subdomain', isDNS1123Label],
    ['priorityClassName', isDNS1123Subdomain],
  ] as const) {
    const value = str(spec[field]);
    if (value) errs.push(...check(value).map((m) => invalid(p.child(field), value, m)));
  }
  const ads = optNum(spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) errs.push(invalid(p.child('activeDeadlineSeconds'), ads, inclusiveRangeError(1, MAX_INT32)));
  if (arr(spec.tolerations).length) errs.push(...validateTolerations(spec.tolerations, p.child('tolerations'), v));
  objs(spec.hostAliases).forEach((a, i) => {
    errs.push(...validateLegacyIP(str(a.ip), p.child('hostAliases').index(i).child('ip'), v));
  });
  errs.push(...schedulingGates(spec.schedulingGates, p.child('schedulingGates'), v));
  errs.push(...validatePodOS(spec, p));
  return errs;
}

/** validateSchedulingGates: qualified names, no name twice; both reported at the gate's index. */
function schedulingGates(gates: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(gates).forEach((gate, i) => {
    const name = str(gate.name);
    errs.push(...isQualifiedName(name, v).map((m) => invalid(p.index(i), name, m)));
    if (seen.has(name)) errs.push(duplicate(p.index(i), name));
    seen.add(name);
  });
  return errs;
}

/** validatePodHostNetworkDeps: with hostNetwork, hostPort must equal containerPort (0 allowed in templates). */
function hostNetworkPorts(spec: Obj, p: FieldPath, isPod: boolean): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  objs(spec.containers).forEach((c, i) => {
    objs(c.ports).forEach((port, j) => {
      const hp = optNum(port.hostPort) ?? 0;
      const cp = optNum(port.containerPort) ?? 0;
      if ((isPod || hp !== 0) && hp !== cp) {
        errs.push(invalid(p.child('containers').index(i).child('ports').index(j).child('hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

/**
 * validateHostUsers: a pod in a user namespace (`hostUsers: false`, kept from 1.33 where
 * UserNamespacesSupport is on) may not share the host's network (UserNamespacesHostNetworkSupport
 * is off in every emulated release), PID or IPC namespace, nor use block devices. The odd
 * capitalisation of HostPID/HostIPC is upstream's.
 */
function hostUsersDeps(spec: Obj, p: FieldPath): FieldError[] {
  if (spec.hostUsers !== false) return [];
  const errs: FieldError[] = [];
  if (spec.hostNetwork === true) errs.push(forbidden(p.child('hostNetwork'), 'when `hostUsers` is false'));
  if (spec.hostPID === true) errs.push(forbidden(p.child('HostPID'), 'when `hostUsers` is false'));
  if (spec.hostIPC === true) errs.push(forbidden(p.child('HostIPC'), 'when `hostUsers` is false'));
  for (const list of ['initContainers', 'containers']) {
    objs(spec[list]).forEach((c, i) => {
      if (arr(c.volumeDevices).length) errs.push(forbidden(p.child(list).index(i).child('volumeDevices'), 'when `hostUsers` is false'));
    });
  }
  return errs;
}

/**
 * seLinuxChangePolicy (kept from 1.33, SELinuxChangePolicy): only Recursive until SELinuxMount is
 * on (GA in 1.37), then MountOption too (validateSELinuxChangePolicy with
 * AllowOnlyRecursiveSELinuxChangePolicy from pkg/api/pod/util.go useOnlyRecursiveSELinuxChangePolicy).
 * supplementalGroupsPolicy (kept from 1.33): Merge or Strict.
 */
function gatedSecurityContextFields(sc: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  if (has(sc, 'seLinuxChangePolicy')) {
    const allowed = gateEnabled('SELinuxMount', v) ? ['MountOption', 'Recursive'] : ['Recursive'];
    const policy = str(sc.seLinuxChangePolicy);
    if (!allowed.includes(policy)) errs.push(notSupported(p.child('seLinuxChangePolicy'), policy, allowed));
  }
  if (has(sc, 'supplementalGroupsPolicy') && !['Merge', 'Strict'].includes(str(sc.supplementalGroupsPolicy))) {
    errs.push(notSupported(p.child('supplementalGroupsPolicy'), str(sc.supplementalGroupsPolicy), ['Merge', 'Strict']));
  }
  return errs;
}

function podSecurityContext(sc: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  for (const f of ['fsGroup', 'runAsUser', 'runAsGroup']) {
    const id = optNum(sc[f]);
    if (id !== undefined && (id < 0 || id > MAX_INT32)) errs.push(invalid(p.child(f), id, inclusiveRangeError(0, MAX_INT32)));
  }
  arr(sc.supplementalGroups).forEach((g, i) => {
    const id = optNum(g) ?? 0;
    if (id < 0 || id > MAX_INT32) errs.push(invalid(p.child('supplementalGroups').index(i), id, inclusiveRangeError(0, MAX_INT32)));
  });
  if (has(sc, 'fsGroupChangePolicy') && !['Always', 'OnRootMismatch'].includes(str(sc.fsGroupChangePolicy))) {
    errs.push(notSupported(p.child('fsGroupChangePolicy'), str(sc.fsGroupChangePolicy), ['Always', 'OnRootMismatch']));
  }
  errs.push(...gatedSecurityContextFields(sc, p, v));
  return errs;
}

const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_LIST_CHARS = 2048;

/**
 * validatePodDNSConfig. Search domains: where RelaxedDNSSearchValidation is on (beta 1.33, GA
 * 1.34, no gate in 1.37) "." is allowed and the others may hold '_'
 * (IsDNS1123SubdomainWithUnderscore); before, a trailing dot is trimmed and the rest must be an
 * RFC 1123 subdomain, so "." alone is refused (pkg/api/pod/util.go useRelaxedDNSSearchValidation
 * also relaxes an update whose old pod used '_' or ".": never the case below 1.33 here).
 */
function dnsConfig(spec: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  const cfg = spec.dnsConfig;
  if (str(spec.dnsPolicy) === 'None') {
    if (!isObj(cfg)) return [required(p, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!arr(cfg.nameservers).length) return [required(p.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isObj(cfg)) return [];
  const errs: FieldError[] = [];
  const ns = arr(cfg.nameservers).map(str);
  if (ns.length > 3) errs.push(invalid(p.child('nameservers'), ns, 'must not have more than 3 nameservers'));
  ns.forEach((ip, i) => {
    errs.push(...validateLegacyIP(ip, p.child('nameservers').index(i), v));
  });
  const searches = arr(cfg.searches).map(str);
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    errs.push(invalid(p.child('searches'), searches, `must not have more than ${MAX_DNS_SEARCH_PATHS} search paths`));
  }
  if (searches.join(' ').length > MAX_DNS_SEARCH_LIST_CHARS) {
    errs.push(invalid(p.child('searches'), searches, `must not have more than ${MAX_DNS_SEARCH_LIST_CHARS} characters (including spaces) in the search list`));
  }
  const relaxed = gateEnabled('RelaxedDNSSearchValidation', v);
  searches.forEach((s, i) => {
    if (relaxed && s === '.') return;
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    const problems = relaxed ? isDNS1123SubdomainWithUnderscore(trimmed) : isDNS1123Subdomain(trimmed);
    errs.push(...problems.map((m) => invalid(p.child('searches').index(i), trimmed, m)));
  });
  objs(cfg.options).forEach((o, i) => {
    if (!str(o.name)) errs.push(required(p.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

function topologySpread(constraints: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  const list = objs(constraints);
  list.forEach((c, i) => {
    const ip = p.index(i);
    const skew = optNum(c.maxSkew) ?? 0;
    if (skew <= 0) errs.push(invalid(ip.child('maxSkew'), skew, 'must be greater than zero'));
    if (!str(c.topologyKey)) errs.push(required(ip.child('topologyKey'), 'can not be empty'));
    const when = str(c.whenUnsatisfiable);
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(when)) errs.push(notSupported(ip.child('whenUnsatisfiable'), when, ['DoNotSchedule', 'ScheduleAnyway']));
    const dup = list.slice(i + 1).some((o) => str(o.topologyKey) === str(c.topologyKey) && str(o.whenUnsatisfiable) === when);
    if (dup) errs.push(duplicate(ip.child('{topologyKey, whenUnsatisfiable}').at(ip.segments), `{${str(c.topologyKey)}, ${when}}`));
    errs.push(...validateTopologyMatchLabelKeys(c, ip, v));
    errs.push(...validateLabelSelector(c.labelSelector, ip.child('labelSelector'), v));
  });
  return errs;
}

/** ValidatePodTemplateSpec: template labels/annotations and its pod spec. */
export function validatePodTemplateSpec(template: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const t = obj(template);
  const meta = obj(t.metadata);
  // Upstream validates template labels at `<template>.labels` (fldPath.Child("labels")).
  const errs = [
    ...validateLabels(meta.labels, p.child('labels').at([...p.segments, 'metadata', 'labels']), v),
    ...validateAnnotations(meta.annotations, p.child('annotations').at([...p.segments, 'metadata', 'annotations']), v),
  ];
  const spec = obj(t.spec);
  errs.push(...validatePodSpec(spec, p.child('spec'), v));
  if (arr(spec.ephemeralContainers).length) {
    errs.push(forbidden(p.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

/** validatePodMetadataAndSpec: the pod's own metadata and spec, as create, update and resize check them. */
export function podMetadataAndSpec(pod: Obj, v: KubeVersion): FieldError[] {
  const meta = obj(pod.metadata);
  const spec = obj(pod.spec);
  const errs = validateObjectMeta(meta, { name: 'subdomain', namespaced: true }, v);
  const mirror = obj(meta.annotations)['kubernetes.io/config.mirror'];
  if (mirror !== undefined && !str(spec.nodeName)) {
    errs.push(invalid(FieldPath.of('metadata', 'annotations').key('kubernetes.io/config.mirror'), str(mirror), 'must set spec.nodeName if mirror pod annotation is set'));
  }
  errs.push(...validatePodSpec(spec, FieldPath.of('spec'), v, { podName: str(meta.name), isPod: true }));
  if (!str(spec.serviceAccountName)) {
    objs(spec.volumes).forEach((vol, vi) => {
      objs(obj(vol.projected).sources).forEach((src, si) => {
        if (isObj(src.serviceAccountToken)) {
          errs.push(forbidden(FieldPath.of('spec', 'volumes').index(vi).child('projected', 'sources').index(si).child('serviceAccountToken'), 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  errs.push(...imageWhitespace(spec.containers, FieldPath.of('spec', 'containers')));
  errs.push(...imageWhitespace(spec.initContainers, FieldPath.of('spec', 'initContainers')));
  return errs;
}

export function validatePodCreate(pod: Obj, v: KubeVersion): FieldError[] {
  const errs = podMetadataAndSpec(pod, v);
  const spec = obj(pod.spec);
  if (arr(spec.ephemeralContainers).length) errs.push(forbidden(FieldPath.of('spec', 'ephemeralContainers'), 'cannot be set on create'));
  if (str(spec.nodeName) && arr(spec.schedulingGates).length) {
    errs.push(forbidden(FieldPath.of('spec', 'nodeName'), 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

const UPDATABLE_POD_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations and gate removals. */
export function validatePodUpdate(pod: Obj, old: Obj, v: KubeVersion): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pod.metadata, old.metadata, v), ...podMetadataAndSpec(pod, v)];
  const spec = obj(pod.spec);
  const oldSpec = obj(old.spec);
  const sp = FieldPath.of('spec');
  for (const field of ['containers', 'initContainers']) {
    const now = objs(spec[field]);
    const before = objs(oldSpec[field]);
    if (now.length !== before.length) return [...errs, forbidden(sp.child(field), 'pod updates may not add or remove containers')];
    now.forEach((c, i) => {
      if (!str(c.image)) errs.push(required(sp.child(field).index(i).child('image')));
    });
  }
  errs.push(...activeDeadlineUpdate(optNum(spec.activeDeadlineSeconds), optNum(oldSpec.activeDeadlineSeconds), sp.child('activeDeadlineSeconds')));
  errs.push(...onlyAddedTolerations(spec.tolerations, oldSpec.tolerations, sp.child('tolerations'), v));
  errs.push(...onlyRemovedSchedulingGates(spec.schedulingGates, oldSpec.schedulingGates, sp.child('schedulingGates')));
  if (deepEqual(spec, oldSpec)) return errs;
  const munged = mungePodSpec(spec, oldSpec);
  if (!deepEqual(munged, oldSpec)) {
    errs.push(forbidden(sp, `pod updates may not change fields other than ${UPDATABLE_POD_FIELDS.join(',')}\n${specDiff('core.PodSpec', oldSpec, munged)}`));
  }
  return errs;
}

function activeDeadlineUpdate(now: number | undefined, before: number | undefined, p: FieldPath): FieldError[] {
  if (now !== undefined) {
    if (now < 0 || now > MAX_INT32) return [invalid(p, now, inclusiveRangeError(0, MAX_INT32))];
    if (before !== undefined && before < now) return [invalid(p, now, 'must be less than or equal to previous value')];
    return [];
  }
  return before !== undefined ? [invalid(p, null, 'must not update from a positive integer to nil value')] : [];
}

/** validateOnlyAddedTolerations: old tolerations stay (tolerationSeconds may change). */
function onlyAddedTolerations(now: unknown, before: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const current = objs(now);
  for (const old of objs(before)) {
    const kept = current.some((t) => deepEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!kept) return [forbidden(p, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(now, p, v);
}

function onlyRemovedSchedulingGates(now: unknown, before: unknown, p: FieldPath): FieldError[] {
  const old = new Set(objs(before).map((g) => str(g.name)));
  const errs: FieldError[] = [];
  objs(now).forEach((g, i) => {
    if (!old.has(str(g.name))) errs.push(forbidden(p.index(i).child('name'), `only deletion is allowed, but found new scheduling gate '${str(g.name)}'`));
  });
  return errs;
}

/** The new spec with every updatable field reset to the old value: what must equal the old spec. */
function mungePodSpec(spec: Obj, old: Obj): Obj {
  const m: Obj = { ...spec };
  for (const field of ['containers', 'initContainers']) {
    const before = objs(old[field]);
    if (has(m, field)) m[field] = objs(m[field]).map((c, i) => ({ ...c, image: before[i]?.image }));
  }
  for (const field of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations']) {
    if (has(old, field)) m[field] = old[field];
    else delete m[field];
  }
  const oldGrace = optNum(old.terminationGracePeriodSeconds);
  if (oldGrace !== undefined && oldGrace < 0 && optNum(m.terminationGracePeriodSeconds) === 1) {
    m.terminationGracePeriodSeconds = oldGrace;
  }
  return m;
}
