/**
 * How CoreDNS's kubernetes plugin reads a query name (coredns plugin/kubernetes/parse.go
 * parseRequest), and the names a pod's resolver tries for a name it is given (resolv.conf search
 * list and ndots, as the kubelet writes it for dnsPolicy ClusterFirst).
 */
import { podSearchPath, POD_NDOTS } from './network-config';

export interface RecordRequest {
  /** `_http` of an SRV-style name, without the underscore ('' when absent) */
  port: string;
  protocol: string;
  /** the leftmost label of `<endpoint>.<service>.<ns>.svc.<zone>` */
  endpoint: string;
  service: string;
  namespace: string;
  /** '' for the zone apex, `svc` or `pod` */
  podOrSvc: '' | 'svc' | 'pod';
}

/**
 * Parses the part of the name left of the zone. Returns undefined for names the plugin cannot
 * serve (NXDOMAIN): neither under `svc` nor `pod`, or more labels than an SRV-style name has
 * (zone-scoped `_zone` names need the `zonal` option, which kind does not set).
 */
export function parseRequest(base: string): RecordRequest | undefined {
  const r: RecordRequest = { port: '', protocol: '', endpoint: '', service: '', namespace: '', podOrSvc: '' };
  if (base === '' || base === 'svc' || base === 'pod') return r;
  const segs = base.split('.');
  let last = segs.length - 1;
  const kind = segs[last];
  if (kind !== 'svc' && kind !== 'pod') return undefined;
  r.podOrSvc = kind;
  if (--last < 0) return r;
  r.namespace = segs[last]!;
  if (--last < 0) return r;
  r.service = segs[last]!;
  if (--last < 0) return r;
  if (last === 0) {
    r.endpoint = segs[0]!;
  } else if (last === 1) {
    r.protocol = stripUnderscore(segs[1]!);
    r.port = stripUnderscore(segs[0]!);
  } else {
    return undefined;
  }
  return r;
}

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s;
}

/** The name relative to `zone` ('' for the apex), or undefined when it is not in the zone. */
export function relativeToZone(name: string, zone: string): string | undefined {
  if (name === zone) return '';
  return name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : undefined;
}

/**
 * The fully qualified names a ClusterFirst pod's resolver tries, in order (glibc res_search): a
 * name ending in '.' as is; a name with at least ndots (5) dots as is first, then with each search
 * domain; a shorter one with each search domain first, then as is.
 */
export function searchCandidates(name: string, namespace: string): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const search = podSearchPath(namespace).map((domain) => `${name}.${domain}`);
  const dots = name.split('.').length - 1;
  return dots >= POD_NDOTS ? [name, ...search] : [...search, name];
}
