/**
 * Ranges of Kubernetes minors, as `spec.requires.kubernetesVersion` writes them: comparators
 * separated by spaces, all of which must hold (">=1.31 <1.35"), and alternatives joined by `||`
 * ("1.35 || >=1.37"). A bare minor ("1.35") means that minor only, any patch release. A bound
 * may name a patch release where behaviour changed within a minor (MaxUnavailableStatefulSet is on
 * in 1.35.0-1.35.3 only: ">=1.35.0 <1.35.4"). The syntax is npm's semver ranges cut down to
 * Kubernetes releases. On the simulator a bare minor is the newest patch release it emulates
 * (1.35 is 1.35.4: version.ts); a real cluster is the gitVersion its API server reports.
 */
import { SUPPORTED_VERSIONS, isSupportedVersion, patchOf, type KubeVersion } from './version';

type Operator = '>=' | '<=' | '>' | '<' | '=';

interface Comparator {
  op: Operator;
  minor: number;
  /** written as 1.N.P: compared as a release; without it only the minor is compared */
  patch?: number;
}

interface Release {
  minor: number;
  patch: number;
}

export interface VersionRange {
  /** the text as written, for messages */
  text: string;
  /** alternatives (`||`), each a list of comparators that must all hold */
  alternatives: Comparator[][];
}

const COMPARATOR = /^(>=|<=|>|<|=)?\s*1\.(\d+)(?:\.(\d+))?$/;

/** Parses a range; a string describing what is wrong when it cannot. */
export function parseVersionRange(text: string): VersionRange | string {
  const alternatives: Comparator[][] = [];
  for (const part of text.split('||')) {
    const words = part.trim().replace(/(>=|<=|>|<|=)\s+/g, '$1').split(/\s+/).filter(Boolean);
    if (!words.length) return `empty alternative in '${text}'`;
    const comparators: Comparator[] = [];
    for (const word of words) {
      const m = COMPARATOR.exec(word);
      if (!m) return `'${word}' is not a comparator of Kubernetes versions (write >=1.33, <1.36, 1.35, <1.35.4...)`;
      comparators.push({ op: (m[1] ?? '=') as Operator, minor: Number(m[2]), ...(m[3] !== undefined ? { patch: Number(m[3]) } : {}) });
    }
    alternatives.push(comparators);
  }
  return { text: text.trim(), alternatives };
}

/** <0, 0, >0 as `v` is before, within or after what the comparator names */
function compare(c: Comparator, v: Release): number {
  if (v.minor !== c.minor || c.patch === undefined) return v.minor - c.minor;
  return v.patch - c.patch;
}

function holds(c: Comparator, v: Release): boolean {
  const d = compare(c, v);
  switch (c.op) {
    case '>=': return d >= 0;
    case '<=': return d <= 0;
    case '>': return d > 0;
    case '<': return d < 0;
    case '=': return d === 0;
  }
}

/**
 * A simulator version ("1.35" is its newest emulated patch, 1.35.4; "1.35.0"), or a server's
 * gitVersion ("v1.35.4+k3s1", a minor without a patch read as .0).
 */
function releaseOf(v: string): Release | undefined {
  const m = /^v?1\.(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) return undefined;
  const patch = isSupportedVersion(v) ? patchOf(v) : Number(m[2] ?? 0);
  return { minor: Number(m[1]), patch };
}

/** Whether a release (a simulator version, or a server's "v1.33.2") lies in the range. */
export function inRange(range: VersionRange, version: string): boolean {
  const release = releaseOf(version);
  return release !== undefined && range.alternatives.some((cs) => cs.every((c) => holds(c, release)));
}

/** The emulated minors (1.29–1.37, each as its newest emulated patch) in the range, oldest first. */
export function supportedIn(range: VersionRange): KubeVersion[] {
  return SUPPORTED_VERSIONS.filter((v) => inRange(range, v));
}
