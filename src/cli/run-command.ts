/** `kscenario run`: load, filter, run every scenario on a fresh backend, report, exit 0/1/2. */
import { writeFile } from 'node:fs/promises';
import type { Backend } from '../backend/contract';
import { createBackend, openKindRun, type BackendOptions } from '../backends';
import type { KindRun, KindRunOptions } from '../backends/kind';
import { ConsoleReporter } from '../report/console';
import { JsonReporter } from '../report/json';
import { JUnitReporter } from '../report/junit';
import type { Reporter, ReporterName } from '../report/reporter';
import { exitCodeFor, type ScenarioResult } from '../runner/result';
import { runScenario } from '../runner/run-scenario';
import { clusterRequest } from '../runner/cluster-request';
import { unmetNeeds } from '../runner/capabilities';
import type { LoadedScenario } from '../scenario/loaded';
import { loadScenarioPaths } from '../scenario/load';
import { matchesFilter, type ScenarioIdentity } from '../scenario/filter';
import { DEFAULT_SEED } from '../scenario/defaults';
import { KscenarioError } from '../errors';
import { writeHistory } from './history-file';
import type { Io } from './io';
import { defaultWorkers, WorkerPool } from './worker-pool';

export interface RunOptions {
  backend: string;
  seed?: number;
  reporter: ReporterName;
  output?: string;
  history?: string;
  filter?: string;
  /** scenarios run at once on worker threads (simulator only; default: defaultWorkers(); 1: in this thread) */
  workers?: number;
  /** cluster backend: kubeconfig file and context */
  kubeconfig?: string;
  context?: string;
  /** kind backend: print the plan (kind config, commands) and run nothing */
  dryRun?: boolean;
  /** kind backend: one cluster for consecutive scenarios of the same cluster shape */
  reuse?: boolean;
  /** kind backend: delete no cluster at the end */
  keep?: boolean;
  /** kind backend: the node image of every cluster */
  kindImage?: string;
  /** kind backend: the Kubernetes minor of every cluster */
  kubernetesVersion?: string;
  /** kind backend, tests only: a process runner that records, a stand-in cluster backend, fixed names */
  kindOverrides?: Partial<Pick<KindRunOptions, 'runner' | 'openCluster' | 'runId' | 'workDir' | 'subnet'>>;
}

export async function runCommand(paths: string[], opts: RunOptions, io: Io): Promise<number> {
  // With --filter, files whose metadata does not match are not even loaded.
  const select = opts.filter ? (id: ScenarioIdentity) => matchesFilter(id, opts.filter) : undefined;
  const { scenarios, errors } = await loadScenarioPaths(paths, { select });
  for (const e of errors) io.err(e.describe() + '\n');
  const selected = scenarios.filter((s) => matchesFilter(identityOf(s), opts.filter));
  if (!selected.length && !errors.length) {
    io.err(`no scenarios found in ${paths.join(', ')}${opts.filter ? ` matching '${opts.filter}'` : ''}\n`);
    return 2;
  }
  const kind = kindRunFor(opts, io);
  const kindRefused = kind?.prepare(selected) ?? [];
  // Refuse what the backend cannot run before anything runs (exit 2), naming each step.
  const backendOptions = (seed: number, s?: LoadedScenario): BackendOptions => ({
    seed, kubeconfig: opts.kubeconfig, context: opts.context, scenario: s, kind,
    notice: (line) => io.err(`${s ? `${s.scenario.metadata.name}: ` : ''}${line}\n`),
  });
  const probe = await createBackend(opts.backend, backendOptions(DEFAULT_SEED));
  const unmetBy = new Map(selected.map((s) => [s, unmetNeeds(s, probe)] as const));
  const unmet = [...unmetBy.values()].flat();
  if (kind && opts.dryRun) {
    const plan = opts.reporter === 'json' ? kind.dryRunJson({ refusals: unmetBy }) : kind.dryRun({ refusals: unmetBy });
    if (opts.output) await writeFile(opts.output, plan);
    else io.out(plan);
    return errors.length || unmet.length || kindRefused.length ? 2 : 0;
  }
  if (unmet.length || kindRefused.length) {
    for (const e of [...unmet, ...kindRefused]) io.err(e.describe() + '\n');
    return 2;
  }
  await kind?.preflight();
  const consoleOut = opts.reporter === 'console' || opts.output !== undefined;
  const live = consoleOut ? new ConsoleReporter(io.out, io.color) : undefined;
  const signals = stopOnSignal(io, kind && (() => kind.close()));
  let results: ScenarioResult[] = [];
  let closeError: unknown;
  try {
    const run: ScenarioLoop = { opts, io, live, signals, backendOptions };
    const workers = workerCount(opts, selected.length, io);
    results = workers > 1 ? await runInParallel(selected, workers, run) : await runSerially(selected, run);
  } finally {
    signals.remove();
    await kind?.close().catch((err: unknown) => (closeError = err));
  }
  await report(opts, results, io, live);
  if (closeError) {
    io.err(`${closeError instanceof KscenarioError ? closeError.describe() : String(closeError)}\n`);
    return 2;
  }
  const code = exitCodeFor(results);
  return errors.length ? 2 : code;
}

interface ScenarioLoop {
  opts: RunOptions;
  io: Io;
  live: ConsoleReporter | undefined;
  signals: StopOnSignal;
  backendOptions: (seed: number, s?: LoadedScenario) => BackendOptions;
}

function seedOf(s: LoadedScenario, opts: RunOptions): number {
  return opts.seed ?? s.scenario.spec.seed ?? DEFAULT_SEED;
}

/** One scenario after another in this thread, on a fresh backend each (every backend). */
async function runSerially(selected: LoadedScenario[], { opts, io, live, signals, backendOptions }: ScenarioLoop): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const s of selected) {
    if (signals.stopping) break;
    const seed = seedOf(s, opts);
    const progress = live ? (line: string) => io.err(`${s.scenario.metadata.name}: ${line}\n`) : undefined;
    const backend = await createBackend(opts.backend, backendOptions(seed, s));
    signals.active = backend;
    const { result, history } = await runScenario(s, backend, seed, { progress, keepHistory: !!opts.history });
    signals.active = undefined;
    const mapping = Object.entries(backend.namespaceMapping()).map(([from, to]) => `${from} → ${to}`);
    if (mapping.length) io.err(`${s.scenario.metadata.name}: ran in namespace(s) ${mapping.join(', ')}\n`);
    results.push(result);
    live?.scenarioDone(result);
    if (opts.history) await writeHistory(opts.history, result.name, history);
  }
  return results;
}

/** Simulator scenarios on worker threads; output in scenario order, as runSerially prints it. */
async function runInParallel(selected: LoadedScenario[], workers: number, { opts, io, live, signals }: ScenarioLoop): Promise<ScenarioResult[]> {
  const pool = new WorkerPool(workers);
  signals.afterStop = () => pool.terminate();
  const jobs = selected.map((s, index) => ({ index, file: s.file, seed: seedOf(s, opts), historyDir: opts.history, progress: !!live }));
  const results: ScenarioResult[] = [];
  try {
    await pool.run(jobs, ({ result, stderr }) => {
      for (const line of stderr) io.err(line);
      results.push(result);
      live?.scenarioDone(result);
    });
  } finally {
    signals.afterStop = undefined;
    await pool.terminate();
  }
  return results;
}

/**
 * How many worker threads: --workers, else one per core (defaultWorkers). Only the simulator runs in parallel: a
 * real cluster's scenarios share its nodes (a node fault or a drain in one would disturb another)
 * and kind/kwok start a cluster or control plane per scenario, which N at a time would not fit.
 */
function workerCount(opts: RunOptions, scenarios: number, io: Io): number {
  if (opts.backend !== 'simulator') {
    if ((opts.workers ?? 1) > 1) io.err(`--workers: only the simulator backend runs scenarios in parallel; the ${opts.backend} backend runs them one after another\n`);
    return 1;
  }
  return Math.min(opts.workers ?? defaultWorkers(), scenarios);
}

/** The kind run of `--backend kind` (undefined for other backends, which take no kind option). */
function kindRunFor(opts: RunOptions, io: Io): KindRun | undefined {
  if (opts.backend !== 'kind') {
    const given = (['dryRun', 'reuse', 'keep', 'kindImage', 'kubernetesVersion'] as const).filter((k) => opts[k] !== undefined && opts[k] !== false);
    if (given.length) throw new KscenarioError('USAGE', `${given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}: only for --backend kind`);
    return undefined;
  }
  return openKindRun({
    reuse: opts.reuse, keep: opts.keep, image: opts.kindImage, kubernetesVersion: opts.kubernetesVersion,
    clusterRequest: (s) => clusterRequest(s.cluster),
    notice: (line) => io.err(`${line}\n`),
    ...opts.kindOverrides,
  });
}

/**
 * SIGINT/SIGTERM during a run: stop the scenario's backend (a cluster backend deletes what the
 * scenario made) or the worker threads, then `afterRun` (the kind run deletes its clusters), then exit 130/143 as a
 * shell reports a process ended by the signal. A second signal exits at once.
 */
interface StopOnSignal {
  /** the backend of the scenario running in this thread, stopped first */
  active: Backend | undefined;
  /** what else to stop, e.g. the worker threads of a parallel run */
  afterStop: (() => Promise<void>) | undefined;
  /** a signal came: start no further scenario */
  stopping: boolean;
  remove(): void;
}

function stopOnSignal(io: Io, afterRun?: () => Promise<void>): StopOnSignal {
  const state: StopOnSignal = { active: undefined, afterStop: undefined, stopping: false, remove: () => undefined };
  const handler = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (state.stopping) process.exit(code);
    state.stopping = true;
    const backend = state.active;
    io.err(`\n${signal}: ${backend ? `stopping the ${backend.name} backend (cleaning up)…` : 'stopping'}\n`);
    const said = (err: unknown) => io.err(`${err instanceof KscenarioError ? err.describe() : String(err)}\n`);
    void (backend ? backend.stop() : Promise.resolve())
      .catch(said)
      .then(() => state.afterStop?.())
      .catch(said)
      .then(() => afterRun?.())
      .catch(said)
      .then(() => process.exit(code));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  state.remove = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  return state;
}

async function report(opts: RunOptions, results: ScenarioResult[], io: Io, live: ConsoleReporter | undefined): Promise<void> {
  const file: Reporter | undefined = opts.reporter === 'junit' ? new JUnitReporter() : opts.reporter === 'json' ? new JsonReporter() : undefined;
  const text = file?.finish(results);
  if (text !== undefined) {
    if (opts.output) await writeFile(opts.output, text);
    else io.out(text);
  }
  live?.finish(results);
}

/** What `--filter` looks at in a loaded scenario. */
function identityOf(s: LoadedScenario): ScenarioIdentity {
  const m = s.scenario.metadata;
  return { file: s.file, name: m.name, title: m.title, claims: m.claims, tags: m.tags };
}
