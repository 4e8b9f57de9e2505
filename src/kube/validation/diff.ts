/**
 * The diff appended to "may not change fields other than ..." messages. Upstream prints
 * go-cmp's cmp.Diff of two Go structs; we cannot reproduce that byte for byte, so we print the
 * same frame (`  core.PodSpec{` ... `  }`) with one `-`/`+` pair per changed leaf. The first line
 * of those messages is exact; this tail is an approximation (documented in the report).
 */
import { deepEqual } from '../equal';

type Json = unknown;

function leaves(a: Json, b: Json, path: string, out: string[]): void {
  if (deepEqual(a, b)) return;
  const bothObjects = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null;
  if (bothObjects && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) {
        out.push(`- \t${path}: ${JSON.stringify(a)},`, `+ \t${path}: ${JSON.stringify(b)},`);
        return;
      }
      a.forEach((x, i) => leaves(x, b[i], `${path}[${i}]`, out));
      return;
    }
    const ao = a as Record<string, Json>;
    const bo = b as Record<string, Json>;
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
    for (const k of keys) leaves(ao[k], bo[k], path ? `${path}.${goName(k)}` : goName(k), out);
    return;
  }
  if (a !== undefined) out.push(`- \t${path}: ${JSON.stringify(a)},`);
  if (b !== undefined) out.push(`+ \t${path}: ${JSON.stringify(b)},`);
}

/** Go field names are the JSON names with a capital first letter (close enough for a diff). */
function goName(k: string): string {
  return k.charAt(0).toUpperCase() + k.slice(1);
}

export function specDiff(typeName: string, oldSpec: Json, newSpec: Json): string {
  const lines: string[] = [];
  leaves(oldSpec, newSpec, '', lines);
  return [`  ${typeName}{`, ...lines, '  }', ''].join('\n');
}
