/** A problem found in a document, by path; turned into an InputError once positions are known. */
import { InputError, type ErrorCode } from '../errors';
import type { YamlPath } from './loaded';
import type { Locator } from './locator';

export interface Problem {
  code: ErrorCode;
  path: YamlPath;
  /** point at the key of the last path segment (an unknown or duplicate key) rather than its value */
  atKey?: boolean;
  message: string;
  hint?: string;
}

export function toInputError(p: Problem, locator: Locator): InputError {
  const location = p.atKey ? locator.locateKey(p.path) : locator.locate(p.path);
  return new InputError(p.code, p.message, location, p.hint);
}

/** `spec.steps[2].scale.replicas` */
export function fieldName(path: YamlPath): string {
  if (path.length === 0) return 'the scenario';
  return path
    .map((s, i) => {
      if (typeof s === 'number') return `[${s}]`;
      const plain = /^[A-Za-z_$][\w$-]*$/.test(s);
      if (plain) return i === 0 ? s : `.${s}`;
      return `[${JSON.stringify(s)}]`;
    })
    .join('');
}

/** How a value is shown inside a message: 'text', 3, true, null, a map, a list. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') {
    const tag = (v as Record<string, unknown>)['$matcher'];
    return typeof tag === 'string' ? `!${tag}` : 'a map';
  }
  return String(v);
}

export function pathKey(path: YamlPath): string {
  return JSON.stringify(path);
}
