/**
 * The Job status as the API serialises batch/v1 JobStatus: active, succeeded and failed are
 * omitted when 0 (omitempty int32); ready and terminating are pointers, so 0 shows; the
 * uncountedTerminatedPods lists are omitted when empty, leaving `{}`.
 */
import type { JobStatus } from 'kubernetes-types/batch/v1';

export function serialiseStatus(status: JobStatus): JobStatus {
  const out: JobStatus = { ...status };
  for (const f of ['active', 'succeeded', 'failed'] as const) if (!out[f]) delete out[f];
  if (!out.completedIndexes) delete out.completedIndexes;
  if (!out.conditions?.length) delete out.conditions;
  const u = status.uncountedTerminatedPods ?? {};
  out.uncountedTerminatedPods = {
    ...(u.succeeded?.length ? { succeeded: [...u.succeeded] } : {}),
    ...(u.failed?.length ? { failed: [...u.failed] } : {}),
  };
  return out;
}
