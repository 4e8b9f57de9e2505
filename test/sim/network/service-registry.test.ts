import { describe, expect, test } from '@jest/globals';
import type { Service } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../src/errors';
import type { KObject } from '../../../src/kube/object';
import { createService, startCluster } from './fixtures';

function spec(o: KObject): NonNullable<Service['spec']> {
  return (o as unknown as Service).spec!;
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the API server to refuse the request');
}

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

describe('the Services a kind cluster starts with', () => {
  test('default/kubernetes at 10.96.0.1 and kube-system/kube-dns at 10.96.0.10', () => {
    const { api } = startCluster();
    const kubernetes = api.get('Service', 'default', 'kubernetes')!;
    expect(spec(kubernetes)).toMatchObject({
      clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    });
    const dns = api.get('Service', 'kube-system', 'kube-dns')!;
    expect(spec(dns).clusterIP).toBe('10.96.0.10');
    expect(spec(dns).ports!.map((p) => `${p.name}/${p.protocol}/${p.port}`)).toEqual(['dns/UDP/53', 'dns-tcp/TCP/53', 'metrics/TCP/9153']);
    expect(dns.metadata.labels).toMatchObject({ 'k8s-app': 'kube-dns' });
  });

  test('the apiserver re-creates default/kubernetes after it is deleted', () => {
    const c = startCluster();
    c.api.delete('Service', 'default', 'kubernetes');
    c.advance(9_999);
    expect(c.api.get('Service', 'default', 'kubernetes')).toBeUndefined();
    c.advance(1);
    expect(spec(c.api.get('Service', 'default', 'kubernetes')!).clusterIP).toBe('10.96.0.1');
  });
});

describe('cluster IP allocation', () => {
  test('a Service without a clusterIP gets a free address from the upper band of 10.96.0.0/16', () => {
    const { api } = startCluster();
    const ips = ['a', 'b', 'c', 'd'].map((n) => spec(createService(api, n, { selector: { app: n }, ports: [{ port: 80 }] })).clusterIP!);
    expect(new Set(ips).size).toBe(4);
    for (const ip of ips) {
      expect(ipNumber(ip)).toBeGreaterThanOrEqual(ipNumber('10.96.1.1'));
      expect(ipNumber(ip)).toBeLessThanOrEqual(ipNumber('10.96.255.254'));
    }
    expect(spec(api.get('Service', 'default', 'a')!)).toMatchObject({ clusterIPs: [ips[0]], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  });

  test('the same seed gives the same addresses; another seed other ones', () => {
    const allocate = (seed: number) => {
      const { api } = startCluster({ seed });
      return ['a', 'b', 'c'].map((n) => spec(createService(api, n, { selector: { app: n }, ports: [{ port: 80 }] })).clusterIP);
    };
    expect(allocate(7)).toEqual(allocate(7));
    expect(allocate(7)).not.toEqual(allocate(8));
  });

  test('a requested address that is taken is refused with the API server message (JSON value from 1.34)', () => {
    const { api } = startCluster();
    const err = apiError(() => createService(api, 'dns2', { clusterIP: '10.96.0.10', ports: [{ port: 53 }] }));
    expect(err.status).toBe(422);
    expect(err.message).toBe(
      'Service "dns2" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  test('up to 1.33 the value prints in Go syntax', () => {
    const { api } = startCluster({ version: '1.33' });
    const err = apiError(() => createService(api, 'dns2', { clusterIP: '10.96.0.10', ports: [{ port: 53 }] }));
    expect(err.message).toBe(
      'Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  test('an address outside the service CIDR: no ServiceCIDR holds it (1.33+), or not in the range (1.32)', () => {
    const modern = startCluster();
    expect(apiError(() => createService(modern.api, 'far', { clusterIP: '10.97.0.5', ports: [{ port: 80 }] })).message).toBe(
      'Service "far" is invalid: spec.clusterIPs: Invalid value: ["10.97.0.5"]: failed to allocate IP 10.97.0.5: the provided network does not match the current range',
    );
    // the network address is inside the CIDR but never handed out
    expect(apiError(() => createService(modern.api, 'net', { clusterIP: '10.96.0.0', ports: [{ port: 80 }] })).message).toBe(
      'Service "net" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.0"]: failed to allocate IP 10.96.0.0: ' +
        'the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/16',
    );
    const old = startCluster({ version: '1.32' });
    expect(apiError(() => createService(old.api, 'far', { clusterIP: '10.97.0.5', ports: [{ port: 80 }] })).message).toBe(
      'Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"10.97.0.5"}: failed to allocate IP 10.97.0.5: ' +
        'the provided IP (10.97.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/16',
    );
  });

  test('a free requested address is granted, and released when the Service is deleted', () => {
    const { api } = startCluster();
    expect(spec(createService(api, 'fixed', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] })).clusterIP).toBe('10.96.0.50');
    expect(() => createService(api, 'again', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] })).toThrow(/already allocated/);
    api.delete('Service', 'default', 'fixed');
    expect(spec(createService(api, 'again', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] })).clusterIP).toBe('10.96.0.50');
  });

  test('a refused request holds nothing: the address stays free', () => {
    const { api } = startCluster();
    createService(api, 'np', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    // the cluster IP is allocated before the node port conflict is found
    expect(() => createService(api, 'np2', { clusterIP: '10.96.0.60', type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).toThrow(/provided port is already allocated/);
    expect(spec(createService(api, 'ok', { clusterIP: '10.96.0.60', ports: [{ port: 80 }] })).clusterIP).toBe('10.96.0.60');
  });

  test('re-applying the manifest without the allocated values keeps them', () => {
    const { api } = startCluster();
    const created = createService(api, 'web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] });
    const updated = api.update({
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' },
      spec: { type: 'NodePort', selector: { app: 'web', tier: 'front' }, ports: [{ name: 'http', port: 80 }] },
    });
    expect(spec(updated).clusterIP).toBe(spec(created).clusterIP);
    expect(spec(updated).ports![0]!.nodePort).toBe(spec(created).ports![0]!.nodePort);
  });

  test('headless Services hold no address; without a selector they may carry both families', () => {
    const { api } = startCluster();
    expect(spec(createService(api, 'nginx', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80 }] }))).toMatchObject({
      clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
    });
    expect(spec(createService(api, 'manual', { clusterIP: 'None' }))).toMatchObject({
      clusterIPs: ['None'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack',
    });
  });

  test('dual-stack is refused on this single-stack cluster', () => {
    const { api } = startCluster();
    const err = apiError(() => createService(api, 'ds', { ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] }));
    expect(err.message).toBe('Service "ds" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services');
    expect(spec(createService(api, 'pref', { ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] })).ipFamilies).toEqual(['IPv4']);
  });

  test('ExternalName holds no address; switching a Service to ExternalName frees its address', () => {
    const { api, registry } = startCluster();
    const ext = createService(api, 'db', { type: 'ExternalName', externalName: 'db.example.com' });
    expect(spec(ext).clusterIP).toBeUndefined();
    const svc = createService(api, 'web', { ports: [{ port: 80 }], selector: { app: 'web' } });
    const ip = spec(svc).clusterIP!;
    expect(registry.ipOwner(ip)).toBe('default/web');
    const moved = api.update({ ...svc, spec: { ...spec(svc), type: 'ExternalName', externalName: 'web.example.com' } });
    expect(spec(moved).clusterIP).toBeUndefined();
    expect(spec(moved).clusterIPs).toBeUndefined();
    expect(registry.ipOwner(ip)).toBeUndefined();
  });

  test('an ExternalName Service never shows internalTrafficPolicy, whether set or left from its old type (defaultOnReadInternalTrafficPolicy)', () => {
    const { api } = startCluster();
    const set = createService(api, 'db', { type: 'ExternalName', externalName: 'db.example.com', internalTrafficPolicy: 'Local' });
    expect(spec(set).internalTrafficPolicy).toBeUndefined();
    const svc = createService(api, 'web', { ports: [{ port: 80 }], selector: { app: 'web' } });
    expect(spec(svc).internalTrafficPolicy).toBe('Cluster');
    const moved = api.update({ ...svc, spec: { ...spec(svc), type: 'ExternalName', externalName: 'web.example.com' } });
    expect(spec(moved).internalTrafficPolicy).toBeUndefined();
    expect(spec(api.get('Service', 'default', 'web')!).internalTrafficPolicy).toBeUndefined();
  });
});

describe('node port allocation', () => {
  test('NodePort and LoadBalancer ports get a node port from the upper band of 30000-32767', () => {
    const { api } = startCluster();
    const np = spec(createService(api, 'np', { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }));
    const lb = spec(createService(api, 'lb', { type: 'LoadBalancer', ports: [{ port: 80 }] }));
    const ports = [...np.ports!, ...lb.ports!].map((p) => p.nodePort!);
    expect(new Set(ports).size).toBe(3);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(30086);
      expect(p).toBeLessThanOrEqual(32767);
    }
    expect(spec(createService(api, 'plain', { ports: [{ port: 80 }] })).ports![0]!.nodePort).toBeUndefined();
  });

  test('the same port number over TCP and UDP shares one node port', () => {
    const { api } = startCluster();
    const s = spec(createService(api, 'dns', { type: 'NodePort', ports: [{ name: 'u', port: 53, protocol: 'UDP' }, { name: 't', port: 53, protocol: 'TCP' }] }));
    expect(s.ports![0]!.nodePort).toBe(s.ports![1]!.nodePort);
  });

  test('a taken or out-of-range node port is refused', () => {
    const { api } = startCluster();
    createService(api, 'a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    expect(apiError(() => createService(api, 'b', { type: 'NodePort', ports: [{ name: 'x', port: 81 }, { name: 'y', port: 80, nodePort: 30080 }] })).message).toBe(
      'Service "b" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(apiError(() => createService(api, 'c', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] })).message).toBe(
      'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  test('externalTrafficPolicy Local on a LoadBalancer gets a health-check node port', () => {
    const { api } = startCluster();
    const s = spec(createService(api, 'lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }));
    expect(s.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(s.healthCheckNodePort).not.toBe(s.ports![0]!.nodePort);
  });

  test('switching back to ClusterIP releases the node ports', () => {
    const { api } = startCluster();
    const svc = createService(api, 'np', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    api.update({ ...svc, spec: { ...spec(svc), type: 'ClusterIP' } });
    expect(spec(api.get('Service', 'default', 'np')!).ports![0]!.nodePort).toBeUndefined();
    expect(spec(createService(api, 'other', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).ports![0]!.nodePort).toBe(30080);
  });
});
