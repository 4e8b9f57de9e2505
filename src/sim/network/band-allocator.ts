/**
 * How the API server picks a free cluster IP or node port when the user asks for none.
 *
 * KEP-3070 (cluster IPs) and KEP-3668 (node ports) split the range in two bands: a small lower
 * band kept for static (user-chosen) values and the upper band for dynamic ones. A dynamic
 * allocation starts at a random offset in the upper band and scans forward (wrapping) for a free
 * value; only when the upper band is full does it do the same in the lower band.
 * Sources: pkg/registry/core/service/ipallocator/ipallocator.go allocateNextService and
 * calculateRangeOffset; pkg/registry/core/service/allocator/bitmap.go
 * randomScanStrategyWithOffset; portallocator calculateRangeOffset.
 */
import type { Rng } from '../rng';

export interface BandShape {
  min: number;
  max: number;
  step: number;
}

/** ipallocator: min(max(16, size/16), 256). */
export const IP_BANDS: BandShape = { min: 16, max: 256, step: 16 };
/** portallocator: min(max(16, size/32), 128) — 86 for 30000-32767. */
export const PORT_BANDS: BandShape = { min: 16, max: 128, step: 32 };

/** Size of the lower (static) band: 0 for ranges of `min` values or fewer. */
export function staticBandSize(rangeSize: number, shape: BandShape): number {
  if (rangeSize <= shape.min) return 0;
  const offset = Math.floor(rangeSize / shape.step);
  return Math.min(Math.max(offset, shape.min), shape.max);
}

/**
 * Picks a free index in [0, size): upper band [lower, size) first, then [0, lower).
 * `isFree` is asked for candidates in scan order; returns undefined when everything is taken.
 */
export function pickDynamic(size: number, lower: number, isFree: (index: number) => boolean, rng: Rng): number | undefined {
  return scanBand(lower, size, isFree, rng) ?? scanBand(0, lower, isFree, rng);
}

function scanBand(from: number, to: number, isFree: (index: number) => boolean, rng: Rng): number | undefined {
  const width = to - from;
  if (width <= 0) return undefined;
  const start = rng.int(width);
  for (let i = 0; i < width; i++) {
    const index = from + ((start + i) % width);
    if (isFree(index)) return index;
  }
  return undefined;
}
