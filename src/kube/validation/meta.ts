/**
 * ObjectMeta, labels, annotations and label selectors (apimachinery pkg/api/validation
 * objectmeta.go, pkg/apis/meta/v1/validation, and core validation's finalizer check).
 */
import { deepEqual } from '../equal';
import type { KubeVersion } from '../version';
import { arr, isObj, obj, objs, optNum, str, sortedKeys, type Obj } from './access';
import { duplicate, FieldPath, forbidden, invalid, required, tooLong, type FieldError } from './field-error';
import { frozenListOfFlatRecords, FrozenValidity, frozenStringMap } from './frozen-validity';
import { goStringSlice } from './go-value';
import { isQualifiedName, isValidLabelValue, nameProblems, type NameRule } from './names';

export const IS_NEGATIVE = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE = 'field is immutable';

export function nonNegative(value: number | undefined, p: FieldPath): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(p, value, IS_NEGATIVE)] : [];
}

/** ValidateImmutableField: `Invalid value: <new>: field is immutable` when semantically changed. */
export function immutable(newVal: unknown, oldVal: unknown, p: FieldPath, shown: unknown = newVal): FieldError[] {
  return deepEqual(newVal ?? null, oldVal ?? null) ? [] : [invalid(p, shown, FIELD_IMMUTABLE)];
}

/** ValidateLabelName: a qualified name; errors point at the labels map, not the key. */
export function validateLabelName(key: string, p: FieldPath, v: KubeVersion): FieldError[] {
  return isQualifiedName(key, v).map((m) => invalid(p, key, m));
}

// Labels, annotations and owner references are validated from what they hold and the version
// alone, so a frozen one already found valid (a stored object's, carried by the next write) is
// not walked again (frozen-validity.ts).
const validLabels = new FrozenValidity(frozenStringMap);
const validAnnotations = new FrozenValidity(frozenStringMap);
const validOwnerReferences = new FrozenValidity(frozenListOfFlatRecords);

/** ValidateLabels: upstream reports every problem at the map's path (`metadata.labels`). */
export function validateLabels(labels: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  return validLabels.check(labels, v, () => labelErrors(labels, p, v));
}

function labelErrors(labels: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  if (!isObj(labels)) return [];
  const errs: FieldError[] = [];
  for (const k of sortedKeys(labels)) {
    const value = str(labels[k]);
    const keyProblems = isQualifiedName(k, v);
    const valueProblems = isValidLabelValue(value);
    // the path of a label is built only for one with a problem (most writes have none)
    if (!keyProblems.length && !valueProblems.length) continue;
    const at = p.at([...p.segments, k]);
    errs.push(...keyProblems.map((m) => invalid(at, k, m)), ...valueProblems.map((m) => invalid(at, value, m)));
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateAnnotations(annotations: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  return validAnnotations.check(annotations, v, () => annotationErrors(annotations, p, v));
}

function annotationErrors(annotations: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  if (!isObj(annotations)) return [];
  const errs: FieldError[] = [];
  let size = 0;
  // read in place: a string copy of the whole map per write only fed this loop
  for (const k of sortedKeys(annotations)) {
    errs.push(...isQualifiedName(k.toLowerCase(), v).map((msg) => invalid(p.at([...p.segments, k]), k, msg)));
    size += Buffer.byteLength(k) + Buffer.byteLength(str(annotations[k]));
  }
  if (size > TOTAL_ANNOTATION_SIZE) errs.push(tooLong(p, TOTAL_ANNOTATION_SIZE));
  return errs;
}

export interface SelectorOptions {
  allowInvalidLabelValue?: boolean;
}

/** ValidateLabelSelector (metav1): matchLabels as labels, each requirement's operator and values. */
export function validateLabelSelector(sel: unknown, p: FieldPath, v: KubeVersion, opts: SelectorOptions = {}): FieldError[] {
  if (!isObj(sel)) return [];
  const errs = validateLabels(sel.matchLabels, p.child('matchLabels'), v);
  objs(sel.matchExpressions).forEach((e, i) => {
    const ip = p.child('matchExpressions').index(i);
    const values = arr(e.values).map(str);
    switch (str(e.operator)) {
      case 'In':
      case 'NotIn':
        if (!values.length) errs.push(required(ip.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length) errs.push(forbidden(ip.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(ip.child('operator'), str(e.operator), 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(e.key), ip.child('key'), v));
    if (!opts.allowInvalidLabelValue) {
      values.forEach((val, j) => errs.push(...isValidLabelValue(val).map((m) => invalid(ip.child('values').index(j), val, m))));
    }
  });
  return errs;
}

/** Finalizer names without a '/' must be one upstream knows (core validateKubeFinalizerName). */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function validateFinalizers(finalizers: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const list = arr(finalizers).map(str);
  const errs: FieldError[] = [];
  for (const f of list) errs.push(...isQualifiedName(f, v).map((m) => invalid(p, f, m)));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(invalid(p, goStringSlice(list), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return [...errs, ...validateKubeFinalizerNames(finalizers, p)];
}

/** core validateKubeFinalizerName, run on create and update. */
function validateKubeFinalizerNames(finalizers: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(finalizers).map(str).forEach((f, i) => {
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.push(invalid(p.index(i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

/** Owner references: their checks do not depend on the version (the memo's context is empty). */
function validateOwnerReferences(refs: unknown, p: FieldPath): FieldError[] {
  return validOwnerReferences.check(refs, '', () => ownerReferenceErrors(refs, p));
}

function ownerReferenceErrors(refs: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const r of objs(refs)) {
    const apiVersion = str(r.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) errs.push(invalid(p.child('apiVersion'), apiVersion, 'version must not be empty'));
    if (!str(r.kind)) errs.push(invalid(p.child('kind'), str(r.kind), 'must not be empty'));
    if (!str(r.name)) errs.push(invalid(p.child('name'), str(r.name), 'must not be empty'));
    if (!str(r.uid)) errs.push(invalid(p.child('uid'), str(r.uid), 'must not be empty'));
    if (r.controller === true) {
      const name = `${str(r.kind)}/${str(r.name)}`;
      if (firstController) {
        errs.push(invalid(p, objs(refs), `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`));
      } else firstController = name;
    }
  }
  return errs;
}

export interface MetaRules {
  /** how the kind's registry validates names */
  name: NameRule;
  namespaced: boolean;
}

/**
 * ValidateObjectMeta (+ core's finalizer check): name or generateName, name format, namespace,
 * labels, annotations, owner references, finalizers.
 */
export function validateObjectMeta(meta: unknown, rules: MetaRules, v: KubeVersion, p = FieldPath.of('metadata')): FieldError[] {
  const m = obj(meta);
  const errs: FieldError[] = [];
  const generateName = str(m.generateName);
  if (generateName) {
    errs.push(...nameProblems(rules.name, generateName, true).map((msg) => invalid(p.child('generateName'), generateName, msg)));
  }
  const name = str(m.name);
  if (!name) errs.push(required(p.child('name'), 'name or generateName is required'));
  else errs.push(...nameProblems(rules.name, name).map((msg) => invalid(p.child('name'), name, msg)));
  errs.push(...validateMetaCommon(m, rules.namespaced, p, v));
  return errs;
}

function validateMetaCommon(m: Obj, namespaced: boolean, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(m.namespace);
  if (namespaced) {
    if (!ns) errs.push(required(p.child('namespace')));
    else errs.push(...nameProblems('label', ns).map((msg) => invalid(p.child('namespace'), ns, msg)));
  } else if (ns) {
    errs.push(forbidden(p.child('namespace'), 'not allowed on this type'));
  }
  errs.push(...nonNegative(optNum(m.generation), p.child('generation')));
  errs.push(...validateLabels(m.labels, p.child('labels'), v));
  errs.push(...validateAnnotations(m.annotations, p.child('annotations'), v));
  errs.push(...validateOwnerReferences(m.ownerReferences, p.child('ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, p.child('finalizers'), v));
  return errs;
}

/** ValidateObjectMetaUpdate's immutable fields, in its order. */
const IMMUTABLE_META = ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/**
 * ValidateObjectMetaUpdate: identity and lifecycle fields are immutable, no new finalizers once
 * deleting. The resourceVersion check is the store's (it fills it for unconditional updates).
 */
export function validateObjectMetaUpdate(meta: unknown, oldMeta: unknown, v: KubeVersion, p = FieldPath.of('metadata')): FieldError[] {
  const m = obj(meta);
  const o = obj(oldMeta);
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const oldSet = new Set(arr(o.finalizers).map(str));
    const extra = [...new Set(arr(m.finalizers).map(str))].filter((f) => !oldSet.has(f)).sort();
    if (extra.length) {
      errs.push(forbidden(p.child('finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra).goSyntax}`));
    }
  }
  if ((optNum(m.generation) ?? 0) < (optNum(o.generation) ?? 0)) {
    errs.push(invalid(p.child('generation'), optNum(m.generation) ?? 0, 'must not be decremented'));
  }
  for (const f of IMMUTABLE_META) {
    // the same value is never a change: compared (and its path built) only when it differs
    if (m[f] !== o[f]) errs.push(...immutable(m[f], o[f], p.child(f), m[f] ?? ''));
  }
  errs.push(...validateLabels(m.labels, p.child('labels'), v));
  errs.push(...validateAnnotations(m.annotations, p.child('annotations'), v));
  errs.push(...validateOwnerReferences(m.ownerReferences, p.child('ownerReferences')));
  errs.push(...validateKubeFinalizerNames(m.finalizers, p.child('finalizers')));
  return errs;
}

/** Labels and annotations of an embedded template's metadata (ValidateTemplateObjectMeta et al.). */
export function validateTemplateMeta(meta: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const m = obj(meta);
  return [...validateLabels(m.labels, p.child('labels'), v), ...validateAnnotations(m.annotations, p.child('annotations'), v)];
}

/** Duplicate names in a list of named items (containers, ports, volumes). */
export function duplicateName(seen: Set<string>, name: string, p: FieldPath): FieldError[] {
  if (seen.has(name)) return [duplicate(p, name)];
  seen.add(name);
  return [];
}
