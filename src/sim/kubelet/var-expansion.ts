/**
 * The kubelet's `$(NAME)` references (third_party/forked/golang/expansion Expand and
 * MappingFuncFor), used for env values, command and args (kubelet_pods.go
 * makeEnvironmentVariables, container/helpers.go ExpandContainerCommandAndArgs):
 *
 * - `$(NAME)` becomes the value of the first map that holds NAME; a NAME no map holds stays
 *   `$(NAME)` as written (the reference is not an error);
 * - `$$` is one `$`, so `$$(NAME)` is the text `$(NAME)`;
 * - a `$` before any other character, a `$(` never closed and a final `$` stay as written.
 * No nesting: the first `)` closes a reference.
 */

/** Looks NAME up in each map in turn. */
export type Mapping = (name: string) => string;

export function mappingFor(...maps: ReadonlyArray<ReadonlyMap<string, string>>): Mapping {
  return (name) => {
    for (const vars of maps) {
      const value = vars.get(name);
      if (value !== undefined) return value;
    }
    return `$(${name})`;
  };
}

export function expandReferences(input: string, mapping: Mapping): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const dollar = input.indexOf('$', i);
    // a `$` as the last character is kept as it is
    if (dollar < 0 || dollar === input.length - 1) break;
    out += input.slice(i, dollar);
    const next = input.codePointAt(dollar + 1)!;
    const nextChar = String.fromCodePoint(next);
    if (nextChar === '$') {
      out += '$';
      i = dollar + 2;
    } else if (nextChar === '(') {
      const close = input.indexOf(')', dollar + 2);
      if (close < 0) {
        // an unclosed `$(`: both characters kept, reading goes on after them
        out += '$(';
        i = dollar + 2;
      } else {
        out += mapping(input.slice(dollar + 2, close));
        i = close + 1;
      }
    } else {
      out += '$' + nextChar;
      i = dollar + 1 + nextChar.length;
    }
  }
  return out + input.slice(i);
}
