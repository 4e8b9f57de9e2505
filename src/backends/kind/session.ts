/**
 * One `kscenario run --backend kind`: its plan, the Docker network and the kind clusters it
 * creates, and the promise that none outlives it. Clusters are created when a scenario starts,
 * reused when the plan says so (--reuse), and deleted after their last scenario; close() — at the
 * end of the run, and from the SIGINT/SIGTERM handler — first kills what is still being created or
 * done to a node, then deletes every cluster the run made and its network, unless --keep.
 * Deletions are never cut short, and a cluster is deleted once even when close() races the end
 * of a scenario.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Backend, ClusterRequest } from '../../backend/contract';
import { KscenarioError, type InputError } from '../../errors';
import type { LoadedScenario } from '../../scenario/loaded';
import { renderDryRun, dryRunJson, type DryRunExtra } from './dry-run';
import { KindBackend, type OpenCluster } from './backend';
import { formatCommand, ProcessError, runChecked, ZxRunner, type ProcessRunner } from './process';
import { planRun, type ClusterRef, type RunPlan, type RunPlanOptions, type ScenarioPlan } from './run-plan';
import { checkTools, type Tools } from './tools';

export interface KindRunOptions {
  /** runs kind and docker (zx); tests record instead */
  runner?: ProcessRunner;
  /** --reuse */
  reuse?: boolean;
  /** --keep */
  keep?: boolean;
  /** --kind-image */
  image?: string;
  /** --kubernetes-version: the minor of every cluster (overrides the scenarios') */
  kubernetesVersion?: string;
  /** fixed in tests; random otherwise */
  runId?: string;
  /** where kubeconfig files go; a fresh temporary directory otherwise */
  workDir?: string;
  /** the first subnet tried for the run's network */
  subnet?: string;
  /** the cluster a scenario asks for (the runner's clusterRequest) */
  clusterRequest(s: LoadedScenario): ClusterRequest;
  /** the backend that runs a scenario on a created cluster: the cluster backend */
  openCluster: OpenCluster;
  notice?: (line: string) => void;
}

type ClusterState = 'creating' | 'ready' | 'failed' | 'deleting' | 'deleted';

const SUBNET_TRIES = 16;

export class KindRun {
  readonly runner: ProcessRunner;
  readonly runId: string;
  private workDir: string | undefined;
  private plan: RunPlan | undefined;
  private scenarios: readonly LoadedScenario[] = [];
  private tools: Tools | undefined;
  private readonly states = new Map<string, ClusterState>();
  private readonly deletions = new Map<string, Promise<void>>();
  private readonly creations = new Map<string, Promise<ClusterRef>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private network: { state: 'absent' | 'creating' | 'created'; op?: Promise<void> } = { state: 'absent' };
  private closing: Promise<void> | undefined;

  constructor(readonly o: KindRunOptions) {
    this.runner = o.runner ?? new ZxRunner();
    this.runId = o.runId ?? randomBytes(2).toString('hex');
  }

  /**
   * Plans the run and returns what kind cannot do, per scenario (the caller refuses those before
   * anything runs). Images are chosen for kind's default release until preflight() knows the
   * installed one.
   */
  prepare(scenarios: readonly LoadedScenario[]): InputError[] {
    this.scenarios = scenarios;
    this.plan = planRun(scenarios, this.planOptions());
    return this.plan.scenarios.flatMap((p) => p.refusals);
  }

  /** kind and a Docker engine must be there; the plan then uses images built for the kind found. */
  async preflight(): Promise<Tools> {
    this.tools = await checkTools(this.runner);
    this.plan = planRun(this.scenarios, this.planOptions());
    for (const sp of this.plan.scenarios) for (const note of sp.cluster?.shape.notes ?? []) this.o.notice?.(`${sp.scenario.scenario.metadata.name}: ${note}`);
    return this.tools;
  }

  dryRun(extra: DryRunExtra = {}): string {
    return renderDryRun(this.requirePlan(), this.dryRunHeader(), extra);
  }

  dryRunJson(extra: DryRunExtra = {}): string {
    return dryRunJson(this.requirePlan(), extra);
  }

  /** The backend for one planned scenario (or, without one, a backend only good for its capabilities). */
  backendFor(scenario: LoadedScenario | undefined, notice?: (line: string) => void): Backend {
    const sp = scenario ? this.requirePlan().scenarios.find((p) => p.scenario === scenario) : undefined;
    if (scenario && !sp) throw new KscenarioError('BACKEND', `scenario ${scenario.scenario.metadata.name} is not in this kind run's plan`);
    return new KindBackend(this, sp, notice ?? this.o.notice);
  }

  get networkName(): string {
    return this.requirePlan().network.name;
  }

  // ---- used by KindBackend ----------------------------------------------------------------

  /** Makes the scenario's cluster ready: creates it, or finds it ready when reused. */
  async acquire(sp: ScenarioPlan): Promise<ClusterRef> {
    const ref = sp.cluster;
    if (!ref) throw new KscenarioError('UNSUPPORTED', sp.refusals.map((r) => r.describe()).join('\n'));
    if (this.closing) throw new KscenarioError('BACKEND', 'the kind run is stopping: no new cluster is created');
    if (sp.action === 'reuse' && this.states.get(ref.name) === 'ready') {
      this.o.notice?.(`${sp.scenario.scenario.metadata.name}: reusing kind cluster ${ref.name}`);
      return ref;
    }
    // what is left of a cluster that failed (e.g. a reused one whose creation failed) goes first
    if (this.states.has(ref.name) && this.states.get(ref.name) !== 'deleted') await this.deleteCluster(ref);
    const op = this.create(sp, ref);
    this.creations.set(ref.name, op);
    try {
      return await op;
    } finally {
      this.creations.delete(ref.name);
    }
  }

  private async create(sp: ScenarioPlan, ref: ClusterRef): Promise<ClusterRef> {
    await this.track(this.ensureNetwork());
    this.workDirReady();
    this.states.set(ref.name, 'creating');
    this.o.notice?.(`${sp.scenario.scenario.metadata.name}: creating kind cluster ${ref.name} (${ref.shape.nodes.length} node(s), ${ref.shape.image.ref})`);
    try {
      for (const cmd of ref.create) {
        if (this.closing) throw new KscenarioError('BACKEND', 'the kind run is stopping');
        await this.track(runChecked(this.runner, cmd, `creating kind cluster ${ref.name}`));
      }
      this.states.set(ref.name, 'ready');
      return ref;
    } catch (err) {
      this.states.set(ref.name, 'failed');
      throw err;
    }
  }

  /**
   * After a scenario: deletes its cluster unless the plan reuses or keeps it. A cluster still being
   * created (the scenario was stopped during start) has its creation cut short first; one whose
   * creation failed is deleted whatever the plan said.
   */
  async release(sp: ScenarioPlan): Promise<void> {
    const ref = sp.cluster;
    if (!ref) return;
    const creating = this.creations.get(ref.name);
    if (creating) {
      this.runner.abortAll();
      await creating.catch(() => undefined);
    }
    const failed = this.states.get(ref.name) === 'failed';
    if (sp.deleteAfter || (failed && !this.o.keep)) await this.deleteCluster(ref);
  }

  /** Runs a node fault's command under the run's watch (close() cuts it short). */
  track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = () => this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  /**
   * Ends the run: stops what is under way, deletes every cluster it created (whatever state it
   * reached) and the network, unless --keep. Idempotent; the signal handler and the end of the
   * run share one promise.
   */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.runner.abortAll();
    await Promise.allSettled([...this.inflight]);
    const problems: string[] = [];
    if (this.o.keep) {
      const kept = [...this.states].filter(([, s]) => s !== 'deleted').map(([n]) => n);
      if (kept.length) this.o.notice?.(`--keep: kept kind cluster(s) ${kept.join(', ')} (kubeconfigs in ${this.workDir}); delete them with \`kind delete cluster --name NAME\`, then \`docker network rm ${this.networkName}\``);
      return;
    }
    const refs = new Map((this.plan?.scenarios ?? []).flatMap((p) => (p.cluster ? [[p.cluster.name, p.cluster] as const] : [])));
    for (const [name, state] of this.states) {
      if (state === 'deleted') continue;
      try {
        await this.deleteCluster(refs.get(name)!);
      } catch (err) {
        problems.push(err instanceof KscenarioError ? err.describe() : String(err));
      }
    }
    if (this.network.state !== 'absent' && this.plan) {
      await this.network.op?.catch(() => undefined);
      const r = await this.runner.run(this.plan.network.remove);
      if (r.exitCode !== 0 && !/not found|No such network/i.test(r.stderr)) {
        problems.push(`\`${formatCommand(this.plan.network.remove)}\`: ${r.stderr.trim()}`);
      }
    }
    if (this.workDir && !this.o.workDir) rmSync(this.workDir, { recursive: true, force: true });

    if (problems.length) {
      throw new KscenarioError('BACKEND', `the kind run could not clean up everything:\n${problems.map((p) => `  - ${p}`).join('\n')}`, undefined,
        `list what is left with \`kind get clusters\` (names ks-${this.runId}-N) and \`docker network ls --filter label=dev.kscenario.run=${this.runId}\``);
    }
  }

  private deleteCluster(ref: ClusterRef): Promise<void> {
    const state = this.states.get(ref.name);
    if (state === undefined || state === 'deleted') return Promise.resolve();
    let op = this.deletions.get(ref.name);
    if (!op) {
      this.states.set(ref.name, 'deleting');
      op = runChecked(this.runner, ref.delete, `deleting kind cluster ${ref.name}`).then(() => {
        this.states.set(ref.name, 'deleted');
      }, (err: unknown) => {
        this.deletions.delete(ref.name);
        this.states.set(ref.name, 'failed');
        throw err;
      });
      this.deletions.set(ref.name, op);
    }
    return op;
  }

  private ensureNetwork(): Promise<void> {
    if (this.network.state !== 'absent') return this.network.op ?? Promise.resolve();
    const op = this.createNetwork();
    this.network = { state: 'creating', op };
    return op;
  }

  private async createNetwork(): Promise<void> {
    let subnet = this.requirePlan().network.create.args.find((a) => a.startsWith('--subnet='))!.slice('--subnet='.length);
    for (let i = 0; i < SUBNET_TRIES; i++) {
      const cmd = this.requirePlan().network.create;
      const attempt = { ...cmd, args: cmd.args.map((a) => (a.startsWith('--subnet=') ? `--subnet=${subnet}` : a)) };
      const r = await this.runner.run(attempt);
      if (r.exitCode === 0) {
        this.network.state = 'created';
        return;
      }
      if (!/overlap/i.test(r.stderr)) {
        this.network = { state: 'absent' };
        throw new ProcessError(attempt, r, 'creating the Docker network of the run');
      }
      subnet = nextSubnet(subnet);
    }
    this.network = { state: 'absent' };
    throw new KscenarioError('BACKEND', `no free /24 for the run's Docker network after ${SUBNET_TRIES} tries (from ${this.o.subnet ?? defaultSubnet(this.runId)})`, undefined,
      'free a subnet or remove unused Docker networks (`docker network prune`)');
  }

  private workDirReady(): void {
    if (this.workDir) return;
    this.workDir = this.workDirPath();
    mkdirSync(this.workDir, { recursive: true, mode: 0o700 });
  }

  /** --work-dir in tests; else a directory of this run under the system's temporary directory */
  private workDirPath(): string {
    return this.o.workDir ?? join(tmpdir(), `kscenario-kind-${this.runId}`);
  }

  private planOptions(): RunPlanOptions {
    return {
      reuse: this.o.reuse, keep: this.o.keep, image: this.o.image, kubernetesVersion: this.o.kubernetesVersion,
      kindRelease: this.tools?.kindRelease,
      runId: this.runId,
      workDir: this.workDirPath(),
      subnet: this.o.subnet ?? defaultSubnet(this.runId),
      clusterRequest: this.o.clusterRequest,
    };
  }

  private requirePlan(): RunPlan {
    if (!this.plan) throw new Error('KindRun.prepare() was not called');
    return this.plan;
  }

  private dryRunHeader(): string {
    return `kind run ${this.runId}: ${this.o.reuse ? '--reuse' : 'a cluster per scenario'}${this.o.keep ? ', --keep' : ''}${this.o.image ? `, --kind-image ${this.o.image}` : ''}${this.o.kubernetesVersion ? `, --kubernetes-version ${this.o.kubernetesVersion}` : ''}`;
  }
}

/** 10.251.<from the run id>.0/24 */
export function defaultSubnet(runId: string): string {
  const n = parseInt(runId.slice(0, 2), 16);
  return `10.251.${Number.isNaN(n) ? 0 : n}.0/24`;
}

function nextSubnet(subnet: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.0\/24$/.exec(subnet);
  if (!m) return subnet;
  return `${m[1]}.${m[2]}.${(Number(m[3]) + 1) % 256}.0/24`;
}
