/**
 * One entry of `expect.resources` evaluated against the objects the runner listed.
 *
 * Rules (scenario format "Checking state"; choices where it is silent):
 * - Selection: kind (and apiVersion if written), namespace (written, else the default namespace;
 *   cluster-scoped objects always pass), then `name`, else `selector`, else every object.
 * - A named expectation requires the object to exist, unless `absent` or `count` is written.
 * - `absent: true`: nothing is selected. `absent: false`: something is.
 * - `count`: number of selected objects, a number or a matcher (`!gte 2`).
 * - `match` with `name`: the object matches.
 * - `match` without `name`, with `count` ("exactly one ReplicaSet whose annotations say X"): the
 *   match filters, and `count` is the number of selected objects that match it. The loader
 *   refuses `match` without `name` or `count`; without count (a caller that skipped the loader)
 *   at least one object must be selected and every selected object match, so a selector that
 *   selects nothing fails rather than passing vacuously.
 * - `each`: every selected object matches; true when none is selected (pair it with `count`).
 * - `!capture name` in `match`, `each` or `count` gives the outcome a binding (bindings.ts): the
 *   value found. Under `each` (or a selector's `match`) every selected object must have the same
 *   value, and at least one must be selected, since a binding holds one value.
 * The outcome carries a document pair for the diff: `expected` mirrors what was written, with
 * per-object maps (`{web-0: {...}, web-1: {...}}`) for `each` and selector `match`, and
 * `observed` has the same shape with observed values projected onto the written keys.
 */
import { deepEqual } from '../kube/equal';
import type { KObject } from '../kube/object';
import type { Captured } from './bindings';
import { abbreviate } from './describe';
import { fieldOf, matches, matchValue, type Mismatch, type PathSegment } from './match';
import { findMatchers } from './matchers';
import { matchObject, objectMatches, projectObject } from './object-match';
import { compileSelection, describeSelection, selectorText, type SelectionOptions } from './selection';
import type { ResourceExpectation } from './types';
import { naturalCompare, toInlineYaml } from './yaml-text';

export interface ResourceMismatch extends Mismatch {
  /** the object the mismatch is about, e.g. `Pod web-1`; absent for whole-selection facts (count) */
  object?: string;
}

export interface ResourceOutcome {
  ok: boolean;
  mismatches: ResourceMismatch[];
  /** what to show as expected (see module comment) */
  expected: Record<string, unknown>;
  /** the observed counterpart, projected onto the written keys */
  observed: Record<string, unknown>;
  /** names of the selected objects, in natural order */
  selected: string[];
  /** what the `!capture` tags found, by binding name (complete only when `ok`) */
  captured: Record<string, unknown>;
}

export function checkResources(
  expectation: ResourceExpectation,
  objects: readonly KObject[],
  options: SelectionOptions = {},
): ResourceOutcome {
  return judge(expectation, objects, options, false);
}

/**
 * Whether checkResources could pass, found without formatting a message or projecting an object:
 * false means checkResources fails. True is confirmed by checkResources, which alone finds
 * `!capture` values that differ between the selected objects. The runner asks this after every
 * change while an expectation is not yet met, when all it needs is "not yet".
 */
export function resourcesMayHold(expectation: ResourceExpectation, objects: readonly KObject[], options: SelectionOptions = {}): boolean {
  return judge(expectation, objects, options, true).ok;
}

/**
 * The rules of the module comment. `quick`: only `ok` is meaningful; mismatches carry no message
 * (match.ts quick mode) and nothing is projected for the diff.
 */
function judge(expectation: ResourceExpectation, objects: readonly KObject[], options: SelectionOptions, quick: boolean): ResourceOutcome {
  const selection = compileSelection(expectation, options);
  const selected = objects.filter((o) => selection.selects(o));
  const named = expectation.name !== undefined;
  // a named match reads the first in this order: quick mode sorts only then
  if (!quick || (named && selected.length > 1)) selected.sort(byNamespaceAndName);
  const label = labeller(selected);
  const ctx: Judging = {
    e: expectation,
    quick,
    label,
    out: {
      ok: true,
      mismatches: [],
      expected: header(expectation),
      observed: header(expectation),
      selected: quick ? [] : selected.map(label),
      captured: {},
    },
  };
  if (named && selected.length === 0 && expectation.absent === undefined && expectation.count === undefined) {
    ctx.out.mismatches.push(notFound(expectation));
  }
  checkAbsent(ctx, selected);
  const countsMatches = !named && expectation.match !== undefined && expectation.count !== undefined;
  if (countsMatches) checkMatchingCount(ctx, expectation.match!, selected);
  else checkCount(ctx, selected);
  if (expectation.match !== undefined && !countsMatches) {
    if (named) checkNamedMatch(ctx, expectation.match, selected[0]);
    else checkEach(ctx, 'match', expectation.match, selected, true);
  }
  if (expectation.each !== undefined) checkEach(ctx, 'each', expectation.each, selected, false);
  ctx.out.ok = ctx.out.mismatches.length === 0;
  return ctx.out;
}

/** One evaluation of one expectation: what is judged, how, and the outcome being built. */
interface Judging {
  e: ResourceExpectation;
  quick: boolean;
  label: Label;
  out: ResourceOutcome;
}

/** A mismatch of quick mode: that there is one is all it says. */
const SOME_MISMATCH: Mismatch = { path: [], field: '', expected: undefined, observed: undefined, message: '' };

function valueMismatches(ctx: Judging, expected: unknown, observed: unknown, path: PathSegment[], captured: Captured): Mismatch[] {
  if (ctx.quick) return matches(expected, observed) ? [] : [SOME_MISMATCH];
  return matchValue(expected, observed, path, captured);
}

function objectMismatches(ctx: Judging, match: Record<string, unknown>, obj: KObject, captured: Captured): Mismatch[] {
  if (ctx.quick) return objectMatches(match, obj) ? [] : [SOME_MISMATCH];
  return matchObject(match, obj, captured);
}

function header(e: ResourceExpectation): Record<string, unknown> {
  const h: Record<string, unknown> = { kind: e.kind };
  if (e.apiVersion !== undefined) h.apiVersion = e.apiVersion;
  if (e.namespace !== undefined) h.namespace = e.namespace;
  if (e.name !== undefined) h.name = e.name;
  if (e.selector !== undefined) h.selector = e.selector;
  return h;
}

function notFound(e: ResourceExpectation): ResourceMismatch {
  const where = e.namespace === undefined ? '' : ` in namespace ${e.namespace}`;
  return { path: [], field: '', expected: e.name, observed: undefined, message: `not found${where}`, object: describeSelection(e) };
}

function checkAbsent({ e, label, out }: Judging, selected: KObject[]): void {
  if (e.absent === undefined) return;
  const isAbsent = selected.length === 0;
  out.expected.absent = e.absent;
  out.observed.absent = isAbsent;
  if (e.absent === isAbsent) return;
  const message = e.absent
    ? `expected absent, but ${selected.length === 1 ? 'it exists' : `${selected.length} exist`}: ${selected.map(label).join(', ')}`
    : 'expected to exist, but nothing is selected';
  out.mismatches.push({ path: ['absent'], field: 'absent', expected: e.absent, observed: isAbsent, message, object: describeSelection(e) });
}

function checkCount(ctx: Judging, selected: KObject[], note?: () => string): void {
  const { e, label, out } = ctx;
  if (e.count === undefined) return;
  out.expected.count = e.count;
  out.observed.count = selected.length;
  const names = note ?? (() => (selected.length === 0 ? 'none selected' : `selected: ${abbreviate(selected.map(label))}`));
  const captured: Captured = new Map();
  for (const m of valueMismatches(ctx, e.count, selected.length, ['count'], captured)) {
    out.mismatches.push(ctx.quick ? m : { ...m, message: `${m.message} (${names()})` });
  }
  keep(captured, out);
}

/**
 * Count after match: `count` judges how many selected objects match `match`. The diff shows the
 * match as written and each selected object projected onto it, so a wrong count shows why each
 * object did or did not match.
 */
function checkMatchingCount(ctx: Judging, match: Record<string, unknown>, selected: KObject[]): void {
  const { e, label, out } = ctx;
  // a `!capture` in the filtering match binds what the matching objects share
  const found: Array<{ name: string; captured: Captured }> = [];
  const matching = selected.filter((o) => {
    const captured: Captured = new Map();
    if (objectMismatches(ctx, match, o, captured).length > 0) return false;
    found.push({ name: label(o), captured });
    return true;
  });
  const note = () => selected.length === 0
    ? 'none selected'
    : `matching: ${matching.length ? abbreviate(matching.map(label)) : 'none'}; selected: ${abbreviate(selected.map(label))}`;
  checkCount(ctx, matching, note);
  out.expected.match = match;
  if (!ctx.quick) out.observed.match = Object.fromEntries(selected.map((o) => [label(o), projectObject(match, o)]));
  const captures = findMatchers(match).filter((f) => f.matcher.kind === 'capture');
  if (captures.length > 0 && found.length === 0) {
    out.mismatches.push({
      path: ['match'], field: 'match', expected: match, observed: undefined, object: describeSelection(e),
      message: `no selected ${e.kind} matches, so there is nothing to capture ${captures.map((f) => String(f.matcher.arg)).join(', ')} from`,
    });
  }
  keepShared('match', e, found, out);
}

function checkNamedMatch(ctx: Judging, match: Record<string, unknown>, obj: KObject | undefined): void {
  const { e, out } = ctx;
  out.expected.match = match;
  if (!obj) return; // reported as not found (or governed by absent/count)
  if (!ctx.quick) out.observed.match = projectObject(match, obj);
  const captured: Captured = new Map();
  const mismatches = objectMismatches(ctx, match, obj, captured);
  const object = mismatches.length ? describeSelection(e) : '';
  for (const m of mismatches) out.mismatches.push({ ...m, path: ['match', ...m.path], object });
  keep(captured, out);
}

function checkEach(ctx: Judging, key: 'match' | 'each', match: Record<string, unknown>, selected: KObject[], requireOne: boolean): void {
  const { e, label, out } = ctx;
  if (selected.length === 0) {
    out.expected[key] = match;
    const captures = findMatchers(match).filter((f) => f.matcher.kind === 'capture');
    if (requireOne || captures.length > 0) {
      const what = e.selector === undefined ? `no ${e.kind} exists` : `no ${e.kind} matches selector ${selectorText(e.selector)}`;
      const why = requireOne ? '' : `, so there is nothing to capture ${captures.map((f) => String(f.matcher.arg)).join(', ')} from`;
      out.mismatches.push({ path: [key], field: key, expected: match, observed: undefined, message: what + why });
    }
    return;
  }
  const expected: Record<string, unknown> = {};
  const observed: Record<string, unknown> = {};
  const found: Array<{ name: string; captured: Captured }> = [];
  for (const obj of selected) {
    const name = label(obj);
    const captured: Captured = new Map();
    const mismatches = objectMismatches(ctx, match, obj, captured);
    if (ctx.quick && mismatches.length > 0) {
      out.mismatches.push(mismatches[0]!);
      return;
    }
    for (const m of mismatches) out.mismatches.push({ ...m, path: [key, ...m.path], object: `${obj.kind} ${name}` });
    if (!ctx.quick) {
      expected[name] = match;
      observed[name] = projectObject(match, obj);
    }
    found.push({ name, captured });
  }
  out.expected[key] = expected;
  out.observed[key] = observed;
  keepShared(key, e, found, out);
}

/** Bindings found in one object. */
function keep(captured: Captured, out: ResourceOutcome): void {
  for (const [name, { value }] of captured) out.captured[name] = value;
}

/**
 * Bindings found in several objects: each must have found the same value, since a binding
 * holds one (the pods of one ReplicaSet share their pod-template-hash; their IPs differ).
 */
function keepShared(key: 'match' | 'each', e: ResourceExpectation, found: Array<{ name: string; captured: Captured }>, out: ResourceOutcome): void {
  const bindings = new Set(found.flatMap((f) => [...f.captured.keys()]));
  for (const binding of bindings) {
    const seen = found.flatMap((f) => {
      const c = f.captured.get(binding);
      return c ? [{ object: f.name, ...c }] : [];
    });
    const first = seen[0]!;
    if (seen.every((s) => deepEqual(s.value, first.value))) {
      out.captured[binding] = first.value;
      continue;
    }
    const values = abbreviate(seen.map((s) => `${s.object} has ${toInlineYaml(s.value)}`));
    out.mismatches.push({
      path: [key, ...first.path],
      field: fieldOf(first.path),
      expected: undefined,
      observed: undefined,
      message: `!capture ${binding} needs one value, but the selected objects differ: ${values} (select one object, or capture a field they share)`,
      object: describeSelection(e),
    });
  }
}

type Label = (o: KObject) => string;

/** Objects are named by name alone, or `namespace/name` when the selection spans namespaces. */
function labeller(selected: KObject[]): Label {
  const namespaces = new Set(selected.map((o) => o.metadata.namespace ?? ''));
  return namespaces.size > 1 ? (o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` : (o) => o.metadata.name;
}

function byNamespaceAndName(a: KObject, b: KObject): number {
  return naturalCompare(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || naturalCompare(a.metadata.name, b.metadata.name);
}

