'use strict';
/** How fast pods started, and what a size of the pods benchmark that stopped before its end reports (bench/run.js). */

/** Pods per second of wall time, rounded; undefined without a duration. */
function podsPerSecond(pods, ms) {
  return ms ? Math.round(pods / (ms / 1000)) : undefined;
}

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
  return { stage: last.stage, podsStarted: last.podsStarted, of: 2 * pods, ms: last.sinceMs, podsPerS: podsPerSecond(last.podsStarted, last.sinceMs), peakHeapBytes: last.peakHeap };
}

module.exports = { howFar, podsPerSecond };
