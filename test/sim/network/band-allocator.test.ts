import { describe, expect, test } from '@jest/globals';
import { IP_BANDS, pickDynamic, PORT_BANDS, staticBandSize } from '../../../src/sim/network/band-allocator';
import { Rng } from '../../../src/sim/rng';

describe('static band size (KEP-3070, KEP-3668)', () => {
  test('a /16 keeps its first 256 addresses for static IPs; 30000-32767 keeps 86 ports', () => {
    expect(staticBandSize(65536, IP_BANDS)).toBe(256);
    expect(staticBandSize(256, IP_BANDS)).toBe(16);
    expect(staticBandSize(4096, IP_BANDS)).toBe(256);
    expect(staticBandSize(16, IP_BANDS)).toBe(0);
    expect(staticBandSize(2768, PORT_BANDS)).toBe(86);
    expect(staticBandSize(12768, PORT_BANDS)).toBe(128);
  });
});

describe('dynamic picks', () => {
  test('come from the upper band while it has room', () => {
    const taken = new Set<number>();
    const rng = new Rng(3);
    for (let i = 0; i < 6; i++) {
      const pick = pickDynamic(10, 4, (k) => !taken.has(k), rng)!;
      expect(pick).toBeGreaterThanOrEqual(4);
      taken.add(pick);
    }
    expect([...taken].sort()).toEqual([4, 5, 6, 7, 8, 9]);
  });

  test('fall back to the lower band, then give up', () => {
    const taken = new Set([4, 5, 6, 7, 8, 9]);
    const rng = new Rng(3);
    for (let i = 0; i < 4; i++) {
      const pick = pickDynamic(10, 4, (k) => !taken.has(k), rng)!;
      expect(pick).toBeLessThan(4);
      taken.add(pick);
    }
    expect(pickDynamic(10, 4, (k) => !taken.has(k), rng)).toBeUndefined();
  });
});
