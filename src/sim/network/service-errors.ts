/**
 * The errors the Service registry answers with (pkg/registry/core/service/storage/alloc.go):
 * allocation conflicts are 422 Invalid with one field error, an exhausted range is a 500.
 * Messages are reproduced exactly because users match on them.
 */
import { ApiError } from '../../errors';
import type { KubeVersion } from '../../kube/version';
import { invalidError } from '../../kube/status-errors';
import type { FieldError } from '../../kube/validation/field-error';

/** errors.NewInvalid(api.Kind("Service"), name, errs): `Service "web" is invalid: <errors>`. */
export function serviceInvalid(name: string, errors: FieldError[], version: KubeVersion): ApiError {
  return invalidError({ apiVersion: 'v1', kind: 'Service', metadata: { name } }, errors, version);
}

/** errors.NewInternalError(err). */
export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** ipallocator.ErrAllocated / portallocator.ErrAllocated. */
export const IP_ALLOCATED = 'provided IP is already allocated';
export const PORT_ALLOCATED = 'provided port is already allocated';
export const RANGE_FULL = 'range is full';

/** ipallocator.ErrNotInRange: outside the allocator's first..last usable address. */
export function ipNotInRange(ip: string, cidr: string): string {
  return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${cidr}`;
}

/**
 * ipallocator.ErrMismatchedNetwork: from 1.33 (MultiCIDRServiceAllocator GA) the MetaAllocator
 * answers this for an address outside every ServiceCIDR (cidrallocator.go getAllocator).
 */
export const IP_NETWORK_MISMATCH = 'the provided network does not match the current range';

/** portallocator.ErrNotInRange. */
export function portNotInRange(min: number, max: number): string {
  return `provided port is not in the valid range. The range of valid ports is ${min}-${max}`;
}
