/**
 * `patch` with `subresource: resize`, checked when the file loads. Only pods have the resize
 * subresource, and its strategy takes nothing from the request but the containers' resources and
 * resize policies (pkg/registry/core/pod/strategy.go dropNonResizeUpdates; metadata is reset as for
 * a status write): anything else in the patch would be accepted and silently dropped, so it is
 * refused here with a hint.
 */
import { kindForResourceName } from '../kube/registry';
import type { YamlPath } from './loaded';
import type { Problem } from './problem';
import { isMap, stepLabel, type StepRef } from './step-shape';

const CONTAINER_LISTS = ['containers', 'initContainers'];
/** What a resize takes from a container of the patch (name identifies it in a strategic merge). */
const CONTAINER_FIELDS = ['name', 'resources', 'resizePolicy'];
const HINT = 'a resize changes spec.containers[*].resources and resizePolicy only: write the rest in a patch without subresource';

export function resizePatchProblems(steps: StepRef[]): Problem[] {
  return steps.flatMap((ref) => {
    const patch = isMap(ref.step) ? ref.step['patch'] : undefined;
    if (!isMap(patch) || patch['subresource'] !== 'resize') return [];
    const at: YamlPath = [...ref.path, 'patch'];
    const target = typeof patch['target'] === 'string' ? patch['target'] : '';
    const kind = kindForResourceName(target.split('/')[0] ?? '');
    if (kind && kind !== 'Pod') {
      return [{ code: 'SCHEMA', path: [...at, 'subresource'], message: `${stepLabel(ref)}: only pods have a resize subresource (for a ${kind} the API server answers 404 Not Found)`, hint: 'patch the object itself, or resize its pods' }];
    }
    return Array.isArray(patch['patch']) ? jsonPatchProblems(ref, patch['patch'], at) : mergePatchProblems(ref, patch['patch'], at);
  });
}

function ignored(ref: StepRef, path: YamlPath, what: string, atKey = true): Problem {
  return { code: 'SCHEMA', path, atKey, message: `${stepLabel(ref)}: the resize subresource ignores ${what}: the API server keeps it as stored`, hint: HINT };
}

function mergePatchProblems(ref: StepRef, body: unknown, at: YamlPath): Problem[] {
  if (!isMap(body)) return [];
  const problems = Object.keys(body).filter((k) => k !== 'spec').map((k) => ignored(ref, [...at, 'patch', k], k));
  const spec = body['spec'];
  if (!isMap(spec)) return problems;
  for (const k of Object.keys(spec)) {
    if (!CONTAINER_LISTS.includes(k)) {
      problems.push(ignored(ref, [...at, 'patch', 'spec', k], `spec.${k}`));
      continue;
    }
    const list = spec[k];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!isMap(c)) return;
      for (const f of Object.keys(c).filter((x) => !CONTAINER_FIELDS.includes(x))) {
        problems.push(ignored(ref, [...at, 'patch', 'spec', k, i, f], `spec.${k}[${i}].${f}`));
      }
    });
  }
  return problems;
}

/** JSON patch operations must stay inside a container's resources or resizePolicy. */
function jsonPatchProblems(ref: StepRef, ops: unknown[], at: YamlPath): Problem[] {
  return ops.flatMap((op, i) => {
    const path = isMap(op) && typeof op['path'] === 'string' ? op['path'] : '';
    if (/^\/spec\/(containers|initContainers)\/\d+\/(resources|resizePolicy)(\/|$)/.test(path)) return [];
    return [ignored(ref, [...at, 'patch', i, 'path'], path, false)];
  });
}
