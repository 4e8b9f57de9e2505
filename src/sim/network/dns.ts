/**
 * Cluster DNS as a kind cluster's CoreDNS answers it, computed on demand from the stored Services,
 * EndpointSlices and Namespaces (no watch, no cache: kind's Corefile disables caching for
 * cluster.local). Rules from coredns plugin/kubernetes (kubernetes.go Records, findServices,
 * findPods, endpointHostname; object/endpoint.go) and plugin/backend_lookup.go (A, SRV), with
 * kubeadm's Corefile: `kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure ... }`.
 * See also kubernetes.io "DNS for Services and Pods" and the kubernetes/dns specification.
 *
 * - `<svc>.<ns>.svc.cluster.local`: the cluster IP; for a headless Service the addresses of its
 *   ready endpoints (EndpointSlice endpoints whose `ready` is not false — the controller marks
 *   every endpoint ready when publishNotReadyAddresses is set). A headless Service with no ready
 *   endpoint is NXDOMAIN.
 * - `<host>.<svc>.<ns>.svc.cluster.local`: the endpoint whose hostname (or dashed IP) is `<host>`.
 * - `_<port>._<proto>.<svc>.<ns>.svc.cluster.local` and the plain name with type SRV: one record
 *   per matching (endpoint, port), target `<host>.<svc>...` (headless) or `<svc>.<ns>.svc...`,
 *   priority 0, weight floor(100/N) for N candidate records (at least 1), port the endpoint's port
 *   (headless) or the Service port.
 * - `<a-b-c-d>.<ns>.pod.cluster.local`: a-b-c-d as an address, unchecked (`pods insecure`), if
 *   the namespace exists.
 * - ExternalName: a CNAME, given as `cname`; an in-cluster target is followed, an external one is
 *   not resolved (there is no upstream). An ExternalName holding an IP address answers nothing.
 * - Anything else, or a namespace that does not exist: NXDOMAIN (`found: false`).
 * Answers list addresses in numeric order and SRV records by target and port (CoreDNS's
 * `loadbalance` plugin shuffles record order; order carries no meaning). Names carry no trailing dot.
 * The CoreDNS pods themselves are not simulated.
 */
import type { Namespace, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1';
import type { DnsAnswer } from '../../kube/dns-answer';
import type { ApiServer } from '../apiserver/store';
import { parseRequest, relativeToZone, searchCandidates, type RecordRequest } from './dns-name';
import { LABEL_SERVICE_NAME } from './endpointslice-object';
import { compareIPs, dashedIP, isIPLiteral, looksLikeIPv6, parseIPv4 } from './ip';
import { CLUSTER_DOMAIN } from './network-config';
import { isHeadless, portProtocol, serviceType } from './service-fields';

export interface SimDnsAnswer extends DnsAnswer {
  /** the CNAME target when the name is an ExternalName Service */
  cname?: string;
}

/** A service record before it becomes A or SRV answers (coredns msg.Service). */
interface Rec {
  /** an IP address, or a host name for an ExternalName CNAME */
  host: string;
  /** -1: no port declared (skipped in SRV answers) */
  port: number;
  /** the record's own name: the SRV target */
  name: string;
}

/** CoreDNS plugin/backend_lookup.go maxCnameChainLength. */
const MAX_CNAME_CHAIN = 10;

const NXDOMAIN: SimDnsAnswer = { found: false, addresses: [], srv: [] };

export class Dns {
  constructor(
    private readonly api: ApiServer,
    private readonly zone = CLUSTER_DOMAIN,
  ) {}

  /**
   * Resolves `name` as a pod in `fromNamespace` would: through its resolv.conf search list,
   * stopping at the first answer with records; NODATA answers let the search go on.
   */
  resolve(name: string, type: 'A' | 'SRV' = 'A', fromNamespace = 'default'): SimDnsAnswer {
    let nodata: SimDnsAnswer | undefined;
    for (const candidate of searchCandidates(name.toLowerCase(), fromNamespace)) {
      const answer = this.query(candidate, type);
      if (!answer.found) continue;
      if (answer.addresses.length || answer.srv.length || answer.cname) return answer;
      nodata = nodata ?? answer;
    }
    return nodata ?? NXDOMAIN;
  }

  /** One query for a fully qualified name (no search list). */
  query(fqdn: string, type: 'A' | 'SRV'): SimDnsAnswer {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    return type === 'A' ? this.answerA(name, 0) : this.answerSRV(name);
  }

  private answerA(name: string, depth: number): SimDnsAnswer {
    const recs = this.records(name, 'A');
    if (!recs) return NXDOMAIN;
    const addresses = new Set<string>();
    let cname: string | undefined;
    for (const r of recs) {
      if (parseIPv4(r.host) !== undefined) addresses.add(r.host);
      if (isIPLiteral(r.host)) continue;
      const target = r.host.toLowerCase().replace(/\.$/, '');
      if (target === name || depth >= MAX_CNAME_CHAIN) continue;
      if (relativeToZone(target, this.zone) === undefined) {
        // would be forwarded upstream, which the simulator does not have
        cname = cname ?? target;
        continue;
      }
      const next = this.answerA(target, depth + 1);
      if (next.addresses.length) {
        cname = cname ?? target;
        next.addresses.forEach((a) => addresses.add(a));
      }
    }
    const answer: SimDnsAnswer = { found: true, addresses: [...addresses].sort(compareIPs), srv: [] };
    if (cname) answer.cname = cname;
    return answer;
  }

  private answerSRV(name: string): SimDnsAnswer {
    const found = this.records(name, 'SRV');
    if (!found) return NXDOMAIN;
    // SRV leaves out CNAME (ExternalName) records (kubernetes.go Services)
    const recs = found.filter((r) => isIPLiteral(r.host));
    // every record weighs 100 at priority 0, so each gets floor(100/N), at least 1
    const weight = Math.max(1, Math.floor((100 / (100 * recs.length)) * 100));
    const srv = new Map<string, DnsAnswer['srv'][number]>();
    const glue = new Set<string>();
    for (const r of recs) {
      if (r.port === -1) continue;
      const key = `${r.name} ${r.port}`;
      if (!srv.has(key)) srv.set(key, { target: r.name, port: r.port, priority: 0, weight });
      if (parseIPv4(r.host) !== undefined) glue.add(r.host);
    }
    const records = [...srv.values()].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : a.port - b.port));
    return { found: true, addresses: [...glue].sort(compareIPs), srv: records };
  }

  /** Records for a name, or undefined for NXDOMAIN (kubernetes.go Services / Records). */
  private records(name: string, type: 'A' | 'SRV'): Rec[] | undefined {
    const base = relativeToZone(name, this.zone);
    if (base === undefined) return undefined;
    if (base === 'ns.dns') return type === 'A' ? this.nameServerRecords(name) : [];
    const r = parseRequest(base);
    if (!r) return undefined;
    if (r.podOrSvc === '') return [];
    if (!this.api.get<Namespace>('Namespace', undefined, r.namespace)) return undefined;
    return r.podOrSvc === 'pod' ? this.podRecords(r) : this.serviceRecords(r);
  }

  /** `ns.dns.<zone>`: the DNS service's own address. */
  private nameServerRecords(name: string): Rec[] {
    const svc = this.api.get<Service>('Service', 'kube-system', 'kube-dns');
    return (svc?.spec?.clusterIPs ?? []).map((host) => ({ host, port: 0, name }));
  }

  /** findPods, `pods insecure`: the address is read from the name, not checked against pods. */
  private podRecords(r: RecordRequest): Rec[] | undefined {
    if (!r.service) return [];
    const label = r.service;
    const ip = (label.match(/-/g) ?? []).length === 3 && !label.includes('--') ? label.replace(/-/g, '.') : label.replace(/-/g, ':');
    if (parseIPv4(ip) === undefined && !looksLikeIPv6(ip)) return undefined;
    return [{ host: ip, port: 0, name: `${label}.${r.namespace}.pod.${this.zone}` }];
  }

  /** findServices for one namespace/name. */
  private serviceRecords(r: RecordRequest): Rec[] | undefined {
    if (!r.service) return [];
    const svc = this.api.get<Service>('Service', r.namespace, r.service);
    if (!svc) return undefined;
    const svcName = `${svc.metadata!.name}.${r.namespace}.svc.${this.zone}`;
    if (serviceType(svc) === 'ExternalName') {
      const target = svc.spec?.externalName ?? '';
      if (r.endpoint || r.port || r.protocol || !target || isIPLiteral(target)) return undefined;
      return [{ host: target, port: 0, name: svcName }];
    }
    if (isHeadless(svc) || r.endpoint) {
      const recs = this.endpointRecords(svc, r, svcName);
      return recs.length ? recs : undefined;
    }
    const ports = (svc.spec?.ports ?? []).filter((p) => portMatches(r, p.name ?? '', portProtocol(p)));
    if (!ports.length) return undefined;
    const ips = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
    return ports.flatMap((p) => ips.map((host) => ({ host, port: p.port, name: svcName })));
  }

  /** Ready endpoints of every EndpointSlice labelled for the Service (object/endpoint.go). */
  private endpointRecords(svc: Service, r: RecordRequest, svcName: string): Rec[] {
    const out: Rec[] = [];
    const slices = this.api.list('EndpointSlice', r.namespace).filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === svc.metadata!.name);
    for (const slice of slices) {
      const declared = (slice.ports as EndpointPort[] | null) ?? [];
      // a slice without ports still yields addresses, through a port -1 sentinel
      const ports = declared.length ? declared.map((p) => ({ name: p.name ?? '', protocol: p.protocol ?? '', port: p.port ?? -1 })) : [{ name: '', protocol: '', port: -1 }];
      for (const ep of (slice.endpoints as Endpoint[] | null) ?? []) {
        // unknown readiness counts as ready
        if (ep.conditions?.ready === false) continue;
        for (const address of ep.addresses) {
          const host = ep.hostname || dashedIP(address);
          if (r.endpoint && r.endpoint !== host.toLowerCase()) continue;
          for (const p of ports) {
            if (portMatches(r, p.name, p.protocol)) out.push({ host: address, port: p.port, name: `${host}.${svcName}` });
          }
        }
      }
    }
    return out;
  }
}

/** matchPortAndProtocol: an absent port or protocol in the query matches anything (case-insensitive). */
function portMatches(r: RecordRequest, name: string, protocol: string): boolean {
  return (!r.port || r.port === name.toLowerCase()) && (!r.protocol || r.protocol === protocol.toLowerCase());
}
