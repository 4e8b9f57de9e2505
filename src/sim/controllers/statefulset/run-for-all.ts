/**
 * runForAll and slowStartBatch (stateful_set_control.go). OrderedReady ("monotonic") visits items
 * in order and stops at the first one that asks to stop or fails. Parallel ("burst") visits all of
 * them in batches of 1, 2, 4, ... (at most MaxBatchSize 500), stopping after a batch with a
 * failure; a step's wish to stop is ignored. Upstream runs a batch's steps concurrently; here they
 * run in index order, which is one of the orders upstream may take.
 */

/** A step returns true to stop (monotonic only) and throws to fail. */
export type Step = (i: number) => boolean;

export interface RunResult {
  exit: boolean;
  error?: unknown;
}

const MAX_BATCH_SIZE = 500;

export function runForAll(count: number, step: Step, monotonic: boolean): RunResult {
  if (monotonic) {
    for (let i = 0; i < count; i++) {
      try {
        if (step(i)) return { exit: true };
      } catch (error) {
        return { exit: true, error };
      }
    }
    return { exit: false };
  }
  const error = slowStartBatch(1, count, step);
  return error === undefined ? { exit: false } : { exit: true, error };
}

/** Returns the first failure of the first batch that had one. */
function slowStartBatch(initial: number, total: number, step: Step): unknown {
  let remaining = total;
  let next = 0;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining, MAX_BATCH_SIZE)) {
    const errors: unknown[] = [];
    for (let k = 0; k < size; k++, next++) {
      try {
        step(next);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) return errors[0];
    remaining -= size;
  }
  return undefined;
}
