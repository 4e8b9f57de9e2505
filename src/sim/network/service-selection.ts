/**
 * Which Services a Pod event concerns, for both endpoint controllers
 * (k8s.io/endpointslice util GetPodServiceMemberships, GetServicesToUpdateOnPodChange): the
 * Services selecting the pod, and on an update only when something endpoints show changed.
 * Cost: one pass over the Services of the pod's namespace per event, as upstream.
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { deepEqual } from '../../kube/equal';
import { matches, selectorFromSpec, setSelects } from '../../kube/labels';
import type { ApiServer } from '../apiserver/store';
import { isPodReady, podIPs } from './pod-endpoints';
import { serviceKey, serviceSelector } from './service-fields';

/** Keys of the Services whose (non-empty) selector selects `labels` in `namespace`. */
export function servicesSelecting(api: ApiServer, namespace: string, labels: Record<string, string> | undefined): string[] {
  return api
    .list<Service>('Service', namespace)
    .filter((svc) => selects(svc, labels))
    .map((svc) => serviceKey(namespace, svc.metadata!.name!));
}

/** Services to sync after a pod event; `old` is undefined for ADDED and DELETED. */
export function servicesForPodEvent(api: ApiServer, pod: Pod, old: Pod | undefined): string[] {
  const namespace = pod.metadata?.namespace ?? 'default';
  if (!old) return servicesSelecting(api, namespace, pod.metadata?.labels);
  const labelsChanged = !deepEqual(old.metadata?.labels ?? {}, pod.metadata?.labels ?? {}) ||
    old.spec?.hostname !== pod.spec?.hostname || old.spec?.subdomain !== pod.spec?.subdomain;
  const podChanged = endpointsChanged(old, pod);
  if (!labelsChanged && !podChanged) return [];
  const now = servicesSelecting(api, namespace, pod.metadata?.labels);
  if (!labelsChanged) return now;
  const before = servicesSelecting(api, namespace, old.metadata?.labels);
  // unchanged pod whose labels moved: only the Services it joined or left
  if (!podChanged) return [...now.filter((k) => !before.includes(k)), ...before.filter((k) => !now.includes(k))];
  return [...new Set([...now, ...before])];
}

function selects(svc: Service, labels: Record<string, string> | undefined): boolean {
  const sel = serviceSelector(svc);
  if (!sel) return false;
  return setSelects(sel, labels);
}

/** podEndpointsChanged: deletion, readiness or IPs changed. */
function endpointsChanged(old: Pod, pod: Pod): boolean {
  if ((old.metadata?.deletionTimestamp ?? '') !== (pod.metadata?.deletionTimestamp ?? '')) return true;
  if (isPodReady(old) !== isPodReady(pod)) return true;
  return !deepEqual(podIPs(old), podIPs(pod));
}

/** The pods a Service's selector picks in its namespace, by name (what both endpoint controllers track). */
export function podsSelectedBy(api: ApiServer, namespace: string, selector: Record<string, string>): Pod[] {
  const requirements = selectorFromSpec(selector);
  return api
    .list<Pod>('Pod', namespace)
    .filter((p) => matches(requirements, p.metadata?.labels))
    .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
}
