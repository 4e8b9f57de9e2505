/**
 * The smaller kinds: Namespace, Node, ConfigMap, Secret, ServiceAccount, LimitRange and ResourceQuota (core validation.go),
 * EndpointSlice (discovery), Lease (coordination) and Events. Event and Lease checks are minimal
 * (metadata only plus the fields noted); unverified beyond that.
 */
import { deepEqual } from '../equal';
import type { KubeVersion } from '../version';
import { arr, has, obj, objs, optNum, str, type Obj } from './access';
import { duplicate, FieldPath, forbidden, invalid, notSupported, required, tooLong, tooMany, type FieldError } from './field-error';
import { goStruct } from './go-value';
import { immutable, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { INVALID_IP, isIPv4Text, validateEndpointIP, validateLegacyIP } from './ip';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidIP, isValidLabelValue } from './names';
import { validateTaintEffect } from './scheduling';
import { validateLimitRange } from './limit-range';
import { validateResourceQuota, validateResourceQuotaUpdate } from './resource-quota';

const MAX_DATA_SIZE = 1024 * 1024;

function validateNamespace(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'label', namespaced: false }, v);
  arr(obj(o.spec).finalizers).map(str).forEach((f) => {
    const p = FieldPath.of('spec', 'finalizers');
    errs.push(...isQualifiedName(f, v).map((m) => invalid(p, f, m)));
    if (!f.includes('/') && f !== 'kubernetes') errs.push(invalid(p, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  });
  return errs;
}

/** validateNodeTaints: key, value, effect, unique (key, effect). Upstream's path is metadata.taints (sic). */
function nodeTaints(taints: unknown, v: KubeVersion): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  const base = FieldPath.of('metadata', 'taints');
  objs(taints).forEach((t, i) => {
    const p = base.index(i).at(['spec', 'taints', i]);
    errs.push(...isQualifiedName(str(t.key), v).map((m) => invalid(p.child('key').at(['spec', 'taints', i, 'key']), str(t.key), m)));
    const msgs = isValidLabelValue(str(t.value));
    if (msgs.length) errs.push(invalid(p.child('value').at(['spec', 'taints', i, 'value']), str(t.value), msgs.join(';')));
    errs.push(...validateTaintEffect(str(t.effect), false, p.child('effect').at(['spec', 'taints', i, 'effect'])));
    const key = `${str(t.effect)}/${str(t.key)}`;
    if (seen.has(key)) {
      const shown = goStruct('core.Taint', [['Key', str(t.key)], ['Value', str(t.value)], ['Effect', str(t.effect)], ['TimeAdded', null, '*v1.Time']]);
      errs.push({ ...invalid(p, shown, 'taints must be unique by key and effect pair'), type: 'Duplicate' });
    }
    seen.add(key);
  });
  return errs;
}

function validateNode(o: Obj, v: KubeVersion): FieldError[] {
  return [...validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: false }, v), ...nodeTaints(obj(o.spec).taints, v)];
}

function validateNodeUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] {
  const errs = [...validateObjectMetaUpdate(o.metadata, old.metadata, v), ...nodeTaints(obj(o.spec).taints, v)];
  const spec = obj(o.spec);
  const before = obj(old.spec);
  const oldCIDRs = arr(before.podCIDRs);
  if (oldCIDRs.length && !deepEqual(oldCIDRs, arr(spec.podCIDRs))) {
    errs.push(forbidden(FieldPath.of('spec', 'podCIDRs'), 'node updates may not change podCIDR except from "" to valid'));
  }
  if (str(before.providerID) && str(before.providerID) !== str(spec.providerID)) {
    errs.push(forbidden(FieldPath.of('spec', 'providerID'), 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}

function dataKeys(data: unknown, p: FieldPath, other?: Obj): { errs: FieldError[]; size: number } {
  const errs: FieldError[] = [];
  let size = 0;
  for (const key of Object.keys(obj(data)).sort()) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(p.key(key), key, m)));
    if (other && has(other, key)) errs.push(invalid(p.key(key), key, 'duplicate of key present in binaryData'));
    size += String(obj(data)[key]).length;
  }
  return { errs, size };
}

function validateConfigMap(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v);
  const data = dataKeys(o.data, FieldPath.of('data'), obj(o.binaryData));
  const binary = dataKeys(o.binaryData, FieldPath.of('binaryData'));
  errs.push(...data.errs, ...binary.errs);
  if (data.size + binary.size > MAX_DATA_SIZE) errs.push(tooLong(FieldPath.of(), MAX_DATA_SIZE));
  return errs;
}

/** `immutable: true` freezes data (ConfigMap and Secret updates). */
function immutableData(o: Obj, old: Obj, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (o.immutable !== true) errs.push(forbidden(FieldPath.of('immutable'), 'field is immutable when `immutable` is set'));
  for (const f of fields) {
    if (!deepEqual(o[f] ?? null, old[f] ?? null)) errs.push(forbidden(FieldPath.of(f), 'field is immutable when `immutable` is set'));
  }
  return errs;
}

const SECRET_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function validateSecret(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v);
  // stringData is merged into data by the API server before validation.
  const data = { ...obj(o.data), ...obj(o.stringData) };
  const dp = FieldPath.of('data');
  const { errs: keyErrs, size } = dataKeys(data, dp);
  errs.push(...keyErrs);
  if (size > MAX_DATA_SIZE) errs.push(tooLong(dp, MAX_DATA_SIZE));
  const type = str(o.type);
  if (type === 'kubernetes.io/service-account-token' && !str(obj(obj(o.metadata).annotations)['kubernetes.io/service-account.name'])) {
    errs.push(required(FieldPath.of('metadata', 'annotations').key('kubernetes.io/service-account.name')));
  }
  if (type === 'kubernetes.io/basic-auth' && !has(data, 'username') && !has(data, 'password')) {
    errs.push(required(dp.key('username')), required(dp.key('password')));
  }
  for (const key of SECRET_KEYS[type] ?? []) if (!has(data, key)) errs.push(required(dp.key(key)));
  return errs;
}

/** discovery validation.go limits: addresses per endpoint, endpoints and ports per slice. */
const MAX_SLICE_ADDRESSES = 100;
const MAX_SLICE_ENDPOINTS = 1000;
const MAX_SLICE_PORTS = 20000;
const SLICE_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/**
 * ValidateEndpointSlice, in its order: metadata, addressType, ports, endpoints. On update,
 * endpoints the old object already had are not judged again (older releases accepted them).
 * Port numbers are not validated upstream. unverified/not checked: deprecatedTopology and hints.
 */
function validateEndpointSlice(o: Obj, v: KubeVersion, old?: Obj): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v);
  const types = ['FQDN', 'IPv4', 'IPv6'];
  const addressType = str(o.addressType);
  if (!addressType) errs.push(required(FieldPath.of('addressType')));
  else if (!types.includes(addressType)) errs.push(notSupported(FieldPath.of('addressType'), addressType, types));
  errs.push(...validateSlicePorts(objs(o.ports), v));
  const endpointErrs = validateSliceEndpoints(objs(o.endpoints), addressType, v);
  if (!(old && endpointErrs.length && deepEqual(old.endpoints ?? [], o.endpoints ?? []))) errs.push(...endpointErrs);
  return errs;
}

/** validatePorts: names are DNS labels and unique (empty counts), protocols known, appProtocol a qualified name. */
function validateSlicePorts(ports: Obj[], v: KubeVersion): FieldError[] {
  const p = FieldPath.of('ports');
  if (ports.length > MAX_SLICE_PORTS) return [tooMany(p, ports.length, MAX_SLICE_PORTS)];
  const errs: FieldError[] = [];
  const names: string[] = [];
  ports.forEach((port, i) => {
    const ip = p.index(i);
    const name = str(port.name);
    if (name) errs.push(...isDNS1123Label(name).map((m) => invalid(ip.child('name'), name, m)));
    if (names.includes(name)) errs.push(duplicate(ip.child('name'), name));
    else names.push(name);
    const protocol = str(port.protocol);
    if (!protocol) errs.push(required(ip.child('protocol')));
    else if (!SLICE_PROTOCOLS.includes(protocol)) errs.push(notSupported(ip.child('protocol'), protocol, SLICE_PROTOCOLS));
    if (typeof port.appProtocol === 'string') errs.push(...isQualifiedName(port.appProtocol, v).map((m) => invalid(ip.child('appProtocol'), port.appProtocol, m)));
  });
  return errs;
}

/** validateEndpoints: 1-100 addresses of the slice's type, a valid nodeName and hostname. */
function validateSliceEndpoints(endpoints: Obj[], addressType: string, v: KubeVersion): FieldError[] {
  const p = FieldPath.of('endpoints');
  if (endpoints.length > MAX_SLICE_ENDPOINTS) return [tooMany(p, endpoints.length, MAX_SLICE_ENDPOINTS)];
  const errs: FieldError[] = [];
  endpoints.forEach((e, i) => {
    const ep = p.index(i);
    const ap = ep.child('addresses');
    const addresses = arr(e.addresses).map(str);
    if (!addresses.length) errs.push(required(ap, 'must contain at least 1 address'));
    else if (addresses.length > MAX_SLICE_ADDRESSES) errs.push(tooMany(ap, addresses.length, MAX_SLICE_ADDRESSES));
    addresses.forEach((a, j) => errs.push(...validateSliceAddress(a, addressType, ap, j, v)));
    if (typeof e.nodeName === 'string') errs.push(...isDNS1123Subdomain(e.nodeName).map((m) => invalid(ep.child('nodeName'), e.nodeName, m)));
    if (has(e, 'hostname')) errs.push(...isDNS1123Label(str(e.hostname)).map((m) => invalid(ep.child('hostname'), str(e.hostname), m)));
  });
  return errs;
}

/**
 * One address by the slice's addressType: IPv4 parses as a legacy IP and must be IPv4 (that
 * error names the list, not the entry, as upstream does); IPv6 parses strictly (unverified: the
 * canonical-form check is not made); both may not be special addresses (ValidateEndpointIP).
 * FQDN: IsFullyQualifiedDomainName. Unknown types are not checked.
 */
function validateSliceAddress(address: string, addressType: string, list: FieldPath, j: number, v: KubeVersion): FieldError[] {
  const p = list.index(j);
  if (addressType === 'IPv4' || addressType === 'IPv6') {
    const parseErrs = addressType === 'IPv4' ? validateLegacyIP(address, p, v) : isValidIP(address) ? [] : [invalid(p, address, INVALID_IP)];
    if (parseErrs.length) return parseErrs;
    const ofType = addressType === 'IPv4' ? isIPv4Text(address) : !isIPv4Text(address);
    return [...(ofType ? [] : [invalid(list, address, `must be an ${addressType} address`)]), ...validateEndpointIP(address, p)];
  }
  if (addressType === 'FQDN') return fullyQualifiedDomainName(address, p);
  return [];
}

/** validation.IsFullyQualifiedDomainName: a DNS subdomain of at least two labels, a trailing dot allowed. */
function fullyQualifiedDomainName(value: string, p: FieldPath): FieldError[] {
  if (!value) return [required(p)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const subdomain = isDNS1123Subdomain(name);
  if (subdomain.length) return [invalid(p, name, subdomain.join(','))];
  const labels = name.split('.');
  if (labels.length < 2) return [invalid(p, name, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const problems = isDNS1123Label(label);
    if (problems.length) return [invalid(p, label, problems.join(','))];
  }
  return [];
}

function validateLease(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v);
  const spec = obj(o.spec);
  const duration = optNum(spec.leaseDurationSeconds);
  if (duration !== undefined && duration <= 0) errs.push(invalid(FieldPath.of('spec', 'leaseDurationSeconds'), duration, 'must be greater than 0'));
  const transitions = optNum(spec.leaseTransitions);
  if (transitions !== undefined && transitions < 0) errs.push(invalid(FieldPath.of('spec', 'leaseTransitions'), transitions, 'must be greater than or equal to 0'));
  return errs;
}

/** Core Events must name the object they are about in the event's namespace (ValidateEventCreate). */
function validateEvent(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v);
  if (o.apiVersion === 'v1') {
    const involved = obj(o.involvedObject);
    const ns = str(obj(o.metadata).namespace);
    if (str(involved.namespace) && str(involved.namespace) !== ns) {
      errs.push(invalid(FieldPath.of('involvedObject', 'namespace'), str(involved.namespace), 'does not match event.namespace'));
    }
  }
  return errs;
}

const SIMPLE_META: Record<string, { name: 'subdomain' | 'label'; namespaced: boolean }> = {
  ServiceAccount: { name: 'subdomain', namespaced: true },
};

export function validateMiscCreate(o: Obj, v: KubeVersion): FieldError[] | undefined {
  switch (o.kind) {
    case 'Namespace':
      return validateNamespace(o, v);
    case 'Node':
      return validateNode(o, v);
    case 'ConfigMap':
      return validateConfigMap(o, v);
    case 'Secret':
      return validateSecret(o, v);
    case 'EndpointSlice':
      return validateEndpointSlice(o, v);
    case 'Lease':
      return validateLease(o, v);
    case 'Event':
      return validateEvent(o, v);
    case 'LimitRange':
      return validateLimitRange(o, v);
    case 'ResourceQuota':
      return validateResourceQuota(o, v);
    default:
      return SIMPLE_META[str(o.kind)] ? validateObjectMeta(o.metadata, SIMPLE_META[str(o.kind)]!, v) : undefined;
  }
}

export function validateMiscUpdate(o: Obj, old: Obj, v: KubeVersion): FieldError[] | undefined {
  const metaUpdate = validateObjectMetaUpdate(o.metadata, old.metadata, v);
  switch (o.kind) {
    case 'Namespace':
      return metaUpdate;
    case 'Node':
      return validateNodeUpdate(o, old, v);
    case 'ConfigMap':
      return [...metaUpdate, ...immutableData(o, old, ['data', 'binaryData']), ...validateConfigMap(o, v)];
    case 'Secret':
      return [...metaUpdate, ...immutable(o.type, old.type, FieldPath.of('type')), ...immutableData(o, old, ['data']), ...validateSecret(o, v)];
    case 'EndpointSlice':
      return [...metaUpdate, ...validateEndpointSlice(o, v, old), ...immutable(o.addressType, old.addressType, FieldPath.of('addressType'))];
    case 'Lease':
      return [...metaUpdate, ...validateLease(o, v)];
    case 'Event':
      return [...metaUpdate, ...validateEvent(o, v)];
    case 'LimitRange':
      return [...metaUpdate, ...validateLimitRange(o, v)];
    case 'ResourceQuota':
      return validateResourceQuotaUpdate(o, old, v);
    default:
      return SIMPLE_META[str(o.kind)] ? [...metaUpdate, ...validateObjectMeta(o.metadata, SIMPLE_META[str(o.kind)]!, v)] : undefined;
  }
}

