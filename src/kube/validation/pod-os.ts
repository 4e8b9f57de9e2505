/**
 * spec.os (core validation.go validateOS, validateLinux, validateWindows): the name is linux or
 * windows; a linux pod may not set windowsOptions; a windows pod may not set the Linux-only
 * security fields, host namespaces or hostUsers, in the pod or in any container (init, regular,
 * ephemeral: VisitContainersWithPath).
 */
import { has, isObj, obj, objs, str, type Obj } from './access';
import { FieldPath, forbidden, notSupported, required, type FieldError } from './field-error';

const VALID_OS = ['linux', 'windows'];
const ON_WINDOWS = 'cannot be set for a windows pod';
const ON_LINUX = 'windows options cannot be set for a linux pod';

const WINDOWS_FORBIDDEN_POD_SECURITY = [
  'appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser',
  'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy', 'seLinuxChangePolicy',
];
const WINDOWS_FORBIDDEN_CONTAINER_SECURITY = [
  'appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged',
  'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup',
];

/** VisitContainersWithPath: init containers, containers, ephemeral containers, each with its path. */
function containersWithPath(spec: Obj, p: FieldPath): Array<[Obj, FieldPath]> {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((list) =>
    objs(spec[list]).map((c, i): [Obj, FieldPath] => [c, p.child(list).index(i)]));
}

/** sysctls counts only when non-empty (len(securityContext.Sysctls) > 0); the rest when set. */
function isSet(sc: Obj, field: string): boolean {
  if (field === 'sysctls') return Array.isArray(sc.sysctls) && sc.sysctls.length > 0;
  return has(sc, field);
}

function validateLinux(spec: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (has(obj(spec.securityContext), 'windowsOptions')) errs.push(forbidden(p.child('securityContext', 'windowsOptions'), ON_LINUX));
  for (const [c, cp] of containersWithPath(spec, p)) {
    if (has(obj(c.securityContext), 'windowsOptions')) errs.push(forbidden(cp.child('securityContext', 'windowsOptions'), ON_LINUX));
  }
  return errs;
}

function validateWindows(spec: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (isObj(spec.securityContext)) {
    const sc = spec.securityContext;
    for (const f of WINDOWS_FORBIDDEN_POD_SECURITY) if (isSet(sc, f)) errs.push(forbidden(p.child('securityContext', f), ON_WINDOWS));
  }
  if (has(spec, 'hostUsers')) errs.push(forbidden(p.child('hostUsers'), ON_WINDOWS));
  if (spec.hostPID === true) errs.push(forbidden(p.child('hostPID'), ON_WINDOWS));
  if (spec.hostIPC === true) errs.push(forbidden(p.child('hostIPC'), ON_WINDOWS));
  if (has(spec, 'shareProcessNamespace')) errs.push(forbidden(p.child('shareProcessNamespace'), ON_WINDOWS));
  for (const [c, cp] of containersWithPath(spec, p)) {
    if (!isObj(c.securityContext)) continue;
    const sc = c.securityContext;
    for (const f of WINDOWS_FORBIDDEN_CONTAINER_SECURITY) if (has(sc, f)) errs.push(forbidden(cp.child('securityContext', f), ON_WINDOWS));
  }
  return errs;
}

export function validatePodOS(spec: Obj, p: FieldPath): FieldError[] {
  if (!isObj(spec.os)) return [];
  const name = str(spec.os.name);
  if (!name) return [required(p.child('os', 'name'))];
  if (!VALID_OS.includes(name)) return [notSupported(p.child('os'), name, VALID_OS)];
  return name === 'linux' ? validateLinux(spec, p) : validateWindows(spec, p);
}
