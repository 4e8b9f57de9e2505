/**
 * Expected and observed values printed as YAML for diffs and messages: keys in natural order
 * (web-2 before web-10) so output is stable, no anchors/aliases, no line folding, and Matchers
 * printed as the tags the user wrote (`!gte 2`, `!oneOf [a, b]`, `!exists`).
 */
import { Document, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { isMatcher } from './matchers';

/** Block-style YAML document text, ending with a newline. */
export function toYamlText(value: unknown): string {
  return printNode(buildNode(value, true), false);
}

/** One-line flow-style YAML for messages, shortened to `maxLength` characters. */
export function toInlineYaml(value: unknown, maxLength = 120): string {
  if (value === undefined) return '(missing)';
  const text = printNode(buildNode(value, false), true).trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Compares strings with digit runs as numbers: "web-2" < "web-10". */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const bothDigits = /^\d/.test(x) && /^\d/.test(y);
    if (bothDigits && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

// A tag with no argument is built as a tagged empty string and this suffix is removed after
// printing, because the yaml package always prints a value after a tag.
const EMPTY_ARG = /(!(?:exists|absent|any)) ""(?=$|[,\]}\n])/gm;

function printNode(node: Node, flow: boolean): string {
  if (flow && (node instanceof YAMLMap || node instanceof YAMLSeq)) node.flow = true;
  const doc = new Document();
  doc.contents = node;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(EMPTY_ARG, '$1');
}

/** `comments`: a filled-in `!same $(pv)` prints its value with the template as a comment (block text only). */
function buildNode(value: unknown, comments: boolean): Node {
  if (isMatcher(value)) {
    // !same $(pv) compared with the captured value: the value is what the diff must show
    const arg = value.resolved ? value.resolved.value : value.arg;
    const node = arg === null || arg === undefined ? new Scalar('') : buildNode(arg, comments);
    node.tag = `!${value.kind}`;
    // Matcher arguments read best on one line, as users usually write them: !oneOf [a, b]
    if (node instanceof YAMLMap || node instanceof YAMLSeq) node.flow = true;
    if (value.resolved && comments) node.comment = ` ${String(value.arg)}`;
    return node;
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(buildNode(item === undefined ? null : item, comments));
    return seq;
  }
  if (isPlainObject(value)) {
    const map = new YAMLMap();
    for (const key of Object.keys(value).sort(naturalCompare)) {
      if (value[key] !== undefined) map.set(new Scalar(key), buildNode(value[key], comments));
    }
    return map;
  }
  return new Scalar(value === undefined ? null : value);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isMatcher(v);
}
