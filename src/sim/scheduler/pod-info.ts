/**
 * What the scheduler precomputes once per pod version (framework.PodInfo and the plugins'
 * per-pod data): requests, host ports, parsed affinity terms. Used for the pod being scheduled
 * and for every pod already on a node.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { affinityTerm, weightedTerm, type AffinityTerm, type WeightedAffinityTerm } from './affinity-terms';
import { podRequests, type Resources } from './resources';

export interface HostPort {
  /** "0.0.0.0" when unset (HostPortInfo sanitize) */
  readonly ip: string;
  /** "TCP" when unset */
  readonly protocol: string;
  readonly port: number;
}

export interface PodInfo {
  /**
   * The newest version of the pod the scheduler has seen. Everything else here is derived from
   * it; the cache moves an info to a newer version in place when nothing derived changes (a
   * status write), as the scheduler's cache holds the informer's latest pod (UpdatePod).
   */
  pod: Pod;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** namespace/name */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  /** spec.priority (set by the Priority admission plugin); 0 when unset */
  readonly priority: number;
  readonly requests: Resources;
  /** requests with the scheduler's defaults for containers that request no cpu/memory */
  readonly nonZeroCPU: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
  readonly terminating: boolean;
  /** claims the pod's volumes use: persistentVolumeClaim.claimName and `<pod>-<volume>` for ephemeral volumes */
  readonly claimNames: readonly string[];
}

/**
 * schedutil.GetHostPorts: ports of the containers (and sidecars) that ask for a host port. The
 * kubelet's admission reads them the same way (it calls the scheduler's nodeports.Fits).
 */
export function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

/** ephemeral.VolumeClaimName: a generic ephemeral volume's claim is `<pod name>-<volume name>`. */
function claimNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(`${pod.metadata?.name}-${v.name}`);
  }
  return out;
}

/**
 * One frozen empty list for every PodInfo list a pod has nothing in (most pods have no host port,
 * affinity term or claim): six empty arrays were about 190 bytes of each pod's info.
 */
const NONE: readonly never[] = Object.freeze([]);

function orNone<T>(list: readonly T[]): readonly T[] {
  return list.length ? list : NONE;
}

export function newPodInfo(pod: Pod): PodInfo {
  const meta = pod.metadata ?? {};
  const namespace = meta.namespace ?? 'default';
  const name = meta.name ?? '';
  const nonZero = podRequests(pod, true);
  const aff = pod.spec?.affinity;
  return {
    pod,
    uid: meta.uid ?? `${namespace}/${name}`,
    namespace,
    name,
    key: `${namespace}/${name}`,
    labels: meta.labels ?? {},
    priority: pod.spec?.priority ?? 0,
    requests: podRequests(pod, false),
    nonZeroCPU: nonZero.milliCPU,
    nonZeroMemory: nonZero.memory,
    hostPorts: orNone(hostPorts(pod)),
    requiredAffinity: orNone((aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(pod, t))),
    requiredAntiAffinity: orNone((aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(pod, t))),
    preferredAffinity: orNone((aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => weightedTerm(pod, t))),
    preferredAntiAffinity: orNone((aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => weightedTerm(pod, t))),
    terminating: !!meta.deletionTimestamp,
    claimNames: orNone(claimNames(pod)),
  };
}
