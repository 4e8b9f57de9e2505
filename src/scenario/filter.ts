/**
 * `--filter`: which scenarios a text selects (by name, title, file, claim ids or tags), and a
 * cheap look at a file's metadata so that files the filter cannot select are skipped before the
 * full load (schema validation, manifests).
 */
import { parseDocument, type Document } from 'yaml';
import { closest } from '../kube/suggest';

/** What a filter looks at. */
export interface ScenarioIdentity {
  file: string;
  name: string;
  title?: string;
  claims?: string[];
  tags?: string[];
}

export function matchesFilter(id: ScenarioIdentity, filter: string | undefined): boolean {
  if (!filter) return true;
  const haystack = [id.name, id.title ?? '', id.file, ...(id.claims ?? []), ...(id.tags ?? [])].join('\n').toLowerCase();
  return haystack.includes(filter.toLowerCase());
}

/**
 * The metadata of a scenario file read without any check, or undefined when it cannot be read so
 * (malformed YAML, more than one document, metadata of the wrong shape): such a file is loaded in
 * full, so its errors are reported as before. The values are the full load's, as both parse the
 * same YAML with the same library.
 */
export function peekIdentity(file: string, text: string): ScenarioIdentity | undefined {
  // Matcher tags (`!gte 2`) are unknown here: logLevel silent, as only metadata is read.
  const doc = parseDocument(text, { logLevel: 'silent', merge: true, uniqueKeys: true });
  if (doc.errors.length) return undefined;
  const metadata = plainValue(doc)?.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== 'object') return undefined;
  const { name, title, claims, tags } = metadata;
  const strings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  if (typeof name !== 'string' || (title !== undefined && typeof title !== 'string') || !strings(claims) || !strings(tags)) return undefined;
  return { file, name, title: title as string | undefined, claims: claims as string[] | undefined, tags: tags as string[] | undefined };
}

/**
 * For a `--filter` that selects nothing: `did you mean 'web-rollout'?` when a scenario's name is
 * close to it (a typo), else undefined.
 */
export function filterHint(filter: string, ids: readonly ScenarioIdentity[]): string | undefined {
  const near = closest(filter, ids.map((id) => id.name));
  return near === undefined ? undefined : `did you mean '${near}'? (--filter matches the name, title, file, claim ids and tags)`;
}

/**
 * The document as plain data, or undefined when yaml refuses to build it: too many aliases (its
 * guard against alias bombs) or nesting deep enough to overflow the stack. The full load then
 * reports either with its position.
 */
function plainValue(doc: Document): { metadata?: unknown } | undefined {
  try {
    return (doc.toJS() as { metadata?: unknown } | null) ?? undefined;
  } catch {
    return undefined;
  }
}
