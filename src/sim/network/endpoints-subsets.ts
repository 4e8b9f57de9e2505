/**
 * The subsets of a legacy core/v1 Endpoints object (pkg/controller/endpoint/endpoints_controller.go
 * syncService, addEndpointSubset, truncateEndpoints; pkg/api/v1/endpoints RepackSubsets).
 * Addresses are ready, or not ready when the pod is not Ready (a Service with
 * publishNotReadyAddresses lists every pod as ready, terminating ones included); addresses
 * offering the same ports are packed into one subset.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1';
import { findPort, isPodReady, podIPsOfFamily, shouldPodBeInEndpoints, shouldSetHostname } from './pod-endpoints';
import { isHeadless, portProtocol, servicePorts } from './service-fields';

/** maxCapacity: addresses kept in one Endpoints object; beyond it the object is truncated. */
export const MAX_ENDPOINTS_CAPACITY = 1000;

interface Entry {
  address: EndpointAddress;
  /** undefined: a headless Service without ports */
  port?: EndpointPort;
  ready: boolean;
}

export function desiredSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const tolerateUnready = !!svc.spec?.publishNotReadyAddresses;
  const entries: Entry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const address = addressFor(svc, pod);
    if (!address) continue;
    const ready = tolerateUnready || isPodReady(pod);
    if (!servicePorts(svc).length) {
      if (isHeadless(svc)) entries.push({ address, ready });
      continue;
    }
    for (const sp of servicePorts(svc)) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const epp: EndpointPort = sp.name ? { name: sp.name, port, protocol: portProtocol(sp) } : { port, protocol: portProtocol(sp) };
      if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
      entries.push({ address, port: epp, ready });
    }
  }
  return repack(entries);
}

/** podToEndpointAddressForService: the pod IP of the Service's primary family. */
function addressFor(svc: Service, pod: Pod): EndpointAddress | undefined {
  const family = svc.spec?.ipFamilies?.[0] === 'IPv6' ? 'IPv6' : 'IPv4';
  const ip = podIPsOfFamily(pod, family)[0];
  if (!ip) return undefined;
  const address: EndpointAddress = { ip };
  if (shouldSetHostname(pod, svc)) address.hostname = pod.spec!.hostname;
  address.nodeName = pod.spec?.nodeName ?? '';
  address.targetRef = { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid };
  return address;
}

/**
 * RepackSubsets: per port, the set of addresses offering it (not-ready wins over ready for the
 * same address); ports with identical address sets share a subset. Addresses sort by IP text
 * then pod uid, like upstream. unverified: upstream orders ports and subsets by an md5 of their
 * Go dump; we order them by port number/protocol/name and by content.
 */
function repack(entries: Entry[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port?: EndpointPort; ready: Map<string, boolean> }>();
  for (const e of entries) {
    const addrKey = `${e.address.ip}/${e.address.targetRef?.uid ?? ''}`;
    if (!addresses.has(addrKey)) addresses.set(addrKey, e.address);
    const portKey = e.port ? JSON.stringify(e.port) : '';
    if (!byPort.has(portKey)) byPort.set(portKey, { port: e.port, ready: new Map() });
    const ready = byPort.get(portKey)!.ready;
    if (ready.get(addrKey) !== false) ready.set(addrKey, e.ready);
  }
  const groups = new Map<string, { ports: EndpointPort[]; ready: Map<string, boolean> }>();
  for (const { port, ready } of byPort.values()) {
    const key = JSON.stringify([...ready].sort());
    if (!groups.has(key)) groups.set(key, { ports: [], ready });
    if (port) groups.get(key)!.ports.push(port);
  }
  const subsets = [...groups.values()].map(({ ports, ready }) => {
    const pick = (want: boolean) => [...ready].filter(([, r]) => r === want).map(([k]) => addresses.get(k)!).sort(compareAddresses);
    const subset: EndpointSubset = {};
    const readyAddrs = pick(true);
    const notReady = pick(false);
    if (readyAddrs.length) subset.addresses = readyAddrs;
    if (notReady.length) subset.notReadyAddresses = notReady;
    if (ports.length) subset.ports = ports.sort(comparePorts);
    return subset;
  });
  return subsets.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** LessEndpointAddress: IP as bytes (text order), then target uid. */
function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const x = a.targetRef?.uid ?? '';
  const y = b.targetRef?.uid ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  return a.port - b.port || (a.protocol ?? '').localeCompare(b.protocol ?? '') || (a.name ?? '').localeCompare(b.name ?? '');
}

/**
 * truncateEndpoints: above MAX_ENDPOINTS_CAPACITY addresses, keep ready ones first and share the
 * room among subsets in proportion (rounded up). Returns whether anything was cut.
 */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  const totalReady = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const totalNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return false;
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY;
  const room = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady;
  const total = truncateReady ? totalReady : totalNotReady;
  let left = room;
  for (const s of subsets) {
    const inSubset = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const share = Math.min(Math.ceil((inSubset / total) * room), left);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, share);
      delete s.notReadyAddresses;
      left -= s.addresses.length;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, share);
      left -= s.notReadyAddresses.length;
    }
  }
  return true;
}
