import { describe, expect, it } from '@jest/globals';
import { formatGoDuration } from '../../../src/kube/go-duration';

describe('formatGoDuration (Go time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [393, '393ms'],
    [1000, '1s'],
    [1494, '1.494s'],
    [1500, '1.5s'],
    [10_000, '10s'],
    [60_000, '1m0s'],
    [80_000, '1m20s'],
    [160_000, '2m40s'],
    [300_000, '5m0s'],
    [90_500, '1m30.5s'],
    [3_600_000, '1h0m0s'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});
