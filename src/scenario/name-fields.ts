/**
 * The strings of a step that name something — objects, nodes, namespaces, containers, and the
 * pods and addresses a DNS check expects — which is where a binding may be written as `$(name)`
 * (check/bindings.ts). Kubernetes names cannot hold a `$`, so there a reference is never mistaken
 * for text. Manifests, patch bodies, the labels of label/annotate, kubectl lines and the expected
 * values of checks (match, each, content, reason, message, ...) are not names: their text is
 * compared or sent as written, and a check compares with a binding through !same and !differs.
 */
import { isPlainObject } from '../check/yaml-text';
import type { YamlPath } from './loaded';

/** Fields whose string value is a name, wherever they appear in a verb's value. */
const NAME_KEYS = new Set(['target', 'name', 'namespace', 'pod', 'node', 'involved', 'service', 'container']);
/** Fields holding a list of names (DNS answers: `pods`, `ips`). */
const NAME_LISTS = new Set(['pods', 'ips']);
/** Fields below which nothing is a name. */
const NOT_NAMES = new Set(['match', 'each', 'patch', 'labels', 'annotations']);
/** Verbs whose whole value is a node name. */
const NODE_VERBS = new Set(['killNode', 'restartNode', 'disconnectNode', 'reconnectNode', 'cordon', 'uncordon', 'removeNode']);
/** Step fields that hold no names: manifests, a command line, a duration, and the common fields. */
const NO_NAMES_IN_STEP = new Set(['apply', 'create', 'kubectl', 'sleep', 'name', 'claim', 'at', 'after', 'expectError']);

/** Called with each name and its path inside the step; returns the name to put there. */
export type NameVisitor = (text: string, path: YamlPath) => string;

/** plain: no name here but maybe below; names: a name or a list of names; selector: all of it; none: nothing below */
type Mode = 'plain' | 'names' | 'selector' | 'none';

/** The step with every name replaced by `visit`'s answer (a copy of the parts that hold names). */
export function mapNames(step: unknown, visit: NameVisitor): unknown {
  if (!isPlainObject(step)) return step;
  const mode = (key: string): Mode => (NODE_VERBS.has(key) ? 'names' : NO_NAMES_IN_STEP.has(key) ? 'none' : 'plain');
  // fromEntries: a key named __proto__ stays a key
  return Object.fromEntries(Object.entries(step).map(([key, value]) => [key, walk(value, [key], mode(key), visit)]));
}

/** Every name of a step with its path, in document order. */
export function namesOf(step: unknown): Array<{ text: string; path: YamlPath }> {
  const found: Array<{ text: string; path: YamlPath }> = [];
  mapNames(step, (text, path) => {
    found.push({ text, path });
    return text;
  });
  return found;
}

function walk(value: unknown, path: YamlPath, mode: Mode, visit: NameVisitor): unknown {
  if (mode === 'none') return value;
  if (typeof value === 'string') return mode === 'plain' ? value : visit(value, path);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i], mode, visit));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, walk(child, [...path, key], childMode(mode, key), visit)]));
}

function childMode(mode: Mode, key: string): Mode {
  if (mode === 'selector') return 'selector'; // a selector's label values (and a selector string) are names
  if (NOT_NAMES.has(key)) return 'none';
  if (key === 'selector') return 'selector';
  return NAME_KEYS.has(key) || NAME_LISTS.has(key) ? 'names' : 'plain';
}
