/**
 * `kscenario control-plane build|up|down|status`: a real Kubernetes control plane (upstream
 * etcd, kube-apiserver, kube-controller-manager, kube-scheduler) with KWOK's fake nodes, built
 * from the pinned Go modules and run on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parse } from 'yaml';
import { KscenarioError } from '../errors';
import type { NodeRequest, StorageClassRequest } from '../kube/cluster-request';
import { DEFAULT_STORAGE_CLASSES, resolveCluster } from '../scenario/defaults';
import { loadScenarioFile } from '../scenario/load';
import type { ClusterSpec } from '../../generated/scenario';
import { cacheRoot, kubernetesCacheDir, kwokCacheDir } from './binaries';
import { goBuildArgs, goBuildEnv, goCommand, readBuildRecord, kubernetesBuildPlan, kwokBuildPlan, type BuildRecord } from './build';
import { ControlPlane, assertDirUsable, defaultDir } from './control-plane';
import { ensureBinaries } from './install';
import { defaultNodes } from './nodes';
import { CONTROL_PLANE_MINORS, DEFAULT_CONTROL_PLANE_MINOR, kubernetesRelease, kwokRelease } from './versions';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** A word for a shell command line, quoted when it needs to be. */
function shellWord(w: string): string {
  return /^[A-Za-z0-9_./=:@,+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 250) throw new InvalidArgumentError('a whole number from 1 to 250');
  return n;
}

function parseSeconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number of seconds');
  return n;
}

/** The nodes (and version, if the file names one) of `-f FILE`: a scenario, or a bare spec.cluster. */
export async function clusterFromFile(file: string): Promise<{ nodes: NodeRequest[]; storageClasses: StorageClassRequest[]; version?: string }> {
  if (!existsSync(file)) throw new KscenarioError('FILE_NOT_FOUND', `${file} not found`);
  const text = readFileSync(file, 'utf8');
  if (/^apiVersion:\s*["']?kscenario\.dev\//m.test(text)) {
    // a scenario: loaded (and validated) as `kscenario run` loads it
    const loaded = await loadScenarioFile(file);
    return { nodes: loaded.cluster.nodes, storageClasses: loaded.cluster.storageClasses, version: loaded.cluster.kubernetesVersion };
  }
  const doc = parse(text) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || (doc.nodes !== undefined && !Array.isArray(doc.nodes))) {
    throw new KscenarioError('SCHEMA', `${file}: expected a scenario or a cluster (kubernetesVersion, nodes: [{name, role, labels, taints, capacity}])`);
  }
  const spec = doc as ClusterSpec;
  for (const [i, n] of (spec.nodes ?? []).entries()) {
    if (!n || typeof n.name !== 'string' || !n.name) throw new KscenarioError('SCHEMA', `${file}: nodes[${i}] has no name`);
  }
  const resolved = resolveCluster(spec);
  return { nodes: resolved.nodes, storageClasses: resolved.storageClasses, ...(spec.kubernetesVersion ? { version: spec.kubernetesVersion } : {}) };
}

function duSync(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        try {
          total += statSync(p).size;
        } catch {
          // gone meanwhile
        }
      }
    }
  }
  return total;
}

function goEnv(name: string): Promise<string | undefined> {
  return new Promise((res) => {
    execFile(goCommand(), ['env', name], { env: goBuildEnv(process.env) }, (err, stdout) => res(err ? undefined : stdout.trim() || undefined));
  });
}

const MiB = 2 ** 20;

function describeRecord(r: BuildRecord): string {
  const lines = Object.entries(r.binaries).map(([name, b]) => `  ${name.padEnd(24)} ${String(b!.seconds).padStart(6)} s  ${(b!.bytes / MiB).toFixed(0).padStart(4)} MiB`);
  return `${lines.join('\n')}\n  ${'total'.padEnd(24)} ${String(r.seconds).padStart(6)} s  (${r.go}, built ${r.builtAt})\n`;
}

export function registerControlPlaneCommands(program: Command, io: CliIo, exit: (code: number) => void): void {
  const cp = program
    .command('control-plane')
    .description('a real control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) with KWOK nodes on 127.0.0.1');

  cp.command('build')
    .description(`build the binaries of a version into the cache (once; versions: ${CONTROL_PLANE_MINORS.join(', ')})`)
    .option('--version <v>', 'Kubernetes version', DEFAULT_CONTROL_PLANE_MINOR)
    .option('--dry-run', 'print what would be built (modules, cache directories, go build commands) and build nothing')
    .action(async (o: { version: string; dryRun?: boolean }) => {
      if (o.dryRun) {
        const release = kubernetesRelease(o.version);
        const kwok = kwokRelease();
        for (const plan of [kubernetesBuildPlan(release, kubernetesCacheDir(release)), kwokBuildPlan(kwok, kwokCacheDir(kwok))]) {
          const built = readBuildRecord(plan);
          io.out(`${plan.what}: ${plan.cacheDir} (${built ? 'cached' : 'not built'}), from ${plan.module.dir}/go.mod\n`);
          for (const t of plan.targets) io.out(`  go ${goBuildArgs(t, join(plan.cacheDir, 'bin', t.name), plan.ldflags).map(shellWord).join(' ')}\n`);
        }
        exit(0);
        return;
      }
      const log = (l: string): void => io.err(`${l}\n`);
      const ensured = await ensureBinaries({ version: o.version, binaryDirs: [], env: { ...process.env, KSCENARIO_CONTROL_PLANE_BIN: '' }, log });
      const release = ensured.release;
      const kubeRecord = readBuildRecord(kubernetesBuildPlan(release, kubernetesCacheDir(release)));
      const kwokRecord = readBuildRecord(kwokBuildPlan(ensured.kwok, kwokCacheDir(ensured.kwok)));
      io.out(`Kubernetes ${release.kubernetes}, etcd ${release.etcd}: ${kubernetesCacheDir(release)}\n`);
      if (kubeRecord) io.out(describeRecord(kubeRecord));
      io.out(`KWOK ${ensured.kwok.kwok}: ${kwokCacheDir(ensured.kwok)}\n`);
      if (kwokRecord) io.out(describeRecord(kwokRecord));
      const cacheBytes = duSync(join(cacheRoot(), 'control-plane'));
      const modcache = await goEnv('GOMODCACHE');
      const gocache = await goEnv('GOCACHE');
      io.out(`disk: binaries ${(cacheBytes / MiB).toFixed(0)} MiB (${join(cacheRoot(), 'control-plane')})`);
      if (modcache) io.out(`, Go module cache ${(duSync(modcache) / MiB).toFixed(0)} MiB (${modcache})`);
      if (gocache) io.out(`, Go build cache ${(duSync(gocache) / MiB).toFixed(0)} MiB (${gocache})`);
      io.out('\n');
      exit(0);
    });

  cp.command('up')
    .description('start a control plane and wait until its nodes are Ready; runs until Ctrl-C (or --detach), then removes everything')
    .option('--version <v>', `Kubernetes version (${CONTROL_PLANE_MINORS.join(', ')}; default ${DEFAULT_CONTROL_PLANE_MINOR}, or the -f file's)`)
    .option('--nodes <n>', 'the default cluster with n nodes: control-plane, worker-1 ... (default 3)', parseCount)
    .option('-f, --file <file>', "the nodes of a scenario's spec.cluster, or of a cluster file (kubernetesVersion, nodes)")
    .option('--dir <dir>', `data directory (default ${defaultDir()})`)
    .option('--binaries <dir>', 'take binaries from this directory (repeatable; also KSCENARIO_CONTROL_PLANE_BIN)', collect, [])
    .option('--no-build', 'fail instead of building missing binaries')
    .option('--detach', 'return once ready and leave it running; `kscenario control-plane down` stops it')
    .option('--timeout <seconds>', 'how long each component and the nodes may take to be ready', parseSeconds, 180)
    .action(async (o: { version?: string; nodes?: number; file?: string; dir?: string; binaries: string[]; build: boolean; detach?: boolean; timeout: number }) => {
      if (o.nodes !== undefined && o.file) throw new KscenarioError('USAGE', '--nodes and -f exclude each other');
      const fromFile = o.file ? await clusterFromFile(o.file) : undefined;
      const version = o.version ?? fromFile?.version ?? DEFAULT_CONTROL_PLANE_MINOR;
      const nodes = fromFile?.nodes ?? defaultNodes(o.nodes ?? 3);
      const storageClasses = fromFile?.storageClasses ?? DEFAULT_STORAGE_CLASSES.map((c) => ({ ...c }));
      const log = (l: string): void => io.err(`${l}\n`);
      const dir = resolve(o.dir ?? defaultDir());
      // before a build that may take minutes
      assertDirUsable(dir);
      const ensured = await ensureBinaries({ version, binaryDirs: o.binaries.map((d) => resolve(d)), build: o.build, log });
      const plane = await ControlPlane.up({
        kubernetes: ensured.release.kubernetes,
        kwok: ensured.kwok.kwok,
        binaries: ensured.binaries,
        nodes,
        storageClasses,
        dir,
        log,
        readyTimeoutMs: o.timeout * 1000,
        detach: !!o.detach,
        handleSignals: false,
      });
      io.out(`Kubernetes ${ensured.release.kubernetes} control plane ready at ${plane.server} with ${nodes.length} KWOK node(s): ${nodes.map((n) => n.name).join(', ')}\n`);
      io.out(`  export KUBECONFIG=${plane.kubeconfig}\n`);
      io.out(`  logs: ${plane.logsDir}\n`);
      if (o.detach) {
        io.out(`  stop it with: kscenario control-plane down${o.dir ? ` --dir ${dir}` : ''}\n`);
        exit(0);
        return;
      }
      io.out('  Ctrl-C stops it and removes its directory\n');
      const reason = await waitForStop(plane);
      if (reason.signal) {
        io.err(`${reason.signal}: stopping the control plane\n`);
        await plane.down();
        exit(0);
      } else {
        io.err(`${reason.message}\n`);
        await plane.down({ keepLogs: true });
        io.err(`stopped; logs kept in ${plane.logsDir}\n`);
        exit(1);
      }
    });

  cp.command('down')
    .description('stop a control plane started with --detach and remove its directory')
    .option('--dir <dir>', `data directory (default ${defaultDir()})`)
    .action(async (o: { dir?: string }) => {
      const dir = resolve(o.dir ?? defaultDir());
      const plane = ControlPlane.attach(dir);
      if (!plane) {
        io.out(`no control plane in ${dir}\n`);
        exit(0);
        return;
      }
      await plane.down();
      io.out(`stopped and removed ${dir}\n`);
      exit(0);
    });

  cp.command('status')
    .description('processes and nodes of a running control plane (exit 1 when a part is down)')
    .option('--dir <dir>', `data directory (default ${defaultDir()})`)
    .action(async (o: { dir?: string }) => {
      const dir = resolve(o.dir ?? defaultDir());
      const plane = ControlPlane.attach(dir);
      if (!plane) {
        io.out(`no control plane in ${dir}\n`);
        exit(1);
        return;
      }
      const s = plane.snapshot();
      io.out(`Kubernetes ${s.kubernetes} at ${s.server}, started ${s.startedAt}\n  export KUBECONFIG=${plane.kubeconfig}\n`);
      const procs = plane.processStates();
      let ok = true;
      for (const [name, up] of Object.entries(procs)) {
        const node = s.nodes.find((n) => `kwok-${n.name}` === name);
        const expected = node ? node.run !== 'stopped' : true;
        if (up !== expected) ok = false;
        io.out(`  ${name.padEnd(28)} ${up ? (node?.run === 'frozen' ? 'frozen (disconnected)' : 'running') : 'not running'}\n`);
      }
      try {
        const ready = await plane.nodeReadiness();
        for (const [name, status] of Object.entries(ready)) io.out(`  node ${name.padEnd(23)} Ready=${status || '(none)'}\n`);
      } catch (err) {
        ok = false;
        io.out(`  API server: ${err instanceof Error ? err.message : String(err)}\n`);
      }
      exit(ok ? 0 : 1);
    });

  // kept for `kscenario control-plane versions`: what can be built
  cp.command('versions')
    .description('the Kubernetes and KWOK releases the Go modules pin')
    .action(() => {
      for (const minor of CONTROL_PLANE_MINORS) {
        try {
          const r = kubernetesRelease(minor);
          io.out(`${minor}  Kubernetes ${r.kubernetes}  etcd ${r.etcd}${minor === DEFAULT_CONTROL_PLANE_MINOR ? '  (default)' : ''}\n`);
        } catch (err) {
          io.out(`${minor}  ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }
      io.out(`KWOK ${kwokRelease().kwok}\n`);
      exit(0);
    });
}

type StopReason = { signal: NodeJS.Signals; message?: undefined } | { signal?: undefined; message: string };

/** Resolves on SIGINT, SIGTERM or SIGHUP, or when a component ends by itself. */
function waitForStop(plane: ControlPlane): Promise<StopReason> {
  return new Promise((resolveStop) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    // the control plane's processes do not hold the event loop; this does, until a stop
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const done = (r: StopReason): void => {
      clearInterval(keepAlive);
      for (const s of signals) process.removeListener(s, handlers[s]!);
      resolveStop(r);
    };
    const handlers: Partial<Record<NodeJS.Signals, () => void>> = {};
    for (const s of signals) {
      handlers[s] = () => done({ signal: s });
      process.on(s, handlers[s]!);
    }
    void plane.unexpectedExit().then((message) => done({ message }));
  });
}
