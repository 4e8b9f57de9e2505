/**
 * YAML text parsed with positions. Every position is turned into a SourceLocation through a
 * PositionMap, so text that is itself embedded in another file (an inline manifest in a `|`
 * block) reports lines and columns of the file the user edits.
 */
import { Composer, LineCounter, Parser, type Document } from 'yaml';
import { InputError, type SourceLocation } from '../errors';
import { MAX_NESTING, NESTING_HINT, tooDeepAt } from './yaml-limits';

/** 1-based line and column in the parsed text -> location in the user's file. */
export type PositionMap = (line: number, column: number) => SourceLocation;
/** Character offset in the parsed text -> location in the user's file. */
export type OffsetToLocation = (offset: number) => SourceLocation;

export interface ParsedYaml {
  text: string;
  /** documents with content, in order (empty documents, e.g. after a trailing ---, are left out) */
  docs: Document.Parsed[];
  at: OffsetToLocation;
  errors: InputError[];
}

export function filePositions(file: string): PositionMap {
  return (line, column) => ({ file, line, column });
}

const HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  DUPLICATE_KEY: 'each key may appear once in a map; remove or rename one of them',
  BAD_INDENT: 'check the indentation of this line against the lines above',
  MISSING_CHAR: 'a flow collection ({...} or [...]) or a quoted string is not closed',
};

export function parseYaml(text: string, positions: PositionMap): ParsedYaml {
  const lineCounter = new LineCounter();
  const at: OffsetToLocation = (offset) => {
    const p = lineCounter.linePos(offset);
    return positions(p.line, p.col);
  };
  // Parsed in two stages (as parseAllDocuments does) to measure the nesting before the composer,
  // which recurses, builds the documents.
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const deep = tooDeepAt(tokens);
  if (deep !== undefined) {
    return { text, docs: [], at, errors: [new InputError('YAML_SYNTAX', `YAML nested more than ${MAX_NESTING} levels deep (maps and lists)`, at(deep), NESTING_HINT)] };
  }
  const all = Array.from(new Composer({ prettyErrors: false, merge: true, uniqueKeys: true }).compose(tokens));
  const errors: InputError[] = [];
  // After the first real syntax error the parser is lost and what follows is noise; duplicate
  // keys do not derail it, so all of them are reported.
  let syntaxReported = false;
  for (const e of all.flatMap((doc) => doc.errors)) {
    const duplicate = e.code === 'DUPLICATE_KEY';
    if (!duplicate && syntaxReported) continue;
    syntaxReported ||= !duplicate;
    const message = duplicate ? duplicateKeyMessage(text, e.pos) : `YAML syntax error: ${e.message}`;
    errors.push(new InputError('YAML_SYNTAX', message, at(e.pos[0]), HINTS[e.code]));
  }
  const docs = all.filter((d) => d.contents !== null);
  return { text, docs, at, errors };
}

function duplicateKeyMessage(text: string, pos: [number, number]): string {
  // yaml reports the position of the repeated key; read the key itself from the line.
  const rest = text.slice(pos[0]).split('\n', 1)[0] ?? '';
  const key = /^\s*(?:-\s+)?("[^"]*"|'[^']*'|[^:#{}[\],]+?)\s*:/.exec(rest)?.[1];
  return key ? `duplicate key '${key.replace(/^["']|["']$/g, '')}' in this map` : 'duplicate key in this map';
}
