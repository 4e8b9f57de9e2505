/**
 * Loading scenarios: read the file, parse YAML with positions, turn matcher tags into Matchers,
 * validate against the schema, check references, resolve manifests, fill in defaults. All
 * problems of a file are reported together; nothing is run.
 */
import { promises as fs, readdirSync, readFileSync, statSync, type Stats } from 'fs';
import * as path from 'path';
import type { Document } from 'yaml';
import { InputError, InputErrors, type SourceLocation } from '../errors';
import type { Scenario, Step } from '../../generated/scenario';
import { resolveCluster } from './defaults';
import { peekIdentity, type ScenarioIdentity } from './filter';
import type { LoadedScenario, LoadedStep, YamlPath } from './loaded';
import { locatorFor, type Locator } from './locator';
import { resolveManifests, type ManifestContext, type ManifestFiles, type ReadFile } from './manifests';
import { pathKey, toInputError, type Problem } from './problem';
import { bindingProblems, withNamePlaceholders } from './binding-references';
import { referenceProblems } from './references';
import { schemaProblems } from './schema-errors';
import { validate, withMarkers } from './schema';
import { filePositions, parseYaml, type OffsetToLocation } from './source';
import { isMap, stepShapeProblems, stepsOf, type StepRef } from './step-shape';
import { documentValue } from './values';
import { closest } from '../kube/suggest';
import { chooseVersion } from './version-requirement';
import type { KubeVersion } from '../kube/version';

const SCENARIO_API_PREFIX = 'kscenario.dev/';
/** Where `kscenario run` and `validate` look when given no path. */
export const DEFAULT_DIR = 'scenarios';
const SCENARIO_LINE = /^apiVersion:\s*["']?kscenario\.dev\//m;

export interface LoadResult {
  scenario?: LoadedScenario;
  errors: InputError[];
}

/** Loads one scenario file; throws InputErrors listing every problem of the file. */
export async function loadScenarioFile(file: string, options: VersionOption = {}): Promise<LoadedScenario> {
  const text = await readText(file);
  if (text === undefined) throw new InputErrors([new InputError('FILE_NOT_FOUND', `scenario file '${file}' not found`)]);
  const result = await loadScenarioText(file, text, readText, options);
  if (!result.scenario) throw new InputErrors(result.errors);
  return result.scenario;
}

/**
 * Loads scenario files and directories. A directory is searched recursively (sorted; hidden
 * directories and node_modules skipped) for .yaml/.yml files whose apiVersion starts with
 * kscenario.dev/; other YAML files there (manifests) are skipped. A file named explicitly must
 * be a scenario. With `options.select`, files it rejects are not loaded (nor checked).
 */
export async function loadScenarioPaths(paths: string[], options: LoadOptions = {}): Promise<{ scenarios: LoadedScenario[]; errors: InputError[] }> {
  const found = findScenarioFiles(paths);
  const errors: InputError[] = [...found.errors];
  const scenarios: LoadedScenario[] = [];
  const byName = new Map<string, LoadedScenario>();
  const manifestFiles: ManifestFiles = new Map();
  for (const { file, text } of found.files) {
    if (options.select && !mayBeSelected(file, text, options.select)) continue;
    const result = await loadScenarioText(file, text, readText, { ...options, manifestFiles });
    errors.push(...result.errors);
    if (result.scenario) {
      const duplicate = duplicateName(result.scenario, byName);
      if (duplicate) errors.push(duplicate);
      else scenarios.push(result.scenario);
    }
  }
  return { scenarios, errors };
}

export interface VersionOption {
  /**
   * `--kubernetes-version`: the minor of scenarios that pin none (a scenario whose
   * spec.requires.kubernetesVersion excludes it loads at its usual version, marked to be skipped)
   */
  kubernetesVersion?: KubeVersion;
}

/** What loadScenarioText takes besides the version: manifest files the scenarios of one load share. */
export interface TextLoadOptions extends VersionOption {
  manifestFiles?: ManifestFiles;
}

export interface LoadOptions extends VersionOption {
  /**
   * Only scenarios whose metadata this accepts are needed (`--filter`): a file whose metadata a
   * quick read shows it rejects is skipped unchecked. The caller still applies it to what loads.
   */
  select?: (id: ScenarioIdentity) => boolean;
}

function mayBeSelected(file: string, text: string, select: (id: ScenarioIdentity) => boolean): boolean {
  const id = peekIdentity(file, text);
  return !id || select(id);
}

/** A scenario file found under a path, with its text. */
export interface FoundScenarioFile {
  file: string;
  text: string;
}

/**
 * The scenario files the paths stand for, in order, each once: a file itself, or the scenarios
 * under a directory. Synchronous, so that a jest suite can name its tests from them
 * (kscenario/jest); a path that names nothing is an error of its own, the others still count.
 */
export function findScenarioFiles(paths: readonly string[]): { files: FoundScenarioFile[]; errors: InputError[] } {
  const files: FoundScenarioFile[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const found = scenarioFilesAt(p);
    if ('error' in found) errors.push(found.error);
    else for (const f of found.files) {
      if (seen.has(path.resolve(f.file))) continue;
      seen.add(path.resolve(f.file));
      files.push(f);
    }
  }
  return { files, errors };
}

type FoundFiles = { files: FoundScenarioFile[] } | { error: InputError };

/** The scenario files a path stands for: the file itself, or the scenarios under a directory. */
function scenarioFilesAt(p: string): FoundFiles {
  const stat = statOrUndefined(p);
  if (!stat) return { error: new InputError('FILE_NOT_FOUND', `no such file or directory: ${p}`, undefined, nearbyNameHint(p) ?? scenarioNameHint(p)) };
  if (stat.isDirectory()) {
    const files = scenariosUnder(p);
    if (files.length > 0) return { files };
    return { error: new InputError('USAGE', `no scenario files under ${p}`, undefined, `a scenario is a .yaml file with apiVersion: ${SCENARIO_API_PREFIX}v1alpha1`) };
  }
  const text = readTextSync(p);
  return text === undefined ? { error: new InputError('FILE_NOT_FOUND', `cannot read ${p}`) } : { files: [{ file: p, text }] };
}

/**
 * A path that is no file but (nearly) the name of a scenario under ./scenarios, the default
 * directory: `kscenario run web-scales` means `--filter web-scales`.
 */
function scenarioNameHint(p: string): string | undefined {
  if (p.includes('/') || p.includes(path.sep) || /\.ya?ml$/.test(p) || !statOrUndefined(DEFAULT_DIR)?.isDirectory()) return undefined;
  const names = scenarioIdentities([DEFAULT_DIR]).map((id) => id.name);
  const near = names.find((n) => n === p) ?? closest(p, names);
  return near === undefined ? undefined : `'${near}' is the name of a scenario under ${DEFAULT_DIR}/: run it with --filter ${near}`;
}

/** The metadata of every scenario file under the paths that can be read without a full load. */
export function scenarioIdentities(paths: readonly string[]): ScenarioIdentity[] {
  return findScenarioFiles(paths).files.flatMap((f) => peekIdentity(f.file, f.text) ?? []);
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/**
 * "did you mean" for a path that does not exist: the closest name in the deepest directory of it
 * that does exist (`scenarios/statefulsets` → `scenarios/statefulset`).
 */
function nearbyNameHint(p: string): string | undefined {
  const dir = path.dirname(p);
  if (!statOrUndefined(dir)?.isDirectory()) return dir === p ? undefined : nearbyNameHint(dir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => !n.startsWith('.'));
  } catch {
    return undefined;
  }
  const near = closest(path.basename(p), names);
  return near === undefined ? undefined : `did you mean ${path.join(dir, near)}?`;
}

function duplicateName(s: LoadedScenario, byName: Map<string, LoadedScenario>): InputError | undefined {
  const name = s.scenario.metadata.name;
  const earlier = byName.get(name);
  if (!earlier) {
    byName.set(name, s);
    return undefined;
  }
  return new InputError('DUPLICATE_NAME', `scenario name '${name}' is already used by ${earlier.file}`, s.locate(['metadata', 'name']), 'scenario names must be unique: reports and results are keyed by them');
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readTextSync(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function scenariosUnder(dir: string): FoundScenarioFile[] {
  const files = yamlFilesUnder(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return files.flatMap((file) => {
    const text = readTextSync(file);
    return text !== undefined && SCENARIO_LINE.test(text) ? [{ file, text }] : [];
  });
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out;
}

/** Loads a scenario from its text; `file` names it in locations and anchors relative manifest paths. */
export async function loadScenarioText(file: string, text: string, readFile: ReadFile = readText, options: TextLoadOptions = {}): Promise<LoadResult> {
  const start: SourceLocation = { file, line: 1, column: 1 };
  const parsed = parseYaml(text, filePositions(file));
  if (parsed.errors.length > 0) return { errors: parsed.errors };
  const [doc, ...extra] = parsed.docs;
  if (!doc) return { errors: [new InputError('SCHEMA', 'the file is empty', start, `a scenario starts with apiVersion: ${SCENARIO_API_PREFIX}v1alpha1 and kind: Scenario`)] };
  const locator = locatorFor(doc, text, parsed.at, start);
  const converted = documentValue(doc, text, parsed.at);
  const data = converted.value;

  const notScenario = notAScenario(file, data, locator);
  if (notScenario) return { errors: [notScenario] };

  const steps = stepsOf(data);
  const resolved = resolveCluster(isMap(data) && isMap(data['spec']) ? (data['spec']['cluster'] as Scenario['spec']['cluster']) : undefined);
  const version = chooseVersion(data, resolved.kubernetesVersion, options.kubernetesVersion);
  const problems = withoutBadPaths([...withoutPathsOf(documentProblems(data, steps), version.problems), ...version.problems], converted.badPaths);
  const cluster = { ...resolved, kubernetesVersion: version.version };
  const ctx: ManifestContext = {
    scenarioFile: file,
    text,
    lines: once(() => text.split(/\r?\n/)),
    doc,
    at: parsed.at,
    locator,
    version: cluster.kubernetesVersion,
    readFile,
    manifestFiles: options.manifestFiles ?? new Map(),
  };
  const loadedSteps = await Promise.all(steps.map((ref) => loadStep(ref, ctx)));

  const errors = sortByPosition(file, [
    ...extra.map((d) => secondDocument(d, parsed.at)),
    ...converted.errors,
    ...problems.map((p) => toInputError(p, locator)),
    ...loadedSteps.flatMap((s) => s.errors),
  ]);
  if (errors.length > 0) return { errors };
  return {
    scenario: {
      file,
      scenario: data as Scenario,
      steps: loadedSteps.map((s) => s.step),
      cluster,
      ...(version.range ? { versionRange: version.range } : {}),
      ...(version.skip ? { skip: version.skip } : {}),
      locate: (p: YamlPath) => locator.locate(p),
    },
    errors: [],
  };
}

function once<T>(compute: () => T): () => T {
  let value: { computed: T } | undefined;
  return () => (value ??= { computed: compute() }).computed;
}

/** Schema, step shape and cross-references of the whole document. */
function documentProblems(data: unknown, steps: StepRef[]): Problem[] {
  const copy = withMarkers(data);
  withNamePlaceholders(copy);
  const schema = schemaProblems({ ...validate('', copy), data: copy });
  // a binding tag the schema already refuses there (`name: !same $(pv)`) is not judged again
  const refused = new Set(schema.map((p) => pathKey(p.path)));
  return [
    ...schema,
    ...steps.flatMap(stepShapeProblems),
    ...referenceProblems(data, steps),
    ...bindingProblems(steps).filter((p) => !refused.has(pathKey(p.path))),
  ];
}

function notAScenario(file: string, data: unknown, locator: Locator): InputError | undefined {
  const apiVersion = isMap(data) ? data['apiVersion'] : undefined;
  if (typeof apiVersion !== 'string' || apiVersion.startsWith(SCENARIO_API_PREFIX)) return undefined;
  return new InputError(
    'SCHEMA',
    `${file} is not a scenario: its apiVersion is '${apiVersion}'`,
    locator.locate(['apiVersion']),
    `a scenario has apiVersion: ${SCENARIO_API_PREFIX}v1alpha1 and kind: Scenario; Kubernetes manifests are applied from a scenario's apply steps`,
  );
}

function secondDocument(doc: Document, at: OffsetToLocation): InputError {
  const range = (doc.contents as { range?: [number, number, number] } | null)?.range;
  return new InputError('SCHEMA', 'a scenario file holds one scenario, but this file has another YAML document here', at(range?.[0] ?? 0), 'put each scenario in its own file');
}

/** The schema's pattern error for a range is replaced by the range parser's, which says what is wrong. */
function withoutPathsOf(problems: Problem[], better: Problem[]): Problem[] {
  const key = (p: Problem) => p.path.join('\0');
  const covered = new Set(better.map(key));
  return problems.filter((p) => !covered.has(key(p)));
}

/** Values whose tag was already reported are not reported again by the other checks. */
function withoutBadPaths(problems: Problem[], badPaths: YamlPath[]): Problem[] {
  const within = (p: YamlPath, prefix: YamlPath): boolean => prefix.length <= p.length && prefix.every((s, i) => p[i] === s);
  return problems.filter((p) => !badPaths.some((bad) => within(p.path, bad)));
}

async function loadStep(ref: StepRef, ctx: ManifestContext): Promise<{ step: LoadedStep; errors: InputError[] }> {
  const step: LoadedStep = { section: ref.section, index: ref.index, step: ref.step as Step, location: ctx.locator.locate(ref.path), path: ref.path };
  if (!isMap(ref.step)) return { step, errors: [] };
  const verb = 'apply' in ref.step ? 'apply' : 'create' in ref.step ? 'create' : undefined;
  if (!verb) return { step, errors: [] };
  const result = await resolveManifests(ref.step[verb], [...ref.path, verb], 'expectError' in ref.step, ctx);
  step.manifests = result.manifests;
  return { step, errors: result.errors };
}

function sortByPosition(file: string, errors: InputError[]): InputError[] {
  const rank = (e: InputError): [number, string, number, number] => {
    const l = e.location;
    return l ? [l.file === file ? 0 : 1, l.file, l.line, l.column] : [2, '', 0, 0];
  };
  return [...errors].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! < rb[i]! ? -1 : 1;
    return 0;
  });
}
