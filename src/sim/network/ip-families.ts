/**
 * spec.ipFamilyPolicy and spec.ipFamilies on a single-stack IPv4 cluster (a default kind
 * cluster), as initIPFamilyFields in pkg/registry/core/service/storage/alloc.go sets and checks
 * them before allocating. Mutates `svc`; throws the API server's 422 when the request cannot be
 * served by this cluster.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { KubeVersion } from '../../kube/version';
import { FieldPath, invalid, type FieldError } from '../../kube/validation/field-error';
import { goStringSlice } from '../../kube/validation/go-value';
import { serviceInvalid } from './service-errors';
import { isHeadless, serviceSelector, serviceType, type MutableService } from './service-fields';

/** The only family this cluster is configured with (kind's default ipFamily). */
const CLUSTER_FAMILY = 'IPv4';

export function initIPFamilyFields(svc: MutableService, old: Service | undefined, version: KubeVersion): void {
  if (serviceType(svc) === 'ExternalName') return;
  const spec = svc.spec;
  const headlessSelectorless = isHeadless(svc) && !serviceSelector(svc);
  if (!spec.ipFamilyPolicy) {
    // Create: SingleStack, except headless+selectorless which may carry both families.
    // Update: adopt the stored policy rather than guess.
    spec.ipFamilyPolicy = old?.spec?.ipFamilyPolicy ?? (headlessSelectorless ? 'RequireDualStack' : 'SingleStack');
  }
  const errors: FieldError[] = [];
  if (old && spec.ipFamilyPolicy === 'SingleStack') trimToSingleStack(svc, old);
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if (spec.clusterIPs?.length === 2) {
      errors.push(invalid(FieldPath.of('spec', 'ipFamilyPolicy'), spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    }
    if (spec.ipFamilies?.length === 2) {
      errors.push(invalid(FieldPath.of('spec', 'ipFamilyPolicy'), spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
    }
  }
  errors.push(...inferFamiliesFromIPs(svc));
  if (errors.length) throw serviceInvalid(svc.metadata?.name ?? '', errors, version);

  if (headlessSelectorless) {
    // allowed to name both families even on a single-stack cluster
    spec.ipFamilies = spec.ipFamilies?.length ? spec.ipFamilies : [CLUSTER_FAMILY];
    if (spec.ipFamilies.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') {
      spec.ipFamilies = [...spec.ipFamilies, spec.ipFamilies[0] === 'IPv4' ? 'IPv6' : 'IPv4'];
    }
    return;
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack') {
    errors.push(invalid(FieldPath.of('spec', 'ipFamilyPolicy'), spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  }
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (family !== CLUSTER_FAMILY) errors.push(invalid(FieldPath.of('spec', 'ipFamilies').index(i), family, 'not configured on this cluster'));
  });
  if (errors.length) throw serviceInvalid(svc.metadata?.name ?? '', errors, version);
  // PreferDualStack on a single-stack cluster keeps the one family
  if (!spec.ipFamilies?.length) spec.ipFamilies = [CLUSTER_FAMILY];
}

/** Setting SingleStack with unchanged IPs/families is clear intent to drop the secondary. */
function trimToSingleStack(svc: MutableService, old: Service): void {
  const spec = svc.spec;
  const sameIPs = JSON.stringify(old.spec?.clusterIPs ?? []) === JSON.stringify(spec.clusterIPs ?? []);
  if (sameIPs && (spec.clusterIPs?.length ?? 0) > 1) spec.clusterIPs = spec.clusterIPs!.slice(0, 1);
  const sameFamilies = JSON.stringify(old.spec?.ipFamilies ?? []) === JSON.stringify(spec.ipFamilies ?? []);
  if (sameFamilies && (spec.ipFamilies?.length ?? 0) > 1) spec.ipFamilies = spec.ipFamilies!.slice(0, 1);
}

/** Families follow the given cluster IPs; an IPv6 address on this cluster is an error. */
function inferFamiliesFromIPs(svc: MutableService): FieldError[] {
  const spec = svc.spec;
  const errors: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  for (let i = 0; i < ips.length; i++) {
    const ip = ips[i]!;
    if (ip === 'None') break;
    if (i < (spec.ipFamilies?.length ?? 0)) continue;
    const family = ip.includes(':') ? 'IPv6' : 'IPv4';
    if (family !== CLUSTER_FAMILY) {
      errors.push(invalid(FieldPath.of('spec', 'clusterIPs').index(i), goStringSlice(ips), `${family} is not configured on this cluster`));
    } else {
      spec.ipFamilies = [...(spec.ipFamilies ?? []), family];
    }
  }
  return errors;
}
