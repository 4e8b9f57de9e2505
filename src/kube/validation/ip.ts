/**
 * IP addresses in "legacy" fields (apimachinery pkg/util/validation/ip.go
 * IsValidIPForLegacyField, called through core validation's ValidateIPForLegacyField): pod
 * hostAliases and DNS nameservers, Service externalIPs, Endpoints addresses. Parsing is
 * sloppy — IPv4 octets with leading zeros ("010.0.0.1") and IPv4-mapped IPv6 ("::ffff:1.2.3.4")
 * pass — until StrictIPCIDRValidation is on (beta from 1.36), which refuses both. Service
 * clusterIPs keep the strict parser here (the allocator compares addresses as text).
 */
import { gateEnabled } from '../defaults/feature-gates';
import { parseIPv4 } from '../ip';
import type { KubeVersion } from '../version';
import { invalid, type FieldError, type FieldPath } from './field-error';
import { isValidIP } from './names';

export const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

const SLOPPY_V4 = /^\d+\.\d+\.\d+\.\d+$/;

/** netutils.ParseIPSloppy's IPv4: decimal octets up to 255, any number of leading zeros. */
function isSloppyIPv4(value: string): boolean {
  return SLOPPY_V4.test(value) && value.split('.').every((octet) => Number(octet) <= 255);
}

const hasLeadingZeros = (value: string): boolean => isSloppyIPv4(value) && !isValidIP(value);
const isIPv4Mapped = (value: string): boolean => /^(0{0,4}:){0,5}(::)?(0{0,4}:)*ffff:\d+\.\d+\.\d+\.\d+$/i.test(value) && isValidIP(value);

export function validateLegacyIP(value: string, p: FieldPath, v: KubeVersion): FieldError[] {
  if (!isValidIP(value) && !isSloppyIPv4(value)) return [invalid(p, value, INVALID_IP)];
  if (!gateEnabled('StrictIPCIDRValidation', v)) return [];
  if (hasLeadingZeros(value)) return [invalid(p, value, 'must not have leading 0s')];
  if (isIPv4Mapped(value)) return [invalid(p, value, 'must not be an IPv4-mapped IPv6 address')];
  return [];
}

export const INVALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/**
 * CIDRs in "legacy" fields (IsValidCIDRForLegacyField, parseCIDR): Service
 * loadBalancerSourceRanges. netutils.ParseCIDRSloppy takes the address as the legacy IP parser
 * does and a decimal prefix length up to the family's size; with StrictIPCIDRValidation leading
 * zeros (address or prefix), IPv4-mapped IPv6 and bits beyond the prefix are refused. A value the
 * old object already held is accepted as is (validOldCIDRs). unverified: the bits-beyond-prefix
 * check is made for IPv4 only (the clusters are IPv4 single-stack).
 */
export function validateLegacyCIDR(value: string, p: FieldPath, v: KubeVersion, validOld: readonly string[] = []): FieldError[] {
  if (validOld.includes(value)) return [];
  const slash = value.indexOf('/');
  const ip = slash < 0 ? '' : value.slice(0, slash);
  const prefix = slash < 0 ? '' : value.slice(slash + 1);
  const v4 = isSloppyIPv4(ip);
  const bits = v4 ? 32 : 128;
  if ((!v4 && !isValidIP(ip)) || !/^\d+$/.test(prefix) || Number(prefix) > bits) return [invalid(p, value, INVALID_CIDR)];
  if (!gateEnabled('StrictIPCIDRValidation', v)) return [];
  if (hasLeadingZeros(ip) || /^0\d/.test(prefix)) return [invalid(p, value, 'must not have leading 0s in IP or prefix length')];
  if (isIPv4Mapped(ip)) return [invalid(p, value, 'must not have an IPv4-mapped IPv6 address')];
  const n = v4 ? parseIPv4(ip) : undefined;
  const length = Number(prefix);
  if (n !== undefined && length < 32 && n % 2 ** (32 - length) !== 0) return [invalid(p, value, 'must not have bits set beyond the prefix length')];
  return [];
}

/**
 * ValidateEndpointIP (core validation): an endpoint address may not be unspecified, loopback,
 * link-local or link-local multicast. IPv4 as Go's net.IP methods decide it; for IPv6 the
 * unspecified and loopback forms `::` and `::1` and the fe80::/10 and ff02-scope prefixes are
 * recognised as written (unverified: other spellings of the same IPv6 addresses).
 */
export function validateEndpointIP(value: string, p: FieldPath): FieldError[] {
  if (!isSloppyIPv4(value) && !isValidIP(value)) return [invalid(p, value, 'must be a valid IP address')];
  const v4 = isSloppyIPv4(value) ? value.split('.').map(Number) : undefined;
  const v6 = v4 ? '' : value.toLowerCase();
  const errs: FieldError[] = [];
  if (v4 ? v4.every((o) => o === 0) : v6 === '::') errs.push(invalid(p, value, `may not be unspecified (${value})`));
  if (v4 ? v4[0] === 127 : v6 === '::1') errs.push(invalid(p, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (v4 ? v4[0] === 169 && v4[1] === 254 : /^fe[89ab][0-9a-f]?:/.test(v6)) {
    errs.push(invalid(p, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  if (v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : /^ff[0-9a-f]2:/.test(v6)) {
    errs.push(invalid(p, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}

/** Whether a legacy-valid address is IPv4 (netutils.IsIPv4String). */
export function isIPv4Text(value: string): boolean {
  return isSloppyIPv4(value);
}
