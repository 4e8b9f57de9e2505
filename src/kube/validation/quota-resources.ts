/**
 * The resource lists of a ResourceQuota (spec.hard, status.hard, status.used) as
 * pkg/apis/core/validation checks each entry: ValidateResourceQuotaResourceName, then
 * ValidateResourceQuantityValue, with the helpers of pkg/apis/core/helper (same in 1.35–1.37; the
 * 1.29–1.34 sources are not on this machine and the rules are taken to be the same):
 *
 * - the name is a qualified name; a name without `/` must be a standard resource
 *   (IsStandardResourceName: `must be a standard resource type or fully qualified`, checked only
 *   for a qualified name) and a standard quota resource (`must be a standard resource for quota`,
 *   checked always), so `limits.pods` gets both errors;
 *   a name with `/` (`count/deployments.apps`, `requests.nvidia.com/gpu`,
 *   `<class>.storageclass.storage.k8s.io/requests.storage`) is accepted as it is;
 * - the value must not be negative (reported as the quantity's text);
 * - the value of an integer resource must be whole: the object counts (pods, services, ...) and
 *   every extended resource name (IsExtendedResourceName: not native, not `requests.`-prefixed;
 *   so `count/pods` and `nvidia.com/gpu` are integer resources while `requests.nvidia.com/gpu`
 *   is not), reported with the Quantity itself (go-quantity.ts).
 * Go walks the map in random order; the names are sorted here.
 */
import type { KubeVersion } from '../version';
import { parseQuantity } from '../quantity';
import { FieldPath, invalid, type FieldError } from './field-error';
import { goQuantityValue, isWholeQuantity } from './go-quantity';
import { IS_NEGATIVE } from './meta';
import { isQualifiedName } from './names';
import { canonicalQuantity } from './quantity-text';

/** helper.standardQuotaResources (hugepages are standard too: IsQuotaHugePageResourceName). */
const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers',
  'secrets', 'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers',
]);

/** helper.standardResources: the standard quota resources and `storage`. */
const STANDARD_RESOURCES = new Set([...STANDARD_QUOTA_RESOURCES, 'storage']);

/** helper.integerResources: the object counts. */
const INTEGER_RESOURCES = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);

const isQuotaHugePages = (name: string) => name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');

/** helper.IsStandardQuotaResourceName */
export function isStandardQuotaResource(name: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(name) || isQuotaHugePages(name);
}

function isStandardResource(name: string): boolean {
  return STANDARD_RESOURCES.has(name) || isQuotaHugePages(name);
}

/** helper.IsNativeResource: unprefixed, or in the kubernetes.io namespace. */
function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** helper.IsExtendedResourceName */
function isExtendedResource(name: string, v: KubeVersion): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`, v).length === 0;
}

/** ValidateResourceQuotaResourceName (with validateResourceName) */
function nameErrors(name: string, p: FieldPath, v: KubeVersion): FieldError[] {
  const errs = isQualifiedName(name, v).map((m) => invalid(p, name, m));
  const unprefixed = !name.includes('/');
  // validateResourceName stops at a name that is not qualified; the quota check comes after it anyway
  if (!errs.length && unprefixed && !isStandardResource(name)) errs.push(invalid(p, name, 'must be a standard resource type or fully qualified'));
  if (unprefixed && !isStandardQuotaResource(name)) errs.push(invalid(p, name, 'must be a standard resource for quota'));
  return errs;
}

/** ValidateResourceQuantityValue */
function valueErrors(name: string, value: string | number, p: FieldPath, v: KubeVersion): FieldError[] {
  const amount = parseQuantity(value);
  // a value that is no quantity was refused when the request was decoded
  if (amount === undefined) return [];
  const errs: FieldError[] = [];
  if (amount < 0) errs.push(invalid(p, canonicalQuantity(value), IS_NEGATIVE));
  const integer = INTEGER_RESOURCES.has(name) || isExtendedResource(name, v);
  if (integer && !isWholeQuantity(value)) errs.push(invalid(p, goQuantityValue(value), 'must be an integer'));
  return errs;
}

/** Every entry of a quota's resource list at `p` (spec.hard, status.hard, status.used). */
export function validateQuotaResourceList(list: Record<string, unknown>, p: FieldPath, v: KubeVersion): FieldError[] {
  return Object.keys(list).sort().flatMap((name) => {
    const at = p.key(name);
    const value = list[name];
    const quantity = typeof value === 'string' || typeof value === 'number' ? valueErrors(name, value, at, v) : [];
    return [...nameErrors(name, at, v), ...quantity];
  });
}
