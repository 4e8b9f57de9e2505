/**
 * The differential run (`npm run test:differential`): every scenario in scenarios/ that the real
 * control plane can run — the default Kubernetes version, and no kubelet-only behaviour (probes,
 * image pulls, container crashes, files, DNS, node reboots) — runs on the simulator and on the
 * kwok backend (upstream control plane, KWOK nodes), and the verdicts are compared. A divergence
 * must be listed in docs/divergences.md with its reason; one that is not fails the run, and so
 * does a listed one that no longer diverges (drop it from the list).
 *
 *   node test/controlplane/differential.js [--jobs N] [--filter TEXT[,TEXT...]] [--report FILE] [--history DIR]
 *
 * --history DIR keeps, for each diverging scenario, both histories and results.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../../src/backend/contract';
import { SimulatorBackend } from '../../src/backends/simulator';
import { KwokBackend, refusedSteps } from '../../src/controlplane/backend';
import { binariesAtHand } from '../../src/controlplane/install';
import { DEFAULT_CONTROL_PLANE_MINOR } from '../../src/controlplane/versions';
import { unmetNeeds } from '../../src/runner/capabilities';
import type { ScenarioResult } from '../../src/runner/result';
import { runScenario, type ScenarioRun } from '../../src/runner/run-scenario';
import { DEFAULT_SEED } from '../../src/scenario/defaults';
import { parseDuration } from '../../src/scenario/duration';
import { loadScenarioPaths } from '../../src/scenario/load';
import type { LoadedScenario } from '../../src/scenario/loaded';
import type { KObject } from '../../src/kube/object';
import { packageRoot } from '../../src/paths';

const ROOT = packageRoot(__dirname);
export const DIVERGENCES_FILE = join(ROOT, 'docs', 'divergences.md');

export type Verdict = ScenarioResult['status'];

export interface Row {
  scenario: string;
  file: string;
  simulator: Verdict;
  kwok: Verdict;
  /** the first failing step's messages on each side */
  simulatorWhy?: string;
  kwokWhy?: string;
  kwokWallMs: number;
  /** the reason docs/divergences.md gives, if listed */
  listed?: string;
}

/**
 * The divergences docs/divergences.md lists: the rows of its table whose first cell is a
 * scenario name in backquotes, with the reason from the last cell.
 */
export function listedDivergences(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4) continue;
    const m = /^`([^`]+)`$/.exec(cells[1] ?? '');
    if (m) out.set(m[1]!, cells[cells.length - 2] ?? '');
  }
  return out;
}

type PodSpecLike = {
  restartPolicy?: string;
  containers?: Array<Record<string, unknown>>;
  initContainers?: Array<Record<string, unknown>>;
  readinessGates?: unknown[];
};

/** The pod specs of a manifest: a Pod's, a workload's template, a CronJob's job template. */
function podSpecs(o: KObject): PodSpecLike[] {
  const spec = (o.spec ?? {}) as Record<string, any>;
  if (o.kind === 'Pod') return [spec];
  if (o.kind === 'CronJob') return spec.jobTemplate?.spec?.template?.spec ? [spec.jobTemplate.spec.template.spec] : [];
  return spec.template?.spec ? [spec.template.spec] : [];
}

/** Status words only a kubelet (or container runtime) produces, in a scenario's expectations. */
const KUBELET_WORDS: Array<[RegExp, string]> = [
  [/ErrImagePull|ImagePullBackOff|ErrImageNeverPull|InvalidImageName/, 'image pulls (an expected pull failure)'],
  [/CrashLoopBackOff|restartCount|lastState|exitCode|OOMKilled/, 'container exits and restarts (expected in a check)'],
  // KWOK's pod stages start every container: no waiting reasons of the kubelet's own
  [/CreateContainerConfigError|PodInitializing/, 'container waiting reasons the kubelet reports (expected in a check)'],
  // KWOK mounts nothing: the kubelet's volume manager refuses some volumes (FailedMount)
  [/FailedMount|FailedAttachVolume|volumeDevices/, "the kubelet's volume setup (FailedMount or block devices, expected in a check)"],
  // KWOK admits every pod it is given; the kubelet's admission handlers reject some
  [/PodOSNotSupported|Pod was rejected|UnexpectedAdmissionError|OutOf(?:cpu|memory|pods)/, "the kubelet's pod admission (a rejected pod expected in a check)"],
  // the kwok backend runs etcd and the control plane as processes: no kubelet posts mirror pods
  [/kubernetes\.io\/config\.mirror|kube-(?:scheduler|apiserver|controller-manager)-control-plane|etcd-control-plane/, 'static pods and their mirror pods (expected in a check)'],
];

/**
 * Kubelet-only behaviour a scenario relies on beyond the capabilities the runner checks: what its
 * manifests ask of the kubelet (probes, containers that run to completion, preStop hooks) and
 * kubelet-made states its checks expect. KWOK starts every container at once, never runs a
 * command or a probe, and completes Job pods at once, so these scenarios would diverge for
 * reasons the simulator cannot be judged by.
 */
export function kubeletBehaviour(s: LoadedScenario): string[] {
  const out = new Set<string>();
  for (const step of s.steps) {
    // the API server allows a resize only where running containers report status resources,
    // which a kubelet writes and KWOK does not (ValidatePodResize isPodResizeRequestSupported)
    if ((step.step.patch as { subresource?: string } | undefined)?.subresource === 'resize') out.add('in-place pod resize (a patch of pods/resize)');
    for (const m of step.manifests ?? []) {
      const what = `${m.object.kind} ${m.object.metadata.name}`;
      if (m.object.kind === 'Job' || m.object.kind === 'CronJob') out.add(`containers that run to completion (${what})`);
      for (const pod of podSpecs(m.object)) {
        if (m.object.kind === 'Pod' && (pod.restartPolicy === 'Never' || pod.restartPolicy === 'OnFailure')) out.add(`containers that run to completion (${what})`);
        for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
          for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) if (c[probe]) out.add(`probes (${probe} in ${what})`);
          if ((c.lifecycle as { preStop?: unknown } | undefined)?.preStop) out.add(`a preStop hook (${what})`);
        }
        if ((pod.initContainers ?? []).some((c) => c.restartPolicy !== 'Always')) out.add(`init containers that run to completion (${what})`);
        // the kubelet's status manager computes Ready from them; KWOK's pod stages write their own messages
        if ((pod.readinessGates ?? []).length) out.add(`readiness gates (${what})`);
      }
    }
  }
  for (const [image, behaviour] of Object.entries(s.cluster.images ?? {})) {
    if (behaviour.pull === 'fail') out.add(`image pulls (${image} cannot be pulled)`);
  }
  const text = JSON.stringify(s.scenario.spec);
  for (const [re, what] of KUBELET_WORDS) if (re.test(text)) out.add(what);
  return [...out];
}

/**
 * Sleeps a real control plane would take in real time: the differential run is one CI job, so a
 * scenario that sleeps longer than this (an hour for the Event TTL) is left to the simulator.
 */
const MAX_SLEEP_MS = 15 * 60_000;

function longSleep(s: LoadedScenario): string | undefined {
  const ms = s.steps.reduce((sum, step) => sum + (step.step.sleep === undefined ? 0 : parseDuration(step.step.sleep as string)), 0);
  return ms > MAX_SLEEP_MS ? `sleeps of ${Math.round(ms / 60_000)} minutes, which a real control plane takes in real time` : undefined;
}

/** Why a scenario is not run on both, or undefined when it is. */
export function ineligibility(s: LoadedScenario): string | undefined {
  if (s.cluster.kubernetesVersion !== DEFAULT_CONTROL_PLANE_MINOR) return `Kubernetes ${s.cluster.kubernetesVersion} (the differential run uses ${DEFAULT_CONTROL_PLANE_MINOR})`;
  const kwok = new KwokBackend();
  const unmet = unmetNeeds(s, kwok).map((e) => e.message.replace(/, which the kwok backend does not have$/, ''));
  const refused = refusedSteps(s).map((e) => e.message);
  const long = longSleep(s);
  const reasons = [...new Set([...unmet, ...refused, ...kubeletBehaviour(s), ...(long ? [long] : [])])];
  return reasons.length ? reasons.join('; ') : undefined;
}

/** The first failed step, where and why, in one line. */
export function why(r: ScenarioResult): string | undefined {
  if (r.error) return r.error.split('\n')[0];
  const step = r.steps.find((x) => x.status !== 'passed' && x.status !== 'skipped');
  if (!step) return undefined;
  const where = step.location ? `:${step.location.line}` : '';
  const detail = step.error?.split('\n')[0] ?? step.failures?.flatMap((f) => f.mismatches.map((m) => `${f.subject}: ${m}`)).slice(0, 3).join('; ') ?? '';
  return `${step.section} "${step.title}"${where}${detail ? `: ${detail.slice(0, 400)}` : ''}`;
}

async function run(s: LoadedScenario, backend: Backend): Promise<ScenarioRun> {
  const seed = s.scenario.spec.seed ?? DEFAULT_SEED;
  return runScenario(s, backend, seed);
}

function writeHistory(dir: string, name: string, side: string, run: ScenarioRun): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.${side}.history.jsonl`), run.history.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(dir, `${name}.${side}.result.json`), JSON.stringify(run.result, null, 2) + '\n');
}

export interface DifferentialOptions {
  jobs: number;
  filter?: string;
  /** where the histories and results of diverging scenarios go (both sides) */
  historyDir?: string;
  log: (line: string) => void;
}

export interface DifferentialReport {
  total: number;
  ineligible: Array<{ scenario: string; reason: string }>;
  rows: Row[];
  equal: number;
  listed: number;
  unlisted: Row[];
  /** listed in docs/divergences.md but agreeing now */
  stale: string[];
}

export async function differential(o: DifferentialOptions): Promise<DifferentialReport> {
  const { scenarios, errors } = await loadScenarioPaths([join(ROOT, 'scenarios')]);
  if (errors.length) throw new Error(`scenarios do not load:\n${errors.map((e) => e.describe()).join('\n')}`);
  const filters = (o.filter ?? '').split(',').filter(Boolean);
  const selected = scenarios.filter((s) => !filters.length || filters.some((f) => s.file.includes(f) || s.scenario.metadata.name.includes(f)));
  const listed = listedDivergences(readFileSync(DIVERGENCES_FILE, 'utf8'));
  const ineligible: DifferentialReport['ineligible'] = [];
  const eligible: LoadedScenario[] = [];
  for (const s of selected) {
    const reason = ineligibility(s);
    if (reason) ineligible.push({ scenario: s.scenario.metadata.name, reason });
    else eligible.push(s);
  }
  o.log(`${selected.length} scenario(s): ${eligible.length} run on both, ${ineligible.length} not (kubelet-only behaviour or another version)`);
  const rows: Row[] = [];
  const queue = [...eligible];
  const worker = async (): Promise<void> => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const name = s.scenario.metadata.name;
      const simRun = await run(s, new SimulatorBackend({ seed: s.scenario.spec.seed ?? DEFAULT_SEED }));
      const notices: string[] = [];
      const realRun = await run(s, new KwokBackend({ scenario: s, notice: (l) => notices.push(l) }));
      const sim = simRun.result;
      const real = realRun.result;
      if (o.historyDir && sim.status !== real.status) {
        writeHistory(o.historyDir, name, 'simulator', simRun);
        writeHistory(o.historyDir, name, 'kwok', realRun);
      }
      const row: Row = {
        scenario: name,
        file: s.file.replace(`${ROOT}/`, ''),
        simulator: sim.status,
        kwok: real.status,
        kwokWallMs: Math.round(real.wallMs),
        ...(listed.has(name) ? { listed: listed.get(name)! } : {}),
      };
      if (sim.status !== real.status) {
        const a = why(sim);
        const b = why(real);
        if (a) row.simulatorWhy = a;
        if (b) row.kwokWhy = b;
      }
      rows.push(row);
      const mark = sim.status === real.status ? '=' : row.listed ? '≠ (listed)' : '≠';
      o.log(`${mark} ${name}: simulator ${sim.status}, kwok ${real.status} (${(real.wallMs / 1000).toFixed(0)} s)${row.kwokWhy ? ` — ${row.kwokWhy}` : ''}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, worker));
  rows.sort((a, b) => a.file.localeCompare(b.file));
  const diverging = rows.filter((r) => r.simulator !== r.kwok);
  return {
    total: selected.length,
    ineligible,
    rows,
    equal: rows.length - diverging.length,
    listed: diverging.filter((r) => r.listed !== undefined).length,
    unlisted: diverging.filter((r) => r.listed === undefined),
    stale: rows.filter((r) => r.simulator === r.kwok && r.listed !== undefined).map((r) => r.scenario),
  };
}

export function summaryLines(r: DifferentialReport): string[] {
  const lines = [
    `differential: ${r.total} scenario(s), ${r.rows.length} run on the simulator and on the real control plane, ${r.equal} with equal verdicts, ` +
      `${r.listed} divergence(s) listed in docs/divergences.md, ${r.unlisted.length} not listed, ${r.ineligible.length} not run on both`,
  ];
  for (const u of r.unlisted) lines.push(`  unlisted divergence: ${u.scenario} (${u.file}): simulator ${u.simulator}, kwok ${u.kwok}${u.kwokWhy ? ` — kwok: ${u.kwokWhy}` : ''}${u.simulatorWhy ? ` — simulator: ${u.simulatorWhy}` : ''}`);
  for (const s of r.stale) lines.push(`  listed in docs/divergences.md but equal now: ${s} (drop it from the list)`);
  return lines;
}

export async function main(argv: string[]): Promise<number> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const jobs = Number(arg('--jobs') ?? process.env.KSCENARIO_DIFFERENTIAL_JOBS ?? 3);
  const atHand = binariesAtHand({ version: DEFAULT_CONTROL_PLANE_MINOR });
  if (atHand.missing.length) {
    process.stderr.write(`differential: no ${atHand.missing.join(', ')}; building them (kscenario control-plane build)\n`);
  }
  const log = (l: string): void => void process.stdout.write(`${l}\n`);
  const report = await differential({ jobs, filter: arg('--filter'), historyDir: arg('--history'), log });
  const file = arg('--report');
  if (file) writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  for (const l of summaryLines(report)) log(l);
  return report.unlisted.length || report.stale.length ? 1 : 0;
}
