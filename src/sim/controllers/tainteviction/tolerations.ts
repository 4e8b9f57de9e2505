/**
 * Which tolerations let a pod stay on a node with NoExecute taints, and for how long
 * (pkg/apis/core/v1/helper GetMatchingTolerations; tainteviction getMinTolerationTime).
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { toleratesTaint } from '../../scheduler/taints';

/**
 * For each taint the first toleration that tolerates it; `tolerated` is false as soon as one
 * taint has none. Only that first match counts, even when a later toleration names a shorter time.
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { tolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((x) => toleratesTaint(x, taint));
    if (!t) return { tolerated: false, used: [] };
    used.push(t);
  }
  return { tolerated: true, used };
}

/**
 * The shortest tolerationSeconds among the used tolerations, in ms: 0 when there are none or one
 * is <= 0, -1 (forever) when none sets a time.
 */
export function minTolerationMs(used: readonly Toleration[]): number {
  if (!used.length) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}
