'use strict';
/** What a size of the pods benchmark that stopped before its end reports (bench/run.js). */

/**
 * How far a size stopped before its end (time limit, crash) got: its last progress message, or
 * the finished create (all N pods started) when that came later.
 */
function howFar(pods, phases) {
  const { progress, create } = phases;
  const last = create && (!progress || progress.sinceMs < create.ms)
    ? { stage: 'create', podsStarted: pods, sinceMs: create.ms, peakHeap: Math.max(create.peakHeap, progress?.peakHeap ?? 0) }
    : progress;
  if (!last) return undefined;
  const rate = last.sinceMs ? Math.round(last.podsStarted / (last.sinceMs / 1000)) : undefined;
  return { stage: last.stage, podsStarted: last.podsStarted, of: 2 * pods, ms: last.sinceMs, podsPerS: rate, peakHeapBytes: last.peakHeap };
}

module.exports = { howFar };
