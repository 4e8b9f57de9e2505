/**
 * Containers (core validation.go validateContainerCommon, validateContainers,
 * validateInitContainers): names, image, ports, env, mounts, pull policy, resources, probes.
 */
import { parseQuantity } from '../quantity';
import { atLeast, type KubeVersion } from '../version';
import { arr, has, isObj, obj, objs, optNum, str, type Obj } from './access';
import { duplicate, FieldPath, forbidden, invalid, notFoundField, notSupported, required, type FieldError } from './field-error';
import { IS_NEGATIVE, nonNegative } from './meta';
import {
  inclusiveRangeError, isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isHTTPHeaderName,
  isQualifiedName, isRelaxedEnvVarName, isValidPortName, isValidPortNum, nameProblems,
} from './names';
import { isPVCBacked, localDescendingPath, noBacksteps, type VolumeMap } from './pod-volumes';
import { gateEnabled } from '../defaults/feature-gates';
import { QUANTITY_REGEX_MESSAGE, canonicalQuantity } from './quantity-text';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_POLICIES = ['File', 'FallbackToLogsOnError'];
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
/** Resources that must be whole numbers and cannot be overcommitted (helper.IsIntegerResourceName). */
const MAX_ID = 2147483647;

export interface ContainerContext {
  vols: VolumeMap;
  gracePeriod: number | undefined;
  v: KubeVersion;
  /** the pod's hostUsers (absent means true) */
  hostUsers: boolean;
  /** the pod's restartPolicy (resizePolicy must be NotRequired under Never) */
  restartPolicy?: string;
}

/** validateContainerPorts: names, numbers, protocol; names unique within the container. */
function validatePorts(ports: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objs(ports).forEach((port, i) => {
    const ip = p.index(i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) errs.push(...msgs.map((m) => invalid(ip.child('name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
      else names.add(name);
    }
    const containerPort = optNum(port.containerPort) ?? 0;
    if (containerPort === 0) errs.push(required(ip.child('containerPort')));
    else errs.push(...isValidPortNum(containerPort).map((m) => invalid(ip.child('containerPort'), containerPort, m)));
    const hostPort = optNum(port.hostPort) ?? 0;
    if (hostPort !== 0) errs.push(...isValidPortNum(hostPort).map((m) => invalid(ip.child('hostPort'), hostPort, m)));
    const protocol = str(port.protocol);
    if (!protocol) errs.push(required(ip.child('protocol')));
    else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(ip.child('protocol'), protocol, PROTOCOLS));
  });
  return errs;
}

/** ValidateEnv (relaxed names are the default from 1.32: RelaxedEnvironmentVariableValidation). */
function validateEnv(env: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  objs(env).forEach((e, i) => {
    const ip = p.index(i);
    const name = str(e.name);
    if (!name) errs.push(required(ip.child('name')));
    else {
      const msgs = atLeast(v, '1.32') ? isRelaxedEnvVarName(name) : isEnvVarName(name);
      errs.push(...msgs.map((m) => invalid(ip.child('name'), name, m)));
    }
    if (isObj(e.valueFrom)) errs.push(...validateValueFrom(e, ip.child('valueFrom'), v));
  });
  return errs;
}

/**
 * validateEnvVarValueFrom. fileKeyRef counts as a source where EnvFiles is on (beta from 1.35),
 * and the "must specify one of" message then names it; before, the field is dropped on write
 * (pod-disabled-fields.ts), leaving an empty valueFrom.
 */
function validateValueFrom(e: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  const from = obj(e.valueFrom);
  const envFiles = gateEnabled('EnvFiles', v);
  const kinds = envFiles ? ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'] : ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];
  const sources = kinds.filter((k) => isObj(from[k]));
  const errs: FieldError[] = [];
  for (const k of ['configMapKeyRef', 'secretKeyRef']) {
    if (!isObj(from[k])) continue;
    const ref = from[k] as Obj;
    const key = str(ref.key);
    const name = str(ref.name);
    if (name) errs.push(...isDNS1123Subdomain(name).map((m) => invalid(p.child(k, 'name'), name, m)));
    if (!key) errs.push(required(p.child(k, 'key')));
    else errs.push(...isConfigMapKey(key).map((m) => invalid(p.child(k, 'key'), key, m)));
  }
  if (isObj(from.fieldRef)) {
    const fr = from.fieldRef;
    if (!str(fr.fieldPath)) errs.push(required(p.child('fieldRef', 'fieldPath')));
  }
  if (!sources.length) {
    const names = envFiles ? '`fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`' : '`fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`';
    errs.push(invalid(p, '', `must specify one of: ${names}`));
  }
  else if (str(e.value)) errs.push(invalid(p, '', 'may not be specified when `value` is not empty'));
  else if (sources.length > 1) errs.push(invalid(p, '', 'may not have more than one field specified at a time'));
  return errs;
}

function validateEnvFrom(envFrom: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  objs(envFrom).forEach((e, i) => {
    const ip = p.index(i);
    const prefix = str(e.prefix);
    if (prefix) {
      const msgs = atLeast(v, '1.32') ? isRelaxedEnvVarName(prefix) : isEnvVarName(prefix);
      errs.push(...msgs.map((m) => invalid(ip.child('prefix'), prefix, m)));
    }
    const sources = ['configMapRef', 'secretRef'].filter((k) => isObj(e[k]));
    for (const k of sources) {
      const name = str(obj(e[k]).name);
      if (!name) errs.push(required(ip.child(k, 'name')));
      else errs.push(...nameProblems('subdomain', name, true).map((m) => invalid(ip.child(k, 'name'), name, m)));
    }
    if (!sources.length) errs.push(invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources.length > 1) errs.push(invalid(p, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

/** ValidateVolumeMounts: the volume must exist (and be valid), mount paths unique and relative subPaths. */
function validateVolumeMounts(mounts: unknown, vols: VolumeMap, devices: Map<string, string>, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  objs(mounts).forEach((m, i) => {
    const ip = p.index(i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(ip.child('name')));
    if (!vols.has(name)) errs.push(notFoundField(ip.child('name'), name));
    if (!mountPath) errs.push(required(ip.child('mountPath')));
    if (paths.has(mountPath)) errs.push(invalid(ip.child('mountPath'), mountPath, 'must be unique'));
    paths.add(mountPath);
    if (devices.has(name)) errs.push(invalid(ip.child('name'), name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) errs.push(invalid(ip.child('mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    const subPath = str(m.subPath);
    const subPathExpr = str(m.subPathExpr);
    // Upstream passes the list's path, not the item's, for subPath problems (sic).
    if (subPath) errs.push(...localDescendingPath(subPath, p.child('subPath').at([...ip.segments, 'subPath'])));
    if (subPathExpr) {
      if (subPath) errs.push(invalid(ip.child('subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...localDescendingPath(subPathExpr, p.child('subPathExpr').at([...ip.segments, 'subPathExpr'])));
    }
    if (has(m, 'mountPropagation')) {
      const mp = str(m.mountPropagation);
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(mp)) errs.push(notSupported(p.child('mountPropagation').at([...ip.segments, 'mountPropagation']), mp, supported));
    }
    if (has(m, 'recursiveReadOnly')) errs.push(...recursiveReadOnly(m, p.child('recursiveReadOnly').at([...ip.segments, 'recursiveReadOnly'])));
  });
  return errs;
}

/**
 * validateMountRecursiveReadOnly (the field is kept from 1.31, RecursiveReadOnlyMounts; upstream
 * names the list's path, not the item's): Enabled and IfPossible need readOnly and no propagation.
 */
function recursiveReadOnly(m: Obj, p: FieldPath): FieldError[] {
  const value = str(m.recursiveReadOnly);
  if (value === 'Disabled') return [];
  if (value !== 'Enabled' && value !== 'IfPossible') return [notSupported(p, value, ['Disabled', 'Enabled', 'IfPossible'])];
  const errs: FieldError[] = [];
  if (m.readOnly !== true) errs.push(forbidden(p, 'may only be specified when readOnly is true'));
  if (has(m, 'mountPropagation') && str(m.mountPropagation) !== 'None') errs.push(forbidden(p, 'may only be specified when mountPropagation is None or not specified'));
  return errs;
}

function validateVolumeDevices(devicesList: unknown, vols: VolumeMap, mounts: Map<string, string>, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  const paths = new Set<string>();
  objs(devicesList).forEach((d, i) => {
    const ip = p.index(i);
    const name = str(d.name);
    const devicePath = str(d.devicePath);
    if (!name) errs.push(required(ip.child('name')));
    if (names.has(name)) errs.push(invalid(ip.child('name'), name, 'must be unique'));
    const vol = vols.get(name);
    if (vol && !isPVCBacked(vol)) errs.push(invalid(ip.child('name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    if (!vol) errs.push(notFoundField(ip.child('name'), name));
    if (!devicePath) errs.push(required(ip.child('devicePath')));
    if (paths.has(devicePath)) errs.push(invalid(ip.child('devicePath'), devicePath, 'must be unique'));
    if (devicePath && noBacksteps(devicePath, ip).length) errs.push(invalid(ip.child('devicePath'), devicePath, "can not contain backsteps ('..')"));
    else paths.add(devicePath);
    if (mounts.has(name)) errs.push(invalid(ip.child('name'), name, 'must not already exist in volumeMounts'));
    if ([...mounts.values()].includes(devicePath)) errs.push(invalid(ip.child('devicePath'), devicePath, 'must not already exist as a path in volumeMounts'));
    if (name) names.add(name);
  });
  return errs;
}

function validateResourceName(name: string, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs = isQualifiedName(name, v).map((m) => invalid(p, name, m));
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
      return [invalid(p, name, 'must be a standard resource for containers')];
    }
  } else if (name.startsWith('kubernetes.io/') || name.startsWith('requests.')) {
    return [invalid(p, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

/** Extended and hugepages resources may not be overcommitted (helper.IsOvercommitAllowed). */
const overcommitAllowed = (name: string): boolean => STANDARD_CONTAINER_RESOURCES.has(name);

/** validateResourceRequirements: names, non-negative quantities, requests <= limits. */
function validateResources(resources: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const r = obj(resources);
  const limits = obj(r.limits);
  const requests = obj(r.requests);
  const errs: FieldError[] = [];
  for (const [list, lp] of [[limits, p.child('limits')], [requests, p.child('requests')]] as const) {
    for (const name of Object.keys(list).sort()) {
      const qp = lp.key(name);
      errs.push(...validateResourceName(name, qp, v));
      const q = parseQuantity(list[name] as string);
      if (q === undefined) errs.push(invalid(qp, String(list[name]), QUANTITY_REGEX_MESSAGE));
      else if (q < 0) errs.push(invalid(qp, canonicalQuantity(list[name] as string), IS_NEGATIVE));
    }
  }
  for (const name of Object.keys(requests).sort()) {
    const req = parseQuantity(requests[name] as string);
    if (req === undefined) continue;
    if (has(limits, name)) {
      const lim = parseQuantity(limits[name] as string);
      if (lim === undefined) continue;
      // the canonical texts only appear in an error: formatted for one
      const reqText = () => canonicalQuantity(requests[name] as string);
      const limText = () => canonicalQuantity(limits[name] as string);
      if (req !== lim && !overcommitAllowed(name)) {
        errs.push(invalid(p.child('requests').at([...p.segments, 'requests', name]), reqText(), `must be equal to ${name} limit of ${limText()}`));
      } else if (req > lim) {
        errs.push(invalid(p.child('requests').at([...p.segments, 'requests', name]), reqText(), `must be less than or equal to ${name} limit of ${limText()}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(required(p.child('limits'), 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}

/**
 * ValidateSecurityContext. procMount reaches validation only where ProcMountType is on (1.33+;
 * dropped before): Default or Unmasked, and Unmasked needs `hostUsers: false`.
 */
function validateSecurityContext(sc: unknown, p: FieldPath, hostUsers: boolean): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  for (const f of ['runAsUser', 'runAsGroup']) {
    const id = optNum(sc[f]);
    if (id !== undefined && (id < 0 || id > MAX_ID)) errs.push(invalid(p.child(f), id, inclusiveRangeError(0, MAX_ID)));
  }
  if (has(sc, 'procMount') && !['Default', 'Unmasked'].includes(str(sc.procMount))) {
    errs.push(notSupported(p.child('procMount'), str(sc.procMount), ['Default', 'Unmasked']));
  }
  if (hostUsers && sc.procMount === 'Unmasked') errs.push(invalid(p.child('procMount'), 'Unmasked', '`hostUsers` must be false to use `Unmasked`'));
  return errs;
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];

/** validateHandler: exactly one handler, each well-formed. */
function validateHandler(h: Obj, p: FieldPath, ctx: ContainerContext, allowed: string[]): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of HANDLERS.filter((k) => allowed.includes(k))) {
    if (!isObj(h[kind])) continue;
    if (count > 0) {
      errs.push(forbidden(p.child(kind), 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    errs.push(...validateOneHandler(kind, h[kind] as Obj, p.child(kind), ctx));
  }
  if (count === 0) errs.push(required(p, 'must specify a handler type'));
  return errs;
}

function validateOneHandler(kind: string, h: Obj, p: FieldPath, ctx: ContainerContext): FieldError[] {
  switch (kind) {
    case 'exec':
      return arr(h.command).length ? [] : [required(p.child('command'))];
    case 'httpGet': {
      const errs = str(h.path) ? [] : [required(p.child('path'))];
      errs.push(...validatePortNumOrName(h.port, p.child('port')));
      if (!['HTTP', 'HTTPS'].includes(str(h.scheme))) errs.push(notSupported(p.child('scheme'), str(h.scheme), ['HTTP', 'HTTPS']));
      for (const header of objs(h.httpHeaders)) {
        errs.push(...isHTTPHeaderName(str(header.name)).map((m) => invalid(p.child('httpHeaders'), str(header.name), m)));
      }
      return errs;
    }
    case 'tcpSocket':
      return validatePortNumOrName(h.port, p.child('port'));
    case 'grpc':
      return validatePortNumOrName(optNum(h.port) ?? 0, p.child('port'));
    case 'sleep':
      return validateSleepAction(optNum(h.seconds) ?? 0, p, ctx);
    default:
      return [];
  }
}

/**
 * validateSleepAction: at most terminationGracePeriodSeconds. Zero is allowed where
 * PodLifecycleSleepActionAllowZero is on (beta and on in 1.33, GA 1.34, the gate gone in 1.37,
 * which always allows it), with the message that names no gate; before, the gate-off message.
 * (Upstream also allows zero on an update whose old spec already used it; the emulated gate is
 * only off in 1.29-1.32, where no stored object can hold a zero sleep.)
 */
function validateSleepAction(seconds: number, p: FieldPath, ctx: ContainerContext): FieldError[] {
  const grace = ctx.gracePeriod;
  if (grace === undefined) return [];
  if (gateEnabled('PodLifecycleSleepActionAllowZero', ctx.v)) {
    return seconds < 0 || seconds > grace ? [invalid(p, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${grace})`)] : [];
  }
  if (seconds > 0 && seconds <= grace) return [];
  return [invalid(p, seconds, `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`)];
}

/**
 * A regular container's restartPolicy: forbidden until ContainerRestartRules (beta and on from
 * 1.35) allows it with Always, Never or OnFailure (validation.go validateContainers /
 * validateContainerRestartPolicy). Where the gate is off the field never gets here: it is dropped
 * (pod-disabled-fields.ts). The rules themselves are refused as unimplemented (sim/unimplemented.ts).
 */
function regularContainerRestartPolicy(c: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  if (!has(c, 'restartPolicy')) return [];
  if (!gateEnabled('ContainerRestartRules', v)) return [forbidden(p.child('restartPolicy'), 'may not be set for non-init containers')];
  return containerRestartPolicy(str(c.restartPolicy), p.child('restartPolicy'), v);
}

/**
 * A container's restartPolicy value (validateInitContainerRestartPolicy,
 * validateContainerRestartPolicy): Always — for an init container, a sidecar — and, where
 * ContainerRestartRules is on (1.35+), Never and OnFailure, overriding the pod's policy for that
 * container. Before 1.35 an init container's other values are dropped on write
 * (pod-disabled-fields.ts).
 */
function containerRestartPolicy(policy: string, p: FieldPath, v: KubeVersion): FieldError[] {
  const allowed = gateEnabled('ContainerRestartRules', v) ? ['Always', 'Never', 'OnFailure'] : ['Always'];
  return allowed.includes(policy) ? [] : [notSupported(p, policy, allowed)];
}

/** ValidatePortNumOrName: an IntOrString port. */
export function validatePortNumOrName(port: unknown, p: FieldPath): FieldError[] {
  if (typeof port === 'string' && !/^\d+$/.test(port)) return isValidPortName(port).map((m) => invalid(p, port, m));
  const n = typeof port === 'string' ? Number(port) : (optNum(port) ?? 0);
  return isValidPortNum(n).map((m) => invalid(p, n, m));
}

function validateProbe(probe: unknown, p: FieldPath, ctx: ContainerContext, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  if (!isObj(probe)) return [];
  const errs = validateHandler(probe, p, ctx, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...nonNegative(optNum(probe[f]) ?? 0, p.child(f)));
  }
  const tgps = optNum(probe.terminationGracePeriodSeconds);
  if (tgps !== undefined && tgps <= 0) errs.push(invalid(p.child('terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  if (kind !== 'readiness' && (optNum(probe.successThreshold) ?? 0) !== 1) {
    errs.push(invalid(p.child('successThreshold'), optNum(probe.successThreshold) ?? 0, 'must be 1'));
  }
  if (kind === 'readiness' && tgps !== undefined) {
    errs.push(invalid(p.child('terminationGracePeriodSeconds'), tgps, 'must not be set for readinessProbes'));
  }
  return errs;
}

function validateLifecycle(lc: unknown, p: FieldPath, ctx: ContainerContext): FieldError[] {
  const l = obj(lc);
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    if (isObj(l[hook])) errs.push(...validateHandler(l[hook] as Obj, p.child(hook), ctx, ['exec', 'httpGet', 'tcpSocket', 'sleep']));
  }
  return errs;
}

function mapOf(list: unknown, key: string, value: string): Map<string, string> {
  return new Map(objs(list).map((x) => [str(x[key]), str(x[value])]));
}

/** validateContainerCommon: what every container kind must satisfy. */
function validateContainerCommon(c: Obj, p: FieldPath, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(p.child('name')));
  else errs.push(...isDNS1123Label(name).map((m) => invalid(p.child('name'), name, m)));
  if (!str(c.image)) errs.push(required(p.child('image')));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(p.child('terminationMessagePolicy')));
  else if (!TERMINATION_POLICIES.includes(tmp)) errs.push(notSupported(p.child('terminationMessagePolicy'), tmp, TERMINATION_POLICIES));
  const mounts = mapOf(c.volumeMounts, 'name', 'mountPath');
  const devices = mapOf(c.volumeDevices, 'name', 'devicePath');
  errs.push(...validatePorts(c.ports, p.child('ports')));
  errs.push(...validateEnv(c.env, p.child('env'), ctx.v));
  errs.push(...validateEnvFrom(c.envFrom, p.child('envFrom'), ctx.v));
  errs.push(...validateVolumeMounts(c.volumeMounts, ctx.vols, devices, p.child('volumeMounts')));
  errs.push(...validateVolumeDevices(c.volumeDevices, ctx.vols, mounts, p.child('volumeDevices')));
  const pull = str(c.imagePullPolicy);
  if (!pull) errs.push(required(p.child('imagePullPolicy')));
  else if (!PULL_POLICIES.includes(pull)) errs.push(notSupported(p.child('imagePullPolicy'), pull, PULL_POLICIES));
  errs.push(...validateResources(c.resources, p.child('resources'), ctx.v));
  errs.push(...validateResizePolicy(c.resizePolicy, p.child('resizePolicy'), ctx));
  errs.push(...validateSecurityContext(c.securityContext, p.child('securityContext'), ctx.hostUsers));
  return errs;
}

const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];

/**
 * validateResizePolicy: cpu or memory, once each, NotRequired or RestartContainer, and NotRequired
 * only when the pod's restartPolicy is Never. The field exists only while InPlacePodVerticalScaling
 * is on (dropped before 1.33, kube/defaults/disabled-fields.ts). The 1.36 wording ("pod
 * `restartPolicy`") is kubernetes#137136; the 1.33-1.34 wording is assumed to be 1.35's (unverified).
 */
function validateResizePolicy(list: unknown, p: FieldPath, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(list).forEach((policy, i) => {
    const resource = str(policy.resourceName);
    const restart = str(policy.restartPolicy);
    if (seen.has(resource)) errs.push(duplicate(p.index(i), resource));
    seen.add(resource);
    if (!resource) errs.push(required(p));
    else if (!RESIZE_RESOURCES.includes(resource)) errs.push(notSupported(p, resource, RESIZE_RESOURCES));
    if (!restart) errs.push(required(p));
    else if (!RESIZE_POLICIES.includes(restart)) errs.push(notSupported(p, restart, RESIZE_POLICIES));
    if (ctx.restartPolicy === 'Never' && restart !== 'NotRequired') {
      errs.push(invalid(p, restart, atLeast(ctx.v, '1.36') ? "must be 'NotRequired' when pod `restartPolicy` is 'Never'" : "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}

/** Host ports may not collide across the given containers (checkHostPortConflicts). */
function hostPortConflicts(containers: Obj[], p: FieldPath, offset = 0): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    objs(c.ports).forEach((port, pi) => {
      const hostPort = optNum(port.hostPort) ?? 0;
      if (!hostPort) return;
      const key = `${str(port.protocol)}/${str(port.hostIP)}/${hostPort}`;
      if (seen.has(key)) errs.push(duplicate(p.index(ci + offset).child('ports').index(pi).child('hostPort'), key));
      seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(containers: unknown, p: FieldPath, ctx: ContainerContext): FieldError[] {
  const list = objs(containers);
  if (!list.length) return [required(p)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const ip = p.index(i);
    errs.push(...validateContainerCommon(c, ip, ctx));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
    else names.add(name);
    if (isObj(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, ip.child('lifecycle'), ctx));
    errs.push(...validateProbe(c.livenessProbe, ip.child('livenessProbe'), ctx, 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, ip.child('readinessProbe'), ctx, 'readiness'));
    errs.push(...validateProbe(c.startupProbe, ip.child('startupProbe'), ctx, 'startup'));
    errs.push(...regularContainerRestartPolicy(c, ip, ctx.v));
  });
  errs.push(...hostPortConflicts(list, p));
  return errs;
}

export function validateInitContainers(initContainers: unknown, regular: unknown, p: FieldPath, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(objs(regular).map((c) => str(c.name)));
  objs(initContainers).forEach((c, i) => {
    const ip = p.index(i);
    errs.push(...validateContainerCommon(c, ip, ctx));
    let sidecar = false;
    if (has(c, 'restartPolicy')) {
      errs.push(...containerRestartPolicy(str(c.restartPolicy), ip.child('restartPolicy'), ctx.v));
      sidecar = str(c.restartPolicy) === 'Always';
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
    else if (name) names.add(name);
    errs.push(...hostPortConflicts([c], p, i));
    // kubernetes#137458 (1.36): a non-sidecar init container is never restarted for a resize
    if (!sidecar && atLeast(ctx.v, '1.36')) {
      objs(c.resizePolicy).forEach((policy, j) => {
        if (str(policy.restartPolicy) === 'RestartContainer') {
          errs.push(invalid(ip.child('resizePolicy').index(j).child('restartPolicy'), 'RestartContainer', "must not be set to 'RestartContainer' for non-sidecar initContainers"));
        }
      });
    }
    if (sidecar) {
      if (isObj(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, ip.child('lifecycle'), ctx));
      errs.push(...validateProbe(c.livenessProbe, ip.child('livenessProbe'), ctx, 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, ip.child('readinessProbe'), ctx, 'readiness'));
      errs.push(...validateProbe(c.startupProbe, ip.child('startupProbe'), ctx, 'startup'));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (has(c, f)) errs.push(forbidden(ip.child(f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

/** validateContainerOnlyForPod: images of real pods may not carry surrounding whitespace. */
export function imageWhitespace(containers: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  objs(containers).forEach((c, i) => {
    const image = str(c.image);
    if (image !== image.trim()) errs.push(invalid(p.index(i).child('image'), image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}
