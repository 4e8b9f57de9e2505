/**
 * kscenario/jest: scenarios as jest tests. `describeScenarios('scenarios/')` in a test file makes
 * one test per scenario file, grouped in a `describe` per directory; a failed scenario fails its
 * test with the report the console prints (each mismatch and the diff of expected against
 * observed). Files are found when the test file is collected (jest names its tests up front);
 * each is loaded and run inside its test, so an invalid file fails its own test only.
 */
import * as path from 'node:path';
import { runScenario, type RunScenarioOptions } from './api';
import { KscenarioError } from './errors';
import { renderScenarioResult } from './report/console';
import { filterHint, matchesFilter, peekIdentity } from './scenario/filter';
import { findScenarioFiles, type FoundScenarioFile } from './scenario/load';

export interface DescribeScenariosOptions extends Pick<RunScenarioOptions, 'backend' | 'seed' | 'kubernetesVersion' | 'kubeconfig' | 'context'> {
  /** only scenarios whose name, title, file, claim ids or tags contain this text (as `--filter`) */
  filter?: string;
  /** jest's timeout of each test, in ms (default 120000: a scenario on a real cluster takes minutes) */
  timeout?: number;
  /** colour in the failure report (default false) */
  color?: boolean;
}

/** The jest (or vitest with globals) functions this module needs. */
interface TestGlobals {
  describe(name: string, body: () => void): void;
  test(name: string, body: () => Promise<void>, timeout?: number): void;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Declares the tests: call it at the top level of a test file (or inside a describe). */
export function describeScenarios(paths: string | string[], options: DescribeScenariosOptions = {}): void {
  const { describe, test } = testGlobals();
  const { files, errors } = findScenarioFiles(typeof paths === 'string' ? [paths] : paths);
  for (const e of errors) test(e.message, () => Promise.reject(reportError(e.describe())));
  const selected = files.filter((f) => selectedBy(f, options.filter));
  if (options.filter !== undefined && files.length && !selected.length) {
    const hint = filterHint(options.filter, files.flatMap((f) => peekIdentity(f.file, f.text) ?? []));
    test(`filter '${options.filter}'`, () => Promise.reject(reportError(`no scenario matches the filter '${options.filter}'${hint ? `\n  hint: ${hint}` : ''}`)));
  }
  for (const [dir, inDir] of byDirectory(selected)) {
    describe(dir, () => {
      for (const f of inDir) test(testName(f), () => runAsTest(f.file, options), options.timeout ?? DEFAULT_TIMEOUT_MS);
    });
  }
}

async function runAsTest(file: string, options: DescribeScenariosOptions): Promise<void> {
  let result;
  try {
    result = await runScenario(file, options);
  } catch (err) {
    throw err instanceof KscenarioError ? reportError(err.describe()) : err;
  }
  if (result.status === 'failed' || result.status === 'error') throw reportError(renderScenarioResult(result, { color: options.color }));
}

function selectedBy(f: FoundScenarioFile, filter: string | undefined): boolean {
  if (filter === undefined) return true;
  const id = peekIdentity(f.file, f.text);
  return !id || matchesFilter(id, filter); // a file that cannot be read so runs, to show its errors
}

/** `<scenario name> (<file name>)`, or the file name for a file whose name cannot be read. */
function testName(f: FoundScenarioFile): string {
  const id = peekIdentity(f.file, f.text);
  return id ? `${id.name} (${path.basename(f.file)})` : path.basename(f.file);
}

function byDirectory(files: FoundScenarioFile[]): Map<string, FoundScenarioFile[]> {
  const out = new Map<string, FoundScenarioFile[]>();
  for (const f of files) {
    const dir = path.relative(process.cwd(), path.dirname(path.resolve(f.file))) || '.';
    out.set(dir, [...(out.get(dir) ?? []), f]);
  }
  return out;
}

/** An error whose stack is its message: jest prints the report, not kscenario's call stack. */
function reportError(text: string): Error {
  const err = new Error(text);
  err.stack = text;
  return err;
}

function testGlobals(): TestGlobals {
  const g = globalThis as Partial<TestGlobals>;
  if (typeof g.describe !== 'function' || typeof g.test !== 'function') {
    throw new KscenarioError('USAGE', 'describeScenarios declares jest tests: call it in a test file that jest runs', undefined,
      'jest provides describe and test as globals (keep injectGlobals on); outside jest, use runScenario from kscenario');
  }
  return { describe: g.describe.bind(globalThis), test: g.test.bind(globalThis) };
}
