/**
 * Errors a sync returns. Upstream requeues a StatefulSet with rate-limited back-off on ANY sync
 * error (stateful_set.go processNextWorkItem: AddRateLimited). The simulator's WorkQueue retries
 * only ApiErrors (anything else is treated as a simulator bug), so the controller's own errors
 * ("pvc www-web-0 is being deleted", aggregates) travel as an ApiError subclass.
 */
import { ApiError } from '../../../errors';

export class SyncError extends ApiError {
  constructor(message: string) {
    super(500, 'InternalError', message);
    this.name = 'SyncError';
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * utilerrors.NewAggregate(...).Error(): nothing for no errors, the message itself for one, else
 * the distinct messages joined by ", " in brackets.
 */
export function aggregate(errors: unknown[]): SyncError | undefined {
  if (!errors.length) return undefined;
  const distinct = [...new Set(errors.map(messageOf))];
  return new SyncError(distinct.length === 1 ? distinct[0]! : `[${distinct.join(', ')}]`);
}

export function isApiReason(err: unknown, reason: string): boolean {
  return err instanceof ApiError && err.reason === reason;
}
