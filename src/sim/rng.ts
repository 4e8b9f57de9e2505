/**
 * The simulator's only source of randomness: seeded, so the same scenario and seed give the same
 * names, uids, IPs and choices, byte for byte.
 */

/** Characters Kubernetes uses for generated name suffixes (k8s.io/apimachinery/pkg/util/rand: no vowels, no 0/1/3 to avoid words and look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The digits of `n.toString(16)` for n < 16, looked up instead of formatted (every object's uid has 32). */
const HEX_DIGITS = '0123456789abcdef';

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
    const hex = (n: number) => {
      let s = '';
      for (let i = 0; i < n; i++) s += HEX_DIGITS[this.int(16)];
      return s;
    };
    const variant = HEX_DIGITS[8 + this.int(4)];
    // joined rather than concatenated: one flat string, not a tree of parts (every object keeps its uid)
    return [hex(8), '-', hex(4), '-4', hex(3), '-', variant, hex(3), '-', hex(12)].join('');
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
