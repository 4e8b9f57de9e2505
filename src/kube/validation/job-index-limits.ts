/**
 * Job fields limited by the completion mode, and spec.managedBy (pkg/apis/batch/validation
 * validateJobSpec in v1.35.4-v1.37.2):
 * - backoffLimitPerIndex and maxFailedIndexes: not negative; maxFailedIndexes needs
 *   backoffLimitPerIndex; both need completionMode Indexed.
 * - Indexed: parallelism at most 10^5; maxFailedIndexes at most completions and at most 10^5;
 *   with backoffLimitPerIndex and more than 10^5 completions, maxFailedIndexes is required and
 *   both it and parallelism are capped at 10^4.
 * - managedBy: a domain-prefixed path ("example.com/controller") of at most 63 characters.
 * unverified for 1.29-1.34 (sources not on disk): the same rules are assumed.
 */
import { isDNS1123Subdomain, regexError } from './names';
import { has, optNum, str, type Obj } from './access';
import { FieldPath, invalid, required, tooLong, type FieldError } from './field-error';
import { nonNegative } from './meta';

const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;
const MAX_MANAGED_BY_LENGTH = 63;

/** The counts: not negative, and maxFailedIndexes only with backoffLimitPerIndex. */
export function perIndexCounts(spec: Obj, p: FieldPath): FieldError[] {
  const perIndex = optNum(spec.backoffLimitPerIndex);
  const maxFailed = optNum(spec.maxFailedIndexes);
  const errs = [...nonNegative(perIndex, p.child('backoffLimitPerIndex')), ...nonNegative(maxFailed, p.child('maxFailedIndexes'))];
  if (maxFailed !== undefined && perIndex === undefined) {
    errs.push(required(p.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  return errs;
}

/** The limits that depend on the completion mode. */
export function perIndexModeLimits(spec: Obj, p: FieldPath): FieldError[] {
  const perIndex = optNum(spec.backoffLimitPerIndex);
  const maxFailed = optNum(spec.maxFailedIndexes);
  if (str(spec.completionMode) === 'Indexed') return indexedLimits(spec, p, perIndex, maxFailed);
  // only NonIndexed (or no mode: defaulting sets NonIndexed) forbids them; an unknown mode is
  // reported on its own
  if (spec.completionMode != null && str(spec.completionMode) !== 'NonIndexed') return [];
  const errs: FieldError[] = [];
  if (perIndex !== undefined) errs.push(invalid(p.child('backoffLimitPerIndex'), perIndex, 'requires indexed completion mode'));
  if (maxFailed !== undefined) errs.push(invalid(p.child('maxFailedIndexes'), maxFailed, 'requires indexed completion mode'));
  return errs;
}

function indexedLimits(spec: Obj, p: FieldPath, perIndex: number | undefined, maxFailed: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const completions = optNum(spec.completions);
  const parallelism = optNum(spec.parallelism);
  if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
    errs.push(invalid(p.child('parallelism'), parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
  }
  if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) {
    errs.push(invalid(p.child('maxFailedIndexes'), maxFailed, 'must be less than or equal to completions'));
  }
  if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES) {
    errs.push(invalid(p.child('maxFailedIndexes'), maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
  }
  if (completions === undefined || completions <= COMPLETIONS_SOFT_LIMIT || perIndex === undefined) return errs;
  const high = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
  if (maxFailed === undefined) errs.push(required(p.child('maxFailedIndexes'), `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
  if (parallelism !== undefined && parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS) {
    errs.push(invalid(p.child('parallelism'), parallelism, `must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} ${high}`));
  }
  if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) {
    errs.push(invalid(p.child('maxFailedIndexes'), maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${high}`));
  }
  return errs;
}

const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const HTTP_PATH = new RegExp(`^${HTTP_PATH_FMT}$`);

/** spec.managedBy: IsDomainPrefixedPath and the length limit. */
export function validateManagedBy(spec: Obj, p: FieldPath): FieldError[] {
  if (!has(spec, 'managedBy') || spec.managedBy == null) return [];
  const value = str(spec.managedBy);
  const at = p.child('managedBy');
  const errs = domainPrefixedPath(value, at);
  if (value.length > MAX_MANAGED_BY_LENGTH) errs.push(tooLong(at, MAX_MANAGED_BY_LENGTH));
  return errs;
}

/** apimachinery util/validation IsDomainPrefixedPath. */
function domainPrefixedPath(value: string, at: FieldPath): FieldError[] {
  if (!value) return [required(at)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? '' : value.slice(0, slash);
  const path = slash < 0 ? '' : value.slice(slash + 1);
  if (!host || !path) return [invalid(at, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = isDNS1123Subdomain(host).map((m) => invalid(at, host, m));
  if (!HTTP_PATH.test(path)) errs.push(invalid(at, path, regexError('Invalid path', HTTP_PATH_FMT)));
  return errs;
}
