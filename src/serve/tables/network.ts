/**
 * Network printers (pkg/printers/internalversion/printers.go): Service TYPE CLUSTER-IP
 * EXTERNAL-IP PORT(S) (wide SELECTOR), Endpoints (at most 3 addresses then "+ N more..."),
 * EndpointSlice, Ingress, IngressClass, NetworkPolicy.
 */
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { AGE, age, col, field, formatLabels, formatLabelSelector, NAME, type Printer } from './types';

/** getServiceExternalIP; the load balancer list would be clipped to 16 characters unless wide, and the server prints wide. */
function externalIP(svc: Service): string {
  const ext = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = [...new Set((svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((x) => x))].sort().join(',');
      if (ext.length) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function ports(svc: Service): string {
  const list = (svc.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`));
  return list.length ? list.join(',') : '<none>';
}

export const servicePrinter: Printer = {
  columns: () => [
    NAME, col('Type', 'The type of the service.'), col('Cluster-IP', 'The cluster IP of the service.'), col('External-IP', 'The external IPs of the service.'),
    col('Port(s)', 'The ports the service exposes.'), AGE, col('Selector', 'The selector of the service.', { wide: true }),
  ],
  cells: (o, ctx) => {
    const svc = o as unknown as Service;
    return [o.metadata.name, svc.spec?.type ?? '', svc.spec?.clusterIPs?.[0] ?? '<none>', externalIP(svc), ports(svc), age(o, ctx), formatLabels(svc.spec?.selector)];
  },
};

/** formatEndpoints: addresses (with ports) of every subset, at most 3 shown. */
function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const portList = ss.ports?.length ? ss.ports : [undefined];
    for (const p of portList) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === 3) {
          more = true;
          break;
        }
        list.push(p ? (a.ip.includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`) : a.ip);
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - 3} more...` : joined;
}

export const endpointsPrinter: Printer = {
  columns: () => [NAME, col('Endpoints', 'The endpoints.'), AGE],
  cells: (o, ctx) => [o.metadata.name, formatEndpoints(o as unknown as Endpoints), age(o, ctx)],
};

function withMore(list: string[], count: number): string {
  const shown = list.slice(0, 3).join(',');
  if (count > 3) return `${shown} + ${count - 3} more...`;
  return shown || '<unset>';
}

export const endpointSlicePrinter: Printer = {
  columns: () => [NAME, col('AddressType', 'The address type.'), col('Ports', 'The ports.'), col('Endpoints', 'The endpoint addresses.'), AGE],
  cells: (o, ctx) => {
    const es = o as unknown as EndpointSlice;
    const ports = (es.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name ?? '*'));
    const addrs = (es.endpoints ?? []).flatMap((e) => e.addresses);
    return [o.metadata.name, es.addressType, withMore(ports, ports.length), withMore(addrs, addrs.length), age(o, ctx)];
  },
};

export const ingressPrinter: Printer = {
  columns: () => [NAME, col('Class', 'The IngressClass.'), col('Hosts', 'Hosts the rules match.'), col('Address', 'Load-balancer ingress points.'), col('Ports', 'Ports of TLS configurations that open'), AGE],
  cells: (o, ctx) => {
    const rules = field<Array<{ host?: string }>>(o, 'spec', 'rules') ?? [];
    const hosts = rules.map((r) => r.host).filter((h): h is string => !!h);
    const hostText = hosts.length ? (rules.length > 3 ? `${hosts.slice(0, 3).join(',')} + ${rules.length - 3} more...` : hosts.slice(0, 3).join(',')) : '*';
    const lb = [...new Set((field<Array<{ ip?: string; hostname?: string }>>(o, 'status', 'loadBalancer', 'ingress') ?? []).map((i) => i.ip || i.hostname || '').filter((x) => x))].sort().join(',');
    const tls = (field<unknown[]>(o, 'spec', 'tls') ?? []).length ? '80, 443' : '80';
    return [o.metadata.name, field<string>(o, 'spec', 'ingressClassName') ?? '<none>', hostText, lb, tls, age(o, ctx)];
  },
};

export const ingressClassPrinter: Printer = {
  columns: () => [NAME, col('Controller', 'Controller that is responsible for handling this class'), col('Parameters', 'A reference to a resource with additional parameters'), AGE],
  cells: (o, ctx) => {
    const p = field<{ kind: string; apiGroup?: string; name: string }>(o, 'spec', 'parameters');
    const params = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [o.metadata.name, field<string>(o, 'spec', 'controller') ?? '', params, age(o, ctx)];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: () => [NAME, col('Pod-Selector', 'The pods the policy applies to.'), AGE],
  cells: (o, ctx) => [o.metadata.name, formatLabelSelector(field<LabelSelector>(o, 'spec', 'podSelector')), age(o, ctx)],
};
