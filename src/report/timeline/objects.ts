/**
 * The object history of the page, searchable by kind and name: per object, each change with the
 * fields it changed (`path: before → after`), not the full versions the JSONL history keeps.
 * Events are listed on their own (events()), not here.
 */
import type { ObjectChange } from '../../history/entry';
import type { EventView, ObjectHistory } from './model';

/** Fields shown per change; the rest are counted (`… 12 more fields`). */
export const MAX_FIELDS_PER_CHANGE = 8;
/** Changes kept per object: the first ones and the last ones, the middle counted. */
export const MAX_CHANGES_PER_OBJECT = 60;
/** A value longer than this is shortened with `…`. */
const MAX_VALUE_CHARS = 80;

/** Bookkeeping every write changes, which says nothing about what happened. */
const IGNORED = [/^metadata\.(resourceVersion|managedFields|generation)(\.|\[|$)/, /\.lastHeartbeatTime$/, /\.lastProbeTime$/, /\.renewTime$/];

/**
 * Field lines in all of a page's object history: a run with thousands of pods would otherwise
 * make a page of many megabytes. Past it, further modifications are counted, not listed.
 */
export const MAX_FIELD_LINES = 15_000;

export function objectHistories(changes: readonly ObjectChange[], maxFieldLines = MAX_FIELD_LINES): ObjectHistory[] {
  let budget = maxFieldLines;
  const byObject = new Map<string, { history: ObjectHistory; last?: Map<string, string> }>();
  for (const c of changes) {
    if (c.kind === 'Event') continue;
    const key = `${c.kind}\u0000${c.namespace ?? ''}\u0000${c.name}`;
    let entry = byObject.get(key);
    if (!entry) {
      const history: ObjectHistory = { kind: c.kind, name: c.name, changes: [], omittedChanges: 0 };
      if (c.namespace) history.namespace = c.namespace;
      byObject.set(key, (entry = { history }));
    }
    const now = flatten(c.object);
    const fields = c.type === 'MODIFIED' && entry.last ? changedFields(entry.last, now) : [];
    entry.last = c.type === 'DELETED' ? undefined : now;
    // a write that changed only bookkeeping (a heartbeat) is not a change worth a line
    if (c.type === 'MODIFIED' && fields.length === 0) continue;
    // past the page's budget a modification is only counted; additions and deletions stay listed
    if (budget <= 0 && c.type === 'MODIFIED') {
      entry.history.omittedChanges++;
      continue;
    }
    const shown = shortened(fields);
    budget -= shown.length;
    entry.history.changes.push({ t: c.t, type: c.type, fields: shown });
  }
  return [...byObject.values()].map(({ history }) => keepEnds(history));
}

/** Every leaf of an object as `path → JSON value`, bookkeeping left out. */
function flatten(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => listItem(v, i)) : Object.entries(value).map(([k, v]) => [path ? `.${k}` : k, v] as const);
    if (entries.length === 0) out.set(path, JSON.stringify(value));
    for (const [k, v] of entries) flatten(v, path + k, out);
  } else if (!IGNORED.some((re) => re.test(path))) out.set(path, JSON.stringify(value));
  return out;
}

/**
 * A list item known by its `type` (conditions) or `name` (containers, their statuses, volumes)
 * under that key, so that `status.conditions[Ready].status` stays one path when the list is
 * reordered or grows; the key field itself is then left out (the path says it).
 */
function listItem(item: unknown, index: number): readonly [string, unknown] {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return [`[${index}]`, item];
  const { type, name, ...rest } = item as Record<string, unknown>;
  if (typeof type === 'string') return [`[${type}]`, name === undefined ? rest : { name, ...rest }];
  if (typeof name === 'string') return [`[${name}]`, type === undefined ? rest : { type, ...rest }];
  return [`[${index}]`, item];
}

function changedFields(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [path, value] of after) {
    const was = before.get(path);
    if (was !== value) out.push(`${path}: ${was === undefined ? '(none)' : short(was)} → ${short(value)}`);
  }
  for (const [path, was] of before) if (!after.has(path)) out.push(`${path}: ${short(was)} → (removed)`);
  return out;
}

function short(json: string): string {
  return json.length > MAX_VALUE_CHARS ? `${json.slice(0, MAX_VALUE_CHARS - 1)}…` : json;
}

function shortened(fields: string[]): string[] {
  if (fields.length <= MAX_FIELDS_PER_CHANGE) return fields;
  return [...fields.slice(0, MAX_FIELDS_PER_CHANGE), `… ${fields.length - MAX_FIELDS_PER_CHANGE} more fields`];
}

/** At most MAX_CHANGES_PER_OBJECT changes: the first and the last halves, the middle counted. */
function keepEnds(h: ObjectHistory): ObjectHistory {
  const n = h.changes.length;
  if (n <= MAX_CHANGES_PER_OBJECT) return h;
  const half = MAX_CHANGES_PER_OBJECT / 2;
  return { ...h, changes: [...h.changes.slice(0, half), ...h.changes.slice(n - half)], omittedChanges: h.omittedChanges + n - MAX_CHANGES_PER_OBJECT };
}

interface EventObject {
  type?: string;
  reason?: string;
  message?: string;
  note?: string;
  count?: number;
  involvedObject?: { kind?: string; name?: string };
  regarding?: { kind?: string; name?: string };
  series?: { count?: number };
}

/** Every Event, when it was first recorded, with its latest count (a repeated Event is one row). */
export function events(changes: readonly ObjectChange[]): EventView[] {
  const byName = new Map<string, EventView>();
  for (const c of changes) {
    if (c.kind !== 'Event' || c.type === 'DELETED') continue;
    const e = c.object as unknown as EventObject;
    const about = e.involvedObject ?? e.regarding;
    const view: EventView = {
      t: c.t, type: e.type ?? '', reason: e.reason ?? '', object: `${about?.kind ?? ''}/${about?.name ?? ''}`,
      message: e.message ?? e.note ?? '', count: e.series?.count ?? e.count ?? 1,
    };
    const key = `${c.namespace ?? ''}/${c.name}`;
    const first = byName.get(key);
    byName.set(key, first ? { ...view, t: first.t } : view);
  }
  return [...byName.values()].sort((a, b) => a.t - b.t);
}
