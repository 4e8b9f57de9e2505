/**
 * What the simulator serves but does not act on. A manifest using one of these would be accepted
 * and then behave as if the field were absent — a verdict on behaviour no cluster has — so the
 * runner refuses such a scenario before it runs, naming the field (runner/capabilities.ts).
 *
 * Each entry says from which release the API server keeps the field (before that its feature gate
 * is off and upstream drops it on write, which the simulator's ignoring matches). Pod fields are
 * checked in pods and in every pod template. Everything not listed here that the API serves is
 * implemented or has no effect a scenario can observe; docs/simulator.md says what is modelled.
 */
import type { Unimplemented } from '../kube/unimplemented';
import type { KObject } from '../kube/object';
import { POD_SPEC_AT } from '../kube/pod-spec-path';
import { atLeast, type KubeVersion } from '../kube/version';

type Path = (string | number)[];

interface FieldGap {
  /** path below the pod spec (pod fields) or the object (other kinds); '*' walks a list */
  path: string[];
  /** first release whose API server keeps the field (its gate on by default) */
  servedFrom: string;
  /** what is missing, for the message */
  why: string;
}

const POD_SPEC_GAPS: FieldGap[] = [
  { path: ['resourceClaims'], servedFrom: '1.34', why: 'dynamic resource allocation: DynamicResourceAllocation' },
  { path: ['resources'], servedFrom: '1.34', why: 'pod-level resources: PodLevelResources' },
  { path: ['hostnameOverride'], servedFrom: '1.35', why: 'hostname overrides: HostnameOverride' },
  { path: ['runtimeClassName'], servedFrom: '1.29', why: 'the RuntimeClass admission plugin and runtime handlers' },
  { path: ['securityContext', 'sysctls'], servedFrom: '1.29', why: "the kubelet's sysctl admission" },
  { path: ['containers', '*', 'restartPolicyRules'], servedFrom: '1.35', why: 'container restart rules: ContainerRestartRules' },
  { path: ['initContainers', '*', 'restartPolicyRules'], servedFrom: '1.35', why: 'container restart rules: ContainerRestartRules' },
];

/** Fields of other kinds, by kind (none at present: Job's per-index back-off is modelled). */
const OBJECT_GAPS: Partial<Record<string, FieldGap[]>> = {};

/** Kinds served (so a manifest of them is valid) that no simulated controller acts on. */
const KIND_GAPS: Partial<Record<string, string>> = {
  HorizontalPodAutoscaler: 'the horizontal pod autoscaler and a metrics pipeline',
  ReplicationController: 'the replication controller',
};

export function unimplementedIn(obj: KObject, v: KubeVersion): Unimplemented[] {
  const kindGap = KIND_GAPS[obj.kind];
  if (kindGap) return [{ path: [], field: obj.kind, feature: kindGap }];
  const gaps = (OBJECT_GAPS[obj.kind] ?? []).filter((g) => atLeast(v, g.servedFrom));
  const found = gaps.flatMap((g) => present(obj, g.path).map((path) => ({ path, field: dotted(path), feature: g.why })));
  const podSpec = POD_SPEC_AT[obj.kind];
  if (podSpec) {
    for (const g of POD_SPEC_GAPS.filter((x) => atLeast(v, x.servedFrom))) {
      found.push(...present(obj, [...podSpec, ...g.path]).map((path) => ({ path, field: dotted(path), feature: g.why })));
    }
  }
  return found;
}

/** The concrete paths of `pattern` that hold a value (null and empty lists count as absent). */
function present(value: unknown, pattern: string[], at: Path = []): Path[] {
  if (!pattern.length) return value === undefined || value === null || (Array.isArray(value) && !value.length) ? [] : [at];
  if (value === null || typeof value !== 'object') return [];
  const [head, ...rest] = pattern as [string, ...string[]];
  if (head === '*') return Array.isArray(value) ? value.flatMap((item, i) => present(item, rest, [...at, i])) : [];
  return present((value as Record<string, unknown>)[head], rest, [...at, head]);
}

function dotted(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}
