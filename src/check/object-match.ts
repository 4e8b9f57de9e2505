/**
 * Matching a `match:` map against a whole Kubernetes object, with the shorthands users expect at
 * the top of the map:
 * - `ready: true|false` on a Pod or a Node: the Ready condition is True / is not True (False,
 *   Unknown or no condition yet). Nodes are included because `ready: false` after `killNode` is
 *   what users write; on other kinds `ready` is an ordinary field.
 * - `phase: X` on any kind: `status.phase` (Pod, PersistentVolumeClaim, PersistentVolume,
 *   Namespace carry one; on other kinds it is reported missing).
 * Any other top-level key is an object field. Both shorthands take matchers (`phase: !oneOf [..]`).
 */
import { ownValue, setOwn } from '../own-keys';
import type { KObject } from '../kube/object';
import type { Captured } from './bindings';
import { describeCondition, isReady, phaseOf } from './conditions';
import { matches, matchValue, type Mismatch } from './match';
import { project } from './project';
import { isPlainObject } from './yaml-text';

const READY_KINDS = new Set(['Pod', 'Node']);

/** Every mismatch; what `!capture` tags find goes into `captured` when it is given. */
export function matchObject(match: Record<string, unknown>, obj: KObject, captured?: Captured): Mismatch[] {
  if (!isPlainObject(match)) return matchValue(match, obj, [], captured);
  return Object.keys(match).flatMap((key) => {
    if (key === 'ready' && READY_KINDS.has(obj.kind)) return matchReady(match[key], obj, captured);
    return matchValue(match[key], observedField(key, obj), [key], captured);
  });
}

/** True when `matchObject` would find nothing; stops at the first mismatch, formats no message. */
export function objectMatches(match: Record<string, unknown>, obj: KObject): boolean {
  if (!isPlainObject(match)) return matches(match, obj);
  return Object.keys(match).every((key) => matches(match[key], observedField(key, obj)));
}

/** The object projected onto the keys written in `match`, shorthands shown as written. */
export function projectObject(match: Record<string, unknown>, obj: KObject): Record<string, unknown> {
  if (!isPlainObject(match)) return project(match, obj) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(match)) {
    const value = project(match[key], observedField(key, obj));
    if (value !== undefined) setOwn(out, key, value);
  }
  return out;
}

function observedField(key: string, obj: KObject): unknown {
  if (key === 'ready' && READY_KINDS.has(obj.kind)) return isReady(obj);
  if (key === 'phase') return phaseOf(obj);
  return ownValue(obj, key);
}

function matchReady(expected: unknown, obj: KObject, captured: Captured | undefined): Mismatch[] {
  // The condition itself tells the user why: "condition Ready is False: ContainersNotReady".
  return matchValue(expected, isReady(obj), ['ready'], captured).map((m) => ({
    ...m,
    message: `${m.message} (${describeCondition(obj, 'Ready')})`,
  }));
}
