/**
 * `spec.requires.kubernetesVersion`: the minors a scenario's verdicts hold on. Checked when the
 * scenario loads (the version the simulator would run it at must lie in the range), and used to
 * choose the version of a run (`--kubernetes-version` moves scenarios that pin none) and to skip a
 * scenario whose cluster runs a minor outside the range.
 */
import type { Scenario } from '../../generated/scenario';
import { parseVersionRange, inRange, supportedIn, type VersionRange } from '../kube/version-range';
import { DEFAULT_VERSION, type KubeVersion } from '../kube/version';
import type { Problem } from './problem';
import { isMap } from './step-shape';

const RANGE_PATH = ['spec', 'requires', 'kubernetesVersion'];
const PIN_PATH = ['spec', 'cluster', 'kubernetesVersion'];

export interface VersionChoice {
  /** the parsed range, when the scenario declares one */
  range?: VersionRange;
  /** the minor the simulator runs it at */
  version: KubeVersion;
  /** why it does not run at the version asked for (`--kubernetes-version` outside its range) */
  skip?: string;
  problems: Problem[];
}

function declaredRange(data: unknown): string | undefined {
  const spec = isMap(data) ? data['spec'] : undefined;
  const requires = isMap(spec) ? spec['requires'] : undefined;
  const text = isMap(requires) ? requires['kubernetesVersion'] : undefined;
  return typeof text === 'string' ? text : undefined;
}

function pinned(data: unknown): string | undefined {
  const cluster = (data as Scenario | undefined)?.spec?.cluster;
  return typeof cluster?.kubernetesVersion === 'string' ? cluster.kubernetesVersion : undefined;
}

/**
 * The version a scenario runs at on the simulator: its pin, else `requested`
 * (`--kubernetes-version`), else the default; `resolved` is the pin as resolveCluster read it.
 */
export function chooseVersion(data: unknown, resolved: KubeVersion, requested?: KubeVersion): VersionChoice {
  const text = declaredRange(data);
  const pin = pinned(data);
  const parsed = text === undefined ? undefined : parseVersionRange(text);
  if (typeof parsed === 'string') return { version: resolved, problems: [{ code: 'SCHEMA', path: RANGE_PATH, message: parsed }] };
  const range = parsed;
  const problems = range ? rangeProblems(range, pin, resolved) : [];
  if (pin !== undefined || requested === undefined) return { range, version: resolved, problems };
  if (!range || inRange(range, requested)) return { range, version: requested, problems };
  return { range, version: resolved, problems, skip: outsideRange(range, `this run is at ${requested} (--kubernetes-version)`) };
}

function rangeProblems(range: VersionRange, pin: string | undefined, version: KubeVersion): Problem[] {
  if (!supportedIn(range).length) {
    return [{ code: 'SCHEMA', path: RANGE_PATH, message: `kubernetesVersion '${range.text}' matches none of the supported minors`, hint: 'kscenario emulates 1.29 … 1.37' }];
  }
  if (inRange(range, version)) return [];
  if (pin !== undefined) {
    return [{ code: 'SCHEMA', path: PIN_PATH, message: `kubernetesVersion "${pin}" is outside the scenario's spec.requires.kubernetesVersion '${range.text}'`, hint: `pin one of ${supportedIn(range).join(', ')}` }];
  }
  return [{
    code: 'SCHEMA', path: RANGE_PATH,
    message: `the scenario pins no kubernetesVersion and the default, ${DEFAULT_VERSION}, is outside its range '${range.text}'`,
    hint: `pin one of ${supportedIn(range).join(', ')} in spec.cluster.kubernetesVersion`,
  }];
}

/** Why a scenario with this range does not run where the cluster is at `where`. */
export function outsideRange(range: VersionRange, where: string): string {
  return `skipped: the scenario holds on Kubernetes '${range.text}' (spec.requires.kubernetesVersion); ${where}`;
}
