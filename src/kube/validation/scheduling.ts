/**
 * Scheduling constraints in pod specs: tolerations, node affinity, pod (anti-)affinity
 * (core validation.go ValidateTolerations, validateAffinity and friends).
 */
import type { KubeVersion } from '../version';
import { arr, has, isObj, obj, objs, optNum, str, type Obj } from './access';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from './field-error';
import { validateMatchAndMismatchLabelKeys } from './label-keys';
import { validateLabelName, validateLabelSelector } from './meta';
import { isDNS1123Label, isDNS1123Subdomain, isValidLabelValue } from './names';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaintEffect(effect: string, allowEmpty: boolean, p: FieldPath): FieldError[] {
  if (!allowEmpty && !effect) return [required(p)];
  return TAINT_EFFECTS.includes(effect) ? [] : [notSupported(p, effect, TAINT_EFFECTS)];
}

export function validateTolerations(tolerations: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  objs(tolerations).forEach((t, i) => {
    const ip = p.index(i);
    const key = str(t.key);
    const op = str(t.operator);
    if (key) errs.push(...validateLabelName(key, ip.child('key'), v));
    if (!key && op !== 'Exists') {
      errs.push(invalid(ip.child('operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (has(t, 'tolerationSeconds') && str(t.effect) !== 'NoExecute') {
      errs.push(invalid(ip.child('effect'), str(t.effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (op) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(str(t.value));
        if (msgs.length) errs.push(invalid(ip.child('operator'), str(t.value), msgs.join(';')));
        break;
      }
      case 'Exists':
        if (str(t.value)) errs.push(invalid(ip.child('operator'), str(t.value), "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(ip.child('operator'), op, ['Equal', 'Exists']));
    }
    if (str(t.effect)) errs.push(...validateTaintEffect(str(t.effect), true, ip.child('effect')));
  });
  return errs;
}

function nodeSelectorRequirement(rq: Obj, p: FieldPath, v: KubeVersion, allowInvalidValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const values = arr(rq.values).map(str);
  switch (str(rq.operator)) {
    case 'In':
    case 'NotIn':
      if (!values.length) errs.push(required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length) errs.push(forbidden(p.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(p.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(p.child('operator'), str(rq.operator), 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(rq.key), p.child('key'), v));
  if (!allowInvalidValues) {
    values.forEach((val, i) => errs.push(...isValidLabelValue(val).map((m) => invalid(p.child('values').index(i), val, m))));
  }
  return errs;
}

function nodeFieldRequirement(rq: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = arr(rq.values).map(str);
  if (['In', 'NotIn'].includes(str(rq.operator))) {
    if (values.length !== 1) errs.push(required(p.child('values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else errs.push(invalid(p.child('operator'), str(rq.operator), 'not a valid selector operator'));
  if (str(rq.key) !== 'metadata.name') errs.push(invalid(p.child('key'), str(rq.key), 'not a valid field selector key'));
  else values.forEach((val, i) => errs.push(...isDNS1123Subdomain(val).map((m) => invalid(p.child('values').index(i), val, m))));
  return errs;
}

export function nodeSelectorTerm(term: Obj, p: FieldPath, v: KubeVersion, allowInvalidValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  objs(term.matchExpressions).forEach((rq, j) => errs.push(...nodeSelectorRequirement(rq, p.child('matchExpressions').index(j), v, allowInvalidValues)));
  objs(term.matchFields).forEach((rq, j) => errs.push(...nodeFieldRequirement(rq, p.child('matchFields').index(j))));
  return errs;
}

/** ValidateNodeSelector: at least one term, each term's requirements well-formed. */
export function validateNodeSelector(sel: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  const terms = objs(sel.nodeSelectorTerms);
  const tp = p.child('nodeSelectorTerms');
  if (!terms.length) return [required(tp, 'must have at least one node selector term')];
  return terms.flatMap((t, i) => nodeSelectorTerm(t, tp.index(i), v, false));
}

function weight(w: unknown, p: FieldPath): FieldError[] {
  const n = optNum(w) ?? 0;
  return n <= 0 || n > 100 ? [invalid(p, n, 'must be in the range 1-100')] : [];
}

function podAffinityTerm(term: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs = validateLabelSelector(term.labelSelector, p.child('labelSelector'), v);
  errs.push(...validateLabelSelector(term.namespaceSelector, p.child('namespaceSelector'), v));
  for (const ns of arr(term.namespaces).map(str)) errs.push(...isDNS1123Label(ns).map((m) => invalid(p.child('namespace'), ns, m)));
  errs.push(...validateMatchAndMismatchLabelKeys(p, arr(term.matchLabelKeys).map(str), arr(term.mismatchLabelKeys).map(str), term.labelSelector, v));
  const key = str(term.topologyKey);
  if (!key) errs.push(required(p.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(key, p.child('topologyKey'), v));
  return errs;
}

function podAffinity(a: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  const req = p.child('requiredDuringSchedulingIgnoredDuringExecution');
  objs(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => errs.push(...podAffinityTerm(t, req.index(i), v)));
  const pref = p.child('preferredDuringSchedulingIgnoredDuringExecution');
  objs(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
    errs.push(...weight(w.weight, pref.index(i).child('weight')));
    errs.push(...podAffinityTerm(obj(w.podAffinityTerm), pref.index(i).child('podAffinityTerm'), v));
  });
  return errs;
}

export function validateAffinity(affinity: unknown, p: FieldPath, v: KubeVersion): FieldError[] {
  if (!isObj(affinity)) return [];
  const errs: FieldError[] = [];
  if (isObj(affinity.nodeAffinity)) {
    const na = affinity.nodeAffinity;
    const np = p.child('nodeAffinity');
    if (isObj(na.requiredDuringSchedulingIgnoredDuringExecution)) {
      errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, np.child('requiredDuringSchedulingIgnoredDuringExecution'), v));
    }
    const pref = np.child('preferredDuringSchedulingIgnoredDuringExecution');
    objs(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      errs.push(...weight(t.weight, pref.index(i).child('weight')));
      // Preferred terms tolerate invalid label values (they may still match on a one-node cluster).
      errs.push(...nodeSelectorTerm(obj(t.preference), pref.index(i).child('preference'), v, true));
    });
  }
  if (isObj(affinity.podAffinity)) errs.push(...podAffinity(affinity.podAffinity, p.child('podAffinity'), v));
  if (isObj(affinity.podAntiAffinity)) errs.push(...podAffinity(affinity.podAntiAffinity, p.child('podAntiAffinity'), v));
  return errs;
}
