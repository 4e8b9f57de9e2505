/**
 * Taints and tolerations (k8s.io/api core/v1 toleration.go ToleratesTaint, component-helpers
 * scheduling/corev1 FindMatchingUntoleratedTaint).
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/**
 * Toleration.ToleratesTaint: an empty effect or key matches any; operator Exists ignores the
 * value, Equal (or empty) needs the same value. (Gt/Lt operators are alpha in 1.35: unsupported.)
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerate(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return !!tolerations && tolerations.some((t) => toleratesTaint(t, taint));
}

/** The effects the scheduler filters on (helper.DoNotScheduleTaintsFilterFunc). */
export function isDoNotSchedule(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}

/** FindMatchingUntoleratedTaint with the NoSchedule/NoExecute filter: the first such taint, in node order. */
export function firstUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  for (const taint of taints) {
    if (isDoNotSchedule(taint) && !tolerationsTolerate(tolerations, taint)) return taint;
  }
  return undefined;
}
