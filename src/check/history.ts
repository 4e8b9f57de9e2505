/**
 * `expectHistory`: order / never / always checked against the recorded history.
 *
 * The history is replayed once from its first entry, keeping the state of every object as of
 * each change; cost is linear in the number of entries (each change updates the running counts
 * of the predicates about its kind; nothing re-scans all objects). The window is a half-open
 * range of entry indices [from, to): the runner resolves step names to the indices of their
 * STEP_START / STEP_END markers, `end` to entries.length.
 *
 * order: each item's FIRST occurrence inside the window (see lifecycle.ts for the words; with
 *   `match` the object starts to match; with both, the word's change happens while the object
 *   matches). Items must occur in the written order; two items at the same entry are
 *   simultaneous, which is in order. A missing item and an item seen before an earlier one are
 *   failures naming the item and listing when every item was seen.
 *
 * never / always: evaluated on every recorded state inside the window: the state as the window
 *   opens, then the state after each change in it (several changes at the same instant are
 *   several states: a watch client can observe each). never fails at the first state where the
 *   predicate holds, always at the first where it does not. The predicate, over the selected
 *   objects S (kind, namespace, name or selector):
 *   - with count / readyCount / readyCountBelow: `match` (if written) narrows S to the matching
 *     objects M; every written count must hold on M: count = |M|, readyCount = Ready and not
 *     terminating objects in M, readyCountBelow n = readyCount < n;
 *   - else with `match`: for always, S is not empty and every object in S matches (a check that
 *     a PVC stays Bound fails when the PVC is gone); for never, some object in S matches
 *     ("never: a Pod like this");
 *   - else: S is not empty (always: the object exists; never: it never exists).
 */
import { InputError } from '../errors';
import { isObjectChange, type HistoryEntry, type ObjectChange } from '../history/entry';
import { isBeingDeleted, storeKey, type KObject } from '../kube/object';
import { isReadyAndServing } from './conditions';
import { describeMismatches, formatTime } from './describe';
import { becomes } from './lifecycle';
import { matches } from './match';
import { matchObject, objectMatches } from './object-match';
import { compileSelection, describeSelection, type Selection, type SelectionOptions } from './selection';
import { kindKey, parseTarget } from './target';
import type { HistoryPredicate, HistorySpec, HistoryWindow, OrderItem } from './types';
import { naturalCompare, toInlineYaml } from './yaml-text';

export type HistorySection = 'order' | 'never' | 'always';

export interface HistoryFailure {
  section: HistorySection;
  /** index of the item within its section */
  index: number;
  message: string;
  /** when: ms on the backend's clock */
  t?: number;
  /** the history entry of that moment (undefined for the state as the window opened) */
  entry?: number;
  /** the objects involved, e.g. `Pod zk-1 (not ready)` */
  objects: string[];
  /** further lines: the order timeline, mismatches of objects */
  details: string[];
}

export interface HistoryOutcome {
  ok: boolean;
  failures: HistoryFailure[];
}

export function checkHistory(
  spec: HistorySpec,
  entries: readonly HistoryEntry[],
  window: HistoryWindow,
  options: SelectionOptions = {},
): HistoryOutcome {
  const from = clamp(window.from, 0, entries.length);
  const to = clamp(window.to, from, entries.length);
  const order = new OrderTracker(spec.order ?? [], options);
  const trackers = [
    ...(spec.never ?? []).map((p, i) => new PredicateTracker('never', i, p, options)),
    ...(spec.always ?? []).map((p, i) => new PredicateTracker('always', i, p, options)),
  ];
  const trackersByKind = groupBy(trackers, (t) => kindKey(t.predicate.kind));
  const state = new Map<string, KObject>();
  const windowStart = entries[from]?.t ?? entries[from - 1]?.t ?? 0;

  for (let i = 0; i < to; i++) {
    if (i === from) trackers.forEach((t) => t.evaluate(windowStart, undefined, undefined));
    const entry = entries[i]!;
    if (!isObjectChange(entry)) continue;
    const key = storeKey(entry.kind, entry.namespace, entry.name);
    const previous = state.get(key);
    if (entry.type === 'DELETED') state.delete(key);
    else state.set(key, entry.object);
    const affected = trackersByKind.get(kindKey(entry.kind)) ?? [];
    for (const t of affected) t.update(key, entry.type === 'DELETED' ? undefined : entry.object);
    if (i < from) continue;
    order.observe(i, entry, previous);
    for (const t of affected) t.evaluate(entry.t, i, entry);
  }
  if (from === to) trackers.forEach((t) => t.evaluate(windowStart, undefined, undefined));

  const failures = [...order.failures(), ...trackers.flatMap((t) => (t.failure ? [t.failure] : []))];
  return { ok: failures.length === 0, failures };
}

// ---------------------------------------------------------------------------------------------
// order

interface CompiledItem {
  index: number;
  kindKey: string;
  name: string;
  namespace: string;
  /** `pod/web-0` as written */
  ref: string;
  item: OrderItem;
  description: string;
}

interface Occurrence {
  entry: number;
  t: number;
}

class OrderTracker {
  private readonly items: CompiledItem[];
  private readonly byObject: Map<string, CompiledItem[]>;
  private readonly seen = new Map<number, Occurrence>();

  constructor(items: OrderItem[], options: SelectionOptions) {
    this.items = items.map((item, index) => compileItem(item, index, options));
    this.byObject = groupBy(this.items, (c) => `${c.kindKey}/${c.name}`);
  }

  observe(entry: number, change: ObjectChange, previous: KObject | undefined): void {
    for (const c of this.byObject.get(`${kindKey(change.kind)}/${change.name}`) ?? []) {
      if (this.seen.has(c.index)) continue;
      if (change.namespace !== undefined && change.namespace !== c.namespace) continue;
      if (itemHappens(c.item, previous, change)) this.seen.set(c.index, { entry, t: change.t });
    }
  }

  failures(): HistoryFailure[] {
    const out: HistoryFailure[] = [];
    let latest: { item: CompiledItem; at: Occurrence } | undefined;
    for (const c of this.items) {
      const at = this.seen.get(c.index);
      if (!at) {
        out.push(this.failure(c, `${c.description}: did not happen in the window`));
        continue;
      }
      if (latest && at.entry < latest.at.entry) {
        const message = `${c.description} happened at ${formatTime(at.t)}, before ${latest.item.description} at ${formatTime(latest.at.t)}`;
        out.push({ ...this.failure(c, message), t: at.t, entry: at.entry });
      }
      if (!latest || at.entry > latest.at.entry) latest = { item: c, at };
    }
    return out;
  }

  private failure(c: CompiledItem, message: string): HistoryFailure {
    return { section: 'order', index: c.index, message, objects: [c.ref], details: this.timeline() };
  }

  /** "1. pod/web-0 becomes Ready: 30s" for every item, as seen. */
  private timeline(): string[] {
    return this.items.map((c) => {
      const at = this.seen.get(c.index);
      return `${c.index + 1}. ${c.description}: ${at ? formatTime(at.t) : 'not seen'}`;
    });
  }
}

function compileItem(item: OrderItem, index: number, options: SelectionOptions): CompiledItem {
  const ref = itemTarget(item);
  if (!ref) throw new InputError('SCHEMA', `order item ${index + 1} names no object: write pod: <name>, target: kind/name, or kind and name`);
  if (item.becomes === undefined && item.match === undefined) {
    throw new InputError('SCHEMA', `order item ${index + 1} (${ref.kind}/${ref.name}) says nothing happens: write becomes: <word> or match: {...}`);
  }
  const what = [item.becomes ? `becomes ${item.becomes}` : '', item.match ? `matches ${toInlineYaml(item.match)}` : ''].filter(Boolean).join(' and ');
  return {
    index,
    kindKey: kindKey(ref.kind),
    name: ref.name,
    namespace: item.namespace ?? options.defaultNamespace ?? 'default',
    ref: `${ref.kind}/${ref.name}`,
    item,
    description: `${ref.kind}/${ref.name} ${what}`,
  };
}

function itemTarget(item: OrderItem): { kind: string; name: string } | undefined {
  if (item.pod !== undefined) return { kind: 'pod', name: item.pod };
  if (item.target !== undefined) return parseTarget(item.target);
  if (item.kind !== undefined && item.name !== undefined) return { kind: item.kind, name: item.name };
  return undefined;
}

function itemHappens(item: OrderItem, previous: KObject | undefined, change: ObjectChange): boolean {
  const matchesNow = (o: KObject) => objectMatches(item.match!, o);
  if (item.match === undefined) return becomes(item.becomes!, previous, change);
  if (item.becomes === undefined) return matchesNow(change.object) && !(previous !== undefined && matchesNow(previous));
  return becomes(item.becomes, previous, change) && matchesNow(change.object);
}

// ---------------------------------------------------------------------------------------------
// never / always

interface Member {
  obj: KObject;
  matches: boolean;
  /** counted by readyCount: matches, Ready and not terminating */
  ready: boolean;
}

class PredicateTracker {
  private readonly selection: Selection;
  private readonly members = new Map<string, Member>();
  private matching = 0;
  private readyMatching = 0;
  failure?: HistoryFailure;

  constructor(
    readonly mode: 'never' | 'always',
    readonly index: number,
    readonly predicate: HistoryPredicate,
    options: SelectionOptions,
  ) {
    this.selection = compileSelection(predicate, options);
  }

  private get hasCounts(): boolean {
    const p = this.predicate;
    return p.count !== undefined || p.readyCount !== undefined || p.readyCountBelow !== undefined;
  }

  /** The object at `key` is now `obj` (undefined: deleted). O(size of `match`). */
  update(key: string, obj: KObject | undefined): void {
    if (this.failure) return;
    const old = this.members.get(key);
    if (old) this.add(old, -1);
    this.members.delete(key);
    if (!obj || !this.selection.selects(obj)) return;
    const matching = this.predicate.match === undefined || objectMatches(this.predicate.match, obj);
    const member = { obj, matches: matching, ready: matching && isReadyAndServing(obj) };
    this.members.set(key, member);
    this.add(member, 1);
  }

  private add(m: Member, sign: 1 | -1): void {
    if (m.matches) this.matching += sign;
    if (m.ready) this.readyMatching += sign;
  }

  holds(): boolean {
    const p = this.predicate;
    if (this.hasCounts) {
      return (
        (p.count === undefined || matches(p.count, this.matching)) &&
        (p.readyCount === undefined || matches(p.readyCount, this.readyMatching)) &&
        (p.readyCountBelow === undefined || this.readyMatching < p.readyCountBelow)
      );
    }
    if (p.match !== undefined) {
      return this.mode === 'always' ? this.members.size > 0 && this.matching === this.members.size : this.matching > 0;
    }
    return this.members.size > 0;
  }

  evaluate(t: number, entry: number | undefined, cause: ObjectChange | undefined): void {
    if (this.failure) return;
    const held = this.holds();
    if (this.mode === 'never' ? held : !held) this.failure = this.describeFailure(t, entry, cause);
  }

  // Only runs once per predicate, at its failure: listing the members here is O(|S|) once.
  private describeFailure(t: number, entry: number | undefined, cause: ObjectChange | undefined): HistoryFailure {
    const when = `at ${formatTime(t)}${cause ? `, after ${cause.kind} ${cause.name} was ${cause.type}` : ' (as the window opened)'}`;
    const subject = describeSelection(this.predicate);
    const members = [...this.members.values()].sort((a, b) => naturalCompare(a.obj.metadata.name, b.obj.metadata.name));
    const base = { section: this.mode, index: this.index, t, entry };
    if (this.hasCounts) {
      const counted = members.filter((m) => m.matches);
      const verb = this.mode === 'never' ? 'held' : 'did not hold';
      return {
        ...base,
        message: `${subject}: ${this.describeCounts()} ${verb} ${when}: count ${this.matching}, readyCount ${this.readyMatching}`,
        objects: counted.map((m) => `${m.obj.kind} ${m.obj.metadata.name} (${readiness(m.obj)})`),
        details: [],
      };
    }
    if (this.predicate.match !== undefined) {
      const match = this.predicate.match;
      if (this.mode === 'never') {
        const matching = members.filter((m) => m.matches);
        return { ...base, message: `${subject}: matched ${toInlineYaml(match)} ${when}`, objects: matching.map((m) => `${m.obj.kind} ${m.obj.metadata.name}`), details: [] };
      }
      if (members.length === 0) return { ...base, message: `${subject}: none exists ${when}`, objects: [], details: [] };
      const failing = members.filter((m) => !m.matches);
      return {
        ...base,
        message: `${subject}: did not match ${when}`,
        objects: failing.map((m) => `${m.obj.kind} ${m.obj.metadata.name}`),
        details: failing.flatMap((m) => describeMismatches(matchObject(match, m.obj).map((mm) => ({ ...mm, object: `${m.obj.kind} ${m.obj.metadata.name}` })))),
      };
    }
    const message = this.mode === 'never' ? `${subject}: exists ${when}` : `${subject}: does not exist ${when}`;
    return { ...base, message, objects: members.map((m) => `${m.obj.kind} ${m.obj.metadata.name}`), details: [] };
  }

  private describeCounts(): string {
    const p = this.predicate;
    const parts: string[] = [];
    if (p.match !== undefined) parts.push(`(matching ${toInlineYaml(p.match)})`);
    if (p.count !== undefined) parts.push(`count ${toInlineYaml(p.count)}`);
    if (p.readyCount !== undefined) parts.push(`readyCount ${toInlineYaml(p.readyCount)}`);
    if (p.readyCountBelow !== undefined) parts.push(`readyCountBelow ${p.readyCountBelow}`);
    return parts.join(' ');
  }
}

function readiness(obj: KObject): string {
  if (isBeingDeleted(obj)) return 'terminating';
  return isReadyAndServing(obj) ? 'ready' : 'not ready';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}
