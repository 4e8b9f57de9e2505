/**
 * What a real API server answers, turned into this project's shapes: a failed request's
 * metav1.Status becomes an ApiError (DetailedApiError when the Status names what it is about) with
 * the server's code, reason, message and causes; `Warning` response headers become the warnings
 * kubectl would print.
 */
import { ApiError, type StatusCause } from '../../errors';
import { DetailedApiError } from '../../kube/status-errors';

interface StatusBody {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

/** The reason apimachinery gives a bare HTTP code (errors.go NewGenericServerResponse). */
const REASON_FOR_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/**
 * The ApiError for a non-2xx answer. `body` is the response text; `mapText` rewrites cluster
 * namespace names in messages back to the scenario's (identity when not given).
 */
export function apiErrorFrom(httpStatus: number, body: string, mapText: (s: string) => string = (s) => s): ApiError {
  const status = parseStatus(body);
  const code = status?.code || httpStatus;
  const reason = status?.reason || REASON_FOR_CODE[code] || '';
  const message = mapText(status?.message || body.trim() || `the server answered HTTP ${httpStatus}`);
  const causes: StatusCause[] = (status?.details?.causes ?? []).map((c) => ({
    reason: c.reason ?? '',
    message: mapText(c.message ?? ''),
    ...(c.field !== undefined ? { field: c.field } : {}),
  }));
  const d = status?.details;
  if (d && d.name !== undefined && d.kind !== undefined) {
    return new DetailedApiError(code, reason, message, { group: d.group ?? '', kind: d.kind, name: mapText(d.name) }, causes);
  }
  return new ApiError(code, reason, message, causes);
}

function parseStatus(body: string): StatusBody | undefined {
  try {
    const parsed = JSON.parse(body) as StatusBody;
    return parsed && typeof parsed === 'object' && parsed.kind === 'Status' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The text of a quoted-string (the API server quotes with Go's strconv.Quote: \n, \", \\, \uXXXX). */
function unquote(quoted: string): string {
  try {
    return JSON.parse(`"${quoted}"`) as string;
  } catch {
    return quoted.replace(/\\(.)/g, '$1');
  }
}

/**
 * The texts of `Warning` headers (RFC 7234 warn-value: `299 - "text"`), as the API server sends
 * them (apiserver pkg/endpoints/handlers/... warning.AddWarning); several values may arrive as
 * several headers or joined by commas.
 */
export function parseWarnings(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  const out: string[] = [];
  const re = /(\d{3})\s+\S+\s+"((?:[^"\\]|\\.)*)"/g;
  for (const value of values) {
    for (const m of value.matchAll(re)) out.push(unquote(m[2]!));
  }
  return out;
}
