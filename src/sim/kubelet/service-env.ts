/**
 * The service environment variables the kubelet gives every container (pkg/kubelet/kubelet_pods.go
 * getServiceEnvVarMap, pkg/kubelet/envvars FromServices; same in 1.35–1.37):
 *
 * - which Services: `kubernetes` of the default namespace always, and with
 *   spec.enableServiceLinks (defaulted to true) every Service of the pod's own namespace; a
 *   Service of the pod's namespace named `kubernetes` takes the place of default/kubernetes (the
 *   map is keyed by name and the namespace's entry overwrites it whatever the list order).
 *   Only Services with a cluster IP count (IsServiceIPSet: not empty, not `None`).
 * - which names, for a Service `my-svc` (upper-cased, `-` to `_`): MY_SVC_SERVICE_HOST (the
 *   cluster IP), MY_SVC_SERVICE_PORT (the first port), MY_SVC_SERVICE_PORT_<PORTNAME> per named
 *   port, and the Docker link variables: MY_SVC_PORT (`<proto>://<ip>:<port>` of the first port)
 *   and per port MY_SVC_PORT_<port>_<PROTO> with _PROTO, _PORT and _ADDR.
 *
 * The kubelet reads its Service informer when it creates the container: a Service made later
 * reaches only containers created (or restarted) after it.
 */
import type { Service } from 'kubernetes-types/core/v1';
import { memoOnFrozen } from '../../kube/frozen-memo';

const MASTER_SERVICES = new Set(['kubernetes']);

/** The variables of the Services a container of a pod in `namespace` sees. */
export function serviceEnvironment(services: readonly Service[], namespace: string, enableServiceLinks: boolean): Map<string, string> {
  const byName = new Map<string, Service>();
  for (const s of services) {
    if (!hasClusterIP(s)) continue;
    const name = s.metadata?.name ?? '';
    const ns = s.metadata?.namespace ?? 'default';
    if (ns === 'default' && MASTER_SERVICES.has(name)) {
      if (!byName.has(name)) byName.set(name, s);
    } else if (ns === namespace && enableServiceLinks) byName.set(name, s);
  }
  // Upstream walks a Go map (random order); two Services whose variables collide are resolved
  // here by name order, so a run is deterministic (upstream gives either value).
  const vars = new Map<string, string>();
  for (const name of [...byName.keys()].sort()) {
    for (const [k, v] of variablesOf(byName.get(name)!)) vars.set(k, v);
  }
  return vars;
}

/** v1helper.IsServiceIPSet */
function hasClusterIP(s: Service): boolean {
  const ip = s.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** envvars.makeEnvVariableName: upper case, dashes to underscores (dots are kept, as upstream). */
function variableName(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

/**
 * A stored Service is frozen and never changes, so its variables are built once and their strings
 * shared by every container that gets them (each held its own copies: a quarter of a container's
 * environment memory).
 */
const variablesOf: (s: Service) => ReadonlyArray<readonly [string, string]> = memoOnFrozen(buildVariables);

/** FromServices for one Service (with a cluster IP and, as validation requires, a port). */
function buildVariables(s: Service): Array<[string, string]> {
  const prefix = variableName(s.metadata?.name ?? '');
  const ip = s.spec!.clusterIP!;
  const ports = s.spec?.ports ?? [];
  if (!ports.length) return [[`${prefix}_SERVICE_HOST`, ip]];
  const out: Array<[string, string]> = [[`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, String(ports[0]!.port)]];
  for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${variableName(p.name)}`, String(p.port)]);
  // makeLinkVariables: the Docker link variables
  ports.forEach((p, i) => {
    const proto = (p.protocol || 'TCP').toLowerCase();
    const url = `${proto}://${joinHostPort(ip, p.port)}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const portPrefix = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.push([portPrefix, url], [`${portPrefix}_PROTO`, proto], [`${portPrefix}_PORT`, String(p.port)], [`${portPrefix}_ADDR`, ip]);
  });
  return out;
}

/** net.JoinHostPort: an IPv6 address in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
