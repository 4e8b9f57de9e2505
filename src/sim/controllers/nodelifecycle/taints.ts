/**
 * The node taints the node lifecycle controller manages and the taint set arithmetic it uses
 * (pkg/util/taints: TaintExists, TaintSetDiff, AddOrUpdateTaint, RemoveTaint; the templates and
 * maps at the top of node_lifecycle_controller.go; component-helpers node/topology GetZoneKey).
 */
import type { Node, Taint } from 'kubernetes-types/core/v1';
import { deepEqual } from '../../../kube/equal';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

/** nodeConditionToTaintKeyStatusMap: which condition status earns which NoSchedule taint. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

/** taintKeyToNodeConditionMap's keys: the NoSchedule taints that mirror a condition. */
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

/** Taint.MatchTaint: same key and effect (the value does not count). */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: readonly Taint[] | undefined, t: Taint): boolean {
  return (taints ?? []).some((x) => matchTaint(x, t));
}

/** The NoSchedule taints a node's conditions and spec.unschedulable call for (doNoScheduleTaintingPass). */
export function wantedNoScheduleTaints(node: Node): Taint[] {
  const wanted: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) wanted.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) wanted.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return wanted;
}

/** The node's NoSchedule taints that the controller owns (the ones it compares with the wanted set). */
export function controllerNoScheduleTaints(node: Node): Taint[] {
  return (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
}

/** TaintSetDiff: taints of `wanted` missing from `current`, and taints of `current` not wanted. */
export function taintSetDiff(wanted: readonly Taint[], current: readonly Taint[]): { add: Taint[]; remove: Taint[] } {
  return {
    add: wanted.filter((t) => !taintExists(current, t)),
    remove: current.filter((t) => !taintExists(wanted, t)),
  };
}

/**
 * AddOrUpdateTaint for each taint in turn: a taint with the same key and effect is replaced
 * unless it is identical (timeAdded included), a new one is appended. Undefined: no change.
 */
export function withTaints(taints: readonly Taint[], add: readonly Taint[]): Taint[] | undefined {
  let out = [...taints];
  let changed = false;
  for (const t of add) {
    const i = out.findIndex((x) => matchTaint(x, t));
    if (i >= 0 && deepEqual(out[i], t)) continue;
    if (i >= 0) out = out.map((x, j) => (j === i ? t : x));
    else out.push(t);
    changed = true;
  }
  return changed ? out : undefined;
}

/** RemoveTaint for each taint: drops every taint with the same key and effect. Undefined: no change. */
export function withoutTaints(taints: readonly Taint[], remove: readonly Taint[]): Taint[] | undefined {
  const out = taints.filter((x) => !remove.some((t) => matchTaint(x, t)));
  return out.length === taints.length ? undefined : out;
}

/**
 * GetZoneKey: region and zone from the beta failure-domain labels, else the topology labels;
 * "" when neither is set (every kind node is in zone "").
 */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const zone = labels['failure-domain.beta.kubernetes.io/zone'] ?? labels['topology.kubernetes.io/zone'] ?? '';
  const region = labels['failure-domain.beta.kubernetes.io/region'] ?? labels['topology.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}
