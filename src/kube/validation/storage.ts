/**
 * Storage kinds: PersistentVolume and PersistentVolumeClaim (core validation.go) and StorageClass
 * (pkg/apis/storage/validation/validation.go), on create and update.
 */
import { deepEqual } from '../equal';
import { parseQuantity } from '../quantity';
import { atLeast, type KubeVersion } from '../version';
import { has, isObj, obj, optStr, str, strMap, type Obj } from './access';
import { specDiff } from './diff';
import { FieldPath, forbidden, invalid, notSupported, required, tooLong, type FieldError } from './field-error';
import { goQuote, goStringMap, GoValue } from './go-value';
import { FIELD_IMMUTABLE, immutable, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { isDNS1123Subdomain, isQualifiedName } from './names';
import { validateCSIDriverName } from './pod-volumes';
import { positiveQuantity, validateAccessModes, validatePVCSpec, VOLUME_MODES } from './pvc-spec';
import { validateNodeSelector } from './scheduling';

const SPEC = FieldPath.of('spec');

/** core.ResourceList as validation prints it; Quantity's %#v is a struct dump we abbreviate. */
function goResourceList(list: unknown): GoValue {
  if (!isObj(list)) return new GoValue('core.ResourceList(nil)', null);
  const m = strMap(list) ?? {};
  const keys = Object.keys(m).sort();
  return new GoValue(`core.ResourceList{${keys.map((k) => `${goQuote(k)}:resource.Quantity{...}`).join(', ')}}`, Object.fromEntries(keys.map((k) => [k, m[k]])));
}
const PV_RECLAIM = ['Delete', 'Recycle', 'Retain'];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

/** PersistentVolumeSource fields in upstream's check order. */
const PV_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs',
  'iscsi', 'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume',
  'azureDisk', 'scaleIO', 'local', 'storageos', 'csi',
];

function pvSource(source: string, s: Obj, p: FieldPath): FieldError[] {
  switch (source) {
    case 'hostPath': {
      const path = str(s.path);
      if (!path) return [required(p.child('path'))];
      const errs: FieldError[] = path.split('/').includes('..') ? [invalid(p.child('path'), path, "must not contain '..'")] : [];
      if (has(s, 'type') && !HOST_PATH_TYPES.includes(str(s.type))) errs.push(notSupported(p.child('type'), str(s.type), HOST_PATH_TYPES));
      return errs;
    }
    case 'nfs': {
      const errs: FieldError[] = [];
      if (!str(s.server)) errs.push(required(p.child('server')));
      if (!str(s.path)) errs.push(required(p.child('path')));
      if (!str(s.path).startsWith('/')) errs.push(invalid(p.child('path'), str(s.path), 'must be an absolute path'));
      return errs;
    }
    case 'local': {
      const path = str(s.path);
      if (!path) return [required(p.child('path'))];
      return path.split('/').includes('..') ? [invalid(p.child('path'), path, "must not contain '..'")] : [];
    }
    case 'csi': {
      const errs = validateCSIDriverName(str(s.driver), p.child('driver'));
      if (!str(s.volumeHandle)) errs.push(required(p.child('volumeHandle')));
      return errs;
    }
    default:
      return [];
  }
}

function pvSpec(spec: Obj, v: KubeVersion): FieldError[] {
  const errs = validateAccessModes(spec.accessModes, SPEC.child('accessModes'), '');
  const capacity = obj(spec.capacity);
  const cp = SPEC.child('capacity');
  if (!Object.keys(capacity).length) errs.push(required(cp));
  if (!has(capacity, 'storage') || Object.keys(capacity).length > 1) {
    errs.push(notSupported(cp, goResourceList(spec.capacity), ['storage']));
  }
  for (const r of Object.keys(capacity).sort()) errs.push(...positiveQuantity(capacity[r], cp.key(r)));
  const reclaim = str(spec.persistentVolumeReclaimPolicy);
  if (reclaim && !PV_RECLAIM.includes(reclaim)) errs.push(notSupported(SPEC.child('persistentVolumeReclaimPolicy'), reclaim, PV_RECLAIM));
  let nodeAffinity = false;
  if (isObj(spec.nodeAffinity)) {
    nodeAffinity = true;
    const na = spec.nodeAffinity;
    if (isObj(na.required)) errs.push(...validateNodeSelector(na.required, SPEC.child('nodeAffinity', 'required'), v));
    else errs.push(required(SPEC.child('nodeAffinity', 'required'), 'must specify required node constraints'));
  }
  let count = 0;
  for (const source of PV_SOURCES) {
    if (!has(spec, source)) continue;
    // flexVolume skips the "more than 1" check upstream (sic).
    if (count > 0 && source !== 'flexVolume') {
      errs.push(forbidden(SPEC.child(source), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...pvSource(source, obj(spec[source]), SPEC.child(source)));
    if (source === 'local' && !nodeAffinity) errs.push(required(SPEC.child('nodeAffinity'), 'Local volume requires node affinity'));
  }
  if (count === 0) errs.push(required(SPEC, 'must specify a volume type'));
  // Recycling "/" would scrub the node's root: refused (the only Recycle-specific rule here).
  const hostPath = isObj(spec.hostPath) ? str(spec.hostPath.path) : undefined;
  if (hostPath !== undefined && hostPath.replace(/\/+$/, '') === '' && hostPath.startsWith('/') && reclaim === 'Recycle') {
    errs.push(forbidden(SPEC.child('persistentVolumeReclaimPolicy'), "may not be 'recycle' for a hostPath mount of '/'"));
  }
  const className = str(spec.storageClassName);
  if (className) errs.push(...isDNS1123Subdomain(className).map((m) => invalid(SPEC.child('storageClassName'), className, m)));
  if (has(spec, 'volumeMode') && !VOLUME_MODES.includes(str(spec.volumeMode))) {
    errs.push(notSupported(SPEC.child('volumeMode'), str(spec.volumeMode), VOLUME_MODES));
  }
  return errs;
}

function validatePV(o: Obj, v: KubeVersion): FieldError[] {
  return [...validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: false }, v), ...pvSpec(obj(o.spec), v)];
}

/** PV updates: the volume source and volumeMode are immutable (nodeAffinity only from unset). */
function validatePVUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] {
  const errs = [...validateObjectMetaUpdate(o.metadata, old.metadata, v), ...validatePV(o, v)];
  const source = (s: Obj) => Object.fromEntries(PV_SOURCES.filter((k) => has(s, k)).map((k) => [k, s[k]]));
  const spec = obj(o.spec);
  const before = obj(old.spec);
  if (!deepEqual(source(spec), source(before))) {
    errs.push(forbidden(FieldPath.of('spec', 'persistentvolumesource'), `spec.persistentvolumesource is immutable after creation\n${specDiff('core.PersistentVolumeSource', source(before), source(spec))}`));
  }
  // Upstream's path here is just "volumeMode" (field.NewPath("volumeMode")).
  errs.push(...immutable(spec.volumeMode, before.volumeMode, FieldPath.of('volumeMode').at(['spec', 'volumeMode'])));
  if (isObj(before.nodeAffinity) && !deepEqual(spec.nodeAffinity, before.nodeAffinity)) {
    errs.push(invalid(FieldPath.of('nodeAffinity').at(['spec', 'nodeAffinity']), spec.nodeAffinity ?? null, FIELD_IMMUTABLE));
  }
  return errs;
}

function validatePVC(o: Obj, v: KubeVersion): FieldError[] {
  return [...validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v), ...validatePVCSpec(obj(o.spec), SPEC, v)];
}

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/**
 * PVC updates: the spec is immutable except volumeName (set once), the storage request (grow
 * only, checked further by the PersistentVolumeClaimResize admission plugin) and upgrades from
 * the beta class annotation or from an unset class to spec.storageClassName.
 */
function validatePVCUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] {
  const errs = [...validateObjectMetaUpdate(o.metadata, old.metadata, v), ...validatePVC(o, v)];
  const spec = obj(o.spec);
  const before = obj(old.spec);
  // The storage request may change only on a bound claim (expansion); volumeName may be set once.
  const bound = str(obj(o.status).phase) === 'Bound';
  const comparable = (s: Obj, withClass: boolean): Obj => {
    const requests = { ...obj(obj(s.resources).requests) };
    if (bound) delete requests.storage;
    const c: Obj = { ...s, resources: { ...obj(s.resources), requests } };
    if (!str(before.volumeName)) delete c.volumeName;
    if (!withClass) delete c.storageClassName;
    delete c.volumeAttributesClassName;
    return c;
  };
  const oldAnn = strMap(obj(old.metadata).annotations) ?? {};
  const newAnn = strMap(obj(o.metadata).annotations) ?? {};
  const newClass = optStr(spec.storageClassName);
  const oldClass = optStr(before.storageClassName);
  const fromAnnotation = BETA_CLASS in oldAnn && oldClass === undefined && newClass === oldAnn[BETA_CLASS] && (!(BETA_CLASS in newAnn) || newAnn[BETA_CLASS] === oldAnn[BETA_CLASS]);
  const fromNil = newClass !== undefined && oldClass === undefined && (!(BETA_CLASS in oldAnn) || newClass === oldAnn[BETA_CLASS]);
  if (!fromAnnotation && (oldAnn[BETA_CLASS] ?? '') !== (newAnn[BETA_CLASS] ?? '')) {
    errs.push(invalid(FieldPath.of('metadata', 'annotations', BETA_CLASS), newAnn[BETA_CLASS] ?? '', FIELD_IMMUTABLE));
  }
  const classChangeAllowed = fromAnnotation || fromNil;
  if (!deepEqual(comparable(spec, !classChangeAllowed), comparable(before, !classChangeAllowed))) {
    errs.push(forbidden(SPEC, `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${specDiff('core.PersistentVolumeClaimSpec', before, spec)}`));
  }
  errs.push(...storageDecrease(o, old, v));
  errs.push(...immutable(spec.volumeMode, before.volumeMode, FieldPath.of('volumeMode').at(['spec', 'volumeMode'])));
  return errs;
}

/**
 * Shrinking a claim's request: refused outright before RecoverVolumeExpansionFailure (beta, on
 * from 1.32; GA 1.34); from then on allowed down to just above status.capacity (recovery from a
 * failed expansion).
 */
function storageDecrease(o: Obj, old: Obj, v: KubeVersion): FieldError[] {
  const size = (x: Obj) => obj(obj(obj(x.spec).resources).requests).storage;
  if (compareQuantities(size(o), size(old)) >= 0) return [];
  const p = FieldPath.of('spec', 'resources', 'requests', 'storage');
  if (!atLeast(v, '1.32')) return [forbidden(p, 'field can not be less than previous value')];
  const capacity = obj(obj(old.status).capacity).storage;
  return compareQuantities(size(o), capacity ?? 0) <= 0 ? [forbidden(p, 'field can not be less than status.capacity')] : [];
}

/** Sign of a - b for two quantities (0 when either does not parse). */
function compareQuantities(a: unknown, b: unknown): number {
  const qa = a === undefined ? 0 : parseQuantity(a as string);
  const qb = b === undefined ? 0 : parseQuantity(b as string);
  return qa === undefined || qb === undefined ? 0 : Math.sign(qa - qb);
}

// ---- StorageClass --------------------------------------------------------------------------

const SC_RECLAIM = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const MAX_PARAMETERS = 512;
const MAX_PARAMETER_SIZE = 256 * 1024;

function validateStorageClass(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: false }, v);
  const provisioner = str(o.provisioner);
  const pp = FieldPath.of('provisioner');
  if (!provisioner) errs.push(required(pp, provisioner));
  else errs.push(...isQualifiedName(provisioner.toLowerCase(), v).map((m) => invalid(pp, provisioner, m)));
  const params = strMap(o.parameters) ?? {};
  const keys = Object.keys(params);
  if (keys.length > MAX_PARAMETERS) errs.push(tooLong(FieldPath.of('parameters'), MAX_PARAMETERS));
  else {
    let size = 0;
    for (const k of keys.sort()) {
      if (!k) errs.push(invalid(FieldPath.of('parameters'), k, 'field can not be empty.'));
      size += k.length + params[k]!.length;
    }
    if (size > MAX_PARAMETER_SIZE) errs.push(tooLong(FieldPath.of('parameters'), MAX_PARAMETER_SIZE));
  }
  const reclaim = str(o.reclaimPolicy);
  if (reclaim && !SC_RECLAIM.includes(reclaim)) errs.push(notSupported(FieldPath.of('reclaimPolicy'), reclaim, SC_RECLAIM));
  const mode = o.volumeBindingMode;
  if (mode === undefined || mode === null) errs.push(required(FieldPath.of('volumeBindingMode')));
  else if (!BINDING_MODES.includes(str(mode))) errs.push(notSupported(FieldPath.of('volumeBindingMode'), str(mode), BINDING_MODES));
  return errs;
}

function validateStorageClassUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMetaUpdate(o.metadata, old.metadata, v);
  if (atLeast(v, '1.36')) return [...errs, ...storageClassImmutableFields(o, old)];
  if (!deepEqual(o.parameters ?? null, old.parameters ?? null)) errs.push(forbidden(FieldPath.of('parameters'), 'updates to parameters are forbidden.'));
  if (str(o.provisioner) !== str(old.provisioner)) errs.push(forbidden(FieldPath.of('provisioner'), 'updates to provisioner are forbidden.'));
  if (str(o.reclaimPolicy) !== str(old.reclaimPolicy)) errs.push(forbidden(FieldPath.of('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.'));
  errs.push(...immutable(o.volumeBindingMode, old.volumeBindingMode, FieldPath.of('volumeBindingMode')));
  return errs;
}

/**
 * 1.36 (v1.36.3 pkg/apis/storage/validation ValidateStorageClassUpdate; no changelog entry, part
 * of the declarative-validation work whose storage/v1 tags are alpha, so these handwritten errors
 * are what clients see): parameters, provisioner and reclaimPolicy report "field is immutable"
 * with the new value instead of "Forbidden: updates to ... are forbidden.". Parameters are
 * compared semantically (an empty map equals none).
 */
function storageClassImmutableFields(o: Obj, old: Obj): FieldError[] {
  const params = (x: Obj) => (isObj(x.parameters) && Object.keys(x.parameters).length > 0 ? x.parameters : null);
  const now = params(o);
  return [
    ...immutable(now, params(old), FieldPath.of('parameters'), goStringMap(now ? strMap(now) : null)),
    ...immutable(str(o.provisioner), str(old.provisioner), FieldPath.of('provisioner')),
    ...immutable(o.reclaimPolicy ?? null, old.reclaimPolicy ?? null, FieldPath.of('reclaimPolicy')),
    ...immutable(o.volumeBindingMode, old.volumeBindingMode, FieldPath.of('volumeBindingMode')),
  ];
}

export function validateStorageCreate(o: Obj, v: KubeVersion): FieldError[] | undefined {
  switch (o.kind) {
    case 'PersistentVolume':
      return validatePV(o, v);
    case 'PersistentVolumeClaim':
      return validatePVC(o, v);
    case 'StorageClass':
      return validateStorageClass(o, v);
    default:
      return undefined;
  }
}

export function validateStorageUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] | undefined {
  switch (o.kind) {
    case 'PersistentVolume':
      return validatePVUpdate(o, old, v);
    case 'PersistentVolumeClaim':
      return validatePVCUpdate(o, old, v);
    case 'StorageClass':
      return validateStorageClassUpdate(o, old, v);
    default:
      return undefined;
  }
}
