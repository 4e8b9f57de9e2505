/**
 * Cluster IP allocation for one Service request (alloc.go allocClusterIPs / updateClusterIPs):
 * a requested address must be in the service CIDR and free; no request gets a dynamic address
 * (band-allocator). Headless and ExternalName Services hold none. Mutates `svc`.
 */
import type { Service } from 'kubernetes-types/core/v1';
import { atLeast, type KubeVersion } from '../../kube/version';
import type { Rng } from '../rng';
import { FieldPath, invalid } from '../../kube/validation/field-error';
import { goStringSlice } from '../../kube/validation/go-value';
import type { AllocationIndex } from './allocation-index';
import { IP_BANDS, pickDynamic, staticBandSize } from './band-allocator';
import { formatIPv4, parseIPv4, rangeSize } from './ip';
import { SERVICE_CIDR } from './network-config';
import { IP_ALLOCATED, IP_NETWORK_MISMATCH, internalError, ipNotInRange, RANGE_FULL, serviceInvalid } from './service-errors';
import { isHeadless, serviceType, type MutableService } from './service-fields';

export interface IPAllocationContext {
  index: AllocationIndex;
  rng: Rng;
  version: KubeVersion;
}

/** Network and broadcast addresses are never handed out (ipallocator hostsPerNetwork). */
const FIRST = SERVICE_CIDR.base + 1;
const HOSTS = rangeSize(SERVICE_CIDR) - 2;
const STATIC_BAND = staticBandSize(rangeSize(SERVICE_CIDR), IP_BANDS);

export function allocateClusterIPs(svc: MutableService, ctx: IPAllocationContext): void {
  if (serviceType(svc) === 'ExternalName' || isHeadless(svc)) return;
  const spec = svc.spec;
  const ips = spec.clusterIPs?.length ? [...spec.clusterIPs] : [''];
  const ip = ips[0] ? reserveStatic(ips[0], svc, ips, ctx) : reserveDynamic(ctx);
  ips[0] = ip;
  spec.clusterIPs = ips;
  spec.clusterIP = ip;
}

/** Updates allocate only when leaving ExternalName; leaving a VIP type releases (the index frees it). */
export function updateClusterIPs(svc: MutableService, old: Service, ctx: IPAllocationContext): void {
  if (serviceType(old) === 'ExternalName' && serviceType(svc) !== 'ExternalName') allocateClusterIPs(svc, ctx);
}

function reserveStatic(requested: string, svc: Service, ips: string[], ctx: IPAllocationContext): string {
  const n = parseIPv4(requested);
  // not an address at all: validation reports it (ValidateServiceClusterIPsRelatedFields)
  if (n === undefined) return requested;
  const reason = staticRefusal(n, ctx);
  if (reason) {
    const err = invalid(FieldPath.of('spec', 'clusterIPs'), goStringSlice(ips), `failed to allocate IP ${requested}: ${reason}`);
    throw serviceInvalid(svc.metadata?.name ?? '', [err], ctx.version);
  }
  return formatIPv4(n);
}

/**
 * Why a requested address cannot be had, if it cannot. Up to 1.32 one bitmap allocator covers the
 * service CIDR; from 1.33 the MetaAllocator first picks the ServiceCIDR containing the address.
 */
function staticRefusal(n: number, ctx: IPAllocationContext): string | undefined {
  const inCidr = n >= SERVICE_CIDR.base && n < SERVICE_CIDR.base + rangeSize(SERVICE_CIDR);
  if (!inCidr && atLeast(ctx.version, '1.33')) return IP_NETWORK_MISMATCH;
  if (n < FIRST || n >= FIRST + HOSTS) return ipNotInRange(formatIPv4(n), SERVICE_CIDR.text);
  if (ctx.index.ipOwner(formatIPv4(n))) return IP_ALLOCATED;
  return undefined;
}

function reserveDynamic(ctx: IPAllocationContext): string {
  const i = pickDynamic(HOSTS, STATIC_BAND, (k) => !ctx.index.ipOwner(formatIPv4(FIRST + k)), ctx.rng);
  if (i === undefined) throw internalError(`failed to allocate a serviceIP: ${RANGE_FULL}`);
  return formatIPv4(FIRST + i);
}
