/**
 * Reading the two runs `kscenario compare` lines up: a JSON report (`kscenario run --reporter json
 * --output FILE`) and the history files of `--history DIR` (`<scenario>.history.jsonl`). Pure:
 * text in, plain data out; a malformed input is an InputError at `file:line:col` (JSON syntax,
 * a JSONL line that is not JSON, or a value of the wrong shape), never an exception from the parser.
 */
import { LineCounter, parseDocument, isNode } from 'yaml';
import { formatLocation, InputError, type SourceLocation } from '../errors';
import type { HistoryEntry } from '../history/entry';
import type { ScenarioResult, StepResult, Status } from '../runner/result';

/** The fields of a report step the comparison reads (a JSON report has more). */
export type ReportStep = Pick<StepResult, 'section' | 'index' | 'title' | 'status' | 'location' | 'failures' | 'error'>;

/** The fields of a report scenario the comparison reads. */
export type ReportScenario = Pick<ScenarioResult, 'name' | 'title' | 'file' | 'claims' | 'backend' | 'status' | 'error'> & {
  /** the simulator's seed (a report of another backend has one too, meaning nothing) */
  seed?: number;
  steps: ReportStep[];
};

const STATUSES: readonly Status[] = ['passed', 'failed', 'error', 'skipped'];
const CHANGE_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED']);
const MARKER_TYPES = new Set(['STEP_START', 'STEP_END']);
/** Errors reported per file before the rest are summed up. */
const MAX_ERRORS = 5;

/** Parses a JSON report; throws the InputErrors found (all shape errors, up to a few). */
export function parseReport(file: string, text: string): ReportScenario[] {
  const value = parseJson(file, text, 1, REPORT_HINT);
  const errors: Problem[] = [];
  const scenarios = readReport(value, errors);
  if (errors.length) throw located(file, text, errors);
  return scenarios;
}

/** Parses one history file (one JSON object a line; blank lines are ignored). */
export function parseHistory(file: string, text: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const errors: InputError[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = parseJson(file, line, i + 1, HISTORY_HINT);
    } catch (err) {
      errors.push(err as InputError);
      continue;
    }
    const problem = historyEntryProblem(value);
    if (problem) errors.push(new InputError('SCHEMA', `not a history entry: ${problem}`, { file, line: i + 1, column: 1 }, HISTORY_HINT));
    else entries.push(value as HistoryEntry);
  }
  if (errors.length) throw summed(errors);
  return entries;
}

const HISTORY_HINT = 'a history file is what `kscenario run --history DIR` writes: one JSON object a line';
const REPORT_HINT = 'a report is what `kscenario run --reporter json --output FILE` writes';

/** JSON.parse with the error at `file:line:col` (`firstLine`: the line the text starts on). */
export function parseJson(file: string, text: string, firstLine: number, hint: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // V8's messages carry a position only for some errors, and change between Node versions.
    const { offset, message } = jsonSyntaxError(text);
    const pos = positionOf(text, offset);
    throw new InputError('SCHEMA', `not valid JSON: ${message}`, { file, line: firstLine + pos.line - 1, column: pos.column }, hint);
  }
}

/**
 * Where the JSON grammar (RFC 8259) first fails in a text JSON.parse refused, and what was
 * expected there.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } {
  let i = 0;
  const fail = (expected: string): never => {
    const found = i >= text.length ? 'the end of the input' : JSON.stringify(text[i]);
    throw { offset: i, message: `expected ${expected}, found ${found}` };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text[i] !== c) fail(`${JSON.stringify(word)}`);
      i++;
    }
  };
  const string = (what = 'a string') => {
    if (text[i] !== '"') fail(what);
    i++;
    for (;;) {
      if (i >= text.length) fail('a closing \'"\'');
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c < ' ') fail('a character (control characters must be escaped)');
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++) (/[0-9a-fA-F]/.test(text[i] ?? '') ? i++ : fail('a hex digit of a \\u escape'));
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail('a value');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string('a property name in double quotes');
        ws();
        if (text[i] !== ':') fail("':' after the property name");
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail("',' or ']'");
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the input after the value');
  } catch (err) {
    if (typeof err === 'object' && err !== null && 'offset' in err) return err as { offset: number; message: string };
    throw err;
  }
  return { offset: 0, message: 'not JSON' };
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

interface Problem {
  path: (string | number)[];
  message: string;
}

function readReport(value: unknown, errors: Problem[]): ReportScenario[] {
  if (!isRecord(value) || !Array.isArray(value.scenarios)) {
    errors.push({ path: [], message: 'not a kscenario run report: no "scenarios" list' });
    return [];
  }
  const plan = 'network' in value || value.scenarios.some((s) => isRecord(s) && 'refused' in s && !('status' in s));
  if (plan) {
    errors.push({ path: [], message: 'this is the plan of `kscenario run --backend kind --dry-run`, which runs nothing: compare the reports of runs' });
    return [];
  }
  const out: ReportScenario[] = [];
  value.scenarios.forEach((s, i) => {
    const at = ['scenarios', i];
    if (!isRecord(s)) return void errors.push({ path: at, message: 'a scenario must be an object' });
    const before = errors.length;
    const str = (key: string, optional = false) => {
      const v = s[key];
      if ((v === undefined || v === null) && optional) return; // a JSON report writes null for what does not apply
      if (typeof v !== 'string' || (!optional && v === '')) errors.push({ path: [...at, key], message: `"${key}" must be ${optional ? 'a string' : 'a non-empty string'}` });
    };
    str('name');
    str('title', true);
    str('file', true);
    str('backend', true);
    str('error', true);
    status(s.status, [...at, 'status'], errors);
    if (s.claims !== undefined && !(Array.isArray(s.claims) && s.claims.every((c) => typeof c === 'string'))) {
      errors.push({ path: [...at, 'claims'], message: '"claims" must be a list of strings' });
    }
    if (!Array.isArray(s.steps)) errors.push({ path: [...at, 'steps'], message: '"steps" must be a list' });
    else s.steps.forEach((step, j) => readStep(step, [...at, 'steps', j], errors));
    if (errors.length > before) return;
    out.push({
      name: s.name as string,
      title: (s.title as string | null | undefined) ?? undefined,
      file: (s.file as string | undefined) ?? '',
      claims: (s.claims as string[] | undefined) ?? [],
      backend: (s.backend as string | undefined) ?? '',
      seed: typeof s.seed === 'number' ? s.seed : undefined,
      status: s.status as Status,
      error: (s.error as string | null | undefined) ?? undefined,
      steps: (s.steps as Array<Record<string, unknown>>).map(withoutNulls) as unknown as ReportStep[],
    });
  });
  const seen = new Map<string, number>();
  value.scenarios.forEach((s, i) => {
    if (!isRecord(s) || typeof s.name !== 'string') return;
    const first = seen.get(s.name);
    if (first !== undefined) errors.push({ path: ['scenarios', i, 'name'], message: `scenario "${s.name}" is reported twice (also scenarios[${first}])` });
    else seen.set(s.name, i);
  });
  return out;
}

function readStep(step: unknown, at: (string | number)[], errors: Problem[]): void {
  if (!isRecord(step)) return void errors.push({ path: at, message: 'a step must be an object' });
  if (typeof step.section !== 'string') errors.push({ path: [...at, 'section'], message: '"section" must be a string' });
  if (typeof step.index !== 'number') errors.push({ path: [...at, 'index'], message: '"index" must be a number' });
  if (typeof step.title !== 'string') errors.push({ path: [...at, 'title'], message: '"title" must be a string' });
  status(step.status, [...at, 'status'], errors);
  if (step.error != null && typeof step.error !== 'string') errors.push({ path: [...at, 'error'], message: '"error" must be a string' });
  if (step.failures != null) {
    if (!Array.isArray(step.failures)) return void errors.push({ path: [...at, 'failures'], message: '"failures" must be a list' });
    step.failures.forEach((f, k) => {
      const ok = isRecord(f) && typeof f.subject === 'string' && Array.isArray(f.mismatches) && f.mismatches.every((m) => typeof m === 'string');
      if (!ok) errors.push({ path: [...at, 'failures', k], message: 'a failure must have a "subject" string and a "mismatches" list of strings' });
    });
  }
}

/**
 * A report step (and its failures) with the fields that are null left out: the JSON report writes
 * every documented field, null where it does not apply; the comparison reads absent ones.
 */
function withoutNulls(step: Record<string, unknown>): Record<string, unknown> {
  const out = dropNulls(step);
  if (Array.isArray(out.failures)) out.failures = out.failures.map(dropNulls);
  return out;
}

function dropNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}

function status(v: unknown, path: (string | number)[], errors: Problem[]): void {
  if (!STATUSES.includes(v as Status)) errors.push({ path, message: `"status" must be one of ${STATUSES.join(', ')}${v === undefined ? '' : `, not ${JSON.stringify(v)}`}` });
}

/** What is wrong with one parsed history line, or undefined. */
function historyEntryProblem(v: unknown): string | undefined {
  if (!isRecord(v)) return 'a line must be a JSON object';
  if (typeof v.t !== 'number') return '"t" (ms since the scenario started) must be a number';
  if (MARKER_TYPES.has(v.type as string)) return typeof v.step === 'string' ? undefined : `a ${String(v.type)} marker needs a "step" string`;
  if (!CHANGE_TYPES.has(v.type as string)) return `"type" must be one of ADDED, MODIFIED, DELETED, STEP_START, STEP_END, not ${JSON.stringify(v.type)}`;
  if (typeof v.kind !== 'string' || typeof v.name !== 'string') return 'an object change needs "kind" and "name" strings';
  if (v.namespace !== undefined && typeof v.namespace !== 'string') return '"namespace" must be a string';
  if (!isRecord(v.object) || !isRecord(v.object.metadata)) return 'an object change needs an "object" with "metadata"';
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Shape problems at the line and column of the value they concern (found by parsing the text again with positions). */
function located(file: string, text: string, problems: Problem[]): InputError {
  const counter = new LineCounter();
  let doc: ReturnType<typeof parseDocument> | undefined;
  try {
    doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  } catch {
    doc = undefined;
  }
  const errors = problems.map((p) => {
    let loc: SourceLocation = { file, line: 1, column: 1 };
    const node = p.path.length && doc ? doc.getIn(p.path, true) ?? doc.getIn(p.path.slice(0, -1), true) : undefined;
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      loc = { file, line: pos.line, column: pos.col };
    }
    const where = p.path.length ? `${pathText(p.path)}: ` : '';
    return new InputError('SCHEMA', `${where}${p.message}`, loc, REPORT_HINT);
  });
  return summed(errors);
}

function pathText(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/** One error, or several (the first few, then how many more; the hint once). */
function summed(errors: InputError[]): InputError {
  if (errors.length === 1) return errors[0]!;
  const shown = errors.slice(0, MAX_ERRORS);
  const more = errors.length - shown.length;
  const lines = shown.map((e) => `${e.location ? `${formatLocation(e.location)}: ` : ''}${e.message}`);
  if (more > 0) lines.push(`... and ${more} more error${more === 1 ? '' : 's'} in ${shown[0]!.location?.file ?? 'this file'}`);
  const hint = shown[0]!.hint;
  return new ManyInputErrors(shown, lines.join('\n') + (hint ? `\n  hint: ${hint}` : ''));
}

/** Several errors of one file, described together. */
export class ManyInputErrors extends InputError {
  constructor(readonly errors: InputError[], private readonly text: string) {
    super(errors[0]!.code, errors[0]!.message, errors[0]!.location, errors[0]!.hint);
  }
  override describe(): string {
    return this.text;
  }
}
