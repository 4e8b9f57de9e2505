/**
 * Mutated scenario YAML for the fuzz harness (issue 13 item 6): a seed file from scenarios/ with
 * a few edits made on its YAML tree — a value replaced by another of any type, a key renamed or
 * dropped, a value wrapped in a list or map, a matcher tag added or changed, a number pushed to an
 * edge (int32/int64 bounds, 1e308, NaN) or another number (most such cases still load and run),
 * text cut short. fast-check picks the file, the places and
 * the edits, so a failing case shrinks and replays from its seed.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

export const SCENARIOS = join(__dirname, '..', '..', 'scenarios');

/** Scenario files (apiVersion kscenario.dev) under scenarios/, sorted. */
export function seedFiles(dir = SCENARIOS): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'manifests' ? [] : seedFiles(path);
    return /\.ya?ml$/.test(name) && readFileSync(path, 'utf8').includes('kscenario.dev/') ? [path] : [];
  });
}

const EDGE_NUMBERS = [0, -1, 1.5, 2147483647, 2147483648, -2147483649, 9223372036854775807, 1e308, -0, Number.NaN, Infinity];
const TAGS = ['!regex', '!capture', '!same', '!differs', '!not', '!exists', '!absent', '!any', '!len', '!gt', '!unknown', '!!str', '!!int', '!!binary'];

const scalarValue = fc.oneof(
  fc.constantFrom<unknown>(...EDGE_NUMBERS, null, true, false, '', 'three', '3', '80', '1e308', '0x7fffffffffffffff', '5m', '-1s', 'constructor', '__proto__', '$(x)'),
  fc.integer(), fc.double(), fc.string({ maxLength: 12 }),
);

export type Edit =
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'renameKey'; at: number; key: string }
  | { op: 'dropKey'; at: number }
  | { op: 'wrapInList'; at: number }
  | { op: 'wrapInMap'; at: number; key: string }
  | { op: 'tag'; at: number; tag: string }
  | { op: 'duplicate'; at: number }
  | { op: 'truncate'; at: number }
  /** a number of the file (replicas, counts, seconds) set to another number: mostly still valid */
  | { op: 'number'; at: number; value: number };

const at = fc.nat();
const key = fc.constantFrom('replicas', 'name', 'kind', 'spec', 'match', 'within', 'each', 'count', 'nodes', 'steps', 'x', 'constructor');
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  // weighted so that about half the cases still load and run (the runner and matchers get
  // exercised, not only the loader's refusals)
  { arbitrary: fc.record({ op: fc.constant('number' as const), at, value: fc.oneof(fc.constantFrom(...EDGE_NUMBERS), fc.integer({ min: -3, max: 200_000 })) }), weight: 6 },
  fc.record({ op: fc.constant('replace' as const), at, value: scalarValue }),
  fc.record({ op: fc.constant('renameKey' as const), at, key }),
  fc.record({ op: fc.constant('dropKey' as const), at }),
  fc.record({ op: fc.constant('wrapInList' as const), at }),
  fc.record({ op: fc.constant('wrapInMap' as const), at, key }),
  fc.record({ op: fc.constant('tag' as const), at, tag: fc.constantFrom(...TAGS) }),
  fc.record({ op: fc.constant('duplicate' as const), at }),
  fc.record({ op: fc.constant('truncate' as const), at }),
);

export interface Case {
  file: string;
  edits: Edit[];
}

export const mutatedCase = (files: string[]): fc.Arbitrary<Case> =>
  fc.record({ file: fc.constantFrom(...files), edits: fc.array(edit, { minLength: 1, maxLength: 3 }) });

interface Slot {
  parent: YAMLMap | YAMLSeq;
  index: number;
}

/** Every value slot of the tree, in document order. */
function slots(node: unknown, out: Slot[] = []): Slot[] {
  if (isMap(node) || isSeq(node)) {
    node.items.forEach((item, index) => {
      out.push({ parent: node, index });
      slots(isMap(node) ? (item as { value: unknown }).value : item, out);
    });
  }
  return out;
}

function valueOf(s: Slot): unknown {
  const item = s.parent.items[s.index];
  return isMap(s.parent) ? (item as { value: unknown }).value : item;
}

function setValue(s: Slot, value: unknown): void {
  if (isMap(s.parent)) (s.parent.items[s.index] as { value: unknown }).value = value;
  else (s.parent.items as unknown[])[s.index] = value;
}

function applyEdit(doc: ReturnType<typeof parseDocument>, e: Edit): string | undefined {
  const all = slots(doc.contents);
  if (e.op === 'truncate') return undefined;
  if (e.op === 'number') {
    const numbers = all.filter((slot) => { const v = valueOf(slot); return isScalar(v) && typeof v.value === 'number'; });
    if (numbers.length) (valueOf(numbers[e.at % numbers.length]!) as Scalar).value = e.value;
    return undefined;
  }
  if (!all.length) return undefined;
  const s = all[e.at % all.length]!;
  const value = valueOf(s);
  switch (e.op) {
    case 'replace': setValue(s, doc.createNode(e.value)); break;
    case 'renameKey': if (isMap(s.parent)) (s.parent.items[s.index] as { key: unknown }).key = doc.createNode(e.key); break;
    case 'dropKey': s.parent.items.splice(s.index, 1); break;
    case 'wrapInList': { const seq = new YAMLSeq(); seq.items.push(value); setValue(s, seq); break; }
    case 'wrapInMap': { const map = new YAMLMap(); map.set(e.key, value); setValue(s, map); break; }
    case 'tag': if (isScalar(value) || isMap(value) || isSeq(value)) (value as Node).tag = e.tag; else setValue(s, Object.assign(new Scalar(value), { tag: e.tag })); break;
    case 'duplicate': if (isSeq(s.parent)) s.parent.items.splice(s.index, 0, value); break;
    default: break;
  }
  return undefined;
}

/** The mutated text of a case. */
export function mutate(c: Case): string {
  const text = readFileSync(c.file, 'utf8');
  const doc = parseDocument(text, { keepSourceTokens: false });
  let cut: number | undefined;
  for (const e of c.edits) {
    if (e.op === 'truncate') cut = e.at % Math.max(1, text.length);
    else applyEdit(doc, e);
  }
  const out = doc.toString();
  return cut === undefined ? out : out.slice(0, cut % Math.max(1, out.length));
}
