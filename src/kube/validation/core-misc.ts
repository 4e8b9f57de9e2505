/**
 * The smaller kinds: Namespace, Node, ConfigMap, Secret, ServiceAccount, LimitRange and ResourceQuota (core validation.go),
 * EndpointSlice (discovery), Lease (coordination) and Events. Event and Lease checks are minimal
 * (metadata only plus the fields noted); unverified beyond that.
 */
import { deepEqual } from '../equal';
import type { KubeVersion } from '../version';
import { arr, has, obj, objs, optNum, str, type Obj } from './access';
import { FieldPath, forbidden, invalid, notSupported, required, tooLong, type FieldError } from './field-error';
import { goStruct } from './go-value';
import { immutable, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { validateLegacyIP } from './ip';
import { isConfigMapKey, isDNS1123Label, isQualifiedName, isValidLabelValue, isValidPortNum } from './names';
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

function validateEndpointSlice(o: Obj, v: KubeVersion): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { name: 'subdomain', namespaced: true }, v);
  const types = ['FQDN', 'IPv4', 'IPv6'];
  const addressType = str(o.addressType);
  if (!addressType) errs.push(required(FieldPath.of('addressType')));
  else if (!types.includes(addressType)) errs.push(notSupported(FieldPath.of('addressType'), addressType, types));
  objs(o.endpoints).forEach((e, i) => {
    const p = FieldPath.of('endpoints').index(i);
    const addresses = arr(e.addresses).map(str);
    if (!addresses.length) errs.push(required(p.child('addresses'), 'must contain at least 1 address'));
    addresses.forEach((a, j) => {
      if (addressType === 'IPv4' || addressType === 'IPv6') errs.push(...validateLegacyIP(a, p.child('addresses').index(j), v));
    });
    if (has(e, 'hostname')) errs.push(...isDNS1123Label(str(e.hostname)).map((m) => invalid(p.child('hostname'), str(e.hostname), m)));
  });
  objs(o.ports).forEach((port, i) => {
    const p = FieldPath.of('ports').index(i);
    const n = optNum(port.port);
    if (n !== undefined) errs.push(...isValidPortNum(n).map((m) => invalid(p.child('port'), n, m)));
  });
  return errs;
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
      return [...metaUpdate, ...immutable(o.addressType, old.addressType, FieldPath.of('addressType')), ...validateEndpointSlice(o, v)];
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

