/**
 * PATCH bodies (apiserver pkg/endpoints/handlers/patch.go): JSON patch, JSON merge patch and
 * strategic merge patch apply to the live object; the patch's own metadata.resourceVersion, if
 * it sets one, is an optimistic-concurrency precondition, otherwise the patch applies to
 * whatever is current. Server-side apply is not implemented: kubectl's client-side apply
 * (a strategic merge patch) is the supported path.
 */
import { ApiError } from '../errors';
import { jsonPatch, mergePatch, strategicMergePatch } from '../kube/patch';

export type PatchKind = 'json' | 'merge' | 'strategic';

const MEDIA: Record<string, PatchKind> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

export const APPLY_UNSUPPORTED =
  'kscenario serve: server-side apply (application/apply-patch+yaml) is not supported by the simulated API server; ' +
  'use client-side apply (kubectl apply without --server-side), or a strategic merge, merge or JSON patch';

/** The patch type of a Content-Type header; 415 for apply patches and anything unknown. */
export function patchKind(contentType: string | undefined): PatchKind {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const kind = MEDIA[media];
  if (kind) return kind;
  if (media.startsWith('application/apply-patch')) throw new ApiError(415, 'UnsupportedMediaType', APPLY_UNSUPPORTED);
  throw new ApiError(415, 'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${Object.keys(MEDIA).join(', ')}`);
}

function setsResourceVersion(kind: PatchKind, patch: unknown): boolean {
  if (kind === 'json') return Array.isArray(patch) && patch.some((op) => (op as { path?: string }).path === '/metadata/resourceVersion');
  const meta = (patch as { metadata?: { resourceVersion?: unknown } } | null)?.metadata;
  return !!meta && meta.resourceVersion !== undefined && meta.resourceVersion !== null;
}

/** The patched object, with resourceVersion kept only when the patch asked for it. */
export function applyPatch<T extends { metadata: { resourceVersion?: string } }>(live: T, kind: PatchKind, patch: unknown): T {
  if (patch === undefined) throw new ApiError(400, 'BadRequest', 'the body of the request was empty');
  const fn = kind === 'json' ? jsonPatch : kind === 'merge' ? mergePatch : strategicMergePatch;
  const patched = fn(structuredClone(live), patch) as T;
  if (!patched || typeof patched !== 'object' || !(patched as { metadata?: unknown }).metadata) {
    throw new ApiError(422, 'Invalid', 'the patch removed the object\'s metadata');
  }
  if (!setsResourceVersion(kind, patch)) patched.metadata = { ...patched.metadata, resourceVersion: undefined };
  return patched;
}
