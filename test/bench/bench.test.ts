/**
 * The benchmark's table (bench/table.js): each figure against its target. A size stopped before
 * its end reports how far it got (bench/progress.js), and a heap below the target so far earns no
 * PASS.
 */
import { describe, expect, test } from '@jest/globals';
const { render } = require('../../bench/table.js') as { render: (result: unknown) => string };
const { howFar } = require('../../bench/progress.js') as { howFar: (pods: number, phases: Record<string, unknown>) => unknown };

const GIB = 2 ** 30;

function row(text: string, figure: string): string {
  const line = text.split('\n').find((l) => l.startsWith(figure));
  if (!line) throw new Error(`no row "${figure}" in:\n${text}`);
  return line.replace(/\s+/g, ' ').trim();
}

describe('bench table', () => {
  test('a finished size: rates, heap and growth with their verdicts', () => {
    const text = render({
      sizes: [
        { pods: 1000, nodes: 1000, end: 'done', createMs: 1000, rollMs: 2000, createCpuMs: 1500, rollCpuMs: 2500, createPodsPerS: 1000, rollPodsPerS: 500, podsPerS: 667, peakHeapBytes: 0.5 * GIB, liveHeapBytes: 0.25 * GIB },
        { pods: 10000, nodes: 1000, end: 'done', createMs: 8000, rollMs: 12000, createPodsPerS: 1250, rollPodsPerS: 833, podsPerS: 1000, peakHeapBytes: 1.5 * GIB, liveHeapBytes: GIB },
      ],
      growth: [{ from: 1000, to: 10000, perDoubling: 1.77 }],
    });
    expect(row(text, '1,000 pods on 1,000 nodes: created and rolled')).toBe('1,000 pods on 1,000 nodes: created and rolled 667 pods/s >= 20,000 pods/s MISS');
    expect(row(text, '1,000 pods on 1,000 nodes: peak heap')).toBe('1,000 pods on 1,000 nodes: peak heap 512 MiB < 1 GiB PASS');
    expect(row(text, '10,000 pods on 1,000 nodes: peak heap')).toBe('10,000 pods on 1,000 nodes: peak heap 1536 MiB < 1 GiB MISS');
    expect(row(text, 'growth per doubling')).toBe('growth per doubling, 1,000 → 10,000 pods 1.77x <= 2.2x PASS');
    // 4 s of CPU for 2,000 pod starts; a size measured without CPU figures says so
    expect(row(text, '1,000 pods on 1,000 nodes: CPU, create + roll')).toBe('1,000 pods on 1,000 nodes: CPU, create + roll 4.00 s, 2000 µs/pod');
    expect(row(text, '10,000 pods on 1,000 nodes: CPU, create + roll')).toBe('10,000 pods on 1,000 nodes: CPU, create + roll -');
  });

  test('a size stopped at the time limit says how far it got; its heap so far fails the target only once above it', () => {
    const stopped = (peakHeapBytes: number) => render({
      sizes: [{ pods: 100000, nodes: 1000, end: 'timed out', partial: { stage: 'create', podsStarted: 83000, of: 200000, ms: 117000, podsPerS: 709, peakHeapBytes } }],
    });
    const above = stopped(3 * GIB);
    expect(row(above, '100,000 pods on 1,000 nodes: created and rolled')).toBe('100,000 pods on 1,000 nodes: created and rolled timed out >= 20,000 pods/s MISS');
    expect(row(above, '100,000 pods on 1,000 nodes: until it stopped')).toBe('100,000 pods on 1,000 nodes: until it stopped (117.00 s) 83,000 of 200,000 pods started, 709 pods/s');
    expect(row(above, '100,000 pods on 1,000 nodes: peak heap until it stopped')).toBe('100,000 pods on 1,000 nodes: peak heap until it stopped 3072 MiB < 1 GiB MISS');
    expect(row(stopped(0.5 * GIB), '100,000 pods on 1,000 nodes: peak heap until it stopped')).toBe('100,000 pods on 1,000 nodes: peak heap until it stopped 512 MiB < 1 GiB');
  });

  test('says which young generation the pods sizes ran with, and nothing when no size ran', () => {
    const size = { pods: 1000, nodes: 1000, end: 'crashed', error: 'SIGKILL' };
    expect(render({ options: { semiSpaceMiB: 64 }, sizes: [size] })).toContain('pods sizes ran with --max-semi-space-size=64');
    expect(render({ options: { semiSpaceMiB: null }, sizes: [size] })).toContain("pods sizes ran with V8's default young generation");
    expect(render({ options: { semiSpaceMiB: 64 }, sizes: [] })).not.toContain('pods sizes ran with');
  });

  test('a size that crashed before any progress has one row', () => {
    const text = render({ sizes: [{ pods: 1000, nodes: 1000, end: 'crashed', error: 'SIGKILL' }] });
    expect(row(text, '1,000 pods on 1,000 nodes: created and rolled')).toBe('1,000 pods on 1,000 nodes: created and rolled crashed: SIGKILL >= 20,000 pods/s MISS');
    expect(text).not.toContain('until it stopped');
  });
});

describe('how far a stopped size got', () => {
  test('its last progress; the finished create when that came later; nothing without either', () => {
    const progress = { phase: 'progress', stage: 'create', podsStarted: 97000, sinceMs: 107_000, peakHeap: 2 * GIB };
    expect(howFar(100000, { progress })).toEqual({ stage: 'create', podsStarted: 97000, of: 200000, ms: 107_000, podsPerS: 907, peakHeapBytes: 2 * GIB });
    const create = { phase: 'create', ms: 108_000, peakHeap: 2.5 * GIB };
    expect(howFar(100000, { progress, create })).toEqual({ stage: 'create', podsStarted: 100000, of: 200000, ms: 108_000, podsPerS: 926, peakHeapBytes: 2.5 * GIB });
    const roll = { phase: 'progress', stage: 'roll', podsStarted: 112000, sinceMs: 119_000, peakHeap: 3 * GIB };
    expect(howFar(100000, { progress: roll, create })).toEqual({ stage: 'roll', podsStarted: 112000, of: 200000, ms: 119_000, podsPerS: 941, peakHeapBytes: 3 * GIB });
    expect(howFar(100000, {})).toBeUndefined();
  });
});
