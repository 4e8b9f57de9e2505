/**
 * `--reporter NAME[=FILE]` (repeatable) and `--output FILE`: which reports a run writes, and where.
 * The console report prints to stdout unless another report goes there; at most one report goes
 * to stdout; `--output` gives its file to the one file report named without one (as before
 * `NAME=FILE` existed: `--reporter junit --output out.xml`). The HTML report takes a directory:
 * `--reporter html=DIR` (or `--report html=DIR`) writes DIR/report.html.
 */
import { InvalidArgumentError } from 'commander';
import { KscenarioError } from '../errors';
import { REPORTERS, type ReporterName } from '../report/reporter';

export interface ReporterSpec {
  name: ReporterName;
  /** where the report is written; undefined: stdout (the console always prints there) */
  file?: string;
  /** the option that named the file, for messages: `--output` or `--reporter junit=FILE` */
  option?: string;
}

/** Commander's parser of one `--reporter`, collecting every one given. */
export function collectReporter(text: string, previous: ReporterSpec[] | undefined, option = '--reporter'): ReporterSpec[] {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const file = eq < 0 ? undefined : text.slice(eq + 1);
  if (!(REPORTERS as string[]).includes(name)) throw new InvalidArgumentError(`Allowed choices are ${REPORTERS.join(', ')} (a file report as NAME=FILE).`);
  if (file === '') throw new InvalidArgumentError(`give the ${name === 'html' ? 'directory' : 'file'} after '=': ${option} ${name}=${name === 'html' ? 'DIR' : 'FILE'}`);
  const spec: ReporterSpec = file === undefined ? { name: name as ReporterName } : { name: name as ReporterName, file, option: `${option} ${name}=` };
  return [...(previous ?? []), spec];
}

/** `--report html=DIR`: the spelling of `--reporter html=DIR`, collected with the others. */
export function collectReport(text: string, previous: ReporterSpec[] | undefined): ReporterSpec[] {
  return collectReporter(text, previous, '--report');
}

/**
 * The reports of a run: every `--reporter` (console alone when none), `--output` given to the
 * file report named without a file, and the console added when nothing else prints to stdout.
 * Contradictions are usage errors (exit 2).
 */
export function resolveReporters(given: ReporterName | readonly ReporterSpec[] | undefined, output: string | undefined): ReporterSpec[] {
  const specs: ReporterSpec[] = typeof given === 'string' ? [{ name: given }] : [...(given ?? [])];
  if (specs.length === 0) specs.push({ name: 'console' });
  const consoleFile = specs.find((s) => s.name === 'console' && s.file !== undefined);
  if (consoleFile) throw usage(`--reporter console=${consoleFile.file}: the console report writes no file`, 'write --reporter console, and give a file to junit or json (--reporter junit=FILE)');
  // the HTML report is a page in a directory, never stdout (a terminal has no use for it)
  if (specs.some((s) => s.name === 'html' && s.file === undefined)) throw usage('--reporter html: the HTML report needs a directory to write report.html in', 'write --report html=DIR (or --reporter html=DIR)');
  if (output !== undefined) giveOutput(specs, output);
  const toStdout = specs.filter((s) => s.name !== 'console' && s.file === undefined);
  if (toStdout.length > 1 || (toStdout.length === 1 && specs.some((s) => s.name === 'console'))) {
    const names = specs.filter((s) => s.file === undefined).map((s) => s.name).join(' and ');
    throw usage(`--reporter: ${names} would all print to stdout`, 'give every report but one a file: --reporter junit=out.xml');
  }
  if (toStdout.length === 0 && !specs.some((s) => s.name === 'console')) specs.unshift({ name: 'console' });
  return dedupe(specs);
}

function giveOutput(specs: ReporterSpec[], output: string): void {
  const without = specs.filter((s) => s.name !== 'console' && s.file === undefined);
  if (without.length === 0) {
    throw usage(`--output ${output}: no report to write there: the console report prints to stdout and writes no file`,
      'name a file report: --reporter junit --output out.xml (or --reporter junit=out.xml)');
  }
  if (without.length > 1) {
    throw usage(`--output ${output}: ${without.map((s) => s.name).join(' and ')} cannot both be written to one file`, 'give each its own: --reporter junit=out.xml --reporter json=report.json');
  }
  Object.assign(without[0]!, { file: output, option: '--output' });
}

/** The console once; a file named twice is refused (two reports would overwrite each other). */
function dedupe(specs: ReporterSpec[]): ReporterSpec[] {
  const files = new Set<string>();
  const out: ReporterSpec[] = [];
  for (const s of specs) {
    if (s.name === 'console' && out.some((o) => o.name === 'console')) continue;
    if (s.file !== undefined) {
      if (files.has(s.file)) throw usage(`--reporter: two reports would be written to ${s.file}`, 'give each report its own file');
      files.add(s.file);
    }
    out.push(s);
  }
  return out;
}

function usage(message: string, hint: string): KscenarioError {
  return new KscenarioError('USAGE', message, undefined, hint);
}
