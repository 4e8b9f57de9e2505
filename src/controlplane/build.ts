/**
 * Builds the control plane's binaries from the pinned Go modules with `go build`, once per
 * version, into the cache (see binaries.ts). A build is keyed by the go.mod's hash: a changed pin
 * builds again. Builds of one version are serialised with a lock directory, so parallel test
 * workers or CI jobs wait for each other instead of building twice.
 *
 * The binaries are built as upstream builds its release binaries where it matters: static
 * (CGO_ENABLED=0), -trimpath, the version stamped into k8s.io/component-base/version (what
 * /version and `kubectl version` report), symbol tables stripped (-s -w) to halve their size.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KscenarioError } from '../errors';
import { KUBERNETES_BINARIES, type BinaryName, type Env } from './binaries';
import type { GoModule, KubernetesRelease, KwokRelease } from './versions';

export interface BuildTarget {
  name: BinaryName;
  /** the main package */
  pkg: string;
}

export interface BuildPlan {
  what: string;
  module: GoModule;
  /** the cache directory: bin/ and build.json go in it */
  cacheDir: string;
  targets: BuildTarget[];
  ldflags: string;
}

export interface BinaryRecord {
  seconds: number;
  bytes: number;
}

/** build.json: what was built, from which go.mod, how long each binary took. */
export interface BuildRecord {
  /** goModKey of the go.mod it was built from */
  goModSha256: string;
  go: string;
  builtAt: string;
  binaries: Partial<Record<BinaryName, BinaryRecord>>;
  seconds: number;
}

const KUBE_PACKAGES: Record<(typeof KUBERNETES_BINARIES)[number], string> = {
  // etcd's main package is the thin wrapper at the root of its server module (etcdmain.Main)
  etcd: 'go.etcd.io/etcd/server/v3',
  'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver',
  'kube-controller-manager': 'k8s.io/kubernetes/cmd/kube-controller-manager',
  'kube-scheduler': 'k8s.io/kubernetes/cmd/kube-scheduler',
};

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The key of a build: go.mod's directives, without comments and blank lines (a comment edit builds nothing). */
export function goModKey(goMod: string): string {
  const lines = goMod.split('\n').map((l) => l.replace(/\/\/.*$/, '').trim()).filter(Boolean);
  return sha256(lines.join('\n'));
}

/** The -X flags hack/lib/version.sh sets, for the version a binary reports. */
export function kubernetesLdflags(kubernetes: string): string {
  const m = /^v(\d+)\.(\d+)\.\d+/.exec(kubernetes);
  if (!m) throw new Error(`not a Kubernetes release: ${kubernetes}`);
  const x: string[] = [];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    x.push(`-X ${pkg}.gitVersion=${kubernetes}`, `-X ${pkg}.gitMajor=${m[1]}`, `-X ${pkg}.gitMinor=${m[2]}`, `-X ${pkg}.gitTreeState=clean`);
  }
  return ['-s', '-w', ...x].join(' ');
}

export function kwokLdflags(kwok: string): string {
  return `-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${kwok}`;
}

export function kubernetesBuildPlan(release: KubernetesRelease, cacheDir: string): BuildPlan {
  return {
    what: `Kubernetes ${release.kubernetes} (etcd ${release.etcd})`,
    module: release,
    cacheDir,
    // the API server first: it is the largest and the others reuse most of its packages
    targets: (['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const).map((name) => ({ name, pkg: KUBE_PACKAGES[name] })),
    ldflags: kubernetesLdflags(release.kubernetes),
  };
}

export function kwokBuildPlan(release: KwokRelease, cacheDir: string): BuildPlan {
  return {
    what: `KWOK ${release.kwok}`,
    module: release,
    cacheDir,
    targets: [{ name: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok' }],
    ldflags: kwokLdflags(release.kwok),
  };
}

/** `go build` arguments for one target. */
export function goBuildArgs(target: BuildTarget, out: string, ldflags: string): string[] {
  return ['build', '-trimpath', `-ldflags=${ldflags}`, '-o', out, target.pkg];
}

/**
 * The environment of `go build`: -mod=mod so that a missing go.sum line is added rather than
 * fatal, no cgo (static binaries, no C compiler needed), no go.work of the user's.
 */
export function goBuildEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  out.GOFLAGS = [env.GOFLAGS, '-mod=mod'].filter(Boolean).join(' ');
  out.CGO_ENABLED = '0';
  out.GOWORK = 'off';
  return out;
}

/** The recorded build, if it is complete and made from this go.mod. */
export function readBuildRecord(plan: BuildPlan): BuildRecord | undefined {
  const file = join(plan.cacheDir, 'build.json');
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as BuildRecord;
    if (record.goModSha256 !== goModKey(plan.module.goMod)) return undefined;
    if (!plan.targets.every((t) => existsSync(join(plan.cacheDir, 'bin', t.name)))) return undefined;
    return record;
  } catch {
    return undefined;
  }
}

export interface BuildOptions {
  /** the go command (KSCENARIO_GO, else `go` on PATH, else /usr/local/go/bin/go) */
  go?: string;
  env?: Env;
  /** progress lines */
  log?: (line: string) => void;
}

export function goCommand(env: Env = process.env): string {
  if (env.KSCENARIO_GO) return env.KSCENARIO_GO;
  const onPath = (env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, 'go')));
  if (onPath) return 'go';
  return existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>, log: (line: string) => void): Promise<{ code: number; tail: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (buf: Buffer): void => {
      for (const line of buf.toString().split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        log(`  ${line}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => reject(new KscenarioError('BACKEND', `cannot run ${cmd}: ${err.message}`, undefined,
      'install Go 1.26 or newer (https://go.dev/dl), set KSCENARIO_GO to its go command, or point --binaries at built binaries')));
    child.on('close', (code) => resolve({ code: code ?? 1, tail }));
  });
}

/**
 * Takes the build lock of a cache directory; waits while a live process holds it. A lock left by
 * a process that no longer runs is taken over.
 */
export async function withBuildLock<T>(cacheDir: string, log: (line: string) => void, body: () => Promise<T>): Promise<T> {
  const lock = `${cacheDir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSafe(join(lock, 'pid')));
      if (holder && !processAlive(holder)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another build of ${cacheDir} (pid ${holder || '?'})`);
      announced = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Builds the plan's binaries unless a complete build of the same go.mod is cached. */
export async function buildCached(plan: BuildPlan, opts: BuildOptions = {}): Promise<BuildRecord> {
  const log = opts.log ?? (() => undefined);
  const cached = readBuildRecord(plan);
  if (cached) return cached;
  return withBuildLock(plan.cacheDir, log, async () => {
    // another process may have built it while we waited
    const built = readBuildRecord(plan);
    if (built) return built;
    return buildNow(plan, opts);
  });
}

async function buildNow(plan: BuildPlan, opts: BuildOptions): Promise<BuildRecord> {
  const log = opts.log ?? (() => undefined);
  const env = goBuildEnv(opts.env ?? process.env);
  const go = opts.go ?? goCommand(opts.env ?? process.env);
  const version = await run(go, ['version'], plan.module.dir, env, () => undefined);
  const goVersion = version.tail.join(' ').replace(/^go version /, '');
  if (version.code !== 0) throw new KscenarioError('BACKEND', `${go} version failed: ${version.tail.join('\n')}`);
  const staging = join(plan.cacheDir, `bin.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const record: BuildRecord = { goModSha256: goModKey(plan.module.goMod), go: goVersion, builtAt: new Date().toISOString(), binaries: {}, seconds: 0 };
  const started = Date.now();
  log(`building ${plan.what} with ${goVersion} into ${plan.cacheDir} (the first build takes a while)`);
  for (const target of plan.targets) {
    const t0 = Date.now();
    log(`go build ${target.pkg}`);
    const out = join(staging, target.name);
    const res = await run(go, goBuildArgs(target, out, plan.ldflags), plan.module.dir, env, log);
    if (res.code !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new KscenarioError('BACKEND', `go build ${target.pkg} failed (exit ${res.code}):\n${res.tail.join('\n')}`, undefined,
        'a Go toolchain too old for the module? set GOTOOLCHAIN (e.g. go1.27.3) or install a newer Go; or point --binaries at built binaries');
    }
    const seconds = Math.round((Date.now() - t0) / 100) / 10;
    record.binaries[target.name] = { seconds, bytes: statSync(out).size };
    log(`built ${target.name} in ${seconds} s (${(statSync(out).size / 2 ** 20).toFixed(0)} MiB)`);
  }
  record.seconds = Math.round((Date.now() - started) / 100) / 10;
  const bin = join(plan.cacheDir, 'bin');
  rmSync(bin, { recursive: true, force: true });
  renameSync(staging, bin);
  writeFileSync(join(plan.cacheDir, 'build.json'), JSON.stringify(record, null, 2) + '\n');
  return record;
}
