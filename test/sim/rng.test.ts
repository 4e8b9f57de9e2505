/** The simulator's seeded randomness: the same seed gives the same names and uids, run after run. */
import { describe, expect, test } from '@jest/globals';
import { Rng } from '../../src/sim/rng';

const HEX = '0123456789abcdef';

describe('Rng.uuid', () => {
  test('is a version 4 UUID with an RFC 4122 variant', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('draws the variant first and then the 30 random digits left to right (the order every history so far was written with)', () => {
    const rng = new Rng(42);
    const reference = new Rng(42);
    for (let i = 0; i < 50; i++) {
      const variant = HEX[8 + reference.int(4)];
      const digits = (n: number) => Array.from({ length: n }, () => HEX[reference.int(16)]).join('');
      const a = digits(8), b = digits(4), c = digits(3), d = digits(3), e = digits(12);
      expect(rng.uuid()).toBe(`${a}-${b}-4${c}-${variant}${d}-${e}`);
      // interleaved draws of other kinds stay in step too
      expect(rng.suffix()).toBe(Array.from({ length: 5 }, () => 'bcdfghjklmnpqrstvwxz2456789'[reference.int(27)]).join(''));
    }
  });

  test('different seeds give different uuids', () => {
    expect(new Rng(1).uuid()).not.toBe(new Rng(2).uuid());
  });
});
