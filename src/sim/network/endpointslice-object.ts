/**
 * The EndpointSlice objects the controller manages (discovery.k8s.io/v1): their well-known labels,
 * how one endpoint is built from a Pod (k8s.io/endpointslice utils.go podToEndpoint,
 * getEndpointPorts, newEndpointSlice, setEndpointSliceLabels) and the wire form.
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { deepEqual } from '../../kube/equal';
import type { KObject, Meta } from '../../kube/object';
import { findPort, isPodReady, isTerminating, podIPsOfFamily, shouldSetHostname } from './pod-endpoints';
import { hasServiceIP, isHeadless, portProtocol, servicePorts } from './service-fields';

export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

export type AddressType = 'IPv4' | 'IPv6';

/** A slice as the controller works on it: lists are never null (the wire form may be). */
export interface Slice {
  metadata: Partial<Meta> & { namespace: string };
  addressType: AddressType;
  endpoints: Endpoint[];
  ports: EndpointPort[];
}

export function fromStored(o: KObject): Slice {
  return {
    metadata: { ...o.metadata, namespace: o.metadata.namespace ?? 'default' },
    addressType: o.addressType as AddressType,
    endpoints: (o.endpoints as Endpoint[] | null) ?? [],
    ports: (o.ports as EndpointPort[] | null) ?? [],
  };
}

/**
 * What the API server stores and returns. unverified: empty lists shown as null — they are nil
 * after the protobuf round trip and the fields have no omitempty, so `kubectl get -o yaml` should
 * print `endpoints: null` for an empty slice.
 */
export function toWire(s: Slice): KObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: s.metadata as Meta,
    addressType: s.addressType,
    endpoints: s.endpoints.length ? s.endpoints : null,
    ports: s.ports.length ? s.ports : null,
  };
}

/** getAddressTypesForService: from spec.ipFamilies (what the API server always sets here). */
export function addressTypesFor(svc: Service): AddressType[] {
  const families = (svc.spec?.ipFamilies ?? []).filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6');
  if (families.length) return [...new Set(families)];
  // an object written before families existed: the cluster IP's family, or both when headless
  if (hasServiceIP(svc)) return [svc.spec!.clusterIP!.includes(':') ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** podToEndpoint: conditions, hostname, node and zone of one pod. */
export function podToEndpoint(pod: Pod, node: Node | undefined, svc: Service, type: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = isTerminating(pod);
  // "ready" is never true for a terminating pod, unless the Service publishes not-ready addresses
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const ep: Endpoint = { addresses: podIPsOfFamily(pod, type), conditions: { ready, serving, terminating } };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[LABEL_ZONE];
  if (zone) ep.zone = zone;
  return ep;
}

/** getEndpointPorts: service ports resolved against this pod (named targetPorts may differ per pod). */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const ports: EndpointPort[] = [];
  if (!servicePorts(svc).length && isHeadless(svc)) return ports;
  for (const sp of servicePorts(svc)) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: portProtocol(sp) };
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    ports.push(ep);
  }
  return ports;
}

/** Identity of a group of slices: the set of ports (NewPortMapKey). */
export function portsKey(ports: EndpointPort[]): string {
  return JSON.stringify(ports.map((p) => JSON.stringify([p.name ?? '', p.protocol ?? '', p.port ?? null, p.appProtocol ?? ''])).sort());
}

/** Identity of an endpoint across syncs: addresses, hostname and target pod (endpointset.go hashEndpoint). */
export function endpointKey(ep: Endpoint): string {
  return JSON.stringify([[...ep.addresses].sort(), ep.hostname ?? '', ep.targetRef?.namespace ?? '', ep.targetRef?.name ?? '']);
}

/** EndpointsEqualBeyondHash: what else must match for an endpoint to need no update. */
export function endpointsEqualBeyondKey(a: Endpoint, b: Endpoint): boolean {
  const ref = (e: Endpoint) => (e.targetRef ? { ...e.targetRef, resourceVersion: undefined } : undefined);
  return (
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    a.conditions?.ready === b.conditions?.ready &&
    a.conditions?.serving === b.conditions?.serving &&
    a.conditions?.terminating === b.conditions?.terminating &&
    deepEqual(ref(a), ref(b))
  );
}

/**
 * setEndpointSliceLabels: the Service's labels (reserved keys excepted) plus the reserved ones.
 * `changed` reports whether the copied labels differ from the slice's.
 */
export function sliceLabels(current: Record<string, string> | undefined, svc: Service): { labels: Record<string, string>; changed: boolean } {
  const reserved = [LABEL_SERVICE_NAME, LABEL_MANAGED_BY, LABEL_HEADLESS];
  const strip = (l: Record<string, string> | undefined) => Object.fromEntries(Object.entries(l ?? {}).filter(([k]) => !reserved.includes(k)));
  const fromService = strip(svc.metadata?.labels);
  const changed = !deepEqual(strip(current), fromService);
  const labels: Record<string, string> = { ...fromService };
  if (!hasServiceIP(svc)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata!.name!;
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return { labels, changed };
}

/** newEndpointSlice: `<service>-` generateName, owned by the Service. */
export function newSlice(svc: Service, ports: EndpointPort[], type: AddressType): Slice {
  const owner: OwnerReference = {
    apiVersion: 'v1',
    kind: 'Service',
    name: svc.metadata!.name!,
    uid: svc.metadata!.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
  return {
    metadata: {
      generateName: `${svc.metadata!.name}-`,
      namespace: svc.metadata!.namespace ?? 'default',
      labels: sliceLabels({}, svc).labels,
      ownerReferences: [owner],
    },
    addressType: type,
    endpoints: [],
    ports,
  };
}

export function ownedBy(s: Slice, svc: Service): boolean {
  return (s.metadata.ownerReferences ?? []).some((o) => o.uid === svc.metadata?.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}
