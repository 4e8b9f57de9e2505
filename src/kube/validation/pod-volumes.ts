/**
 * Pod volumes (core validation.go ValidateVolumes / validateVolumeSource) and the PVC spec rules
 * generic ephemeral volumes share with PersistentVolumeClaims.
 */
import type { KubeVersion } from '../version';
import { has, isObj, obj, objs, optNum, str, type Obj } from './access';
import { duplicate, FieldPath, forbidden, invalid, notSupported, required, tooLong, type FieldError } from './field-error';
import { validateTemplateMeta } from './meta';
import { isDNS1123Label, isDNS1123Subdomain } from './names';
import { validatePVCSpec } from './pvc-spec';

/**
 * Volume source fields in upstream's check order. Only some have their inner fields validated
 * here; the others count as a source (so "more than 1 volume type" still works).
 */
const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc',
  'flexVolume', 'configMap', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk',
  'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
];

/** Upstream names the path of a few sources differently from the JSON field (sic). */
const SOURCE_PATH: Record<string, string> = { downwardAPI: 'downwarAPI', cephfs: 'cephFS' };

const FILE_MODE = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

export type VolumeMap = Map<string, Obj>;

/** Validates `volumes`; returns the valid ones by name (mounts may only reference those). */
export function validateVolumes(volumes: unknown, p: FieldPath, v: KubeVersion, podName?: string): { vols: VolumeMap; errs: FieldError[] } {
  const vols: VolumeMap = new Map();
  const errs: FieldError[] = [];
  const ephemeralClaims = new Set(
    podName ? objs(volumes).filter((vol) => has(vol, 'ephemeral')).map((vol) => `${podName}-${str(vol.name)}`) : [],
  );
  objs(volumes).forEach((vol, i) => {
    const ip = p.index(i);
    const name = str(vol.name);
    const el = validateVolumeSource(vol, ip, v, name, podName);
    if (!name) el.push(required(ip.child('name')));
    else el.push(...isDNS1123Label(name).map((m) => invalid(ip.child('name'), name, m)));
    if (vols.has(name)) el.push(duplicate(ip.child('name'), name));
    if (el.length === 0) vols.set(name, vol);
    else errs.push(...el);
    const claim = str(obj(vol.persistentVolumeClaim).claimName);
    if (has(vol, 'persistentVolumeClaim') && ephemeralClaims.has(claim)) {
      errs.push(invalid(ip.child('persistentVolumeClaim', 'claimName'), claim, 'must not reference a PVC that gets created for an ephemeral volume'));
    }
  });
  return { vols, errs };
}

function validateVolumeSource(vol: Obj, p: FieldPath, v: KubeVersion, volName: string, podName?: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const source of VOLUME_SOURCES) {
    if (!has(vol, source)) continue;
    const sp = p.child(SOURCE_PATH[source] ?? source).at([...p.segments, source]);
    if (count > 0) {
      errs.push(forbidden(sp, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...validateOneSource(source, obj(vol[source]), p.child(source), v, volName, podName));
  }
  if (count === 0) errs.push(required(p, 'must specify a volume type'));
  return errs;
}

function validateOneSource(source: string, s: Obj, p: FieldPath, v: KubeVersion, volName: string, podName?: string): FieldError[] {
  switch (source) {
    case 'hostPath':
      return validateHostPath(s, p);
    case 'secret':
      return [...requireField(s, 'secretName', p), ...fileMode(s.defaultMode, p.child('defaultMode')), ...keyToPaths(s.items, p.child('items'))];
    case 'configMap':
      return [...requireField(s, 'name', p), ...fileMode(s.defaultMode, p.child('defaultMode')), ...keyToPaths(s.items, p.child('items'))];
    case 'persistentVolumeClaim':
      return requireField(s, 'claimName', p);
    case 'nfs':
      return validateNFS(s, p);
    case 'emptyDir':
      return validateEmptyDir(s, p);
    case 'downwardAPI':
      return fileMode(s.defaultMode, p.child('defaultMode'));
    case 'projected':
      return fileMode(s.defaultMode, p.child('defaultMode'));
    case 'csi':
      return validateCSIDriverName(str(s.driver), p.child('driver'));
    case 'ephemeral':
      return validateEphemeral(s, p, v, volName, podName);
    default:
      return [];
  }
}

function requireField(s: Obj, field: string, p: FieldPath): FieldError[] {
  return str(s[field]) ? [] : [required(p.child(field))];
}

function fileMode(mode: unknown, p: FieldPath): FieldError[] {
  const m = optNum(mode);
  return m !== undefined && (m > 0o777 || m < 0) ? [invalid(p, m, FILE_MODE)] : [];
}

function keyToPaths(items: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  objs(items).forEach((kp, i) => {
    const ip = p.index(i);
    if (!str(kp.key)) errs.push(required(ip.child('key')));
    if (!str(kp.path)) errs.push(required(ip.child('path')));
    errs.push(...localNonReservedPath(str(kp.path), ip.child('path')));
    errs.push(...fileMode(kp.mode, ip.child('mode')));
  });
  return errs;
}

export function noBacksteps(path: string, p: FieldPath): FieldError[] {
  return path.replace(/\\/g, '/').split('/').includes('..') ? [invalid(p, path, "must not contain '..'")] : [];
}

/** validateLocalDescendingPath: relative, no '..' elements. */
export function localDescendingPath(path: string, p: FieldPath): FieldError[] {
  const errs = path.startsWith('/') ? [invalid(p, path, 'must be a relative path')] : [];
  return [...errs, ...noBacksteps(path, p)];
}

function localNonReservedPath(path: string, p: FieldPath): FieldError[] {
  const errs = localDescendingPath(path, p);
  if (path.startsWith('..') && !path.startsWith('../')) errs.push(invalid(p, path, "must not start with '..'"));
  return errs;
}

function validateHostPath(s: Obj, p: FieldPath): FieldError[] {
  const path = str(s.path);
  if (!path) return [required(p.child('path'))];
  const errs = noBacksteps(path, p.child('path'));
  if (has(s, 'type') && !HOST_PATH_TYPES.includes(str(s.type))) {
    errs.push(notSupported(p.child('type'), str(s.type), HOST_PATH_TYPES));
  }
  return errs;
}

function validateNFS(s: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(s.server)) errs.push(required(p.child('server')));
  if (!str(s.path)) errs.push(required(p.child('path')));
  if (!str(s.path).startsWith('/')) errs.push(invalid(p.child('path'), str(s.path), 'must be an absolute path'));
  return errs;
}

function validateEmptyDir(s: Obj, p: FieldPath): FieldError[] {
  const limit = s.sizeLimit;
  if (limit !== undefined && String(limit).trim().startsWith('-')) {
    return [forbidden(p.child('sizeLimit'), 'SizeLimit field must be a valid resource quantity')];
  }
  return [];
}

export function validateCSIDriverName(driver: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!driver) errs.push(required(p));
  if (driver.length > 63) errs.push(tooLong(p, 63));
  errs.push(...isDNS1123Subdomain(driver.toLowerCase()).map((m) => invalid(p, driver, m)));
  return errs;
}

function validateEphemeral(s: Obj, p: FieldPath, v: KubeVersion, volName: string, podName?: string): FieldError[] {
  if (!isObj(s.volumeClaimTemplate)) return [required(p.child('volumeClaimTemplate'))];
  const t = s.volumeClaimTemplate;
  const tp = p.child('volumeClaimTemplate');
  const errs = [...validateTemplateMeta(t.metadata, tp.child('metadata'), v)];
  for (const k of Object.keys(obj(t.metadata)).sort()) {
    if (k !== 'labels' && k !== 'annotations') errs.push(forbidden(tp.child('metadata', k), 'cannot be set'));
  }
  errs.push(...validatePVCSpec(obj(t.spec), tp.child('spec'), v));
  if (podName && volName) {
    const pvcName = `${podName}-${volName}`;
    for (const m of isDNS1123Subdomain(pvcName)) errs.push(invalid(p.child('name'), volName, `PVC name "${pvcName}": ${m}`));
  }
  return errs;
}

/** Names of volumes a container may mount, for `volumeMounts[].name` checks. */
export function volumeNames(vols: VolumeMap): Set<string> {
  return new Set(vols.keys());
}

export const isPVCBacked = (vol: Obj | undefined): boolean => !!vol && (has(vol, 'persistentVolumeClaim') || has(vol, 'ephemeral'));

