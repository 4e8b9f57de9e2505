/**
 * What the endpoint controllers read from a Pod (k8s.io/endpointslice util/controller_utils.go
 * and utils.go FindPort): whether it belongs in endpoints, its readiness, its addresses, its
 * hostname record and the container port a Service port points at.
 */
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import { looksLikeIPv6 } from './ip';
import { portProtocol } from './service-fields';

/** podutil.IsPodReady, the one every controller uses. */
export { isPodReady } from '../../kube/pod-state';

export function isTerminating(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp;
}

/** ShouldPodBeInEndpoints: not Succeeded/Failed, has an IP, and (unless allowed) not terminating. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!podIPs(pod).length) return false;
  return includeTerminating || !isTerminating(pod);
}

/**
 * status.podIPs; a client that wrote only podIP gets podIPs = [podIP] from the API server's v1
 * conversion (pkg/apis/core/v1/conversion.go), so fall back to it.
 */
export function podIPs(pod: Pod): string[] {
  const list = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  if (list.length) return list;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

export function podIPsOfFamily(pod: Pod, family: 'IPv4' | 'IPv6'): string[] {
  return podIPs(pod).filter((ip) => looksLikeIPv6(ip) === (family === 'IPv6'));
}

/** ShouldSetHostname: spec.hostname set and spec.subdomain names this Service in its namespace. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace;
}

/**
 * FindPort: a numeric targetPort is used as is; a named one is looked up among the containers'
 * ports (and restartable init containers', i.e. sidecars) with the same protocol.
 * Returns undefined when the pod has no such port (the port is then left out for this pod).
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  const protocol = portProtocol(sp);
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    const found = (c.ports ?? []).find((p) => p.name === target && portProtocol(p) === protocol);
    if (found) return found.containerPort;
  }
  return undefined;
}

/** The Ready condition's lastTransitionTime: when a pod last changed endpoints (trigger time). */
export function podReadyTransition(pod: Pod): string | undefined {
  return (pod.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime;
}
