/**
 * metav1.Status bodies, the way the API server answers errors (apimachinery pkg/api/errors and
 * apiserver pkg/endpoints/handlers/responsewriters/status.go ErrorToAPIStatus): kind Status,
 * status Failure, the reason, the message, details (name, group, kind, causes) and the HTTP code.
 */
import { ApiError, KscenarioError, type StatusCause } from '../errors';
import { DetailedApiError } from '../kube/status-errors';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  if (reason) s.reason = reason;
  if (details && Object.keys(details).length) s.details = details;
  return s;
}

/** Status{Success} with the details of the object a request acted on (what DELETE answers once an object is gone). */
export function success(code = 200, details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
  if (details) s.details = details;
  return s;
}

/**
 * The Status for anything a handler threw. ApiError keeps its code, reason, message and causes;
 * a simulator usage error (a fault naming an unknown node...) is a 400 BadRequest; anything
 * else is a 500 InternalError, as an unexpected panic would be upstream.
 */
export function statusFromError(err: unknown): Status {
  if (err instanceof DetailedApiError) {
    const { group, kind, name } = err.details;
    return failure(err.status, err.reason, err.message, compact({ name, group, kind, causes: err.causes.length ? err.causes : undefined }));
  }
  if (err instanceof ApiError) return failure(err.status, err.reason, err.message, err.causes.length ? { causes: err.causes } : undefined);
  if (err instanceof KscenarioError) return failure(400, 'BadRequest', err.hint ? `${err.message} (${err.hint})` : err.message);
  const message = err instanceof Error ? err.message : String(err);
  return failure(500, 'InternalError', `Internal error occurred: ${message}`);
}

function compact(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  for (const [k, v] of Object.entries(d)) if (v !== undefined && v !== '') (out as Record<string, unknown>)[k] = v;
  return out;
}

/** The router's 404 for a path it does not serve (no resource of that name, unknown group). */
export function pathNotFound(): Status {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** errors.NewMethodNotSupported: 405 for a verb the resource does not have. */
export function methodNotSupported(groupResource: string, verb: string): Status {
  return failure(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${groupResource}"`, { kind: groupResource });
}

export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message);
}

/** errors.NewResourceExpired: 410 Expired, what a watch from a compacted resourceVersion gets. */
export function expired(message: string): Status {
  return failure(410, 'Expired', message);
}

/** 415 for a body the server will not decode (apiserver's unsupported media type answer). */
export function unsupportedMediaType(message: string): Status {
  return failure(415, 'UnsupportedMediaType', message);
}
