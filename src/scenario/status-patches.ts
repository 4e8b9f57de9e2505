/**
 * `patch` with `subresource: status`, checked when the file loads. The status subresource only
 * exists on kinds that have one (a ConfigMap has none: the API server answers 404), and its
 * strategies keep spec (and labels) as stored: a status patch that writes spec would be accepted
 * with that part silently dropped (pkg/registry/core/pod/strategy.go podStatusStrategy
 * PrepareForUpdate; the same in every status strategy), so it is refused here with a hint.
 */
import { kindForResourceName, typeForKind } from '../kube/registry';
import type { YamlPath } from './loaded';
import type { Problem } from './problem';
import { isMap, stepLabel, type StepRef } from './step-shape';

/** What a status write may change: status, and the metadata the strategies keep from the request. */
const STATUS_WRITABLE = ['status', 'metadata'];

export function statusPatchProblems(steps: StepRef[]): Problem[] {
  return steps.flatMap((ref) => {
    const patch = isMap(ref.step) ? ref.step['patch'] : undefined;
    if (!isMap(patch) || patch['subresource'] !== 'status') return [];
    const at: YamlPath = [...ref.path, 'patch'];
    return [...kindWithoutStatus(ref, patch, at), ...fieldsOutsideStatus(ref, patch, at)];
  });
}

function kindWithoutStatus(ref: StepRef, patch: Record<string, unknown>, at: YamlPath): Problem[] {
  const target = typeof patch['target'] === 'string' ? patch['target'] : '';
  const kind = kindForResourceName(target.split('/')[0] ?? '');
  if (!kind || typeForKind(kind).hasStatus) return [];
  return [{
    code: 'SCHEMA',
    path: [...at, 'subresource'],
    message: `${stepLabel(ref)}: a ${kind} has no status subresource (the API server answers 404 Not Found)`,
    hint: 'remove subresource: status and patch the object itself',
  }];
}

function fieldsOutsideStatus(ref: StepRef, patch: Record<string, unknown>, at: YamlPath): Problem[] {
  const body = patch['patch'];
  const hint = 'a status patch changes status (and metadata) only: write the rest in a patch without subresource';
  if (isMap(body)) {
    return Object.keys(body).filter((k) => !STATUS_WRITABLE.includes(k)).map((k) => ({
      code: 'SCHEMA' as const,
      path: [...at, 'patch', k],
      atKey: true,
      message: `${stepLabel(ref)}: the status subresource ignores ${k}: the API server keeps it as stored`,
      hint,
    }));
  }
  if (!Array.isArray(body)) return [];
  return body.flatMap((op, i) => {
    const path = isMap(op) && typeof op['path'] === 'string' ? op['path'] : '';
    const top = path.split('/')[1] ?? '';
    if (STATUS_WRITABLE.includes(top)) return [];
    return [{ code: 'SCHEMA' as const, path: [...at, 'patch', i, 'path'], message: `${stepLabel(ref)}: the status subresource ignores ${path}: the API server keeps it as stored`, hint }];
  });
}
