/**
 * Label selectors (k8s.io/apimachinery/pkg/labels): metav1.LabelSelector objects and the string
 * form kubectl accepts ("app=nginx,tier!=db,env in (a,b),!canary,owner").
 */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { memoOnFrozen } from './frozen-memo';

export type Labels = Record<string, string> | undefined | null;

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A parsed selector: all requirements must hold. An empty list selects everything. */
export type Selector = Requirement[];

export function fromLabelSelector(sel: LabelSelector | undefined | null): Selector {
  if (!sel) return [];
  const reqs: Selector = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, operator: 'In', values: [v] }));
  for (const e of sel.matchExpressions ?? []) reqs.push(fromExpression(e));
  return reqs;
}

function fromExpression(e: LabelSelectorRequirement): Requirement {
  return { key: e.key, operator: e.operator as Requirement['operator'], values: e.values ?? [] };
}

/** Parses kubectl's selector syntax; throws Error with a readable message on bad input. */
export function parseSelectorString(text: string): Selector {
  const reqs: Selector = [];
  for (const part of splitTopLevel(text)) {
    const p = part.trim();
    if (!p) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      const values = m[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '');
      reqs.push({ key: m[1]!, operator: m[2] === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(p))) {
      reqs.push({ key: m[1]!, operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]!] });
    } else if ((m = /^!([\w./-]+)$/.exec(p))) {
      reqs.push({ key: m[1]!, operator: 'DoesNotExist', values: [] });
    } else if ((m = /^([\w./-]+)$/.exec(p))) {
      reqs.push({ key: m[1]!, operator: 'Exists', values: [] });
    } else {
      throw new Error(`invalid label selector "${text}": cannot parse "${p}"`);
    }
  }
  return reqs;
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function matches(selector: Selector, labels: Labels): boolean {
  const l = labels ?? NO_LABELS;
  for (const r of selector) if (!holds(r, l)) return false;
  return true;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

function holds(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]!);
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
  // an operator validation would have refused selects nothing
  return false;
}

/**
 * labels.SelectorFromSet(set).Matches(labels): every key of `set` with its value (a Service's
 * selector), matched in place rather than turned into requirements at each pod event.
 */
export function setSelects(set: Readonly<Record<string, string>>, labels: Labels): boolean {
  const l = labels ?? NO_LABELS;
  for (const key in set) {
    if (Object.hasOwn(set, key) && !(Object.hasOwn(l, key) && l[key] === set[key])) return false;
  }
  return true;
}

/** metav1.LabelSelector semantics: a nil selector matches nothing, an empty one everything. */
export function labelSelectorMatches(sel: LabelSelector | undefined | null, labels: Labels): boolean {
  if (!sel) return false;
  return matches(parsedLabelSelector(sel), labels);
}

/**
 * Stored selectors parsed once: a controller matches its one selector against every pod it
 * syncs, and parsing it anew each time was a steady share of what a pod's life allocates. Only a
 * selector frozen throughout is kept (as the store freezes what it keeps), so what was parsed
 * stays true; one frozen only at the top, with a map or list that can still change, is parsed
 * each time.
 */
const parsedStoredSelector = memoOnFrozen(fromLabelSelector);

function parsedLabelSelector(sel: LabelSelector): Selector {
  return isFrozenSelector(sel) ? parsedStoredSelector(sel) : fromLabelSelector(sel);
}

function isFrozenSelector(sel: LabelSelector): boolean {
  if (!Object.isFrozen(sel) || !frozenOrAbsent(sel.matchLabels) || !frozenOrAbsent(sel.matchExpressions)) return false;
  for (const e of sel.matchExpressions ?? NO_EXPRESSIONS) if (!Object.isFrozen(e) || !frozenOrAbsent(e.values)) return false;
  return true;
}

const NO_EXPRESSIONS: readonly LabelSelectorRequirement[] = Object.freeze([]);

function frozenOrAbsent(o: object | undefined | null): boolean {
  return !o || Object.isFrozen(o);
}

/**
 * A selector as scenarios write it: kubectl's string form, a matchLabels map, or a full
 * metav1.LabelSelector ({matchLabels, matchExpressions}).
 */
export type SelectorSpec = string | Record<string, string> | LabelSelector;

function isLabelSelector(spec: object): spec is LabelSelector {
  const keys = Object.keys(spec);
  const s = spec as Record<string, unknown>;
  return keys.length > 0 && keys.every((k) => k === 'matchLabels' || k === 'matchExpressions') &&
    (typeof s.matchLabels === 'object' || Array.isArray(s.matchExpressions));
}

/** Parses any SelectorSpec; throws Error on bad string syntax. Absent selects everything. */
export function selectorFromSpec(spec: SelectorSpec | undefined | null): Selector {
  if (spec === undefined || spec === null) return [];
  if (typeof spec === 'string') return parseSelectorString(spec);
  if (isLabelSelector(spec)) return fromLabelSelector(spec);
  return Object.entries(spec as Record<string, string>).map(([key, v]) => ({ key, operator: 'In', values: [String(v)] }));
}

/** kubectl's string form of a selector ("app=nginx,env in (a,b),!canary"). */
export function selectorToString(selector: Selector): string {
  return selector.map((r) => {
    switch (r.operator) {
      case 'Exists':
        return r.key;
      case 'DoesNotExist':
        return `!${r.key}`;
      case 'In':
        return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
      case 'NotIn':
        return r.values.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${r.values.join(',')})`;
    }
  }).join(',');
}
