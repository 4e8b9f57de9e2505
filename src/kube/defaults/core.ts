/**
 * Defaults of the remaining core and networking kinds: Service (SetDefaults_Service plus the
 * registry's ClusterIP/ClusterIPs sync and IP family fields), Namespace, Secret, Endpoints and
 * EndpointSlice ports.
 */
import { externallyAccessible } from '../service-exposure';
import { isObj, type Obj } from '../validation/access';

type Mutable = Record<string, unknown>;

const each = (list: unknown, fn: (o: Mutable) => void): void => {
  if (Array.isArray(list)) for (const x of list) if (isObj(x)) fn(x);
};

/**
 * SetDefaults_Service, then what the Service registry does before allocation: sync clusterIPs
 * with clusterIP (strategy normalizeClusterIPs) and fill the IP family fields for a single-stack
 * IPv4 cluster (storage/alloc.go initIPFamilyFields). Allocating the cluster IP itself is the
 * service registry's job, not a default.
 */
export function defaultService(o: Obj): void {
  if (!isObj(o.spec)) o.spec = {};
  const spec = o.spec as Mutable;
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = isObj(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : undefined;
    const clientIP = cfg && isObj(cfg.clientIP) ? cfg.clientIP : undefined;
    if (!clientIP || clientIP.timeoutSeconds === undefined) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  each(spec.ports, (p) => {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  });
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && ['ClusterIP', 'NodePort', 'LoadBalancer'].includes(String(spec.type))) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  syncClusterIPs(spec);
  defaultIPFamilies(spec);
}

function syncClusterIPs(spec: Mutable): void {
  const ip = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : undefined;
  if (ip && !ips?.length) spec.clusterIPs = [ip];
  else if (!ip && ips?.length && typeof ips[0] === 'string') spec.clusterIP = ips[0];
}

/**
 * IP families on a single-stack IPv4 cluster: SingleStack/[IPv4], except headless services
 * without a selector, whose policy defaults to RequireDualStack (docs: concepts/services-networking/
 * dual-stack, "Headless Services without selectors"). unverified: the families such a service gets
 * on a single-stack cluster; we use [IPv4].
 */
function defaultIPFamilies(spec: Mutable): void {
  if (spec.type === 'ExternalName') return;
  const headless = spec.clusterIP === 'None';
  const selectorless = !isObj(spec.selector) || Object.keys(spec.selector).length === 0;
  if (spec.ipFamilyPolicy === undefined) spec.ipFamilyPolicy = headless && selectorless ? 'RequireDualStack' : 'SingleStack';
  if (!Array.isArray(spec.ipFamilies) || !spec.ipFamilies.length) spec.ipFamilies = ['IPv4'];
}

/** SetDefaults_Namespace label, and the `kubernetes` finalizer the namespace strategy sets on create. */
export function defaultNamespace(o: Obj): void {
  const meta = o.metadata as Mutable;
  if (typeof meta.name === 'string' && meta.name) {
    meta.labels = { ...(isObj(meta.labels) ? meta.labels : {}), 'kubernetes.io/metadata.name': meta.name };
  }
  if (!isObj(o.spec)) o.spec = {};
  const spec = o.spec as Mutable;
  if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
}

export function defaultSecret(o: Obj): void {
  if (!o.type) o.type = 'Opaque';
}

export function defaultEndpoints(o: Obj): void {
  each(o.subsets, (s) => each(s.ports, (p) => {
    if (!p.protocol) p.protocol = 'TCP';
  }));
}

/**
 * EndpointSlice ports: name "" and protocol TCP (discovery/v1 SetDefaults_EndpointPort). Each endpoint's
 * `conditions` is a struct, not a pointer (discovery/v1 Endpoint), and Go's JSON encoding ignores
 * omitempty on structs, so an endpoint written without conditions reads back with `conditions: {}`.
 */
export function defaultEndpointSlice(o: Obj): void {
  each(o.ports, (p) => {
    if (p.name === undefined || p.name === null) p.name = '';
    if (!p.protocol) p.protocol = 'TCP';
  });
  each(o.endpoints, (e) => {
    if (!isObj(e.conditions)) e.conditions = {};
  });
}

/**
 * SetDefaults_LimitRangeItem, for `type: Container` items: a missing default limit is the max; a
 * missing default request is the default limit, else the min. (Go leaves empty maps, which
 * serialise to nothing.)
 */
export function defaultLimitRange(o: Obj): void {
  const spec = isObj(o.spec) ? o.spec : undefined;
  each(spec?.limits, (item) => {
    if (item.type !== 'Container') return;
    const def: Mutable = { ...(isObj(item.default) ? item.default : {}) };
    const req: Mutable = { ...(isObj(item.defaultRequest) ? item.defaultRequest : {}) };
    for (const [k, v] of Object.entries(isObj(item.max) ? item.max : {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(isObj(item.min) ? item.min : {})) if (!(k in req)) req[k] = v;
    if (Object.keys(def).length) item.default = def;
    if (Object.keys(req).length) item.defaultRequest = req;
  });
}
