/**
 * Go renderings of values that appear in API error messages. Validation runs on Go structs, so a
 * bad value prints as Go would print it: `%q` for strings, `%#v` syntax for composites (up to
 * 1.33), or encoding/json (from 1.34). A GoValue carries both renderings of one value.
 */

export class GoValue {
  constructor(
    /** `%#v` rendering, e.g. `map[string]string{"app":"web"}` */
    readonly goSyntax: string,
    /** what encoding/json would marshal (key order as Go emits it) */
    readonly json: unknown,
    /** String() for types that implement fmt.Stringer (IntOrString; not a Quantity passed by value, see go-quantity.ts) */
    readonly stringer?: string,
  ) {}
}

/** strconv.Quote: Go's double-quoted string with Go escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** encoding/json Marshal: like JSON.stringify but HTML-escaping <, > and &. */
export function goJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  // one pass, and none for the usual text without them: revision hashes marshal whole templates
  return GO_ESCAPED.test(text) ? text.replace(GO_ESCAPED_ALL, goEscape) : text;
}

const GO_ESCAPED = /[<>&\u2028\u2029]/;
const GO_ESCAPED_ALL = /[<>&\u2028\u2029]/g;

function goEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function sortedEntries(m: Record<string, string>): Array<[string, string]> {
  return Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** map[string]string; `undefined` is a nil map. */
export function goStringMap(m: Record<string, string> | undefined | null): GoValue {
  if (!m) return new GoValue('map[string]string(nil)', null);
  const entries = sortedEntries(m);
  const syntax = `map[string]string{${entries.map(([k, v]) => `${goQuote(k)}:${goQuote(v)}`).join(', ')}}`;
  return new GoValue(syntax, Object.fromEntries(entries));
}

/** []string (or another named slice of strings); `undefined` is a nil slice. */
export function goStringSlice(a: readonly string[] | undefined | null, type = '[]string'): GoValue {
  if (!a) return new GoValue(`${type}(nil)`, null);
  return new GoValue(`${type}{${a.map(goQuote).join(', ')}}`, [...a]);
}

/** intstr.IntOrString: a Stringer, so up to 1.33 it prints bare (`0`, `25%`). */
export function goIntOrString(v: number | string): GoValue {
  const syntax =
    typeof v === 'number'
      ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
      : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
  return new GoValue(syntax, v, String(v));
}

interface SelectorLike {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key?: string; operator?: string; values?: string[] | null }> | null;
}

/** metav1.LabelSelector (dereferenced pointer); its json tags are lower-case. */
export function goLabelSelector(sel: SelectorLike): GoValue {
  const exprs = sel.matchExpressions;
  const exprSyntax = exprs
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStringSlice(e.values ?? undefined).goSyntax}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  const syntax = `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels ?? undefined).goSyntax}, MatchExpressions:${exprSyntax}}`;
  const json: Record<string, unknown> = {};
  if (sel.matchLabels && Object.keys(sel.matchLabels).length) json.matchLabels = goStringMap(sel.matchLabels).json;
  if (exprs && exprs.length) {
    json.matchExpressions = exprs.map((e) => {
      const o: Record<string, unknown> = { key: e.key ?? '', operator: e.operator ?? '' };
      if (e.values && e.values.length) o.values = [...e.values];
      return o;
    });
  }
  return new GoValue(syntax, json);
}

/**
 * An internal (pkg/apis) struct: no json tags, so encoding/json uses the Go field names. `%#v`
 * prints pointers inside structs as addresses, which we render with a fixed fake address so the
 * text stays deterministic (upstream's differs on every request).
 */
export function goStruct(typeName: string, fields: Array<[string, unknown, string?]>): GoValue {
  const json: Record<string, unknown> = {};
  const parts: string[] = [];
  let address = 0xc000010000;
  for (const [name, value, pointerType] of fields) {
    json[name] = value instanceof GoValue ? value.json : (value ?? null);
    if (pointerType) {
      parts.push(`${name}:(${pointerType})(${value === undefined || value === null ? 'nil' : '0x' + (address += 0x20).toString(16)})`);
    } else {
      parts.push(`${name}:${value instanceof GoValue ? value.goSyntax : typeof value === 'string' ? goQuote(value) : String(value)}`);
    }
  }
  return new GoValue(`${typeName}{${parts.join(', ')}}`, json);
}
