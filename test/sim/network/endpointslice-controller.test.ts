import { describe, expect, test } from '@jest/globals';
import type { Endpoint } from 'kubernetes-types/discovery/v1';
import { clone, type KObject } from '../../../src/kube/object';
import { addNode, createService, runPod, setPodStatus, slicesOf, startCluster, type TestCluster } from './fixtures';

function endpointsOf(c: TestCluster, service: string): Endpoint[] {
  return slicesOf(c.api, service).flatMap((s) => (s.endpoints as Endpoint[] | null) ?? []);
}

function byPod(c: TestCluster, service: string): Record<string, Endpoint> {
  return Object.fromEntries(endpointsOf(c, service).map((e) => [e.targetRef!.name!, e]));
}

function webCluster(opts: { maxEndpointsPerSlice?: number } = {}): TestCluster {
  const c = startCluster(opts);
  addNode(c.api, 'worker-1', { 'topology.kubernetes.io/zone': 'zone-a' });
  addNode(c.api, 'worker-2');
  return c;
}

describe('EndpointSlices of a Service', () => {
  test('one slice named <service>-<5 chars>, labelled, owned by the Service, listing the pods', () => {
    const c = webCluster();
    const svc = createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }, { labels: { team: 'a' } });
    runPod(c.api, { name: 'web-a', labels: { app: 'web' }, ip: '10.244.1.5' });
    runPod(c.api, { name: 'web-b', labels: { app: 'web' }, ip: '10.244.2.7', node: 'worker-2' });
    runPod(c.api, { name: 'other', labels: { app: 'other' }, ip: '10.244.2.9', node: 'worker-2' });
    c.settle();
    const slices = slicesOf(c.api, 'web');
    expect(slices).toHaveLength(1);
    const slice = slices[0]!;
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.generateName).toBe('web-');
    expect(slice.metadata.labels).toEqual({
      team: 'a', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const eps = byPod(c, 'web');
    expect(Object.keys(eps).sort()).toEqual(['web-a', 'web-b']);
    expect(eps['web-a']).toMatchObject({
      addresses: ['10.244.1.5'], conditions: { ready: true, serving: true, terminating: false },
      nodeName: 'worker-1', zone: 'zone-a', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a' },
    });
    // no zone label on worker-2, no hostname without a matching subdomain
    expect(eps['web-b']!.zone).toBeUndefined();
    expect(eps['web-b']!.hostname).toBeUndefined();
  });

  test('a Service with no pods keeps one empty placeholder slice, reused when pods arrive', () => {
    const c = webCluster();
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.settle();
    const [placeholder] = slicesOf(c.api, 'web');
    expect(placeholder!.endpoints).toBeNull();
    expect(placeholder!.ports).toBeNull();
    runPod(c.api, { name: 'web-a', labels: { app: 'web' }, ip: '10.244.1.5' });
    c.settle();
    const after = slicesOf(c.api, 'web');
    expect(after.map((s) => s.metadata.name)).toEqual([placeholder!.metadata.name]);
    expect(endpointsOf(c, 'web')).toHaveLength(1);
  });

  test('not-ready pods are listed not ready; terminating pods serving but not ready', () => {
    const c = webCluster();
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    runPod(c.api, { name: 'up', labels: { app: 'web' }, ip: '10.244.1.2' });
    runPod(c.api, { name: 'starting', labels: { app: 'web' }, ip: '10.244.1.3', ready: false });
    runPod(c.api, { name: 'going', labels: { app: 'web' }, ip: '10.244.1.4' });
    c.api.delete('Pod', 'default', 'going', { gracePeriodSeconds: 30 });
    c.settle();
    const eps = byPod(c, 'web');
    expect(eps.up!.conditions).toEqual({ ready: true, serving: true, terminating: false });
    expect(eps.starting!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(eps.going!.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  test('publishNotReadyAddresses marks every endpoint ready, terminating ones too', () => {
    const c = webCluster();
    createService(c.api, 'web', { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'web' }, ports: [{ port: 80 }] });
    runPod(c.api, { name: 'starting', labels: { app: 'web' }, ip: '10.244.1.3', ready: false });
    runPod(c.api, { name: 'going', labels: { app: 'web' }, ip: '10.244.1.4' });
    c.api.delete('Pod', 'default', 'going', { gracePeriodSeconds: 30 });
    c.settle();
    const eps = byPod(c, 'web');
    expect(eps.starting!.conditions).toEqual({ ready: true, serving: false, terminating: false });
    expect(eps.going!.conditions).toEqual({ ready: true, serving: true, terminating: true });
    expect(slicesOf(c.api, 'web')[0]!.metadata.labels).toMatchObject({ 'service.kubernetes.io/headless': '' });
  });

  test('pods without an IP, and finished pods, are left out', () => {
    const c = webCluster();
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending', labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x' }] } });
    runPod(c.api, { name: 'done', labels: { app: 'web' }, ip: '10.244.1.9' });
    const done = clone(c.api.get<KObject>('Pod', 'default', 'done')!);
    c.api.updateStatus({ ...done, status: { ...(done.status as object), phase: 'Succeeded' } });
    c.settle();
    expect(endpointsOf(c, 'web')).toEqual([]);
  });

  test('hostname is set for pods whose subdomain names the Service (StatefulSet pods)', () => {
    const c = webCluster();
    createService(c.api, 'nginx', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] });
    runPod(c.api, { name: 'web-0', labels: { app: 'nginx' }, ip: '10.244.1.10', hostname: 'web-0', subdomain: 'nginx' });
    runPod(c.api, { name: 'web-x', labels: { app: 'nginx' }, ip: '10.244.1.11', hostname: 'web-x', subdomain: 'elsewhere' });
    c.settle();
    const eps = byPod(c, 'nginx');
    expect(eps['web-0']!.hostname).toBe('web-0');
    expect(eps['web-x']!.hostname).toBeUndefined();
  });

  test('named target ports resolve per pod; pods with other ports go to another slice', () => {
    const c = webCluster();
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
    runPod(c.api, { name: 'old', labels: { app: 'web' }, ip: '10.244.1.2', ports: [{ name: 'http', containerPort: 8080 }] });
    runPod(c.api, { name: 'new', labels: { app: 'web' }, ip: '10.244.1.3', ports: [{ name: 'http', containerPort: 9090 }] });
    runPod(c.api, { name: 'bare', labels: { app: 'web' }, ip: '10.244.1.4' });
    c.settle();
    const slices = slicesOf(c.api, 'web');
    const byPorts = Object.fromEntries(slices.map((s) => [JSON.stringify(s.ports), ((s.endpoints as Endpoint[]) ?? []).map((e) => e.targetRef!.name)]));
    expect(byPorts).toEqual({
      '[{"name":"http","port":8080,"protocol":"TCP"}]': ['old'],
      '[{"name":"http","port":9090,"protocol":"TCP"}]': ['new'],
      // a pod without the named port still gets an endpoint, with no ports
      'null': ['bare'],
    });
  });

  test('at most maxEndpointsPerSlice endpoints per slice (100 by default)', () => {
    const c = webCluster();
    createService(c.api, 'big', { selector: { app: 'big' }, ports: [{ port: 80 }] });
    for (let i = 0; i < 101; i++) runPod(c.api, { name: `p-${i}`, labels: { app: 'big' }, ip: `10.244.3.${i + 1}` });
    c.settle();
    const sizes = slicesOf(c.api, 'big').map((s) => (s.endpoints as Endpoint[]).length).sort((a, b) => a - b);
    expect(sizes).toEqual([1, 100]);
  });

  test('minimal churn: a pod leaving or joining changes only the slice that holds it', () => {
    const c = webCluster({ maxEndpointsPerSlice: 3 });
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    for (let i = 0; i < 5; i++) runPod(c.api, { name: `p-${i}`, labels: { app: 'web' }, ip: `10.244.1.${i + 10}` });
    c.settle();
    const before = Object.fromEntries(slicesOf(c.api, 'web').map((s) => [s.metadata.name, s]));
    expect(Object.values(before).map((s) => (s.endpoints as Endpoint[]).length).sort()).toEqual([2, 3]);
    const holder = Object.values(before).find((s) => (s.endpoints as Endpoint[]).some((e) => e.targetRef!.name === 'p-0'))!;
    c.api.delete('Pod', 'default', 'p-0', { gracePeriodSeconds: 0 });
    c.settle();
    const after = Object.fromEntries(slicesOf(c.api, 'web').map((s) => [s.metadata.name, s]));
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const name of Object.keys(before)) {
      if (name === holder.metadata.name) expect(after[name]!.metadata.resourceVersion).not.toBe(before[name]!.metadata.resourceVersion);
      else expect(after[name]).toBe(before[name]);
    }
    expect(endpointsOf(c, 'web').map((e) => e.targetRef!.name).sort()).toEqual(['p-1', 'p-2', 'p-3', 'p-4']);
  });

  test('readiness changes update the endpoint in place', () => {
    const c = webCluster();
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    runPod(c.api, { name: 'a', labels: { app: 'web' }, ip: '10.244.1.2' });
    c.settle();
    const name = slicesOf(c.api, 'web')[0]!.metadata.name;
    c.advance(5000);
    setPodStatus(c.api, 'a', '10.244.1.2', false);
    c.settle();
    const slice = slicesOf(c.api, 'web')[0]!;
    expect(slice.metadata.name).toBe(name);
    expect((slice.endpoints as Endpoint[])[0]!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    // the Ready transition that caused the change
    expect(slice.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-01T00:00:05Z' });
  });

  test('a managed slice deleted by someone else comes back a second later', () => {
    const c = webCluster();
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    runPod(c.api, { name: 'a', labels: { app: 'web' }, ip: '10.244.1.2' });
    c.settle();
    c.api.delete('EndpointSlice', 'default', slicesOf(c.api, 'web')[0]!.metadata.name);
    c.advance(999);
    expect(slicesOf(c.api, 'web')).toHaveLength(0);
    c.advance(1);
    expect(endpointsOf(c, 'web').map((e) => e.targetRef!.name)).toEqual(['a']);
  });

  test('a pod on a Node that does not exist is skipped, with a Warning, and retried', () => {
    const c = webCluster();
    createService(c.api, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    runPod(c.api, { name: 'lost', labels: { app: 'web' }, ip: '10.244.9.2', node: 'worker-9' });
    c.settle();
    expect(endpointsOf(c, 'web')).toEqual([]);
    const warning = c.api.list('Event').find((e) => e.reason === 'FailedToUpdateEndpointSlices');
    expect(warning?.message).toBe('Error updating Endpoint Slices for Service default/web: skipping Pod lost for Service default/web: Node worker-9 Not Found');
    addNode(c.api, 'worker-9');
    c.advance(1000);
    expect(endpointsOf(c, 'web').map((e) => e.targetRef!.name)).toEqual(['lost']);
  });

  test('Services without a selector and ExternalName Services get no slices', () => {
    const c = webCluster();
    createService(c.api, 'manual', { ports: [{ port: 80 }] });
    createService(c.api, 'ext', { type: 'ExternalName', externalName: 'example.com' });
    c.settle();
    expect(slicesOf(c.api, 'manual')).toEqual([]);
    expect(slicesOf(c.api, 'ext')).toEqual([]);
  });
});
