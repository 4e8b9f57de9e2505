/**
 * The shape of a `sh -c` script, as far as the process model reads it: a list of pipelines,
 * each joined to the one before by `;` (or a newline), `&&` or `||`, and run in the background
 * when followed by `&`; a pipeline is commands joined by `|`; a command is its words, with
 * quotes removed. Quotes are honoured (`echo "a; b"` is one command), redirections stay words
 * (`2>&1`, `&>`). Given the container's variables, the shell's parameter expansions `$NAME`,
 * `${NAME}`, `${NAME-word}` and `${NAME:-word}` are replaced (an unset NAME is empty), outside
 * single quotes, an unquoted value split into words at blanks (POSIX sh 2.6.2, 2.6.5); nothing
 * else is expanded (`$(...)`, `$?`, `$1` stay as written).
 */

/** The variables a script sees: the container's environment. */
export type ShellVars = ReadonlyMap<string, string>;

export type Joiner = ';' | '&&' | '||';

export interface Pipeline {
  /** how it joins the pipeline before it; the first pipeline's is `;` */
  joiner: Joiner;
  background: boolean;
  commands: string[][];
}

type Token = { word: string } | { op: ';' | '&&' | '||' | '&' | '|' };

export function parseScript(script: string, vars?: ShellVars): Pipeline[] {
  const pipelines: Pipeline[] = [];
  let current: Pipeline = { joiner: ';', background: false, commands: [] };
  let words: string[] = [];
  const endCommand = (): void => {
    if (words.length) current.commands.push(words);
    words = [];
  };
  const endPipeline = (next: Joiner, background = false): void => {
    endCommand();
    current.background = background;
    if (current.commands.length) pipelines.push(current);
    current = { joiner: next, background: false, commands: [] };
  };
  for (const t of tokens(script, vars)) {
    if ('word' in t) words.push(t.word);
    else if (t.op === '|') endCommand();
    else if (t.op === '&') endPipeline(';', true);
    else endPipeline(t.op);
  }
  endPipeline(';');
  return pipelines;
}

function tokens(script: string, vars: ShellVars | undefined): Token[] {
  const out: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) out.push({ word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    const next = script[i + 1];
    const param = ch === '$' && vars ? parameterAt(script, i, vars) : undefined;
    if (param) {
      // an unquoted expansion is split at blanks: its first field continues the word
      const fields = param.value.split(/[ \t\n]+/);
      fields.forEach((field, n) => {
        if (n > 0) flush();
        word += field;
        if (field) inWord = true;
      });
      i = param.end - 1;
    } else if (ch === "'" || ch === '"') {
      const end = script.indexOf(ch, i + 1);
      const quoted = script.slice(i + 1, end < 0 ? script.length : end);
      word += ch === '"' && vars ? expandParameters(quoted, vars) : quoted;
      inWord = true;
      i = end < 0 ? script.length : end;
    } else if (ch === '\\' && next !== undefined) {
      word += next;
      inWord = true;
      i++;
    } else if (/\s/.test(ch) && ch !== '\n') {
      flush();
    } else if (ch === '\n' || ch === ';') {
      flush();
      out.push({ op: ';' });
    } else if ((ch === '&' || ch === '|') && next === ch) {
      flush();
      out.push({ op: ch === '&' ? '&&' : '||' });
      i++;
    } else if (ch === '|') {
      flush();
      out.push({ op: '|' });
    } else if (ch === '&' && !isRedirection(word, next)) {
      flush();
      out.push({ op: '&' });
    } else {
      word += ch;
      inWord = true;
    }
  }
  flush();
  return out;
}

/** `2>&1`, `>&2`, `&>file`: an ampersand that belongs to a redirection, not a background job. */
function isRedirection(wordSoFar: string, next: string | undefined): boolean {
  return wordSoFar.endsWith('>') || wordSoFar.endsWith('<') || next === '>';
}

const PARAMETER = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\})/;

/** The parameter expansion starting at `at` (a `$`): its value and where it ends; undefined when it is none the model reads. */
function parameterAt(text: string, at: number, vars: ShellVars): { value: string; end: number } | undefined {
  const m = PARAMETER.exec(text.slice(at));
  if (!m) return undefined;
  const name = (m[1] ?? m[2])!;
  const value = vars.get(name);
  // `-`: the word when unset; `:-`: also when empty
  const useWord = m[3] !== undefined && (value === undefined || (m[3] === ':-' && value === ''));
  return { value: useWord ? m[4]! : value ?? '', end: at + m[0].length };
}

/** Parameter expansions inside double quotes: replaced, never split. */
function expandParameters(text: string, vars: ShellVars): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const param = text[i] === '$' ? parameterAt(text, i, vars) : undefined;
    if (!param) {
      out += text[i];
      continue;
    }
    out += param.value;
    i = param.end - 1;
  }
  return out;
}
