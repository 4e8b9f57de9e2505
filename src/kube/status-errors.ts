/**
 * API errors shaped like the API server's metav1.Status (apimachinery pkg/api/errors/errors.go),
 * and the text kubectl prints for them (kubectl pkg/cmd/util/helpers.go checkErr).
 *
 * Which form a backend shows: the ApiError's `message` is the API server's Status.message
 * (`StatefulSet.apps "web" is invalid: ...`); `kubectlMessage()` is what a user sees from kubectl
 * (`The StatefulSet "web" is invalid: ...`). Reports should show the kubectl form for steps the
 * user wrote as kubectl-like actions, and may show both.
 */
import { ApiError, type StatusCause } from '../errors';
import type { KObject } from './object';
import { DEFAULT_VERSION, type KubeVersion } from './version';
import { splitApiVersion, type ResourceType } from './registry';
import { CAUSE_TYPE, errorBody, formatFieldError, type FieldError } from './validation/field-error';

/** Status.details: the group, kind (or resource) and name an error is about. */
export interface StatusDetails {
  group: string;
  /** Kind for Invalid errors (details.kind), resource (plural) for the others, as upstream sets it */
  kind: string;
  name: string;
}

/** An ApiError that also carries Status.details, which kubectl uses to word its message. */
export class DetailedApiError extends ApiError {
  constructor(status: number, reason: string, message: string, readonly details: StatusDetails, causes: StatusCause[] = []) {
    super(status, reason, message, causes);
  }
}

/** schema.GroupResource.String(): `statefulsets.apps`, `pods`. */
export function groupResource(type: Pick<ResourceType, 'plural' | 'group'>): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** utilerrors.Aggregate.Error(): one message bare, several deduplicated in `[a, b]`. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/** errors.NewInvalid: HTTP 422, reason Invalid, `StatefulSet.apps "web" is invalid: <errors>`. */
export function invalidError(obj: Pick<KObject, 'apiVersion' | 'kind' | 'metadata'>, errors: FieldError[], v: KubeVersion = DEFAULT_VERSION): DetailedApiError {
  const { group } = splitApiVersion(obj.apiVersion ?? '');
  const groupKind = group ? `${obj.kind}.${group}` : obj.kind;
  const name = obj.metadata?.name ?? '';
  const causes: StatusCause[] = errors.map((e) => ({ reason: CAUSE_TYPE[e.type], message: errorBody(e, v), field: e.field }));
  const message = errors.length
    ? `${groupKind} "${name}" is invalid: ${aggregate(errors.map((e) => formatFieldError(e, v)))}`
    : `${groupKind} "${name}" is invalid`;
  return new DetailedApiError(422, 'Invalid', message, { group, kind: obj.kind, name }, causes);
}

/** errors.NewAlreadyExists: HTTP 409, `statefulsets.apps "web" already exists`. */
export function alreadyExists(type: ResourceType, name: string): DetailedApiError {
  return new DetailedApiError(409, 'AlreadyExists', `${groupResource(type)} "${name}" already exists`, { group: type.group, kind: type.plural, name });
}

/** errors.NewNotFound: HTTP 404, `statefulsets.apps "web" not found`. */
/** A path the API server does not serve, e.g. configmaps/<name>/status: 404 without details. */
export function noSuchResourcePath(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

export function notFound(type: ResourceType, name: string): DetailedApiError {
  return new DetailedApiError(404, 'NotFound', `${groupResource(type)} "${name}" not found`, { group: type.group, kind: type.plural, name });
}

/** The optimistic-concurrency conflict the registry store returns for a stale resourceVersion. */
export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** errors.NewConflict: HTTP 409, `Operation cannot be fulfilled on statefulsets.apps "web": <why>`. */
export function conflict(type: ResourceType, name: string, why: string = OBJECT_MODIFIED): DetailedApiError {
  return new DetailedApiError(409, 'Conflict', `Operation cannot be fulfilled on ${groupResource(type)} "${name}": ${why}`, { group: type.group, kind: type.plural, name });
}

/** errors.NewForbidden: HTTP 403, `pods "x" is forbidden: <why>`. */
export function forbiddenError(type: ResourceType, name: string, why: string): DetailedApiError {
  return new DetailedApiError(403, 'Forbidden', `${groupResource(type)} "${name}" is forbidden: ${why}`, { group: type.group, kind: type.plural, name });
}

export interface KubectlSource {
  /** apply's verb in "error when creating": creating, patching, replacing, retrieving current configuration of */
  verb: string;
  /** the file the object came from, as kubectl names it ("STDIN" for piped input) */
  file: string;
}

/**
 * What kubectl prints for an API error (cmdutil.CheckErr). Invalid errors are reworded from the
 * Status details; others become `Error from server (<Reason>): <message>`, with apply's
 * "error when creating \"<file>\": " inserted when the object came from a file
 * (cmdutil.AddSourceToErr). The trailing newline kubectl writes is not included.
 */
export function kubectlMessage(err: ApiError, source?: KubectlSource): string {
  if (err.reason === 'Invalid' && err instanceof DetailedApiError) {
    const head = `The ${err.details.kind} "${err.details.name}" is invalid`;
    const lines = [...new Set(err.causes.map((c) => `${c.field ?? ''}: ${c.message}`))];
    if (!lines.length) return head;
    if (lines.length === 1) return `${head}: ${lines[0]}`;
    return `${head}: \n${lines.map((l) => `* ${l}`).join('\n')}`;
  }
  const message = source ? `error when ${source.verb} "${source.file}": ${err.message}` : err.message;
  return err.reason ? `Error from server (${err.reason}): ${message}` : `Error from server: ${message}`;
}

/**
 * kubectl's error for a manifest whose apiVersion/kind the server does not serve
 * (cli-runtime resource mapping): printed with kubectl's "error: " prefix.
 */
export function kubectlNoMatchMessage(name: string, namespace: string, file: string, apiVersion: string, kind: string): string {
  return `error: resource mapping not found for name: "${name}" namespace: "${namespace}" from "${file}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`;
}
