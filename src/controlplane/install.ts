/**
 * The binaries a control plane of a given version runs: the user's where they point at some,
 * built ones from the cache otherwise, building what is missing (once per version) unless told
 * not to.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { KscenarioError } from '../errors';
import {
  ALL_BINARIES, KUBERNETES_BINARIES, kubernetesCacheDir, kwokCacheDir, lookupBinaries, userBinaryDirs, type BinaryName, type Env,
  type ResolvedBinary,
} from './binaries';
import { buildCached, kubernetesBuildPlan, kwokBuildPlan, readBuildRecord, type BuildRecord } from './build';
import type { Binaries } from './control-plane';
import { kubernetesRelease, kwokRelease, type KubernetesRelease, type KwokRelease } from './versions';

export interface EnsureOptions {
  /** '1.35', 'v1.35.4', ... (default: the project's default) */
  version?: string;
  /** --binaries directories */
  binaryDirs?: string[];
  /** build what is missing (default true) */
  build?: boolean;
  env?: Env;
  log?: (line: string) => void;
}

export interface Ensured {
  release: KubernetesRelease;
  kwok: KwokRelease;
  binaries: Binaries;
  sources: Record<BinaryName, ResolvedBinary['source']>;
  /** builds made now */
  built: BuildRecord[];
}

/** `kube-apiserver --version` → 'v1.35.4' (undefined if it does not say). */
export function reportedVersion(bin: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(bin, ['--version'], { timeout: 20_000 }, (err, stdout) => {
      const m = /Kubernetes (v\d+\.\d+\.\d+\S*)/.exec(String(stdout));
      resolve(err || !m ? undefined : m[1]);
    });
  });
}

function plans(o: Pick<EnsureOptions, 'version' | 'env'>) {
  const env = o.env ?? process.env;
  const release = kubernetesRelease(o.version);
  const kwok = kwokRelease();
  const kubePlan = kubernetesBuildPlan(release, kubernetesCacheDir(release, env));
  const kwokPlan = kwokBuildPlan(kwok, kwokCacheDir(kwok, env));
  // a cached build counts only when complete and made from the current go.mod
  const cacheDirs = () => ({
    kubernetes: readBuildRecord(kubePlan) ? join(kubePlan.cacheDir, 'bin') : join(kubePlan.cacheDir, 'missing'),
    kwok: readBuildRecord(kwokPlan) ? join(kwokPlan.cacheDir, 'bin') : join(kwokPlan.cacheDir, 'missing'),
  });
  return { env, release, kwok, kubePlan, kwokPlan, cacheDirs };
}

/** The binaries at hand now (user directories, then the cache), without building: the missing ones listed. */
export function binariesAtHand(o: Pick<EnsureOptions, 'version' | 'env' | 'binaryDirs'> = {}): { binaries?: Binaries; missing: BinaryName[] } {
  const p = plans(o);
  const lookup = lookupBinaries(userBinaryDirs(o.binaryDirs ?? [], p.env), p.cacheDirs());
  if (lookup.missing.length) return { missing: lookup.missing };
  const binaries = {} as Binaries;
  for (const name of ALL_BINARIES) binaries[name] = lookup.found[name]!.path;
  return { binaries, missing: [] };
}

export async function ensureBinaries(o: EnsureOptions = {}): Promise<Ensured> {
  const log = o.log ?? (() => undefined);
  const { env, release, kwok, kubePlan, kwokPlan, cacheDirs } = plans(o);
  const userDirs = userBinaryDirs(o.binaryDirs ?? [], env);
  let lookup = lookupBinaries(userDirs, cacheDirs());
  const built: BuildRecord[] = [];
  if (lookup.missing.length) {
    if (o.build === false) {
      throw new KscenarioError('UNSUPPORTED', `no ${lookup.missing.join(', ')} for Kubernetes ${release.kubernetes}`, undefined,
        `build them once with \`kscenario control-plane build --version ${release.minor}\`, or point --binaries (KSCENARIO_CONTROL_PLANE_BIN) at a directory holding them`);
    }
    if (lookup.missing.some((b) => (KUBERNETES_BINARIES as readonly string[]).includes(b))) built.push(await buildCached(kubePlan, { env, log }));
    if (lookup.missing.includes('kwok')) built.push(await buildCached(kwokPlan, { env, log }));
    lookup = lookupBinaries(userDirs, cacheDirs());
    if (lookup.missing.length) throw new KscenarioError('BACKEND', `still missing after the build: ${lookup.missing.join(', ')}`);
  }
  const binaries = {} as Binaries;
  const sources = {} as Ensured['sources'];
  for (const name of ALL_BINARIES) {
    binaries[name] = lookup.found[name]!.path;
    sources[name] = lookup.found[name]!.source;
  }
  // binaries the user brought must be of the version asked for
  for (const name of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const) {
    if (sources[name] !== 'user') continue;
    const v = await reportedVersion(binaries[name]);
    const minor = v && /^v(\d+\.\d+)/.exec(v)?.[1];
    if (minor !== release.minor) {
      throw new KscenarioError('USAGE', `${binaries[name]} is Kubernetes ${v ?? '(unknown version)'}, not ${release.minor}`, undefined,
        `choose --version ${minor ?? '<its version>'}, or point --binaries at ${release.minor} binaries`);
    }
  }
  return { release, kwok, binaries, sources, built };
}
