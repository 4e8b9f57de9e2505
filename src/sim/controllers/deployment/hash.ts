/**
 * The pod-template-hash (controller_utils.go ComputeHash): FNV-32a over the pod template, then the
 * collisionCount as 8 little-endian bytes when set, the uint32 printed in decimal and each digit
 * mapped through rand.SafeEncodeString's alphabet.
 * unverified: upstream hashes a spew dump of the Go struct (hashutil.DeepHashObject), which depends
 * on every field of PodTemplateSpec in the emulated version; we hash canonical JSON (keys sorted)
 * instead, so the value is deterministic and changes with the template exactly when upstream's
 * does, but is not byte-for-byte the value a real cluster computes.
 */

/** k8s.io/apimachinery/pkg/util/rand alphanums */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function computeHash(template: unknown, collisionCount: number | undefined): string {
  let h = fnv32a(FNV_OFFSET, Buffer.from(canonicalJson(template)!, 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32LE(collisionCount >>> 0, 0);
    h = fnv32a(h, bytes);
  }
  return safeEncodeString(String(h));
}

function fnv32a(seed: number, bytes: Uint8Array): number {
  let h = seed;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character's code modulo the alphabet's length. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHABET[ch.codePointAt(0)! % SAFE_ALPHABET.length];
  return out;
}

/**
 * JSON with every object's keys sorted (by UTF-16 code units) and undefined members left out.
 * Built by appending to one string: no per-object entry arrays, as this runs over whole pod
 * templates. An array's undefined element is written as nothing, as Array.prototype.join does.
 */
function canonicalJson(v: unknown): string | undefined {
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + (canonicalJson(v[i]) ?? '');
    return out + ']';
  }
  if (v && typeof v === 'object') {
    let out = '{';
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      out += (out.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson(x);
    }
    return out + '}';
  }
  return JSON.stringify(v);
}
