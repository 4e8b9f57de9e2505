/**
 * A parsed YAML node turned into plain data, with matcher tags turned into Matchers. Aliases and
 * merge keys (<<) are resolved as YAML defines them.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { InputError, type SourceLocation } from '../errors';
import { Matcher } from '../check/matchers';
import type { YamlPath } from './loaded';
import { matcherFromTag, untaggedScalar } from './matcher-tags';
import { nodeStart } from './locator';
import type { OffsetToLocation } from './source';
import { ALIAS_HINT, MAX_ALIAS_NODES } from './yaml-limits';
import { setOwn } from '../own-keys';

const CORE_TAG = /^tag:yaml\.org,2002:(str|int|float|bool|null|map|seq)$/;

export interface ConvertedValue {
  value: unknown;
  errors: InputError[];
  /** paths whose value could not be built (bad tag); other checks should not report them again */
  badPaths: YamlPath[];
}

/** The path of the value being built: one array, pushed and popped as the walk goes down and up. */
type PathStack = Array<string | number>;

interface Walk {
  doc: Document;
  text: string;
  at: OffsetToLocation;
  errors: InputError[];
  badPaths: YamlPath[];
  /** aliases being expanded, to stop on a recursive anchor */
  expanding: Set<Node>;
  /** each alias's anchored node, found once (resolving searches the whole document) */
  anchors: Map<Node, Node | undefined>;
  /** values built by expanding aliases so far, bounded by MAX_ALIAS_NODES */
  aliasNodes: number;
  aliasBombReported: boolean;
}

export function documentValue(doc: Document, text: string, at: OffsetToLocation): ConvertedValue {
  const w: Walk = { doc, text, at, errors: [], badPaths: [], expanding: new Set(), anchors: new Map(), aliasNodes: 0, aliasBombReported: false };
  const value = toValue(doc.contents as Node | null, [], w, false);
  return { value, errors: w.errors, badPaths: w.badPaths };
}

/**
 * The value of a map entry or list item, `segment` appended to `path` while it is built: the walk
 * keeps one path array, and copies it only for a bad path it reports (a throw ends the whole walk).
 */
function childValue(node: Node | null, path: PathStack, segment: string | number, w: Walk): unknown {
  path.push(segment);
  const value = toValue(node, path, w, false);
  path.pop();
  return value;
}

function markBad(path: PathStack, w: Walk): void {
  w.badPaths.push([...path]);
}

function toValue(node: Node | null | undefined, path: PathStack, w: Walk, ignoreTag: boolean): unknown {
  if (!node) return null;
  if (w.expanding.size > 0 && ++w.aliasNodes > MAX_ALIAS_NODES) return null;
  if (isAlias(node)) return aliasValue(node, path, w);
  const tag = ignoreTag ? undefined : node.tag;
  if (tag && !CORE_TAG.test(tag)) return taggedValue(tag, node, path, w);
  if (isScalar(node)) return tag === undefined && node.tag ? untaggedScalar(node) : node.value;
  if (isMap(node)) return mapValue(node.items as Pair[], path, w);
  if (isSeq(node)) return node.items.map((item, i) => childValue(item as Node, path, i, w));
  return null;
}

function aliasValue(node: Node & { resolve(doc: Document): Node | undefined }, path: PathStack, w: Walk): unknown {
  if (!w.anchors.has(node)) w.anchors.set(node, node.resolve(w.doc));
  const target = w.anchors.get(node);
  if (!target || w.expanding.has(target)) {
    w.errors.push(new InputError('YAML_SYNTAX', 'alias refers to an anchor that contains it (or to no anchor)', locationOf(node, w)));
    markBad(path, w);
    return null;
  }
  w.expanding.add(target);
  const value = toValue(target, path, w, false);
  w.expanding.delete(target);
  if (w.aliasNodes > MAX_ALIAS_NODES && !w.aliasBombReported) {
    // reported once, at the innermost alias whose expansion used up the budget
    w.aliasBombReported = true;
    w.errors.push(new InputError('YAML_SYNTAX', `aliases expand to more than ${MAX_ALIAS_NODES} values (an alias bomb?)`, locationOf(node, w), ALIAS_HINT));
    markBad(path, w);
  }
  return value;
}

function mapValue(pairs: Pair[], path: PathStack, w: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const merged: Record<string, unknown> = {};
  for (const pair of pairs) {
    const key = pair.key as Node | null;
    if (isScalar(key) && typeof key.value === 'symbol') {
      Object.assign(merged, mergeSources(pair.value as Node, path, w));
      continue;
    }
    if (key !== null && !isScalar(key)) {
      w.errors.push(new InputError('SCHEMA', 'map keys must be plain text, not lists or maps', locationOf(key, w)));
      continue;
    }
    const name = key === null ? '' : String(key.value);
    setOwn(out, name, childValue(pair.value as Node | null, path, name, w));
  }
  // YAML merge keys: explicit keys win over merged ones, wherever they are written.
  for (const [k, v] of Object.entries(merged)) if (!Object.hasOwn(out, k)) setOwn(out, k, v);
  return out;
}

function mergeSources(node: Node, path: PathStack, w: Walk): Record<string, unknown> {
  const sources = isSeq(node) ? (node.items as Node[]) : [node];
  const result: Record<string, unknown> = {};
  // Earlier sources in a merge list take precedence over later ones.
  for (const source of [...sources].reverse()) {
    const v = toValue(source, path, w, false);
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(result, v);
  }
  return result;
}

function taggedValue(tag: string, node: Node, path: PathStack, w: Walk): unknown {
  const location = tagLocation(node, w);
  if (!tag.startsWith('!') || tag.startsWith('!!')) {
    w.errors.push(new InputError('SCHEMA', `unsupported YAML tag ${tag}`, location, 'scenario files use only the matcher tags (!regex, !gte, ...)'));
    markBad(path, w);
    return null;
  }
  const result = matcherFromTag(tag, node, location, (inner) => toValue(inner, path, w, inner === node));
  if ('error' in result) {
    w.errors.push(result.error);
    markBad(path, w);
    // A stand-in, so that the schema check does not report this value a second time.
    return new Matcher('any', null, location);
  }
  return result.matcher;
}

function locationOf(node: Node, w: Walk): SourceLocation {
  return w.at(node.range?.[0] ?? 0);
}

function tagLocation(node: Node, w: Walk): SourceLocation {
  return w.at(nodeStart(w.text, node));
}
