/** `kscenario run`: load, filter, run every scenario on a fresh backend, report, exit 0/1/2. */
import type { Backend } from '../backend/contract';
import { createBackend, openKindRun, type BackendOptions } from '../backends';
import type { KindRun, KindRunOptions } from '../backends/kind';
import { chooseImage } from '../backends/kind/images';
import { ConsoleReporter } from '../report/console';
import { JsonReporter } from '../report/json';
import { JUnitReporter } from '../report/junit';
import { invalidFiles, type InvalidFile } from '../report/invalid';
import type { Reporter, ReporterName, ScenarioStart } from '../report/reporter';
import { Reporters } from '../report/reporters';
import { exitCodeFor, type ScenarioResult } from '../runner/result';
import { runScenario } from '../runner/run-scenario';
import { skippedResult as skippedScenario } from '../runner/skipped-result';
import { clusterRequest } from '../runner/cluster-request';
import { unmetNeeds } from '../runner/capabilities';
import type { LoadedScenario } from '../scenario/loaded';
import type { SizeLimits } from '../kube/size-limits';
import { loadScenarioPaths, scenarioIdentities } from '../scenario/load';
import { filterHint, matchesFilter, type ScenarioIdentity } from '../scenario/filter';
import { DEFAULT_SEED } from '../scenario/defaults';
import { KscenarioError } from '../errors';
import { isSupportedVersion, supportedVersionsHint, type KubeVersion } from '../kube/version';
import { inRange } from '../kube/version-range';
import { outsideRange } from '../scenario/version-requirement';
import { writeRecord } from './history-file';
import { HtmlReporter, htmlReportFile } from '../report/html';
import { buildTimeline } from '../report/timeline/build';
import { EXIT_CLOSED_PIPE, onClosedPipe, type Io } from './io';
import { checkOutputFile, prepareHistoryDirectory, prepareReportDirectory, writeOutput } from './output-paths';
import { defaultWorkers, WorkerPool, type WorkerEvent } from './worker-pool';
import { resolveReporters, type ReporterSpec } from './reporter-options';

export interface RunOptions {
  backend: string;
  seed?: number;
  /** the reports: `--reporter NAME[=FILE]`, each given (one name: as before, with --output) */
  reporter?: ReporterName | readonly ReporterSpec[];
  /** the file of the one file report named without one */
  output?: string;
  /** reporters given in code (tests, a program running scenarios), told everything the others are */
  reporters?: readonly Reporter[];
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
  /**
   * the Kubernetes minor: on the simulator, of every scenario that pins none; on kind, of every
   * cluster. A scenario whose spec.requires.kubernetesVersion excludes it is skipped.
   */
  kubernetesVersion?: string;
  /** simulator: how much one scenario may create (--max-objects, --max-pods, --max-nodes; default DEFAULT_SIZE_LIMITS) */
  limits?: Readonly<SizeLimits>;
  /** kind backend, tests only: a process runner that records, a stand-in cluster backend, fixed names */
  kindOverrides?: Partial<Pick<KindRunOptions, 'runner' | 'openCluster' | 'runId' | 'workDir' | 'subnet'>>;
}

export async function runCommand(paths: string[], opts: RunOptions, given: Io): Promise<number> {
  // Which reports, and where the run writes them, are checked before anything is loaded or run.
  const specs = await preparedReports(resolveReporters(opts.reporter, opts.output));
  const reports = [...openReports(specs, given), ...(opts.reporters ?? []).map((reporter) => ({ reporter }))];
  const io = besideStatusLine(given, reports);
  if (opts.history !== undefined) await prepareHistoryDirectory(opts.history);
  // With --filter, files whose metadata does not match are not even loaded.
  const select = opts.filter ? (id: ScenarioIdentity) => matchesFilter(id, opts.filter) : undefined;
  const { scenarios, errors } = await loadScenarioPaths(paths, { select, kubernetesVersion: versionOption(opts) });
  for (const e of errors) io.err(e.describe() + '\n');
  const matching = scenarios.filter((s) => matchesFilter(identityOf(s), opts.filter));
  if (!matching.length && !errors.length) {
    const hint = opts.filter === undefined ? undefined : filterHint(opts.filter, scenarioIdentities(paths));
    io.err(`no scenarios found in ${paths.join(', ')}${opts.filter ? ` matching '${opts.filter}'` : ''}\n${hint ? `  hint: ${hint}\n` : ''}`);
    return 2;
  }
  if (!matching.length) {
    // every file was refused: nothing to run, so no backend to reach; the reports say why
    await report(reports, [], invalidFiles(errors), io);
    return 2;
  }
  const kind = kindRunFor(opts, io);
  const backendOptions = (seed: number, s?: LoadedScenario): BackendOptions => ({
    seed, kubeconfig: opts.kubeconfig, context: opts.context, scenario: s, kind, limits: opts.limits,
    notice: (line) => io.err(`${s ? `${s.scenario.metadata.name}: ` : ''}${line}\n`),
  });
  const probe = await createBackend(opts.backend, backendOptions(DEFAULT_SEED));
  // Scenarios outside their Kubernetes version range are skipped, not refused nor run.
  const skipped = new Map(matching.map((s) => [s, skipReason(s, opts, probe)] as const));
  const selected = matching.filter((s) => skipped.get(s) === undefined);
  const kindRefused = kind?.prepare(selected) ?? [];
  // Refuse what the backend cannot run before anything runs (exit 2), naming each step.
  const unmetBy = new Map(selected.map((s) => [s, unmetNeeds(s, probe)] as const));
  const unmet = [...unmetBy.values()].flat();
  if (kind && opts.dryRun) {
    const skips = matching.flatMap((s) => { const reason = skipped.get(s); return reason === undefined ? [] : [{ scenario: s, reason }]; });
    // the plan takes the place of the report: as JSON when that is the report asked for
    const planSpec = specs.find((spec) => spec.name !== 'console');
    const plan = planSpec?.name === 'json' ? kind.dryRunJson({ refusals: unmetBy, skipped: skips }) : kind.dryRun({ refusals: unmetBy, skipped: skips });
    if (planSpec?.file !== undefined) await writeOutput(planSpec.option ?? '--output', planSpec.file, plan);
    else io.out(plan);
    return errors.length || unmet.length || kindRefused.length ? 2 : 0;
  }
  if (unmet.length || kindRefused.length) {
    for (const e of [...unmet, ...kindRefused]) io.err(e.describe() + '\n');
    return 2;
  }
  await kind?.preflight();
  const reporters = new Reporters(reports.map((r) => r.reporter));
  // skipped scenarios are reported in file order among the others, as they come
  const skips = new SkipsInOrder(matching, (s) => skippedResult(s, opts, probe.name, skipped.get(s)), reporters);
  const finished: ScenarioResult[] = [];
  // Interrupted, the run reports what finished (the scenarios and the skips printed so far).
  const reportFinished = () => report(reports, inFileOrder(matching, [...skips.reported(), ...finished]), invalidFiles(errors), io);
  const signals = stopOnSignal(io, { afterRun: kind && (() => kind.close()), reportFinished });
  let results: ScenarioResult[] = [];
  let closeError: unknown;
  try {
    const run: ScenarioLoop = { opts, io, reporters, signals, backendOptions, skips, finished };
    reporters.runBegin(selected.map(startOf));
    const workers = workerCount(opts, selected.length, io);
    if (workers > 1) await runInParallel(selected, workers, run);
    else await runSerially(selected, run);
    results = inFileOrder(matching, [...skips.rest(), ...finished]);
  } finally {
    signals.remove();
    await kind?.close().catch((err: unknown) => (closeError = err));
  }
  await report(reports, results, invalidFiles(errors), io);
  if (closeError) {
    io.err(`${closeError instanceof KscenarioError ? closeError.describe() : String(closeError)}\n`);
    return 2;
  }
  const code = exitCodeFor(results);
  return errors.length ? 2 : code;
}

/**
 * Each report's file checked (or, for the HTML report, its directory made) before anything
 * runs; the HTML report's spec then names its page, which is where it is written.
 */
async function preparedReports(specs: ReporterSpec[]): Promise<ReporterSpec[]> {
  const out: ReporterSpec[] = [];
  for (const spec of specs) {
    if (spec.file === undefined) out.push(spec);
    else if (spec.name === 'html') {
      const page = htmlReportFile(spec.file);
      await prepareReportDirectory(spec.option ?? '--report html=', spec.file, page);
      out.push({ ...spec, file: page });
    } else {
      await checkOutputFile(spec.file, spec.option);
      out.push(spec);
    }
  }
  return out;
}

interface ScenarioLoop {
  opts: RunOptions;
  io: Io;
  reporters: Reporters;
  signals: StopOnSignal;
  backendOptions: (seed: number, s?: LoadedScenario) => BackendOptions;
  skips: SkipsInOrder;
  /** results of the scenarios run so far, in the order they were reported */
  finished: ScenarioResult[];
}

/** Skipped scenarios' results, handed to the live reporter just before the scenario after them. */
class SkipsInOrder {
  private readonly pending: Array<{ index: number; result: ScenarioResult }>;
  private readonly index: Map<string, number>;
  private readonly done: ScenarioResult[] = [];

  constructor(scenarios: LoadedScenario[], resultOf: (s: LoadedScenario) => ScenarioResult[], private readonly reporters: Reporters) {
    this.index = new Map(scenarios.map((s, i) => [s.scenario.metadata.name, i]));
    this.pending = scenarios.flatMap((s, index) => resultOf(s).map((result) => ({ index, result })));
  }

  /** Reports the skipped scenarios that come before `name` in file order. */
  before(name: string): void {
    this.flushBelow(this.index.get(name) ?? Number.POSITIVE_INFINITY);
  }

  /** The skipped results reported so far. */
  reported(): ScenarioResult[] {
    return this.done;
  }

  /** Reports the remaining ones; every skipped result. */
  rest(): ScenarioResult[] {
    this.flushBelow(Number.POSITIVE_INFINITY);
    return this.done;
  }

  private flushBelow(limit: number): void {
    while (this.pending.length && this.pending[0]!.index < limit) {
      const { result } = this.pending.shift()!;
      this.done.push(result);
      this.reporters.scenarioDone(result);
    }
  }
}

function seedOf(s: LoadedScenario, opts: RunOptions): number {
  return opts.seed ?? s.scenario.spec.seed ?? DEFAULT_SEED;
}

/** One scenario after another in this thread, on a fresh backend each (every backend). */
async function runSerially(selected: LoadedScenario[], { opts, io, reporters, signals, backendOptions, skips, finished }: ScenarioLoop): Promise<void> {
  for (const s of selected) {
    if (signals.stopping) break;
    skips.before(s.scenario.metadata.name);
    const seed = seedOf(s, opts);
    const backend = await createBackend(opts.backend, backendOptions(seed, s));
    signals.active = backend;
    signals.running = [s.scenario.metadata.name];
    reporters.scenarioBegin(startOf(s));
    const observe = reporters.observer(s.scenario.metadata.name);
    const { result, history } = await runScenario(s, backend, seed, { observe, keepHistory: !!opts.history || reporters.wantTimelines });
    // a signal stopped this scenario's backend: its result is not a verdict
    if (signals.stopping) break;
    reporters.scenarioEnd(s.scenario.metadata.name);
    signals.active = undefined;
    signals.running = [];
    const mapping = Object.entries(backend.namespaceMapping()).map(([from, to]) => `${from} → ${to}`);
    if (mapping.length) io.err(`${s.scenario.metadata.name}: ran in namespace(s) ${mapping.join(', ')}\n`);
    finished.push(result);
    if (reporters.wantTimelines) reporters.scenarioTimeline(buildTimeline(history, result));
    reporters.scenarioDone(result);
    if (opts.history) await writeRecord(opts.history, result, history);
  }
}

/** Simulator scenarios on worker threads; output in scenario order, as runSerially prints it. */
async function runInParallel(selected: LoadedScenario[], workers: number, { opts, reporters, signals, skips, finished }: ScenarioLoop): Promise<void> {
  const pool = new WorkerPool(workers);
  signals.afterStop = () => pool.terminate();
  const jobs = selected.map((s, index) => ({ index, file: s.file, seed: seedOf(s, opts), historyDir: opts.history, events: reporters.listens, timeline: reporters.wantTimelines, kubernetesVersion: versionOption(opts), limits: opts.limits }));
  // the scenarios not reported yet (results are reported in scenario order)
  signals.running = selected.map((s) => s.scenario.metadata.name);
  try {
    // step events come as they happen (in order within a scenario); results in scenario order
    const onEvent = (index: number, e: WorkerEvent) => {
      if (signals.stopping) return;
      const s = selected[index]!;
      if (e.type === 'scenarioBegin') reporters.scenarioBegin(startOf(s));
      else if (e.type === 'scenarioEnd') reporters.scenarioEnd(s.scenario.metadata.name);
      else reporters.event(s.scenario.metadata.name, e);
    };
    await pool.run(jobs, ({ result, timeline }) => {
      if (signals.stopping) return;
      skips.before(result.name);
      finished.push(result);
      signals.running = signals.running.filter((name) => name !== result.name);
      if (timeline) reporters.scenarioTimeline(timeline);
      reporters.scenarioDone(result);
    }, onEvent);
  } finally {
    signals.afterStop = undefined;
    await pool.terminate();
  }
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

/** --kubernetes-version as the loader takes it (the simulator and kind accept it). */
function versionOption(opts: RunOptions): KubeVersion | undefined {
  const v = opts.kubernetesVersion;
  if (v === undefined) return undefined;
  if (opts.backend === 'cluster') {
    throw new KscenarioError('USAGE', '--kubernetes-version: the cluster backend runs at the version of the cluster it is given', undefined,
      'a scenario whose spec.requires.kubernetesVersion excludes the server\'s release is skipped by itself');
  }
  if (opts.backend === 'kind') {
    chooseImage(v, undefined, opts.kindImage); // kind runs the releases it has images of: refuses the others, naming them
    return v as KubeVersion;
  }
  if (!isSupportedVersion(v)) throw new KscenarioError('USAGE', `--kubernetes-version ${v}: not a supported version`, undefined, supportedVersionsHint());
  return v;
}

/**
 * Why a scenario does not run here: its spec.requires.kubernetesVersion excludes the minor of the
 * cluster — `--kubernetes-version` (found while loading), the kind cluster's minor, or the minor a
 * real API server reports. The simulator and kwok run a scenario at its own version, which the
 * loader already checked against the range.
 */
function skipReason(s: LoadedScenario, opts: RunOptions, probe: Backend): string | undefined {
  if (s.skip) return s.skip;
  const range = s.versionRange;
  if (!range) return undefined;
  const at = clusterVersion(s, opts, probe);
  if (!at || inRange(range, at.version)) return undefined;
  return outsideRange(range, at.where);
}

function clusterVersion(s: LoadedScenario, opts: RunOptions, probe: Backend): { version: string; where: string } | undefined {
  if (opts.backend === 'kind') {
    const version = kindRelease(opts.kubernetesVersion ?? s.cluster.kubernetesVersion, opts.kindImage);
    return { version, where: `the kind cluster would run ${version}${opts.kubernetesVersion ? ' (--kubernetes-version)' : ''}` };
  }
  const version = probe.kubernetesVersion;
  return version === undefined ? undefined : { version, where: `the cluster runs ${version}` };
}

/**
 * The release a kind cluster of this version runs: the patch of the node image chosen for kind's
 * default release (images.ts; the run may take another release's image after preflight, of the
 * same minor), the pinned patch release, or the tag of --kind-image; the version itself when
 * none says (a minor then reads as its newest emulated patch).
 */
function kindRelease(version: string, image: string | undefined): string {
  if (image) return /:v(1\.\d+\.\d+)/.exec(image)?.[1] ?? version;
  try {
    return chooseImage(version).image?.version ?? version;
  } catch {
    return version;
  }
}

function skippedResult(s: LoadedScenario, opts: RunOptions, backend: string, reason: string | undefined): ScenarioResult[] {
  return reason === undefined ? [] : [skippedScenario(s, backend, seedOf(s, opts), reason)];
}

/** Results in the order the scenarios were found (skipped ones were reported first). */
function inFileOrder(scenarios: LoadedScenario[], results: ScenarioResult[]): ScenarioResult[] {
  const rank = new Map(scenarios.map((s, i) => [s.scenario.metadata.name, i]));
  return [...results].sort((a, b) => (rank.get(a.name) ?? 0) - (rank.get(b.name) ?? 0));
}

/** The kind run of `--backend kind` (undefined for other backends, which take no kind option). */
function kindRunFor(opts: RunOptions, io: Io): KindRun | undefined {
  if (opts.backend !== 'kind') {
    const given = (['dryRun', 'reuse', 'keep', 'kindImage'] as const).filter((k) => opts[k] !== undefined && opts[k] !== false);
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
 * SIGINT/SIGTERM during a run, or its stdout/stderr closed (`run | head`): say which scenarios
 * were interrupted, stop the running scenario's backend (a cluster backend deletes what the
 * scenario made) or the worker threads, then `afterRun` (the kind run deletes its clusters),
 * write the reports of the scenarios that finished, and exit 130/143 as a shell reports a
 * process ended by the signal (141 for the closed pipe, quietly). A second signal exits at once.
 */
interface StopOnSignal {
  /** the backend of the scenario running in this thread, stopped first */
  active: Backend | undefined;
  /** the scenarios started and not finished, named when a signal interrupts them */
  running: string[];
  /** what else to stop, e.g. the worker threads of a parallel run */
  afterStop: (() => Promise<void>) | undefined;
  /** a signal came: start no further scenario, report no further result */
  stopping: boolean;
  remove(): void;
}

interface StopSteps {
  /** after the backends: e.g. the kind run deletes its clusters */
  afterRun?: () => Promise<void>;
  /** writes the reports of the scenarios that finished */
  reportFinished: () => Promise<void>;
}

function stopOnSignal(io: Io, steps: StopSteps): StopOnSignal {
  const state: StopOnSignal = { active: undefined, running: [], afterStop: undefined, stopping: false, remove: () => undefined };
  const stop = (code: number, announce?: string) => {
    if (state.stopping) process.exit(code);
    state.stopping = true;
    const backend = state.active;
    if (announce) io.err(`\n${announce}: ${interrupted(state.running)}; ${backend ? `stopping the ${backend.name} backend (cleaning up)…` : 'stopping'}\n`);
    const said = (err: unknown) => io.err(`${err instanceof KscenarioError ? err.describe() : String(err)}\n`);
    void (backend ? backend.stop() : Promise.resolve())
      .catch(said)
      .then(() => state.afterStop?.())
      .catch(said)
      .then(() => steps.afterRun?.())
      .catch(said)
      .then(() => steps.reportFinished())
      .catch(said)
      .then(() => process.exit(code));
  };
  const onSignal = (signal: NodeJS.Signals) => stop(signal === 'SIGINT' ? 130 : 143, signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const removePipeStop = onClosedPipe(() => stop(EXIT_CLOSED_PIPE));
  state.remove = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    removePipeStop();
  };
  return state;
}

function interrupted(running: string[]): string {
  if (running.length === 0) return 'interrupted between scenarios';
  return `interrupted ${running.length === 1 ? 'scenario' : 'scenarios'} ${running.join(', ')} (not reported)`;
}

/** A report of the run and where it goes (nowhere for a reporter given in code). */
interface OpenReport {
  spec?: ReporterSpec;
  reporter: Reporter;
}

/** The console report prints as scenarios finish and shows the run's progress meanwhile. */
function openReports(specs: readonly ReporterSpec[], io: Io): OpenReport[] {
  // the console's failure output names the timeline page, where the failed check can be seen in time
  const timelinePage = specs.find((s) => s.name === 'html')?.file;
  const make = (name: ReporterName): Reporter => name === 'junit' ? new JUnitReporter()
    : name === 'json' ? new JsonReporter()
    : name === 'html' ? new HtmlReporter()
    : new ConsoleReporter(io.out, io.color, { terminal: io.terminal, notice: io.err, timelinePage });
  return specs.map((spec) => ({ spec, reporter: make(spec.name) }));
}

/** Every report's end: the file reports written (or printed), then the console's summary. */
async function report(reports: readonly OpenReport[], results: ScenarioResult[], invalid: InvalidFile[], io: Io): Promise<void> {
  const isConsole = (r: OpenReport) => Number(r.spec?.name === 'console');
  for (const { spec, reporter } of [...reports].sort((a, b) => isConsole(a) - isConsole(b))) {
    const text = reporter.finish(results, invalid);
    if (text === undefined || spec === undefined) continue;
    if (spec.file !== undefined) await writeOutput(spec.option ?? '--output', spec.file, text);
    else io.out(text);
  }
}

/** Messages on stderr (backend notices, signals) erase the console's status line first, not run into it. */
function besideStatusLine(io: Io, reports: readonly OpenReport[]): Io {
  const console = reports.map((r) => r.reporter).find((r) => r instanceof ConsoleReporter);
  return console ? { ...io, err: (text) => console.aside(() => io.err(text)) } : io;
}

function startOf(s: LoadedScenario): ScenarioStart {
  return { name: s.scenario.metadata.name, file: s.file };
}

/** What `--filter` looks at in a loaded scenario. */
function identityOf(s: LoadedScenario): ScenarioIdentity {
  const m = s.scenario.metadata;
  return { file: s.file, name: m.name, title: m.title, claims: m.claims, tags: m.tags };
}
