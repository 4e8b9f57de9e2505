/**
 * matchLabelKeys / mismatchLabelKeys of pod affinity terms and topology spread constraints
 * (pkg/apis/core/validation/validation.go ValidateMatchLabelKeysAndMismatchLabelKeys and the
 * older ValidateMatchLabelKeysInTopologySpread). Pods are validated after the API server has
 * merged the keys into the selector (pod-label-keys.ts), pod templates as written.
 */
import { gateEnabled } from '../defaults/feature-gates';
import type { KubeVersion } from '../version';
import { arr, isObj, str, type Obj } from './access';
import { forbidden, invalid, type FieldError, type FieldPath } from './field-error';
import { validateLabelName } from './meta';

function labelKeyNames(keys: string[], p: FieldPath, selector: unknown, v: KubeVersion): FieldError[] {
  if (!keys.length) return [];
  if (!isObj(selector)) return [forbidden(p, 'must not be specified when labelSelector is not set')];
  return keys.flatMap((k, i) => validateLabelName(k, p.index(i), v));
}

/**
 * ValidateMatchLabelKeysAndMismatchLabelKeys. A matchLabelKeys key is reported when it shows in
 * matchExpressions and already in matchLabels or an earlier expression, which after the merge
 * means "also in the selector as written". The path of that error is the term's own, indexed by
 * the key's (last) position (upstream's labelKeysMap and fldPath.Index(i)).
 */
export function validateMatchAndMismatchLabelKeys(p: FieldPath, matchKeys: string[], mismatchKeys: string[], selector: unknown, v: KubeVersion): FieldError[] {
  const errs = [...labelKeyNames(matchKeys, p.child('matchLabelKeys'), selector, v), ...labelKeyNames(mismatchKeys, p.child('mismatchLabelKeys'), selector, v)];
  if (isObj(selector)) {
    const seen = new Set(Object.keys(isObj(selector.matchLabels) ? selector.matchLabels : {}));
    for (const expression of arr(selector.matchExpressions)) {
      const key = str((expression as Obj)?.key);
      if (matchKeys.includes(key) && seen.has(key)) errs.push(invalid(p.index(matchKeys.lastIndexOf(key)), key, 'exists in both matchLabelKeys and labelSelector'));
      seen.add(key);
    }
  }
  matchKeys.forEach((k, i) => {
    if (mismatchKeys.includes(k)) errs.push(invalid(p.child('matchLabelKeys').index(i), k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  return errs;
}

/**
 * A topology spread constraint's matchLabelKeys: the merged-selector rule where
 * MatchLabelKeysInPodTopologySpreadSelectorMerge is on (beta from 1.34), before that
 * ValidateMatchLabelKeysInTopologySpread (no key may appear in the selector at all).
 */
export function validateTopologyMatchLabelKeys(c: Obj, p: FieldPath, v: KubeVersion): FieldError[] {
  const keys = arr(c.matchLabelKeys).map(str);
  if (gateEnabled('MatchLabelKeysInPodTopologySpreadSelectorMerge', v)) return validateMatchAndMismatchLabelKeys(p, keys, [], c.labelSelector, v);
  if (!keys.length) return [];
  const selector = c.labelSelector;
  const errs: FieldError[] = isObj(selector) ? [] : [forbidden(p.child('matchLabelKeys'), 'must not be specified when labelSelector is not set')];
  const inSelector = new Set(
    isObj(selector) ? [...Object.keys(isObj(selector.matchLabels) ? selector.matchLabels : {}), ...arr(selector.matchExpressions).map((e) => str((e as Obj)?.key))] : [],
  );
  keys.forEach((k, i) => {
    errs.push(...validateLabelName(k, p.child('matchLabelKeys').index(i), v));
    if (inSelector.has(k)) errs.push(invalid(p.child('matchLabelKeys').index(i), k, 'exists in both matchLabelKeys and labelSelector'));
  });
  return errs;
}
