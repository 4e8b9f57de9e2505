/**
 * Identifiers the container runtime would invent (container and sandbox ids, image digests,
 * machine ids). They are hashes of stable inputs rather than draws from the simulator's random
 * generator, so the kubelet's bookkeeping never shifts the random names other components get.
 */
import { createHash, hash } from 'node:crypto';

/**
 * sha256 of `text` in hex. crypto.hash (Node 20.12+) digests in one call, without the Hash object
 * createHash builds for every id; earlier Node 20 releases lack it.
 */
const sha256Hex: (text: string) => string = typeof hash === 'function'
  ? (text) => hash('sha256', text, 'hex')
  : (text) => createHash('sha256').update(text).digest('hex');

/** 64 lowercase hex characters, like a containerd container id or a sha256 digest. */
export function hex64(...parts: Array<string | number>): string {
  return sha256Hex(parts.join('\u0000'));
}

/** 32 hex characters, like /etc/machine-id. */
export function hex32(...parts: Array<string | number>): string {
  return hex64(...parts).slice(0, 32);
}

/** A UUID-shaped id (system UUID, boot id) derived from `parts`. */
export function uuidFrom(...parts: Array<string | number>): string {
  const h = hex32(...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A fraction in [0, 1) derived from `parts`: deterministic jitter. */
export function unitFraction(...parts: Array<string | number>): number {
  return parseInt(hex64(...parts).slice(0, 8), 16) / 2 ** 32;
}
