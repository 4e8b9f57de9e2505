/**
 * The Kubernetes releases whose behaviour and served APIs kscenario emulates.
 *
 * A version is a minor ("1.35") or one patch release of it ("1.35.0"). A bare minor means the
 * newest patch release of that minor whose behaviour kscenario has checked (LATEST_PATCH): the
 * one whose source the simulator's rules were read from and whose control plane the differential
 * run builds. A patch release names a point inside a minor where behaviour changed in a patch
 * (MaxUnavailableStatefulSet is on by default in 1.35.0–1.35.3 and off from 1.35.4), so a
 * scenario about that point can pin it. Almost every rule depends on the minor only (atLeast);
 * the few that changed in a patch release read patchOf.
 */

export const SUPPORTED_VERSIONS = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'] as const;
export type KubeMinor = (typeof SUPPORTED_VERSIONS)[number];
/** a supported minor, or one of its patch releases ("1.35.0") */
export type KubeVersion = KubeMinor | `${KubeMinor}.${number}`;
export const DEFAULT_VERSION: KubeMinor = '1.37';

/**
 * The newest patch release of each minor that kscenario's rules were checked against: the tags of
 * the kubernetes source read for them (v1.35.4, v1.36.3, v1.37.2: the Go module cache, and the
 * control-plane pins in src/controlplane/go/). Older minors are emulated as their .0 release: no
 * patch release of theirs was read, and behaviour their patch releases changed is named per rule
 * where it is known (docs/versions.md).
 */
const LATEST_PATCH: Partial<Record<KubeMinor, number>> = { '1.35': 4, '1.36': 3, '1.37': 2 };

const VERSION = /^1\.(\d+)(?:\.(\d+))?$/;

interface VersionParts {
  readonly minor: number;
  readonly patch?: number;
}

/**
 * Parsed versions by text. atLeast runs on every write (gated fields, validation rules) with a
 * handful of distinct strings, and parsing them each time cost about 1% of a run.
 */
const PARSED = new Map<string, VersionParts>();

function parts(v: string): VersionParts {
  const known = PARSED.get(v);
  if (known) return known;
  const m = VERSION.exec(v);
  if (!m) throw new Error(`not a Kubernetes version: ${v}`);
  const parsed: VersionParts = { minor: Number(m[1]), ...(m[2] !== undefined ? { patch: Number(m[2]) } : {}) };
  PARSED.set(v, parsed);
  return parsed;
}

/** "1.35" of "1.35" and of "1.35.4". */
export function minorOf(v: KubeVersion): KubeMinor {
  return `1.${parts(v).minor}` as KubeMinor;
}

/** The newest patch release of a minor that kscenario emulates. */
export function latestPatch(minor: KubeMinor): number {
  return LATEST_PATCH[minor] ?? 0;
}

/** The patch release a version means: its own, or its minor's latest. */
export function patchOf(v: KubeVersion): number {
  return parts(v).patch ?? latestPatch(minorOf(v));
}

/** "1.35.4": the release a version means. */
export function releaseOf(v: KubeVersion): string {
  return `${minorOf(v)}.${patchOf(v)}`;
}

/**
 * true when `v` is the same as or newer than `than` ("1.32" >= "1.29"). A `than` without a patch
 * compares minors; with one ("1.35.4") it compares releases.
 */
export function atLeast(v: KubeVersion, than: string): boolean {
  const a = parts(v);
  const b = parts(than);
  if (a.minor !== b.minor || b.patch === undefined) return a.minor >= b.minor;
  return patchOf(v) >= b.patch;
}

/** A supported minor, or a patch release of one up to the newest emulated ("1.35.0" … "1.35.4"). */
export function isSupportedVersion(v: string): v is KubeVersion {
  const m = VERSION.exec(v);
  if (!m) return false;
  const minor = `1.${m[1]}`;
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(minor)) return false;
  return m[2] === undefined || (String(Number(m[2])) === m[2] && Number(m[2]) <= latestPatch(minor as KubeMinor));
}

/** What a version outside isSupportedVersion should be instead, for messages. */
export function supportedVersionsHint(): string {
  const patches = SUPPORTED_VERSIONS.filter((m) => latestPatch(m) > 0).map((m) => `${m}.0 … ${m}.${latestPatch(m)}`);
  return `supported: ${SUPPORTED_VERSIONS[0]} … ${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]} (a minor means its newest emulated patch release), or a patch release: ${patches.join(', ')}`;
}

/**
 * Every version a scenario may name: the minors, then each minor's emulated patch releases
 * ("1.29.0", …, "1.35.0" … "1.35.4"). The schema's KubernetesVersion enum is this list.
 */
export const EMULATED_VERSIONS: readonly KubeVersion[] = [
  ...SUPPORTED_VERSIONS,
  ...SUPPORTED_VERSIONS.flatMap((m) => Array.from({ length: latestPatch(m) + 1 }, (_, p): KubeVersion => `${m}.${p}`)),
];
