/**
 * Finds the source position of any value of a parsed YAML document by its path
 * (['spec', 'steps', 3, 'scale']). Paths that do not exist fall back to the nearest ancestor.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { SourceLocation } from '../errors';
import type { YamlPath } from './loaded';
import type { OffsetToLocation } from './source';

export interface Locator {
  /** where the value at `path` starts */
  locate(path: YamlPath): SourceLocation;
  /** where the key of the last segment of `path` is written (for unknown or misspelt keys) */
  locateKey(path: YamlPath): SourceLocation;
}

interface Found {
  /** the deepest node reached */
  node: Node | null;
  /** the key of the last map segment reached */
  key: Node | null;
  /** true if every segment was found */
  complete: boolean;
  /** the last node that has a position, for fallback */
  lastPositioned: Node | null;
}

export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return typeof key.value === 'symbol' ? '<<' : String(key.value);
  return undefined;
}

function hasPosition(node: unknown): node is Node & { range: [number, number, number] } {
  return !!node && typeof node === 'object' && Array.isArray((node as Node).range);
}

/** A value written as nothing (`key:`) has no text of its own; its key is the better place to point at. */
function isEmptyValue(node: Node | null): boolean {
  return !node || (isScalar(node) && node.value === null && !node.source);
}

function walk(doc: Document, path: YamlPath): Found {
  let node = doc.contents as Node | null;
  let key: Node | null = null;
  let lastPositioned: Node | null = hasPosition(node) ? node : null;
  for (const segment of path) {
    if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    let next: Node | null | undefined;
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => keyText(p.key) === String(segment));
      if (!pair) return { node, key, complete: false, lastPositioned };
      key = pair.key as Node;
      if (hasPosition(key)) lastPositioned = key;
      next = pair.value as Node | null;
      if (isEmptyValue(next)) return { node: null, key, complete: segment === path[path.length - 1], lastPositioned };
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment] as Node | undefined;
      key = null;
    }
    if (next === undefined || next === null) return { node, key, complete: false, lastPositioned };
    node = next;
    if (hasPosition(node)) lastPositioned = node;
  }
  return { node, key, complete: true, lastPositioned };
}

/**
 * Where a node starts in `text`: its tag when it has one (`!gte 2` starts at the "!"), else its
 * value. yaml's ranges start at the value.
 */
export function nodeStart(text: string, node: Node): number {
  const start = node.range?.[0] ?? 0;
  const tag = node.tag;
  if (!tag || !tag.startsWith('!')) return start;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const i = text.lastIndexOf(tag, start);
  return i >= lineStart ? i : start;
}

export function locatorFor(doc: Document, text: string, at: OffsetToLocation, fallback: SourceLocation): Locator {
  const positionOf = (node: Node | null): SourceLocation => (hasPosition(node) ? at(nodeStart(text, node)) : fallback);
  return {
    locate(path) {
      const found = walk(doc, path);
      if (found.complete && found.node && !isEmptyValue(found.node)) return positionOf(found.node);
      if (found.complete && found.key) return positionOf(found.key);
      return positionOf(found.lastPositioned);
    },
    locateKey(path) {
      const found = walk(doc, path);
      if (found.complete && found.key && path.length > 0 && typeof path[path.length - 1] === 'string') return positionOf(found.key);
      return this.locate(path);
    },
  };
}
