/**
 * The shape of a `sh -c` script, as far as the process model reads it: a list of pipelines,
 * each joined to the one before by `;` (or a newline), `&&` or `||`, and run in the background
 * when followed by `&`; a pipeline is commands joined by `|`; a command is its words, with
 * quotes removed. Quotes are honoured (`echo "a; b"` is one command), redirections stay words
 * (`2>&1`, `&>`); nothing is expanded.
 */

export type Joiner = ';' | '&&' | '||';

export interface Pipeline {
  /** how it joins the pipeline before it; the first pipeline's is `;` */
  joiner: Joiner;
  background: boolean;
  commands: string[][];
}

type Token = { word: string } | { op: ';' | '&&' | '||' | '&' | '|' };

export function parseScript(script: string): Pipeline[] {
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
  for (const t of tokens(script)) {
    if ('word' in t) words.push(t.word);
    else if (t.op === '|') endCommand();
    else if (t.op === '&') endPipeline(';', true);
    else endPipeline(t.op);
  }
  endPipeline(';');
  return pipelines;
}

function tokens(script: string): Token[] {
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
    if (ch === "'" || ch === '"') {
      const end = script.indexOf(ch, i + 1);
      word += script.slice(i + 1, end < 0 ? script.length : end);
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
