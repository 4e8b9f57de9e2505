/**
 * The programmatic API: load scenario files and run them on a backend from code, getting the
 * same results the CLI reports. A thin layer over what `kscenario run` does for one scenario
 * (src/cli/run-command.ts): version choice at load, refusal of what the backend cannot do,
 * the skip of a scenario outside its version range, a fresh backend per run.
 */
import type { Backend } from './backend/contract';
import { createBackend } from './backends';
import { InputErrors, KscenarioError } from './errors';
import type { HistoryEntry } from './history/entry';
import { isSupportedVersion, supportedVersionsHint, type KubeVersion } from './kube/version';
import { inRange } from './kube/version-range';
import { unmetNeeds } from './runner/capabilities';
import type { ScenarioResult } from './runner/result';
import { waitingLines, type ScenarioObserver } from './runner/events';
import { runScenario as runLoaded } from './runner/run-scenario';
import { skippedResult } from './runner/skipped-result';
import { DEFAULT_SEED } from './scenario/defaults';
import { loadScenarioFile, loadScenarioPaths } from './scenario/load';
import type { LoadedScenario } from './scenario/loaded';
import { outsideRange } from './scenario/version-requirement';

/** The backends the API runs a scenario on by name (kind needs a run that owns its clusters: use the CLI). */
export type ApiBackendName = 'simulator' | 'cluster' | 'kwok';

export interface LoadOptions {
  /**
   * The Kubernetes minor or patch release of scenarios that pin none (`--kubernetes-version`); a
   * scenario whose spec.requires.kubernetesVersion excludes it loads marked to be skipped.
   */
  kubernetesVersion?: string;
}

export interface RunScenarioOptions extends LoadOptions {
  /** where to run: a backend name (default 'simulator'), or a function making a fresh Backend */
  backend?: ApiBackendName | ((seed: number, scenario: LoadedScenario) => Backend | Promise<Backend>);
  /** the simulator's seed (default: the scenario's spec.seed, else 1) */
  seed?: number;
  /** cluster backend: the kubeconfig file and context (kubectl's defaults when omitted) */
  kubeconfig?: string;
  context?: string;
  /** lines about long waits (`still waiting for ...`), as the console prints them without a terminal */
  progress?: (line: string) => void;
  /** every step event as it happens: a step begins, ends, a check still waits (runner/events.ts) */
  observe?: ScenarioObserver;
  /** called with every change the run recorded, in order (what `--history` writes) */
  onHistory?: (history: HistoryEntry[]) => void;
}

/** Loads and checks one scenario file; throws InputErrors (every problem, `file:line:col`) when it is invalid. */
export function loadScenario(file: string, options: LoadOptions = {}): Promise<LoadedScenario> {
  return loadScenarioFile(file, { kubernetesVersion: versionOf(options) });
}

/**
 * Loads every scenario under files and directories (directories recursively). Invalid files do
 * not stop the others: their problems are in `errors`.
 */
export function loadScenarios(paths: string | string[], options: LoadOptions = {}): ReturnType<typeof loadScenarioPaths> {
  return loadScenarioPaths(typeof paths === 'string' ? [paths] : paths, { kubernetesVersion: versionOf(options) });
}

/**
 * Runs one scenario (a file, or one loadScenario gave) on a fresh backend and returns its result:
 * status `passed`, `failed` (a claim did not hold), `error` (it could not run to the end) or
 * `skipped` (its version range excludes the cluster). Throws for a file that is invalid or a
 * scenario the backend cannot run (a node fault on a plain cluster, ...), as the CLI refuses them.
 */
export async function runScenario(scenario: string | LoadedScenario, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const loaded = typeof scenario === 'string' ? await loadScenario(scenario, options) : scenario;
  const seed = options.seed ?? loaded.scenario.spec.seed ?? DEFAULT_SEED;
  const backend = await backendFor(loaded, seed, options);
  const skip = skipReason(loaded, backend);
  if (skip !== undefined) return skippedResult(loaded, backend.name, seed, skip);
  const unmet = unmetNeeds(loaded, backend);
  if (unmet.length) throw new InputErrors(unmet);
  const lines = options.progress && waitingLines(options.progress);
  const observe: ScenarioObserver | undefined = lines && options.observe ? (e) => (lines(e), options.observe!(e)) : lines ?? options.observe;
  const { result, history } = await runLoaded(loaded, backend, seed, { observe, keepHistory: options.onHistory !== undefined });
  options.onHistory?.(history);
  return result;
}

function backendFor(loaded: LoadedScenario, seed: number, options: RunScenarioOptions): Promise<Backend> {
  const make = options.backend ?? 'simulator';
  if (typeof make === 'function') return Promise.resolve(make(seed, loaded));
  return createBackend(make, { seed, scenario: loaded, kubeconfig: options.kubeconfig, context: options.context });
}

/** The loader's skip (kubernetesVersion outside the range), or the range against the release a real cluster reports. */
function skipReason(loaded: LoadedScenario, backend: Backend): string | undefined {
  if (loaded.skip) return loaded.skip;
  const at = backend.kubernetesVersion;
  if (!loaded.versionRange || at === undefined || inRange(loaded.versionRange, at)) return undefined;
  return outsideRange(loaded.versionRange, `the cluster runs ${at}`);
}

function versionOf(options: LoadOptions): KubeVersion | undefined {
  const v = options.kubernetesVersion?.replace(/^v/, '');
  if (v === undefined) return undefined;
  if (!isSupportedVersion(v)) throw new KscenarioError('USAGE', `kubernetesVersion ${v}: not a supported version`, undefined, supportedVersionsHint());
  return v;
}
