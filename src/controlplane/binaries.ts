/**
 * Where the control plane's binaries are: directories the user points at (`--binaries DIR`,
 * KSCENARIO_CONTROL_PLANE_BIN, a colon-separated list), then the build cache under the user's cache
 * directory, keyed by version:
 *
 *   $XDG_CACHE_HOME/kscenario/control-plane/v1.35.4/bin/{etcd,kube-apiserver,...}   (default ~/.cache)
 *   $XDG_CACHE_HOME/kscenario/control-plane/kwok-v0.8.0/bin/kwok
 *
 * KSCENARIO_CACHE_DIR replaces $XDG_CACHE_HOME/kscenario. A user directory may hold any subset:
 * kwokctl's binary runtime (~/.kwok/clusters/<name>/bin, where KWOK is `kwok-controller`), a
 * `make` output (_output/local/bin/linux/amd64) or unpacked release binaries (kubernetes/server/bin).
 */
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import type { KubernetesRelease, KwokRelease } from './versions';

export const KUBERNETES_BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
export type KubernetesBinary = (typeof KUBERNETES_BINARIES)[number];
export type BinaryName = KubernetesBinary | 'kwok';
export const ALL_BINARIES: readonly BinaryName[] = [...KUBERNETES_BINARIES, 'kwok'];

/** Other names a binary goes by in layouts we accept (kwokctl calls KWOK `kwok-controller`). */
const ALIASES: Record<BinaryName, string[]> = {
  etcd: ['etcd'],
  'kube-apiserver': ['kube-apiserver'],
  'kube-controller-manager': ['kube-controller-manager'],
  'kube-scheduler': ['kube-scheduler'],
  kwok: ['kwok', 'kwok-controller'],
};

export type Env = Readonly<Record<string, string | undefined>>;

/** kscenario's cache directory: KSCENARIO_CACHE_DIR, else $XDG_CACHE_HOME/kscenario, else ~/.cache/kscenario. */
export function cacheRoot(env: Env = process.env, home: string = homedir()): string {
  if (env.KSCENARIO_CACHE_DIR) return env.KSCENARIO_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME;
  // the XDG spec: a relative path is invalid and must be ignored
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'kscenario');
}

export function kubernetesCacheDir(release: Pick<KubernetesRelease, 'kubernetes'>, env: Env = process.env): string {
  return join(cacheRoot(env), 'control-plane', release.kubernetes);
}

export function kwokCacheDir(release: Pick<KwokRelease, 'kwok'>, env: Env = process.env): string {
  return join(cacheRoot(env), 'control-plane', `kwok-${release.kwok}`);
}

/** The user's binary directories, flags first, then KSCENARIO_CONTROL_PLANE_BIN. */
export function userBinaryDirs(flagDirs: readonly string[], env: Env = process.env): string[] {
  const fromEnv = (env.KSCENARIO_CONTROL_PLANE_BIN ?? '').split(delimiter).filter(Boolean);
  return [...flagDirs, ...fromEnv];
}

export interface ResolvedBinary {
  path: string;
  /** 'user' when found in a directory the user named, 'cache' when built by kscenario */
  source: 'user' | 'cache';
}

export interface BinaryLookup {
  found: Partial<Record<BinaryName, ResolvedBinary>>;
  missing: BinaryName[];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds each binary in the user's directories, then in the cache directories. */
export function lookupBinaries(
  userDirs: readonly string[],
  cacheBinDirs: { kubernetes: string; kwok: string },
  exists: (path: string) => boolean = isExecutable,
): BinaryLookup {
  const found: BinaryLookup['found'] = {};
  const missing: BinaryName[] = [];
  for (const name of ALL_BINARIES) {
    let hit: ResolvedBinary | undefined;
    for (const dir of userDirs) {
      const alias = ALIASES[name].find((a) => exists(join(dir, a)));
      if (alias) { hit = { path: join(dir, alias), source: 'user' }; break; }
    }
    if (!hit) {
      const cached = join(name === 'kwok' ? cacheBinDirs.kwok : cacheBinDirs.kubernetes, name);
      if (exists(cached)) hit = { path: cached, source: 'cache' };
    }
    if (hit) found[name] = hit;
    else missing.push(name);
  }
  return { found, missing };
}
