import { describe, expect, it } from '@jest/globals';
import type { Service } from 'kubernetes-types/core/v1';
import { serviceEnvironment } from '../../../src/sim/kubelet/service-env';

const svc = (namespace: string, name: string, clusterIP: string, ports: Array<{ name?: string; port: number; protocol?: string }>): Service =>
  ({ metadata: { namespace, name }, spec: { clusterIP, ports } });

const kubernetes = svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]);

describe('service environment variables (getServiceEnvVarMap, envvars.FromServices)', () => {
  it('names every variable of a Service as FromServices does, link variables included', () => {
    const redis = svc('shop', 'redis-primary', '10.96.5.7', [{ port: 6379 }, { name: 'metrics', port: 9121, protocol: 'UDP' }]);
    expect(Object.fromEntries(serviceEnvironment([redis], 'shop', true))).toEqual({
      REDIS_PRIMARY_SERVICE_HOST: '10.96.5.7',
      REDIS_PRIMARY_SERVICE_PORT: '6379',
      REDIS_PRIMARY_SERVICE_PORT_METRICS: '9121',
      REDIS_PRIMARY_PORT: 'tcp://10.96.5.7:6379',
      REDIS_PRIMARY_PORT_6379_TCP: 'tcp://10.96.5.7:6379',
      REDIS_PRIMARY_PORT_6379_TCP_PROTO: 'tcp',
      REDIS_PRIMARY_PORT_6379_TCP_PORT: '6379',
      REDIS_PRIMARY_PORT_6379_TCP_ADDR: '10.96.5.7',
      REDIS_PRIMARY_PORT_9121_UDP: 'udp://10.96.5.7:9121',
      REDIS_PRIMARY_PORT_9121_UDP_PROTO: 'udp',
      REDIS_PRIMARY_PORT_9121_UDP_PORT: '9121',
      REDIS_PRIMARY_PORT_9121_UDP_ADDR: '10.96.5.7',
    });
  });

  it('gives default/kubernetes to every namespace, even without service links', () => {
    const own = svc('shop', 'web', '10.96.9.9', [{ port: 80 }]);
    const off = serviceEnvironment([kubernetes, own], 'shop', false);
    expect([...off.keys()].every((k) => k.startsWith('KUBERNETES_'))).toBe(true);
    expect(off.get('KUBERNETES_SERVICE_HOST')).toBe('10.96.0.1');
    expect(off.get('KUBERNETES_SERVICE_PORT_HTTPS')).toBe('443');
    expect(off.get('KUBERNETES_PORT')).toBe('tcp://10.96.0.1:443');
    expect(serviceEnvironment([kubernetes, own], 'shop', true).get('WEB_SERVICE_HOST')).toBe('10.96.9.9');
  });

  it('leaves out other namespaces, headless and ExternalName Services', () => {
    const services = [
      kubernetes,
      svc('other', 'web', '10.96.9.9', [{ port: 80 }]),
      svc('shop', 'headless', 'None', [{ port: 80 }]),
      { metadata: { namespace: 'shop', name: 'external' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
    ];
    const names = [...serviceEnvironment(services, 'shop', true).keys()];
    expect(names.some((n) => /^(WEB|HEADLESS|EXTERNAL)_/.test(n))).toBe(false);
    expect(names).toContain('KUBERNETES_SERVICE_HOST');
  });

  it("lets a namespace's own Service named kubernetes take default/kubernetes's place, whatever the order", () => {
    const mine = svc('shop', 'kubernetes', '10.96.3.3', [{ port: 8443 }]);
    for (const order of [[kubernetes, mine], [mine, kubernetes]]) {
      expect(serviceEnvironment(order, 'shop', true).get('KUBERNETES_SERVICE_HOST')).toBe('10.96.3.3');
      expect(serviceEnvironment(order, 'shop', false).get('KUBERNETES_SERVICE_HOST')).toBe('10.96.0.1');
    }
  });

  it('brackets an IPv6 cluster IP in the URLs (net.JoinHostPort)', () => {
    const v6 = svc('shop', 'db', 'fd00:10:96::5', [{ port: 5432 }]);
    expect(serviceEnvironment([v6], 'shop', true).get('DB_PORT')).toBe('tcp://[fd00:10:96::5]:5432');
  });
});
