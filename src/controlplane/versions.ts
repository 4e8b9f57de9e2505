/**
 * Which upstream releases a control plane is built from. The single source of truth is the Go
 * modules kept in src/controlplane/go/: one per Kubernetes minor (v1.35/go.mod pins
 * k8s.io/kubernetes, its staging modules and etcd), and one for KWOK (kwok/go.mod), shared by
 * every Kubernetes version because KWOK follows its own client-go.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KscenarioError } from '../errors';
import { packageRoot } from '../paths';
import { DEFAULT_VERSION } from '../kube/version';

/** Kubernetes minors a control plane can be built for (a go.mod each under src/controlplane/go/). */
export const CONTROL_PLANE_MINORS = ['1.35', '1.36', '1.37'] as const;
export type ControlPlaneMinor = (typeof CONTROL_PLANE_MINORS)[number];
/** The project's default version (DEFAULT_VERSION, the newest stable minor): a control plane is built for it unless asked otherwise. */
export const DEFAULT_CONTROL_PLANE_MINOR: ControlPlaneMinor = asControlPlaneMinor(DEFAULT_VERSION);

function asControlPlaneMinor(v: string): ControlPlaneMinor {
  if (!(CONTROL_PLANE_MINORS as readonly string[]).includes(v)) throw new Error(`no control-plane module for the default version ${v}: add src/controlplane/go/v${v}/go.mod`);
  return v as ControlPlaneMinor;
}

/** The Go modules that pin the builds. */
export const GO_MODULES_DIR = join(packageRoot(), 'src', 'controlplane', 'go');

export interface GoModule {
  /** directory holding go.mod and go.sum */
  dir: string;
  /** go.mod's text (its hash keys the build cache) */
  goMod: string;
}

export interface KubernetesRelease extends GoModule {
  minor: ControlPlaneMinor;
  /** 'v1.35.4' */
  kubernetes: string;
  /** 'v3.6.5' */
  etcd: string;
}

export interface KwokRelease extends GoModule {
  /** 'v0.8.0' */
  kwok: string;
}

/** `require` lines of a go.mod, module path → version (both the block and the one-line form). */
export function goModRequires(text: string): Map<string, string> {
  const requires = new Map<string, string>();
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (/^require\s*\($/.test(line)) { inBlock = true; continue; }
    if (inBlock && line === ')') { inBlock = false; continue; }
    const m = inBlock ? /^(\S+)\s+(\S+)$/.exec(line) : /^require\s+(\S+)\s+(\S+)$/.exec(line);
    if (m) requires.set(m[1]!, m[2]!);
  }
  return requires;
}

/** `replace` lines of a go.mod: module path → replacement ("path version" or a directory). */
export function goModReplaces(text: string): Map<string, string> {
  const replaces = new Map<string, string>();
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (/^replace\s*\($/.test(line)) { inBlock = true; continue; }
    if (inBlock && line === ')') { inBlock = false; continue; }
    const m = inBlock ? /^(\S+)\s+=>\s+(.+)$/.exec(line) : /^replace\s+(\S+)\s+=>\s+(.+)$/.exec(line);
    if (m) replaces.set(m[1]!, m[2]!.trim());
  }
  return replaces;
}

/**
 * '1.35', 'v1.35', '1.35.4' or 'v1.35.4' → the minor. A patch must be the pinned one: a go.mod
 * pins exactly one release per minor.
 */
export function parseVersionArg(text: string): { minor: string; patch?: string } {
  const m = /^v?1\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) {
    throw new KscenarioError('USAGE', `--version ${text}: not a Kubernetes version`, undefined,
      `write a minor (${CONTROL_PLANE_MINORS.join(', ')}) or its pinned release (e.g. v1.35.4)`);
  }
  return { minor: `1.${m[1]}`, ...(m[2] !== undefined ? { patch: `v1.${m[1]}.${m[2]}` } : {}) };
}

function isMinor(v: string): v is ControlPlaneMinor {
  return (CONTROL_PLANE_MINORS as readonly string[]).includes(v);
}

function readModule(dir: string): GoModule {
  const file = join(dir, 'go.mod');
  if (!existsSync(file)) {
    throw new KscenarioError('FILE_NOT_FOUND', `${file} is missing`, undefined,
      'the control plane is built from the Go modules in the kscenario repository (src/controlplane/go/); run from a clone');
  }
  return { dir, goMod: readFileSync(file, 'utf8') };
}

/** The release pinned for a version argument (default: the project's default minor). */
export function kubernetesRelease(version: string = DEFAULT_CONTROL_PLANE_MINOR, modulesDir = GO_MODULES_DIR): KubernetesRelease {
  const { minor, patch } = parseVersionArg(version);
  if (!isMinor(minor)) {
    throw new KscenarioError('UNSUPPORTED', `Kubernetes ${minor} has no control-plane module`, undefined,
      `available: ${CONTROL_PLANE_MINORS.join(', ')} (src/controlplane/go/v<minor>/go.mod)`);
  }
  const mod = readModule(join(modulesDir, `v${minor}`));
  const requires = goModRequires(mod.goMod);
  const kubernetes = requires.get('k8s.io/kubernetes');
  const etcd = requires.get('go.etcd.io/etcd/server/v3');
  if (!kubernetes || !etcd) {
    throw new KscenarioError('BACKEND', `${join(mod.dir, 'go.mod')} does not require k8s.io/kubernetes and go.etcd.io/etcd/server/v3`);
  }
  if (patch && patch !== kubernetes) {
    throw new KscenarioError('UNSUPPORTED', `Kubernetes ${patch} is not pinned: ${minor} builds ${kubernetes}`, undefined,
      `use --version ${minor}, or change the pin in ${join(mod.dir, 'go.mod')} (and its replace lines)`);
  }
  return { ...mod, minor, kubernetes, etcd };
}

export function kwokRelease(modulesDir = GO_MODULES_DIR): KwokRelease {
  const mod = readModule(join(modulesDir, 'kwok'));
  const kwok = goModRequires(mod.goMod).get('sigs.k8s.io/kwok');
  if (!kwok) throw new KscenarioError('BACKEND', `${join(mod.dir, 'go.mod')} does not require sigs.k8s.io/kwok`);
  return { ...mod, kwok };
}

/**
 * Checks a Kubernetes go.mod the way the build needs it: every k8s.io staging module replaced by
 * its published v0.<minor>.<patch> (k8s.io/kubernetes requires them at v0.0.0). Returns problems.
 */
export function stagingReplaceProblems(release: Pick<KubernetesRelease, 'goMod' | 'kubernetes'>): string[] {
  const staging = release.kubernetes.replace(/^v1\./, 'v0.');
  const problems: string[] = [];
  for (const [path, to] of goModReplaces(release.goMod)) {
    if (!path.startsWith('k8s.io/')) continue;
    if (to !== `${path} ${staging}`) problems.push(`${path} => ${to} (want ${path} ${staging})`);
  }
  if (!goModReplaces(release.goMod).has('k8s.io/api')) problems.push('k8s.io/api is not replaced');
  return problems;
}
