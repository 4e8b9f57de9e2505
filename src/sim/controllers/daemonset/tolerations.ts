/**
 * The tolerations every DaemonSet pod gets (daemon/util/daemonset_util.go
 * AddOrUpdateDaemonPodTolerations): node problems must not evict or keep out a daemon, so its pods
 * tolerate not-ready and unreachable NoExecute for ever (no tolerationSeconds, so the
 * DefaultTolerationSeconds admission adds nothing), the pressure conditions and a cordoned node's
 * taint, and — for hostNetwork pods only — network-unavailable.
 */
import type { PodSpec, Toleration } from 'kubernetes-types/core/v1';
import { deepEqual } from '../../../kube/equal';
import { memoOnFrozen } from '../../../kube/frozen-memo';

const exists = (key: string, effect: 'NoExecute' | 'NoSchedule'): Toleration => ({ key, operator: 'Exists', effect });

/** In upstream's order: they are appended after the template's own tolerations in this order. */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  exists('node.kubernetes.io/not-ready', 'NoExecute'),
  exists('node.kubernetes.io/unreachable', 'NoExecute'),
  exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
];

const HOST_NETWORK_TOLERATION = exists('node.kubernetes.io/network-unavailable', 'NoSchedule');

/**
 * AddOrUpdateDaemonPodTolerations: the spec's tolerations with the daemon ones added or updated.
 * Placement asks for every node at every sync; a stored (frozen) spec never changes, so its
 * list is computed once and shared — callers only read it.
 */
export const withDaemonTolerations = memoOnFrozen<PodSpec, readonly Toleration[]>(daemonTolerationsOf, { share: (list) => Object.freeze(list) });

function daemonTolerationsOf(spec: PodSpec): readonly Toleration[] {
  const wanted = spec.hostNetwork ? [...DAEMON_TOLERATIONS, HOST_NETWORK_TOLERATION] : DAEMON_TOLERATIONS;
  return wanted.reduce(addOrUpdateToleration, [...(spec.tolerations ?? [])]);
}

/**
 * v1helper.AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and
 * effect (Toleration.MatchToleration) is replaced in place — dropping e.g. its tolerationSeconds —
 * otherwise the new one is appended.
 */
function addOrUpdateToleration(list: Toleration[], t: Toleration): Toleration[] {
  const same = (o: Toleration) => (o.key ?? '') === (t.key ?? '') && (o.effect ?? '') === (t.effect ?? '')
    && (o.operator ?? '') === (t.operator ?? '') && (o.value ?? '') === (t.value ?? '');
  if (list.some((o) => same(o) && deepEqual(o, t))) return list;
  if (!list.some(same)) return [...list, { ...t }];
  return list.map((o) => (same(o) ? { ...t } : o));
}
