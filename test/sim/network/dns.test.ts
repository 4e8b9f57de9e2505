import { describe, expect, test } from '@jest/globals';
import type { Service } from 'kubernetes-types/core/v1';
import { addNode, createService, runPod, startCluster, type TestCluster } from './fixtures';

/** A StatefulSet `mysts` behind the headless Service `nginx`, pods named and subdomained as the controller does. */
function statefulSetCluster(replicas = 3, readyUpTo = replicas): TestCluster {
  const c = startCluster();
  addNode(c.api, 'worker-1');
  createService(c.api, 'nginx', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] });
  for (let i = 0; i < replicas; i++) {
    runPod(c.api, { name: `mysts-${i}`, labels: { app: 'nginx' }, ip: `10.244.1.${i + 10}`, ready: i < readyUpTo, hostname: `mysts-${i}`, subdomain: 'nginx' });
  }
  c.settle();
  return c;
}

function clusterIP(c: TestCluster, name: string, namespace = 'default'): string {
  return (c.api.get('Service', namespace, name) as unknown as Service).spec!.clusterIP!;
}

describe('claim 002-3: StatefulSet pods behind a headless Service', () => {
  test('mysts-<i>.nginx.default.svc.cluster.local resolves to that pod', () => {
    const c = statefulSetCluster();
    for (let i = 0; i < 3; i++) {
      expect(c.dns.resolve(`mysts-${i}.nginx.default.svc.cluster.local`, 'A')).toEqual({ found: true, addresses: [`10.244.1.${i + 10}`], srv: [] });
    }
  });

  test('the headless Service name resolves to every ready pod', () => {
    const c = statefulSetCluster();
    expect(c.dns.resolve('nginx.default.svc.cluster.local', 'A').addresses).toEqual(['10.244.1.10', '10.244.1.11', '10.244.1.12']);
  });

  test('a ClusterIP Service name resolves to the Service IP', () => {
    const c = statefulSetCluster();
    createService(c.api, 'nginx-vip', { selector: { app: 'nginx' }, ports: [{ port: 80 }] });
    c.settle();
    expect(c.dns.resolve('nginx-vip.default.svc.cluster.local', 'A').addresses).toEqual([clusterIP(c, 'nginx-vip')]);
    expect(c.dns.resolve('kubernetes.default.svc.cluster.local', 'A').addresses).toEqual(['10.96.0.1']);
  });

  test('a pod that is not ready has no record (the Service does not publish not-ready addresses)', () => {
    const c = statefulSetCluster(3, 2);
    expect(c.dns.resolve('nginx.default.svc.cluster.local', 'A').addresses).toEqual(['10.244.1.10', '10.244.1.11']);
    expect(c.dns.resolve('mysts-2.nginx.default.svc.cluster.local', 'A').found).toBe(false);
  });

  test('with publishNotReadyAddresses it does', () => {
    const c = startCluster();
    addNode(c.api, 'worker-1');
    createService(c.api, 'nginx', { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'nginx' } });
    runPod(c.api, { name: 'web-0', labels: { app: 'nginx' }, ip: '10.244.1.10', ready: false, hostname: 'web-0', subdomain: 'nginx' });
    c.settle();
    expect(c.dns.resolve('web-0.nginx.default.svc.cluster.local', 'A').addresses).toEqual(['10.244.1.10']);
  });

  test('a headless Service with no ready endpoint is NXDOMAIN, as CoreDNS answers', () => {
    const c = statefulSetCluster(2, 0);
    expect(c.dns.resolve('nginx.default.svc.cluster.local', 'A')).toEqual({ found: false, addresses: [], srv: [] });
  });
});

describe('claim 003-3: short names and SRV records', () => {
  test('web-0.nginx resolves from namespace default through the search path', () => {
    const c = statefulSetCluster();
    expect(c.dns.resolve('mysts-0.nginx', 'A').addresses).toEqual(['10.244.1.10']);
    expect(c.dns.resolve('nginx', 'A').addresses).toHaveLength(3);
  });

  test('an SRV query on the headless Service lists every pod by its hostname', () => {
    const c = statefulSetCluster();
    expect(c.dns.resolve('nginx.default.svc.cluster.local', 'SRV')).toEqual({
      found: true,
      addresses: ['10.244.1.10', '10.244.1.11', '10.244.1.12'],
      srv: [0, 1, 2].map((i) => ({ target: `mysts-${i}.nginx.default.svc.cluster.local`, port: 80, priority: 0, weight: 33 })),
    });
  });

  test('_<port>._<proto> names select one named port', () => {
    const c = statefulSetCluster(2);
    const srv = c.dns.resolve('_web._tcp.nginx.default.svc.cluster.local', 'SRV');
    expect(srv.srv).toEqual([
      { target: 'mysts-0.nginx.default.svc.cluster.local', port: 80, priority: 0, weight: 50 },
      { target: 'mysts-1.nginx.default.svc.cluster.local', port: 80, priority: 0, weight: 50 },
    ]);
    expect(c.dns.resolve('_web._udp.nginx.default.svc.cluster.local', 'SRV').found).toBe(false);
    expect(c.dns.resolve('_nope._tcp.nginx.default.svc.cluster.local', 'SRV').found).toBe(false);
  });

  test('SRV targets of pods without a hostname are their dashed IPs', () => {
    const c = startCluster();
    addNode(c.api, 'worker-1');
    createService(c.api, 'hl', { clusterIP: 'None', selector: { app: 'x' }, ports: [{ name: 'web', port: 80, targetPort: 8080 }] });
    runPod(c.api, { name: 'x-1', labels: { app: 'x' }, ip: '10.244.1.7' });
    c.settle();
    expect(c.dns.resolve('_web._tcp.hl.default.svc.cluster.local', 'SRV').srv).toEqual([
      { target: '10-244-1-7.hl.default.svc.cluster.local', port: 8080, priority: 0, weight: 100 },
    ]);
    expect(c.dns.resolve('10-244-1-7.hl.default.svc.cluster.local', 'A').addresses).toEqual(['10.244.1.7']);
  });

  test('SRV for a ClusterIP Service points at the Service name with the Service ports', () => {
    const c = startCluster();
    // three candidate records (53/UDP, 53/TCP, 9153/TCP): weight floor(100/3), one record per target+port
    expect(c.dns.resolve('kube-dns.kube-system.svc.cluster.local', 'SRV')).toEqual({
      found: true,
      addresses: ['10.96.0.10'],
      srv: [
        { target: 'kube-dns.kube-system.svc.cluster.local', port: 53, priority: 0, weight: 33 },
        { target: 'kube-dns.kube-system.svc.cluster.local', port: 9153, priority: 0, weight: 33 },
      ],
    });
    expect(c.dns.resolve('_dns-tcp._tcp.kube-dns.kube-system.svc.cluster.local', 'SRV').srv).toEqual([
      { target: 'kube-dns.kube-system.svc.cluster.local', port: 53, priority: 0, weight: 100 },
    ]);
  });
});

describe('search path and NXDOMAIN', () => {
  test('from another namespace the short name needs the namespace', () => {
    const c = statefulSetCluster();
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    expect(c.dns.resolve('nginx', 'A', 'other').found).toBe(false);
    expect(c.dns.resolve('nginx.default', 'A', 'other').addresses).toHaveLength(3);
    expect(c.dns.resolve('mysts-1.nginx.default.svc', 'A', 'other').addresses).toEqual(['10.244.1.11']);
    expect(c.dns.resolve('kube-dns.kube-system', 'A', 'other').addresses).toEqual(['10.96.0.10']);
  });

  test('names are case-insensitive and may end with a dot', () => {
    const c = statefulSetCluster();
    expect(c.dns.resolve('MYSTS-0.Nginx.default.svc.cluster.local.', 'A').addresses).toEqual(['10.244.1.10']);
    expect(c.dns.resolve('nginx.', 'A').found).toBe(false);
  });

  test('unknown services, namespaces and names outside the cluster domain are NXDOMAIN', () => {
    const c = statefulSetCluster();
    for (const name of ['nope', 'nope.default.svc.cluster.local', 'nginx.nowhere.svc.cluster.local', 'mysts-9.nginx', 'example.com', 'a.b.c.nginx.default.svc.cluster.local']) {
      expect([name, c.dns.resolve(name, 'A').found]).toEqual([name, false]);
    }
  });

  test('names that exist without records answer NODATA (found, empty)', () => {
    const c = statefulSetCluster();
    expect(c.dns.resolve('default.svc.cluster.local', 'A')).toEqual({ found: true, addresses: [], srv: [] });
  });
});

describe('pod and ExternalName records', () => {
  test('<a-b-c-d>.<ns>.pod.cluster.local answers the address without checking pods (pods insecure)', () => {
    const c = startCluster();
    expect(c.dns.resolve('10-244-7-7.default.pod.cluster.local', 'A').addresses).toEqual(['10.244.7.7']);
    expect(c.dns.resolve('10-244-7-7.nowhere.pod.cluster.local', 'A').found).toBe(false);
    expect(c.dns.resolve('not-an-ip.default.pod.cluster.local', 'A').found).toBe(false);
  });

  test('an ExternalName Service is a CNAME; an in-cluster target is followed', () => {
    const c = startCluster();
    createService(c.api, 'db', { type: 'ExternalName', externalName: 'db.example.com' });
    createService(c.api, 'api', { type: 'ExternalName', externalName: 'kubernetes.default.svc.cluster.local' });
    expect(c.dns.resolve('db', 'A')).toEqual({ found: true, addresses: [], srv: [], cname: 'db.example.com' });
    expect(c.dns.resolve('api', 'A')).toEqual({ found: true, addresses: ['10.96.0.1'], srv: [], cname: 'kubernetes.default.svc.cluster.local' });
    expect(c.dns.resolve('db.default.svc.cluster.local', 'SRV')).toEqual({ found: true, addresses: [], srv: [] });
  });

  test('ns.dns.cluster.local is the DNS Service', () => {
    const c = startCluster();
    expect(c.dns.resolve('ns.dns.cluster.local', 'A').addresses).toEqual(['10.96.0.10']);
  });
});
