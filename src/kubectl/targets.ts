/** `kind/name` targets as users write them (`statefulset/web`, `sts/web`, `pod/web-0`). */
import type { ObjectRef } from '../backend/contract';
import { KscenarioError } from '../errors';
import { parseTarget as splitTarget } from '../check/target';
import { kindForResourceName } from '../kube/registry';

export function parseTarget(target: string, namespace?: string): ObjectRef {
  const ref = splitTarget(target);
  if (!ref) {
    throw new KscenarioError('BAD_REFERENCE', `target '${target}' is not of the form kind/name`, undefined, 'write e.g. statefulset/web or pod/web-0');
  }
  return { kind: kindOf(ref.kind), name: ref.name, namespace };
}

/** `sts`, `statefulsets`, `StatefulSet` → `StatefulSet`. */
export function kindOf(word: string): string {
  const kind = kindForResourceName(word);
  if (!kind) throw new KscenarioError('BAD_REFERENCE', `unknown kind '${word}'`, undefined, 'use a kind like pod, statefulset, persistentvolumeclaim, node');
  return kind;
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind.toLowerCase()}/${ref.name}`;
}
