/**
 * corev1.ResourceList arithmetic as the quota code does it (k8s.io/apiserver pkg/quota/v1
 * resources.go), over quantities that remember their format: Quantity.Add keeps the receiver's
 * format unless the receiver is zero, when it takes the operand's. That is why a quota's used
 * memory prints "600Mi" after 0 + 600Mi, and why messages quote values the way users wrote them.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { parseQuantity } from './quantity';
import { formatQuantity, quantityFormat, type QuantityFormat } from './validation/quantity-text';

export interface Q {
  value: number;
  format: QuantityFormat;
}

export type QList = Record<string, Q>;

type RawList = Record<string, string | number> | undefined | null;

/** Sums of decimal fractions (0.1 + 0.2 cpu) are kept exact to the nano unit a Quantity has. */
function roundNano(x: number): number {
  return Math.abs(x) < 2 ** 53 / 1e9 ? Math.round(x * 1e9) / 1e9 : x;
}

export function q(text: string | number): Q {
  return { value: parseQuantity(text) ?? 0, format: quantityFormat(text) };
}

export function toQList(list: RawList): QList {
  const out: QList = {};
  for (const [k, v] of Object.entries(list ?? {})) out[k] = q(v);
  return out;
}

export function qString(x: Q): string {
  return formatQuantity(x.value, x.format);
}

function addQ(a: Q, b: Q): Q {
  return { value: roundNano(a.value + b.value), format: a.value === 0 ? b.format : a.format };
}

/** quota.Add: every key of either list, summed. */
export function addLists(a: QList, b: QList): QList {
  const out: QList = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = out[k] ? addQ(out[k]!, v) : v;
  return out;
}

/** quota.SubtractWithNonNegativeResult. */
export function subtractNonNegative(a: QList, b: QList): QList {
  const out: QList = {};
  for (const [k, v] of Object.entries(a)) {
    const value = roundNano(v.value - (b[k]?.value ?? 0));
    out[k] = { value: Math.max(0, value), format: v.format };
  }
  return out;
}

/** quota.Mask: only the named keys. */
export function mask(list: QList, names: Iterable<string>): QList {
  const out: QList = {};
  for (const k of names) if (list[k]) out[k] = list[k]!;
  return out;
}

export function removeZeros(list: QList): QList {
  return Object.fromEntries(Object.entries(list).filter(([, v]) => v.value !== 0));
}

/** quota.LessThanOrEqual: the keys of `a` that exceed `b` (a key missing from `b` is not limited). */
export function exceeding(a: QList, b: QList): string[] {
  return Object.keys(a).filter((k) => b[k] !== undefined && a[k]!.value > b[k]!.value).sort();
}

/** quota.Equals: same keys, same values. */
export function equalLists(a: QList, b: QList): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] !== undefined && b[k]!.value === a[k]!.value);
}

/** The resource quota admission's prettyPrint: "k=v,k=v" sorted by key. */
export function prettyPrint(list: QList): string {
  return Object.keys(list).sort().map((k) => `${k}=${qString(list[k]!)}`).join(',');
}

/** A QList as the API writes it (Quantity's JSON form is its String()). */
export function toRaw(list: QList): Record<string, string> {
  return Object.fromEntries(Object.keys(list).sort().map((k) => [k, qString(list[k]!)]));
}

function maxLists(a: QList, b: QList): QList {
  const out: QList = { ...a };
  for (const [k, v] of Object.entries(b)) if (!out[k] || v.value > out[k]!.value) out[k] = v;
  return out;
}

/** Pod-level resources that override the containers' sum (supportedPodLevelResources). */
const POD_LEVEL = ['cpu', 'memory'];

export interface PodTotalsOptions {
  /** pod.spec.overhead counts (component-helpers PodRequests/PodLimits; not LimitRanger's copy) */
  overhead: boolean;
}

/**
 * The pod's requests or limits as resourcehelper.PodRequests/PodLimits compute them from the
 * spec: containers and sidecars (restartable init containers) add up, each ordinary init
 * container runs alone beside the sidecars started before it; the pod needs the larger; then
 * pod-level resources (PodLevelResources, on by default since 1.34) replace cpu and memory.
 */
export function podTotals(pod: Pod, field: 'requests' | 'limits', opts: PodTotalsOptions): QList {
  const own = (c: Container) => toQList(c.resources?.[field] as RawList);
  let total: QList = {};
  for (const c of pod.spec?.containers ?? []) total = addLists(total, own(c));
  let sidecars: QList = {};
  let initMax: QList = {};
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy === 'Always') {
      total = addLists(total, own(c));
      sidecars = addLists(sidecars, own(c));
      initMax = maxLists(initMax, sidecars);
    } else initMax = maxLists(initMax, addLists(own(c), sidecars));
  }
  total = maxLists(total, initMax);
  // spec.resources (pod-level) is newer than kubernetes-types' PodSpec.
  const podLevel = toQList((pod.spec as { resources?: Record<string, RawList> } | undefined)?.resources?.[field]);
  for (const k of POD_LEVEL) if (podLevel[k]) total[k] = podLevel[k]!;
  if (opts.overhead) {
    const overhead = toQList(pod.spec?.overhead as RawList);
    // PodLimits adds the overhead only to resources that have a limit.
    for (const [k, v] of Object.entries(overhead)) if (field === 'requests' || total[k]) total[k] = total[k] ? addQ(total[k]!, v) : v;
  }
  return total;
}
