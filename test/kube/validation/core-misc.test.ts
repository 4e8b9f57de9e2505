import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import { warningsOnCreate } from '../../../src/kube/validation';
import { createErrors, merge, updateErrors } from '../../sim/apiserver/helpers';

const ns = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const node = (patch: unknown = {}): KObject => merge({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } }, patch) as KObject;
const configMap = (patch: unknown = {}): KObject =>
  merge({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'app.conf': 'x' } }, patch) as KObject;
const secret = (patch: unknown = {}): KObject =>
  merge({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { password: 'cA==' } }, patch) as KObject;

describe('Namespace', () => {
  it('requires a DNS label name and forbids metadata.namespace', () => {
    expect(createErrors(ns('team-a'))).toEqual([]);
    expect(createErrors(ns('team.a'))).toEqual(['metadata.name: Invalid value: "team.a": must not contain dots']);
    expect(createErrors({ ...ns('x'), metadata: { name: 'x', namespace: 'default' } })).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });
});

describe('Node', () => {
  it('validates taints (with upstream\'s metadata.taints path)', () => {
    expect(createErrors(node({ spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } }))).toEqual([]);
    expect(createErrors(node({ spec: { taints: [{ key: 'a', effect: 'Sometimes' }] } }))).toEqual([
      'metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
    expect(createErrors(node({ spec: { taints: [{ key: 'a' }] } }))).toEqual(['metadata.taints[0].effect: Required value']);
  });

  it('allows taint and unschedulable changes but not providerID changes', () => {
    const n = node({ spec: { providerID: 'kind://a' } });
    expect(updateErrors(n, merge(n, { spec: { unschedulable: true, taints: [{ key: 'x', effect: 'NoExecute' }] } }))).toEqual([]);
    expect(updateErrors(n, merge(n, { spec: { providerID: 'kind://b' } }))).toEqual([
      'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
    ]);
  });
});

describe('ConfigMap and Secret', () => {
  it('validates data keys', () => {
    expect(createErrors(configMap())).toEqual([]);
    expect(createErrors(configMap({ data: { 'a b': 'x' } }))).toEqual([
      "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('takes keys named like Object.prototype members as any other key', () => {
    // as the loader builds it: every key an own property (an object literal would take __proto__ as the prototype)
    const data = JSON.parse('{"constructor": "a", "toString": "b", "__proto__": "c", "hasOwnProperty": "d"}') as Record<string, string>;
    expect(Object.keys(data)).toEqual(['constructor', 'toString', '__proto__', 'hasOwnProperty']);
    expect(createErrors(configMap({ data }))).toEqual([]);
    expect(createErrors(configMap({ data, binaryData: { toString: 'eA==' } }))).toEqual(['data[toString]: Invalid value: "toString": duplicate of key present in binaryData']);
  });

  it('freezes data of immutable objects', () => {
    const frozen = configMap({ immutable: true });
    expect(updateErrors(frozen, merge(frozen, { data: { 'app.conf': 'y' } }))).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
  });

  it('requires the keys of typed secrets and keeps the type immutable', () => {
    expect(createErrors(secret({ type: 'kubernetes.io/tls' }))).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
    const s = secret();
    expect(updateErrors(s, merge(s, { type: 'kubernetes.io/basic-auth', data: { username: 'dQ==' } }))).toEqual(['type: Invalid value: "kubernetes.io/basic-auth": field is immutable']);
  });
});

describe('metadata', () => {
  it('validates label keys and values at the labels path', () => {
    const cm = configMap({ metadata: { labels: { 'app/': 'x', tier: '-bad' } } });
    const errs = createErrors(cm);
    expect(errs[0]).toBe('metadata.labels: Invalid value: "app/": name part must be non-empty');
    expect(errs[2]).toMatch(/^metadata\.labels: Invalid value: "-bad": a valid label must be an empty string or consist of alphanumeric characters/);
  });

  it('requires a name and rejects non-standard finalizers', () => {
    expect(createErrors(configMap({ metadata: { name: undefined } }))).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(createErrors(configMap({ metadata: { finalizers: ['cleanup'] } }))).toEqual([
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it('forbids adding finalizers while deleting', () => {
    const cm = configMap({ metadata: { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['a.io/x'] } });
    expect(updateErrors(cm, merge(cm, { metadata: { finalizers: ['a.io/x', 'b.io/y'] } }))).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
  });
});

describe('warningsOnCreate', () => {
  it('warns about Recycle and the beta storage-class annotation (seed 000-1)', () => {
    const vol = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv1', annotations: { 'volume.beta.kubernetes.io/storage-class': 'anything' } },
      spec: { persistentVolumeReclaimPolicy: 'Recycle', hostPath: { path: '/x' } },
    } as KObject;
    expect(warningsOnCreate(vol)).toEqual([
      'metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead',
      'spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.',
    ]);
  });

  it('warns about Recycle only from 1.30 (kubernetes#122339): a 1.29 API server accepts it silently', () => {
    const vol = {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' },
      spec: { persistentVolumeReclaimPolicy: 'Recycle', hostPath: { path: '/x' } },
    } as KObject;
    expect(warningsOnCreate(vol, '1.29')).toEqual([]);
    expect(warningsOnCreate(vol, '1.30')).toHaveLength(1);
  });

  it('warns about deprecated node labels in pod templates', () => {
    const d = merge(configMap(), { kind: 'Deployment', apiVersion: 'apps/v1', spec: { template: { spec: { nodeSelector: { 'beta.kubernetes.io/os': 'linux' } } } } });
    expect(warningsOnCreate(d)).toEqual(['spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead']);
    expect(warningsOnCreate(configMap())).toEqual([]);
  });
});

describe('EndpointSlice (discovery ValidateEndpointSlice)', () => {
  const slice = (extra: Record<string, unknown>): KObject => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'legacy-1', namespace: 'default' },
    addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints: [{ addresses: ['10.4.5.6'] }], ...extra,
  } as KObject);

  it('accepts a hand-written slice; port numbers are not checked', () => {
    expect(createErrors(slice({}))).toEqual([]);
    expect(createErrors(slice({ ports: [{ name: 'http', port: 0, protocol: 'TCP' }] }))).toEqual([]);
  });

  it('port names are unique DNS labels, protocols known, in port order before the endpoints', () => {
    expect(createErrors(slice({
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'http', port: 81, protocol: 'HTTP' }],
      endpoints: [{ addresses: [] }],
    }))).toEqual([
      'ports[1].name: Duplicate value: "http"',
      'ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'endpoints[0].addresses: Required value: must contain at least 1 address',
    ]);
  });

  it('addresses match the addressType and are not special (ValidateEndpointIP)', () => {
    expect(createErrors(slice({ endpoints: [{ addresses: ['127.0.0.1', '169.254.1.1', '2001:db8::1'] }] }))).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'endpoints[0].addresses[1]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      'endpoints[0].addresses: Invalid value: "2001:db8::1": must be an IPv4 address',
    ]);
    expect(createErrors(slice({ addressType: 'FQDN', endpoints: [{ addresses: ['db.example.com', 'localhost'] }] }))).toEqual([
      'endpoints[0].addresses[1]: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
    ]);
  });

  it('on update, endpoints the old object had are not judged again; addressType is immutable', () => {
    const old = slice({ endpoints: [{ addresses: ['127.0.0.1'] }] });
    expect(updateErrors(old, merge(old, { metadata: { labels: { a: 'b' } } }))).toEqual([]);
    expect(updateErrors(old, merge(old, { addressType: 'IPv6', endpoints: [{ addresses: ['2001:db8::1'] }] }))).toEqual([
      'addressType: Invalid value: "IPv6": field is immutable',
    ]);
  });
});
