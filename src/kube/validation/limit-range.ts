/**
 * ValidateLimitRange (pkg/apis/core/validation/validation.go), run on the defaulted object: one
 * item per type; no default/defaultRequest on Pod items; a PersistentVolumeClaim item needs a
 * storage min or max; per resource, min ≤ defaultRequest ≤ default ≤ max, min ≤ max, a ratio of
 * at least 1 and at most max/min; resources that cannot be overcommitted (not cpu, memory or
 * ephemeral-storage) need default = defaultRequest. Go walks the resource names of a map in
 * random order; they are sorted here. Not checked: the type and resource name syntax
 * (validateLimitRangeTypeName / validateLimitRangeResourceName).
 */
import type { KubeVersion } from '../version';
import { obj, objs, str, type Obj } from './access';
import { FieldPath, duplicate, forbidden, invalid, required, type FieldError } from './field-error';
import { validateObjectMeta } from './meta';
import { parseQuantity } from '../quantity';
import { canonicalQuantity } from './quantity-text';

type Lists = Record<'min' | 'max' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio', Record<string, string>>;

/** helper.IsOvercommitAllowed: native resources but hugepages (extended resources are not native). */
function overcommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.startsWith('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}

const num = (text: string) => parseQuantity(text) ?? 0;
const milli = (text: string) => Math.ceil(num(text) * 1000 - 1e-6);

/** The per-resource comparisons, in upstream's order. */
function resourceErrors(p: FieldPath, k: string, l: Lists): FieldError[] {
  const [min, max, def, req, ratio] = [l.min[k], l.max[k], l.default[k], l.defaultRequest[k], l.maxLimitRequestRatio[k]];
  const c = canonicalQuantity;
  const errs: FieldError[] = [];
  if (min !== undefined && max !== undefined && num(min) > num(max)) errs.push(invalid(p.child('min').key(k), c(min), `min value ${c(min)} is greater than max value ${c(max)}`));
  if (req !== undefined && min !== undefined && num(min) > num(req)) errs.push(invalid(p.child('defaultRequest').key(k), c(req), `min value ${c(min)} is greater than default request value ${c(req)}`));
  if (req !== undefined && max !== undefined && num(req) > num(max)) errs.push(invalid(p.child('defaultRequest').key(k), c(req), `default request value ${c(req)} is greater than max value ${c(max)}`));
  if (req !== undefined && def !== undefined && num(req) > num(def)) errs.push(invalid(p.child('defaultRequest').key(k), c(req), `default request value ${c(req)} is greater than default limit value ${c(def)}`));
  // Upstream reports the min (and, below, the max) as the value at the default's path.
  if (def !== undefined && min !== undefined && num(min) > num(def)) errs.push(invalid(p.child('default').key(k), c(min), `min value ${c(min)} is greater than default value ${c(def)}`));
  if (def !== undefined && max !== undefined && num(def) > num(max)) errs.push(invalid(p.child('default').key(k), c(max), `default value ${c(def)} is greater than max value ${c(max)}`));
  if (ratio !== undefined && num(ratio) < 1) errs.push(invalid(p.child('maxLimitRequestRatio').key(k), c(ratio), `ratio ${c(ratio)} is less than 1`));
  if (ratio !== undefined && min !== undefined && max !== undefined) {
    const limit = milli(max) / milli(min);
    if (milli(ratio) / 1000 > limit) errs.push(invalid(p.child('maxLimitRequestRatio').key(k), c(ratio), `ratio ${c(ratio)} is greater than max/min = ${limit.toFixed(6)}`));
  }
  if (!overcommitAllowed(k) && def !== undefined && req !== undefined && num(def) !== num(req)) {
    errs.push(invalid(p.child('defaultRequest').key(k), c(req), `default value ${c(def)} must equal to defaultRequest value ${c(req)} in ${k}`));
  }
  return errs;
}

function itemErrors(item: Obj, p: FieldPath): FieldError[] {
  const type = str(item.type);
  const list = (f: keyof Lists) => obj(item[f]) as Record<string, string>;
  const errs: FieldError[] = [];
  const l: Lists = { min: list('min'), max: list('max'), default: list('default'), defaultRequest: list('defaultRequest'), maxLimitRequestRatio: list('maxLimitRequestRatio') };
  if (type === 'Pod') {
    if (Object.keys(l.default).length) errs.push(forbidden(p.child('default'), "may not be specified when `type` is 'Pod'"));
    if (Object.keys(l.defaultRequest).length) errs.push(forbidden(p.child('defaultRequest'), "may not be specified when `type` is 'Pod'"));
    l.default = {};
    l.defaultRequest = {};
  }
  if (type === 'PersistentVolumeClaim' && l.min.storage === undefined && l.max.storage === undefined) {
    errs.push(required(p.child('limits'), 'either minimum or maximum storage value is required, but neither was provided'));
  }
  const keys = new Set(Object.values(l).flatMap((x) => Object.keys(x)));
  for (const k of [...keys].sort()) errs.push(...resourceErrors(p, k, l));
  return errs;
}

export function validateLimitRange(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v);
  const seen = new Set<string>();
  const base = FieldPath.of('spec', 'limits');
  objs(obj(o.spec).limits).forEach((item, i) => {
    const p = base.index(i);
    if (seen.has(str(item.type))) errs.push(duplicate(p.child('type'), str(item.type)));
    seen.add(str(item.type));
    errs.push(...itemErrors(item, p));
  });
  return errs;
}
