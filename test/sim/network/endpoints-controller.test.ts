import { describe, expect, test } from '@jest/globals';
import type { Endpoints } from 'kubernetes-types/core/v1';
import type { KubeVersion } from '../../../src/kube/version';
import { addNode, createService, runPod, startCluster, type TestCluster } from './fixtures';

function cluster(version: KubeVersion = '1.35'): TestCluster {
  const c = startCluster({ version });
  addNode(c.api, 'worker-1');
  return c;
}

function endpoints(c: TestCluster, name: string): Endpoints | undefined {
  return c.api.get<Endpoints>('Endpoints', 'default', name);
}

describe('legacy Endpoints (still maintained in 1.35)', () => {
  test('ready pods under addresses, not-ready ones under notReadyAddresses, terminating ones left out', () => {
    const c = cluster();
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }, { labels: { team: 'a' } });
    runPod(c.api, { name: 'b', labels: { app: 'web' }, ip: '10.244.1.20' });
    runPod(c.api, { name: 'a', labels: { app: 'web' }, ip: '10.244.1.3' });
    runPod(c.api, { name: 'slow', labels: { app: 'web' }, ip: '10.244.1.9', ready: false });
    runPod(c.api, { name: 'going', labels: { app: 'web' }, ip: '10.244.1.5' });
    c.api.delete('Pod', 'default', 'going', { gracePeriodSeconds: 30 });
    c.settle();
    const ep = endpoints(c, 'web')!;
    expect(ep.metadata!.labels).toEqual({ team: 'a', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });
    expect(ep.subsets).toHaveLength(1);
    const [subset] = ep.subsets!;
    // sorted by IP text, as upstream compares the bytes
    expect(subset!.addresses!.map((a) => a.ip)).toEqual(['10.244.1.20', '10.244.1.3']);
    expect(subset!.addresses![1]).toMatchObject({ ip: '10.244.1.3', nodeName: 'worker-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a' } });
    expect(subset!.notReadyAddresses!.map((a) => a.targetRef!.name)).toEqual(['slow']);
    expect(subset!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  test('publishNotReadyAddresses lists every pod as ready, terminating ones included', () => {
    const c = cluster();
    createService(c.api, 'nginx', { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'nginx' } });
    runPod(c.api, { name: 'web-0', labels: { app: 'nginx' }, ip: '10.244.1.2', ready: false, hostname: 'web-0', subdomain: 'nginx' });
    runPod(c.api, { name: 'web-1', labels: { app: 'nginx' }, ip: '10.244.1.3', hostname: 'web-1', subdomain: 'nginx' });
    c.api.delete('Pod', 'default', 'web-1', { gracePeriodSeconds: 30 });
    c.settle();
    const ep = endpoints(c, 'nginx')!;
    expect(ep.metadata!.labels).toMatchObject({ 'service.kubernetes.io/headless': '' });
    // a headless Service without ports: one subset without ports
    expect(ep.subsets).toEqual([{
      addresses: [
        expect.objectContaining({ ip: '10.244.1.2', hostname: 'web-0' }),
        expect.objectContaining({ ip: '10.244.1.3', hostname: 'web-1' }),
      ],
    }]);
  });

  test('before 1.33 the managed-by label is not written', () => {
    const c = cluster('1.32');
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.settle();
    expect(endpoints(c, 'web')!.metadata!.labels).toBeUndefined();
    expect(endpoints(c, 'web')!.subsets).toBeUndefined();
  });

  test('deleted with its Service; re-created if deleted while the Service exists', () => {
    const c = cluster();
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.settle();
    c.api.delete('Endpoints', 'default', 'web');
    c.settle();
    expect(endpoints(c, 'web')).toBeDefined();
    c.api.delete('Service', 'default', 'web');
    c.settle();
    expect(endpoints(c, 'web')).toBeUndefined();
  });

  test('Services without a selector get no Endpoints from the controller', () => {
    const c = cluster();
    createService(c.api, 'manual', { ports: [{ port: 80 }] });
    c.settle();
    expect(endpoints(c, 'manual')).toBeUndefined();
  });
});
