/** `kscenario run`: load, filter, run every scenario on a fresh backend, report, exit 0/1/2. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Backend } from '../backend/contract';
import { createBackend, openKindRun, type BackendOptions } from '../backends';
import type { KindRun, KindRunOptions } from '../backends/kind';
import type { HistoryEntry } from '../history/entry';
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
import { DEFAULT_SEED } from '../scenario/defaults';
import { KscenarioError } from '../errors';
import type { Io } from './io';

export interface RunOptions {
  backend: string;
  seed?: number;
  reporter: ReporterName;
  output?: string;
  history?: string;
  filter?: string;
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
  const { scenarios, errors } = await loadScenarioPaths(paths);
  for (const e of errors) io.err(e.describe() + '\n');
  const selected = scenarios.filter((s) => matchesFilter(s, opts.filter));
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
  const unmetBy = new Map(selected.map((s) => [s, unmetNeeds(s, probe.name, probe.capabilities)] as const));
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
  const results: ScenarioResult[] = [];
  const signals = stopOnSignal(io, kind && (() => kind.close()));
  let closeError: unknown;
  try {
    for (const s of selected) {
      const seed = opts.seed ?? s.scenario.spec.seed ?? DEFAULT_SEED;
      const progress = live ? (line: string) => io.err(`${s.scenario.metadata.name}: ${line}\n`) : undefined;
      const backend = await createBackend(opts.backend, backendOptions(seed, s));
      signals.active = backend;
      const { result, history } = await runScenario(s, backend, seed, { progress });
      signals.active = undefined;
      const mapping = Object.entries(backend.namespaceMapping()).map(([from, to]) => `${from} → ${to}`);
      if (mapping.length) io.err(`${s.scenario.metadata.name}: ran in namespace(s) ${mapping.join(', ')}\n`);
      results.push(result);
      live?.scenarioDone(result);
      if (opts.history) await writeHistory(opts.history, result.name, history);
    }
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
 * scenario made), then `afterStop` (the kind run deletes its clusters), then exit 130/143 as a
 * shell reports a process ended by the signal. A second signal exits at once.
 */
function stopOnSignal(io: Io, afterStop?: () => Promise<void>): { active: Backend | undefined; remove(): void } {
  const state = { active: undefined as Backend | undefined, remove: () => undefined as void };
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    const backend = state.active;
    io.err(`\n${signal}: ${backend ? `stopping the ${backend.name} backend (cleaning up)…` : 'stopping'}\n`);
    const said = (err: unknown) => io.err(`${err instanceof KscenarioError ? err.describe() : String(err)}\n`);
    void (backend ? backend.stop() : Promise.resolve())
      .catch(said)
      .then(() => afterStop?.())
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

function matchesFilter(s: LoadedScenario, filter: string | undefined): boolean {
  if (!filter) return true;
  const m = s.scenario.metadata;
  const haystack = [m.name, m.title ?? '', s.file, ...(m.claims ?? []), ...(m.tags ?? [])].join('\n').toLowerCase();
  return haystack.includes(filter.toLowerCase());
}

/** One JSON object per line: each object change and step marker, in order. Deterministic for a seed. */
export async function writeHistory(dir: string, scenario: string, history: HistoryEntry[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const lines = history.map((e) => JSON.stringify(e)).join('\n');
  await writeFile(join(dir, `${scenario}.history.jsonl`), lines ? lines + '\n' : '');
}
