/**
 * PersistentVolumeClaimSpec rules (core validation.go ValidatePersistentVolumeClaimSpec), shared by
 * PVCs, StatefulSet volumeClaimTemplates and generic ephemeral volumes.
 */
import { parseQuantity } from '../quantity';
import type { KubeVersion } from '../version';
import { arr, has, isObj, obj, optStr, str, type Obj } from './access';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from './field-error';
import { validateLabelSelector } from './meta';
import { isDNS1123Subdomain } from './names';
import { QUANTITY_REGEX_MESSAGE, canonicalQuantity } from './quantity-text';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];

/** Access modes: known values, and ReadWriteOncePod alone. */
export function validateAccessModes(modes: unknown, p: FieldPath, requiredDetail: string): FieldError[] {
  const list = arr(modes).map(str);
  const errs: FieldError[] = [];
  if (!list.length) errs.push(required(p, requiredDetail));
  let once = false;
  let other = false;
  for (const m of list) {
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(p, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') once = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (once && other) errs.push(forbidden(p, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

/** A storage quantity that must be positive (ValidatePositiveQuantityValue). */
export function positiveQuantity(value: unknown, p: FieldPath): FieldError[] {
  const q = parseQuantity(value as string);
  if (q === undefined) return [invalid(p, String(value), QUANTITY_REGEX_MESSAGE)];
  if (q <= 0) return [invalid(p, canonicalQuantity(value as string), 'must be greater than zero')];
  return [];
}

export function validatePVCSpec(spec: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs = validateAccessModes(spec.accessModes, p.child('accessModes'), 'at least 1 access mode is required');
  if (isObj(spec.selector)) errs.push(...validateLabelSelector(spec.selector, p.child('selector'), v));
  const requests = obj(obj(spec.resources).requests);
  // Upstream prints this path as `spec.resources[storage]` (fldPath.Child("resources").Key("storage")).
  const storagePath = p.child('resources').key('storage');
  if (!has(requests, 'storage')) errs.push(required(storagePath.at([...p.segments, 'resources', 'requests'])));
  else errs.push(...positiveQuantity(requests.storage, storagePath.at([...p.segments, 'resources', 'requests', 'storage'])));
  const className = optStr(spec.storageClassName);
  if (className) errs.push(...isDNS1123Subdomain(className).map((m) => invalid(p.child('storageClassName'), className, m)));
  if (has(spec, 'volumeMode') && !VOLUME_MODES.includes(str(spec.volumeMode))) {
    errs.push(notSupported(p.child('volumeMode'), str(spec.volumeMode), VOLUME_MODES));
  }
  errs.push(...validateDataSources(spec, p));
  return errs;
}

function validateDataSources(spec: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['dataSource', 'dataSourceRef']) {
    if (!isObj(spec[field])) continue;
    const ds = spec[field] as Obj;
    const fp = p.child(field);
    if (!str(ds.name)) errs.push(required(fp.child('name')));
    if (!str(ds.kind)) errs.push(required(fp.child('kind')));
    const group = str(ds.apiGroup);
    if (!group && str(ds.kind) !== 'PersistentVolumeClaim') {
      errs.push(invalid(fp, str(ds.kind), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
    }
    if (group) errs.push(...isDNS1123Subdomain(group).map((m) => invalid(fp.child('apiGroup'), group, m)));
  }
  return errs;
}
