/**
 * Services and Endpoints (core validation.go ValidateService, ValidateServiceUpdate,
 * ValidateServiceClusterIPsRelatedFields, validateUpgradeDowngradeClusterIPs, ValidateEndpoints).
 * Runs on defaulted objects: clusterIPs mirrors clusterIP, ipFamilyPolicy/ipFamilies are set.
 */
import { gateEnabled } from '../defaults/feature-gates';
import { externallyAccessible, needsHealthCheck } from '../service-exposure';
import type { KubeVersion } from '../version';
import { arr, has, isObj, obj, objs, optNum, str, type Obj } from './access';
import { duplicate, FieldPath, forbidden, invalid, notSupported, required, type FieldError } from './field-error';
import { goIntOrString, goStringSlice, goStruct } from './go-value';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { INVALID_IP, validateEndpointIP, validateLegacyCIDR, validateLegacyIP } from './ip';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidIP, isValidPortNum } from './names';
import { validatePortNumOrName } from './containers';

const SPEC = FieldPath.of('spec');
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITY = ['ClientIP', 'None'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

const clusterIPsOf = (spec: Obj): string[] => arr(spec.clusterIPs).map(str);
const isHeadless = (spec: Obj): boolean => {
  const ips = clusterIPsOf(spec);
  return ips.length === 1 && ips[0] === 'None';
};

function servicePorts(spec: Obj, v: KubeVersion): FieldError[] {
  const ports = objs(spec.ports);
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = SPEC.child('ports').index(i);
    const name = str(port.name);
    if (ports.length > 1 && !name) errs.push(required(p.child('name')));
    else if (name) {
      errs.push(...isDNS1123Label(name).map((m) => invalid(p.child('name'), name, m)));
      if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      else names.add(name);
    }
    const number = optNum(port.port) ?? 0;
    errs.push(...isValidPortNum(number).map((m) => invalid(p.child('port'), number, m)));
    const protocol = str(port.protocol);
    if (!protocol) errs.push(required(p.child('protocol')));
    else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(p.child('protocol'), protocol, PROTOCOLS));
    errs.push(...validatePortNumOrName(port.targetPort, p.child('targetPort')));
    if (has(port, 'appProtocol')) errs.push(...isQualifiedName(str(port.appProtocol), v).map((m) => invalid(p.child('appProtocol'), str(port.appProtocol), m)));
    if (str(spec.type) === 'ClusterIP' && (optNum(port.nodePort) ?? 0) !== 0) {
      errs.push(forbidden(p.child('nodePort'), "may not be used when `type` is 'ClusterIP'"));
    }
  });
  const nodePorts = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const p = SPEC.child('ports').index(i);
    const nodePort = optNum(port.nodePort) ?? 0;
    if (nodePort) {
      const key = `${str(port.protocol)}/${nodePort}`;
      if (nodePorts.has(key)) errs.push(duplicate(p.child('nodePort'), nodePort));
      nodePorts.add(key);
    }
    const key = `${str(port.protocol)}/${optNum(port.port) ?? 0}`;
    if (seen.has(key)) {
      errs.push(duplicate(p, goStruct('core.ServicePort', [['Name', ''], ['Protocol', str(port.protocol)], ['AppProtocol', null, '*string'], ['Port', optNum(port.port) ?? 0], ['TargetPort', goIntOrString(0)], ['NodePort', 0]])));
    }
    seen.add(key);
  });
  return errs;
}

/** ValidateServiceClusterIPsRelatedFields: clusterIP/clusterIPs agree, valid IPs, families. */
function clusterIPFields(spec: Obj): FieldError[] {
  if (str(spec.type) === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ipsPath = SPEC.child('clusterIPs');
  const ip = str(spec.clusterIP);
  const ips = clusterIPsOf(spec);
  if (ip) {
    if (!ips.length) errs.push(required(ipsPath));
    else if (ips[0] !== ip) errs.push(invalid(ipsPath, goStringSlice(ips), 'first value must match `clusterIP`'));
  } else if (ips.length) errs.push(invalid(ipsPath, goStringSlice(ips), 'must be empty when `clusterIP` is not specified'));
  const seen = new Set<string>();
  arr(spec.ipFamilies).map(str).forEach((f, i) => {
    if (!IP_FAMILIES.includes(f)) errs.push(notSupported(SPEC.child('ipFamilies').index(i), f, IP_FAMILIES));
    if (seen.has(f)) errs.push(duplicate(SPEC.child('ipFamilies').index(i), f));
    seen.add(f);
  });
  if (has(spec, 'ipFamilyPolicy') && !IP_FAMILY_POLICIES.includes(str(spec.ipFamilyPolicy))) {
    errs.push(notSupported(SPEC.child('ipFamilyPolicy'), str(spec.ipFamilyPolicy), IP_FAMILY_POLICIES));
  }
  ips.forEach((value, i) => {
    if (i === 0 && value === 'None') {
      if (ips.length > 1) errs.push(invalid(ipsPath, goStringSlice(ips), "'None' must be the first and only value"));
      return;
    }
    if (!isValidIP(value)) errs.push(invalid(ipsPath.index(i), value, INVALID_IP));
  });
  if (ips.length > 2) errs.push(invalid(ipsPath, goStringSlice(ips), 'may only hold up to 2 values'));
  return errs;
}

function validateServiceSpec(spec: Obj, v: KubeVersion, oldSpec?: Obj, annotations: Obj = {}, oldAnnotations?: Obj): FieldError[] {
  const errs: FieldError[] = topologyAnnotations(annotations);
  const type = str(spec.type);
  const headless = isHeadless(spec);
  if (!objs(spec.ports).length && !headless && type !== 'ExternalName') errs.push(required(SPEC.child('ports')));
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    errs.push(invalid(SPEC.child('clusterIPs').index(0), 'None', `may not be set to 'None' for ${type} services`));
  }
  if (type === 'ExternalName') {
    if (clusterIPsOf(spec).length) errs.push(forbidden(SPEC.child('clusterIPs'), 'may not be set for ExternalName services'));
    if (arr(spec.ipFamilies).length) errs.push(forbidden(SPEC.child('ipFamilies'), 'may not be set for ExternalName services'));
    if (has(spec, 'ipFamilyPolicy')) errs.push(forbidden(SPEC.child('ipFamilyPolicy'), 'may not be set for ExternalName services'));
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => invalid(SPEC.child('externalName'), cname, m)));
    else errs.push(required(SPEC.child('externalName')));
  }
  errs.push(...servicePorts(spec, v));
  if (isObj(spec.selector)) errs.push(...validateLabels(spec.selector, SPEC.child('selector'), v));
  const affinity = str(spec.sessionAffinity);
  if (!affinity) errs.push(required(SPEC.child('sessionAffinity')));
  else if (!AFFINITY.includes(affinity)) errs.push(notSupported(SPEC.child('sessionAffinity'), affinity, AFFINITY));
  if (affinity === 'None' && has(spec, 'sessionAffinityConfig')) {
    errs.push(forbidden(SPEC.child('sessionAffinityConfig'), 'must not be set when session affinity is None'));
  }
  if (affinity === 'ClientIP') errs.push(...clientIPAffinityTimeout(spec));
  errs.push(...clusterIPFields(spec));
  const oldExternalIPs = arr(oldSpec?.externalIPs).map(str);
  arr(spec.externalIPs).map(str).forEach((ip, i) => {
    const p = SPEC.child('externalIPs').index(i);
    // an address the stored object held passes the parse; both then meet ValidateEndpointIP
    // ("for historical reasons", as upstream's comment says)
    const parseErrs = oldExternalIPs.includes(ip) ? [] : validateLegacyIP(ip, p, v);
    errs.push(...(parseErrs.length ? parseErrs : validateEndpointIP(ip, p)));
  });
  if (!type) errs.push(required(SPEC.child('type')));
  else if (!TYPES.includes(type)) errs.push(notSupported(SPEC.child('type'), type, TYPES));
  errs.push(...sourceRanges(spec, type, oldSpec, v, annotations, oldAnnotations));
  if (has(spec, 'allocateLoadBalancerNodePorts') && type !== 'LoadBalancer') {
    errs.push(forbidden(SPEC.child('allocateLoadBalancerNodePorts'), "may only be used when `type` is 'LoadBalancer'"));
  }
  errs.push(...loadBalancerClass(spec, type, v));
  errs.push(...trafficPolicies(spec, type));
  errs.push(...trafficDistribution(spec, v));
  return errs;
}

/** core.MaxClientIPServiceAffinitySeconds: one day. */
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

/**
 * validateClientIPAffinityConfig / validateAffinityTimeout. SetDefaults_Service fills a missing
 * config or timeout with 10800, so only the range can fail here.
 */
function clientIPAffinityTimeout(spec: Obj): FieldError[] {
  const clientIP = obj(obj(spec.sessionAffinityConfig).clientIP);
  const timeout = optNum(clientIP.timeoutSeconds);
  if (timeout === undefined || (timeout > 0 && timeout <= MAX_CLIENT_IP_AFFINITY_SECONDS)) return [];
  return [invalid(SPEC.child('sessionAffinityConfig').child('clientIP').child('timeoutSeconds'), timeout,
    `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`)];
}

const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** validateService's first check: the topology-mode annotation must agree with the deprecated topology-aware-hints one. */
function topologyAnnotations(annotations: Obj): FieldError[] {
  if (!has(annotations, TOPOLOGY_MODE) || !has(annotations, TOPOLOGY_AWARE_HINTS)) return [];
  const mode = str(annotations[TOPOLOGY_MODE]);
  if (mode === str(annotations[TOPOLOGY_AWARE_HINTS])) return [];
  return [invalid(FieldPath.of('metadata', 'annotations').key(TOPOLOGY_MODE), mode, `must match annotations[${TOPOLOGY_AWARE_HINTS}] when both are specified`)];
}

/**
 * loadBalancerSourceRanges: only on a LoadBalancer, each a CIDR (space-padding allowed, a value
 * the old object held accepted as is). Upstream names the path with a capital L. Without the
 * field, the service.beta.kubernetes.io/load-balancer-source-ranges annotation is checked the
 * same way (comma-separated; only when it is new or changed).
 */
function sourceRanges(spec: Obj, type: string, oldSpec: Obj | undefined, v: KubeVersion, annotations: Obj, oldAnnotations: Obj | undefined): FieldError[] {
  const ranges = arr(spec.loadBalancerSourceRanges).map(str);
  if (!ranges.length) return sourceRangesAnnotation(type, v, annotations, oldAnnotations);
  const path = (i?: number) => (i === undefined
    ? SPEC.child('LoadBalancerSourceRanges').at(['spec', 'loadBalancerSourceRanges'])
    : SPEC.child('LoadBalancerSourceRanges').index(i).at(['spec', 'loadBalancerSourceRanges', i]));
  const errs: FieldError[] = type === 'LoadBalancer' ? [] : [forbidden(path(), "may only be used when `type` is 'LoadBalancer'")];
  const old = arr(oldSpec?.loadBalancerSourceRanges).map((r) => str(r).trim());
  ranges.forEach((r, i) => errs.push(...validateLegacyCIDR(r.trim(), path(i), v, old)));
  return errs;
}

function sourceRangesAnnotation(type: string, v: KubeVersion, annotations: Obj, oldAnnotations: Obj | undefined): FieldError[] {
  if (!has(annotations, SOURCE_RANGES_ANNOTATION)) return [];
  const value = str(annotations[SOURCE_RANGES_ANNOTATION]);
  const path = FieldPath.of('metadata', 'annotations').key(SOURCE_RANGES_ANNOTATION);
  const errs: FieldError[] = type === 'LoadBalancer' ? [] : [forbidden(path, "may only be used when `type` is 'LoadBalancer'")];
  if (oldAnnotations && str(oldAnnotations[SOURCE_RANGES_ANNOTATION]) === value && has(oldAnnotations, SOURCE_RANGES_ANNOTATION)) return errs;
  if (!value.trim()) return errs;
  for (const cidr of value.trim().split(',')) errs.push(...validateLegacyCIDR(cidr.trim(), path, v));
  return errs;
}

const LB_CLASS = SPEC.child('loadBalancerClass');
const lbClassOf = (spec: Obj): string | undefined => (typeof spec.loadBalancerClass === 'string' ? spec.loadBalancerClass : undefined);

/** validateLoadBalancerClassField without an old object: a qualified name, and only on a LoadBalancer. */
function loadBalancerClass(spec: Obj, type: string, v: KubeVersion): FieldError[] {
  const value = lbClassOf(spec);
  if (value === undefined) return [];
  if (type !== 'LoadBalancer') return [forbidden(LB_CLASS, "may only be used when `type` is 'LoadBalancer'")];
  return isQualifiedName(value, v).map((m) => invalid(LB_CLASS, value, m));
}

/**
 * Update rules of ValidateServiceUpdate that look at the old object besides the cluster IPs, in
 * its order: validateLoadBalancerClassField(old, new) — the class may not change while the
 * Service stays a LoadBalancer (upstream then checks the format again in validateService, so an
 * invalid class is reported twice on update, as here) — and validateServiceExternalTrafficFieldsUpdate:
 * the healthCheckNodePort is immutable while both need one (LoadBalancer with policy Local).
 */
function loadBalancerFieldsUpdate(spec: Obj, old: Obj, v: KubeVersion): FieldError[] {
  const type = str(spec.type);
  const errs: FieldError[] = [];
  if (type === 'LoadBalancer' && str(old.type) === 'LoadBalancer' && lbClassOf(spec) !== lbClassOf(old)) {
    // a *string prints as its value, or "null" when unset (field.Error's pointer handling)
    errs.push(invalid(LB_CLASS, lbClassOf(spec) ?? 'null', 'may not change once set'));
  }
  errs.push(...loadBalancerClass(spec, type, v));
  if (needsHealthCheck(old) && needsHealthCheck(spec) && (optNum(spec.healthCheckNodePort) ?? 0) !== (optNum(old.healthCheckNodePort) ?? 0)) {
    errs.push(forbidden(SPEC.child('healthCheckNodePort'), 'field is immutable'));
  }
  return errs;
}

/**
 * validateServiceTrafficDistribution: PreferClose, and from 1.34 (PreferSameTrafficDistribution)
 * PreferSameZone and PreferSameNode. Before 1.31 the field is dropped on write
 * (defaults/disabled-fields.ts), so it never gets here.
 */
function trafficDistribution(spec: Obj, v: KubeVersion): FieldError[] {
  if (!has(spec, 'trafficDistribution') || spec.trafficDistribution === null) return [];
  const allowed = gateEnabled('PreferSameTrafficDistribution', v) ? ['PreferClose', 'PreferSameZone', 'PreferSameNode'] : ['PreferClose'];
  const value = str(spec.trafficDistribution);
  return allowed.includes(value) ? [] : [notSupported(SPEC.child('trafficDistribution'), value, allowed)];
}

function trafficPolicies(spec: Obj, type: string): FieldError[] {
  const errs: FieldError[] = [];
  const external = externallyAccessible(spec);
  const etp = str(spec.externalTrafficPolicy);
  if (!external && etp) errs.push(invalid(SPEC.child('externalTrafficPolicy'), etp, 'may only be set for externally-accessible services'));
  if (external && !etp) errs.push(required(SPEC.child('externalTrafficPolicy')));
  if (external && etp && !['Cluster', 'Local'].includes(etp)) errs.push(notSupported(SPEC.child('externalTrafficPolicy'), etp, ['Cluster', 'Local']));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(type)) errs.push(required(SPEC.child('internalTrafficPolicy')));
  if (itp !== undefined && !['Cluster', 'Local'].includes(str(itp))) errs.push(notSupported(SPEC.child('internalTrafficPolicy'), str(itp), ['Cluster', 'Local']));
  return errs;
}

function validateService(o: Obj, v: KubeVersion, old?: Obj): FieldError[] {
  // RelaxedServiceNameValidation, beta and on from 1.36 (kubernetes#136389): Service names are
  // validated as RFC 1123 labels (NameIsDNSLabel), so a leading digit is allowed; before, RFC 1035.
  const name = gateEnabled('RelaxedServiceNameValidation', v) ? 'label' : 'dns1035';
  return [...validateObjectMeta(o.metadata, { name, namespaced: true }, v), ...validateServiceSpec(obj(o.spec), v, old && obj(old.spec), obj(obj(o.metadata).annotations), old && obj(obj(old.metadata).annotations))];
}

/**
 * ClusterIPs may not change once set, except to or from ExternalName and between headless states
 * (validateUpgradeDowngradeClusterIPs). The service registry copies the allocated IPs into an
 * update that omits them before validation, so only a real change reaches this check.
 */
function clusterIPsImmutable(spec: Obj, old: Obj): FieldError[] {
  if (str(spec.type) === 'ExternalName' || str(old.type) === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(old)) return [];
  const now = clusterIPsOf(spec);
  const before = clusterIPsOf(old);
  const p = SPEC.child('clusterIPs');
  const errs: FieldError[] = [];
  if (now.length === before.length) {
    before.forEach((ip, i) => {
      if (ip !== now[i]) errs.push(invalid(p.index(i), goStringSlice(now), 'may not change once set'));
    });
  } else if (before.length > now.length) {
    if (!now.length) errs.push(invalid(p.index(0), goStringSlice(now), 'primary clusterIP can not be unset'));
    else if (now[0] !== before[0]) errs.push(invalid(p.index(0), goStringSlice(now), 'may not change once set'));
  } else if (before.length && now[0] !== before[0]) {
    errs.push(invalid(p.index(0), goStringSlice(now), 'may not change once set'));
  }
  return errs;
}

function validateServiceUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] {
  return [
    ...validateObjectMetaUpdate(o.metadata, old.metadata, v),
    ...clusterIPsImmutable(obj(o.spec), obj(old.spec)),
    ...loadBalancerFieldsUpdate(obj(o.spec), obj(old.spec), v),
    ...validateService(o, v, old),
  ];
}

function validateEndpoints(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v);
  objs(o.subsets).forEach((ss, i) => {
    const p = FieldPath.of('subsets').index(i);
    if (!arr(ss.addresses).length && !arr(ss.notReadyAddresses).length) {
      errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    for (const field of ['addresses', 'notReadyAddresses']) {
      objs(ss[field]).forEach((a, j) => {
        const ap = p.child(field).index(j);
        // validateEndpointAddress: the legacy IP parse, hostname, then ValidateEndpointIP
        errs.push(...validateLegacyIP(str(a.ip), ap.child('ip'), v));
        if (str(a.hostname)) errs.push(...isDNS1123Label(str(a.hostname)).map((m) => invalid(ap.child('hostname'), str(a.hostname), m)));
        errs.push(...validateEndpointIP(str(a.ip), ap.child('ip')));
      });
    }
    const ports = objs(ss.ports);
    ports.forEach((port, j) => {
      const pp = p.child('ports').index(j);
      if (ports.length > 1 && !str(port.name)) errs.push(required(pp.child('name')));
      const n = optNum(port.port) ?? 0;
      errs.push(...isValidPortNum(n).map((m) => invalid(pp.child('port'), n, m)));
      const protocol = str(port.protocol);
      if (!protocol) errs.push(required(pp.child('protocol')));
      else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(pp.child('protocol'), protocol, PROTOCOLS));
    });
  });
  return errs;
}

export function validateServiceCreate(o: Obj, v: KubeVersion): FieldError[] | undefined {
  if (o.kind === 'Service') return validateService(o, v);
  if (o.kind === 'Endpoints') return validateEndpoints(o, v);
  return undefined;
}

export function validateServiceKindUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] | undefined {
  if (o.kind === 'Service') return validateServiceUpdate(o, old, v);
  if (o.kind === 'Endpoints') return [...validateObjectMetaUpdate(o.metadata, old.metadata, v), ...validateEndpoints(o, v)];
  return undefined;
}
