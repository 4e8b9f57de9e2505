/**
 * The pieces every printer shares: column definitions (metav1.TableColumnDefinition), the
 * context a row is printed in (the server's virtual now), and the formatting helpers upstream
 * printers use (pkg/printers/internalversion/printers.go: translateTimestampSince,
 * layoutContainerCells, labels.FormatLabels, metav1.FormatLabelSelector).
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KObject } from '../../kube/object';
import type { KubeVersion } from '../../kube/version';
import { humanDuration } from './duration';

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'number' | 'date';
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean;

export interface PrintContext {
  /** the server's now, as epoch milliseconds (virtual time mapped to dates) */
  nowMs: number;
  version: KubeVersion;
}

export interface Printer {
  columns(v: KubeVersion): Column[];
  /** the cells of one object, always in wide form: kubectl hides priority > 0 columns itself */
  cells(obj: KObject, ctx: PrintContext): Cell[];
}

/** A column; `wide` ones (priority 1) only show with -o wide. */
export function col(name: string, description: string, opts: { type?: Column['type']; wide?: boolean; format?: string } = {}): Column {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.wide ? 1 : 0 };
}

export const NAME = col('Name', 'Name must be unique within a namespace.', { format: 'name' });
export const AGE = col('Age', 'CreationTimestamp of the object.');
export const CONTAINERS = col('Containers', 'Names of each container in the template.', { wide: true });
export const IMAGES = col('Images', 'Images referenced by each container in the template.', { wide: true });
export const SELECTOR = col('Selector', 'The label selector of the object.', { wide: true });

/** translateTimestampSince: "<unknown>" for an unset time. */
export function since(ts: string | undefined | null, ctx: PrintContext): string {
  if (!ts) return '<unknown>';
  return humanDuration(ctx.nowMs - Date.parse(ts));
}

export function age(obj: KObject, ctx: PrintContext): string {
  return since(obj.metadata.creationTimestamp, ctx);
}

/** layoutContainerCells: names and images joined by commas. */
export function containerCells(containers: Array<{ name?: string; image?: string }> | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** labels.FormatLabels: sorted `k=v` pairs, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

/**
 * labels.Selector String() of a metav1.LabelSelector: requirements sorted by key, set values
 * sorted; "" for an empty selector.
 */
export function selectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  const reqs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push([k, `${k}=${v}`]);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') reqs.push([e.key, `${e.key} in (${values})`]);
    else if (e.operator === 'NotIn') reqs.push([e.key, `${e.key} notin (${values})`]);
    else if (e.operator === 'Exists') reqs.push([e.key, e.key]);
    else if (e.operator === 'DoesNotExist') reqs.push([e.key, `!${e.key}`]);
  }
  return reqs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((r) => r[1]).join(',');
}

/** metav1.FormatLabelSelector: "<none>" for a nil or empty selector. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = selectorString(sel);
  return s === '' ? '<none>' : s;
}

/** printBoolPtr. */
export function boolPtr(v: unknown): string {
  return v === undefined || v === null ? '<unset>' : v === true ? 'True' : 'False';
}

/** Reads a nested field without caring about types. */
export function field<T = unknown>(obj: unknown, ...path: string[]): T | undefined {
  let cur: unknown = obj;
  for (const k of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur as T | undefined;
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
