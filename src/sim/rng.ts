/**
 * The simulator's only source of randomness: seeded, so the same scenario and seed give the same
 * names, uids, IPs and choices, byte for byte.
 */

/** Characters Kubernetes uses for generated name suffixes (k8s.io/apimachinery/pkg/util/rand: no vowels, no 0/1/3 to avoid words and look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The digits of `n.toString(16)` for n < 16, looked up instead of formatted (every object's uid has 32). */
const HEX_DIGITS = '0123456789abcdef';

/** A version 4 UUID: `x` a random hex digit, `y` the variant digit (8 to b), the rest as written. */
const UUID_LAYOUT = 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx';
const RANDOM_SLOT = 'x'.charCodeAt(0);
const VARIANT_SLOT = 'y'.charCodeAt(0);
/** The character codes of the uuid being built; fixed characters stay as the layout has them. */
const UUID_CODES: number[] = Array.from(UUID_LAYOUT, (c) => c.charCodeAt(0));

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** mulberry32: a small, fast, well-distributed 32-bit generator. Returns [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `n` characters like the suffix of a generateName (e.g. the `x7k2p` of `web-6d4cf56db6-x7k2p`). */
  suffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += SUFFIX_ALPHABET[this.int(SUFFIX_ALPHABET.length)];
    return s;
  }

  /** A random (version 4) UUID, as the API server assigns to metadata.uid. */
  uuid(): string {
    // the variant digit is drawn first, then the others left to right: the order of every run so far
    const variant = HEX_DIGITS.charCodeAt(8 + this.int(4));
    const codes = UUID_CODES;
    for (let i = 0; i < UUID_LAYOUT.length; i++) {
      const slot = UUID_LAYOUT.charCodeAt(i);
      if (slot === RANDOM_SLOT) codes[i] = HEX_DIGITS.charCodeAt(this.int(16));
      else if (slot === VARIANT_SLOT) codes[i] = variant;
    }
    // one flat string from the codes: appending digit by digit left 30 intermediate strings per uid
    return String.fromCharCode.apply(null, codes);
  }

  /** A Fisher-Yates shuffled copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const a = items.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}
