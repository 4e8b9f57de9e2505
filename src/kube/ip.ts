/**
 * IPv4 addresses as numbers, and the few address forms DNS, the allocators and the pod subnet
 * checks need. The clusters are single-stack IPv4, like a default kind cluster.
 */

/** A strict dotted quad (Go's net.ParseIP since 1.17 also rejects leading zeros), or undefined. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const octet = Number(p);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Loose IPv6 check, enough to tell an IPv6 literal from a host name (we never allocate IPv6). */
export function looksLikeIPv6(text: string): boolean {
  return text.includes(':') && /^[0-9a-fA-F:.]+$/.test(text) && (text.match(/::/g) ?? []).length <= 1;
}

export function isIPLiteral(text: string): boolean {
  return parseIPv4(text) !== undefined || looksLikeIPv6(text);
}

export interface Cidr {
  /** the network address */
  base: number;
  prefix: number;
  text: string;
}

export function parseCidr(text: string): Cidr {
  const [addr, bits] = text.split('/');
  const base = parseIPv4(addr ?? '');
  const prefix = Number(bits);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`not an IPv4 CIDR: ${text}`);
  return { base, prefix, text };
}

/** Number of addresses in the CIDR, network and broadcast included (k8s.io/utils/net RangeSize). */
export function rangeSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** The `n`th address after the network address (n = 1 is the first usable one). */
export function nthAddress(c: Cidr, n: number): string {
  return formatIPv4(c.base + n);
}

/** IPv4 numeric order for sorting answers and addresses. */
export function compareIPs(a: string, b: string): number {
  const x = parseIPv4(a);
  const y = parseIPv4(b);
  if (x !== undefined && y !== undefined) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `10.244.1.5` → `10-244-1-5`, the label CoreDNS uses for endpoints without a hostname. */
export function dashedIP(ip: string): string {
  if (ip.includes('.')) return ip.replace(/\./g, '-');
  const dashed = ip.replace(/:/g, '-');
  // coredns plugin/kubernetes endpointHostname: a trailing '-' would not be a valid label
  return dashed.endsWith('-') ? dashed + '0' : dashed;
}
