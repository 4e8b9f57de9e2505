/**
 * slowStartBatch (replica_set.go): call `fn` `count` times in batches of 1, 2, 4, ... (each
 * batch at most what remains). A batch with any failure ends the run; the first error is
 * returned with the number of successful calls, so pods never attempted are not expected.
 * Upstream runs a batch's calls concurrently; here they run in order.
 */

/** controller.SlowStartInitialBatchSize */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface BatchResult {
  successes: number;
  error?: unknown;
}

export function slowStartBatch(count: number, initialBatchSize: number, fn: () => void): BatchResult {
  let remaining = count;
  let successes = 0;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    let firstError: unknown;
    let failed = false;
    for (let i = 0; i < size; i++) {
      try {
        fn();
        successes++;
      } catch (err) {
        if (!failed) firstError = err;
        failed = true;
      }
    }
    if (failed) return { successes, error: firstError };
    remaining -= size;
  }
  return { successes };
}
