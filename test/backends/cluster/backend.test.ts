/**
 * The cluster backend against a cluster served by `kscenario serve` (in-process, port 0, speed
 * 20): the object API with namespace mapping both ways, discovery, errors and warnings, eviction,
 * watch, pod I/O through exec, the kubectl endpoint, the node-shape check, and cleanup.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { KObject } from '../../../src/kube/object';
import { ApiError, KscenarioError } from '../../../src/errors';
import { ClusterBackend, createClusterBackend } from '../../../src/backends/cluster';
import { RUN_LABEL } from '../../../src/backends/cluster/namespaces';
import type { WatchEvent } from '../../../src/backend/contract';
import { serveCluster, type Served } from './served';

let s: Served;
let b: ClusterBackend;
const api = () => s.served.cluster.sim.api;
const clusterNamespaces = () => api().list('Namespace').map((n) => n.metadata.name).filter((n) => n.startsWith('ks-'));

beforeAll(async () => {
  s = await serveCluster({ speed: 20 });
  b = await createClusterBackend({ kubeconfig: s.kubeconfig, scenario: undefined });
  await b.start({ ...s.request, namespaces: ['shop'] });
});
afterAll(async () => {
  await b?.stop().catch(() => undefined);
  await s?.close();
});

const configMap = (name: string, namespace?: string, data: Record<string, string> = { a: '1' }): KObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) }, data });

const runningPod = async (name: string, image = 'busybox:1.36'): Promise<void> => {
  await b.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image, command: ['sleep', '3600'] }] } });
  const ok = await b.waitFor(async () => (await b.get({ kind: 'Pod', name }))?.status?.['phase' as never] === 'Running', 120_000);
  expect(ok).toBe(true);
};

describe('namespaces', () => {
  test('the scenario\'s default and cluster.namespaces map to fresh namespaces, created at start', () => {
    const mapping = b.namespaceMapping();
    expect(Object.keys(mapping).sort()).toEqual(['default', 'shop']);
    expect(mapping.default).toMatch(/^ks-scenario-[a-z0-9]{5}$/);
    expect(mapping.shop).toBe(`${mapping.default}-shop`);
    expect(clusterNamespaces().sort()).toEqual([mapping.default, mapping.shop].sort());
    const ns = api().get('Namespace', undefined, mapping.default!)!;
    expect(ns.metadata.labels?.[RUN_LABEL]).toMatch(/^scenario-[a-z0-9]{5}$/);
  });

  test('objects go into the mapped namespace and come back in the scenario\'s', async () => {
    const { object } = await b.create(configMap('cm1'));
    expect(object.metadata.namespace).toBe('default');
    expect(api().get('ConfigMap', b.namespaceMapping().default, 'cm1')).toBeDefined();
    expect(api().get('ConfigMap', 'default', 'cm1')).toBeUndefined();
    await b.create(configMap('cm1', 'shop'));
    expect(api().get('ConfigMap', b.namespaceMapping().shop, 'cm1')).toBeDefined();
    expect((await b.list('ConfigMap', 'shop')).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toContain('shop/cm1');
    const all = (await b.list('ConfigMap')).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(all).toEqual(expect.arrayContaining(['default/cm1', 'shop/cm1']));
    expect(all.some((n) => n.startsWith('ks-'))).toBe(false);
    // the cluster's own default namespace is not the scenario's
    expect((await b.get({ kind: 'ConfigMap', name: 'cm1' }))?.metadata.namespace).toBe('default');
  });

  test('a Namespace the scenario creates is mapped and listed under its own name; others are hidden', async () => {
    await b.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bar' } });
    expect(b.namespaceMapping().bar).toBe(`${b.namespaceMapping().default}-bar`);
    const names = (await b.list('Namespace')).map((n) => n.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'shop', 'bar', 'kube-system']));
    expect(names.some((n) => n.startsWith('ks-'))).toBe(false);
    expect((await b.get({ kind: 'Namespace', name: 'bar' }))?.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'bar' });
  });

  test('system namespaces are the cluster\'s', async () => {
    const pods = await b.list('Pod', 'kube-system');
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((p) => p.metadata.namespace === 'kube-system')).toBe(true);
  });
});

describe('the object API', () => {
  test('get, update, the three patch types, delete', async () => {
    const { object } = await b.create(configMap('cm2'));
    const live = (await b.get({ kind: 'ConfigMap', name: 'cm2' }))!;
    expect(live.metadata.uid).toBe(object.metadata.uid);
    expect(live.metadata.managedFields).toBeUndefined();
    await b.update({ ...live, data: { a: '2' } });
    await b.patch({ kind: 'ConfigMap', name: 'cm2' }, 'merge', { data: { b: '3' } });
    await b.patch({ kind: 'ConfigMap', name: 'cm2' }, 'json', [{ op: 'add', path: '/data/c', value: '4' }]);
    await b.patch({ kind: 'ConfigMap', name: 'cm2' }, 'strategic', { metadata: { labels: { x: 'y' } } });
    const after = (await b.get({ kind: 'ConfigMap', name: 'cm2' }))!;
    expect(after.data).toEqual({ a: '2', b: '3', c: '4' });
    expect(after.metadata.labels).toEqual({ x: 'y' });
    await b.delete({ kind: 'ConfigMap', name: 'cm2' });
    expect(await b.get({ kind: 'ConfigMap', name: 'cm2' })).toBeUndefined();
  });

  test('discovery: the served resource of an apiVersion and kind', async () => {
    expect(await b.resourceFor('apps/v1', 'StatefulSet')).toMatchObject({ group: 'apps', version: 'v1', plural: 'statefulsets', namespaced: true, hasStatus: true });
    expect(await b.resourceFor('v1', 'Namespace')).toMatchObject({ plural: 'namespaces', namespaced: false });
    expect(await b.resourceFor('apps/v1beta1', 'Deployment')).toBeUndefined();
    expect(await b.resourceFor('apps/v1', 'PetSet')).toBeUndefined();
  });

  test('rejections are ApiErrors with the server\'s code, reason, message and causes, in the scenario\'s names', async () => {
    const err = await b.create(configMap('cm1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, reason: 'AlreadyExists', message: 'configmaps "cm1" already exists' });
    const invalid = await b.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' }, spec: { replicas: -1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } })
      .catch((e: unknown) => e as ApiError);
    expect(invalid).toMatchObject({ status: 422, reason: 'Invalid' });
    expect((invalid as ApiError).causes.some((c) => c.field === 'spec.replicas')).toBe(true);
    const missing = await b.delete({ kind: 'ConfigMap', name: 'nope', namespace: 'shop' }).catch((e: unknown) => e as ApiError);
    expect(missing).toMatchObject({ status: 404, reason: 'NotFound' });
    expect((missing as ApiError).message).not.toMatch(/ks-/);
  });

  test('the API server\'s warnings come back with the write', async () => {
    const { warnings } = await b.create({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'warned' },
      spec: { nodeSelector: { 'beta.kubernetes.io/os': 'linux' }, containers: [{ name: 'c', image: 'nginx' }] },
    });
    expect(warnings).toEqual(['spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead']);
  });

  test('eviction: 429 with the budget\'s cause when a PodDisruptionBudget forbids it', async () => {
    await runningPod('evictme');
    await b.patch({ kind: 'Pod', name: 'evictme' }, 'merge', { metadata: { labels: { app: 'e' } } });
    await b.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'e' } } } });
    expect(await b.waitFor(async () => ((await b.get({ kind: 'PodDisruptionBudget', name: 'pdb' }))?.status as { currentHealthy?: number } | undefined)?.currentHealthy === 1, 60_000)).toBe(true);
    const err = await b.evict({ kind: 'Pod', name: 'evictme' }).catch((e: unknown) => e as ApiError);
    expect(err).toMatchObject({ status: 429, reason: 'TooManyRequests' });
    expect((err as ApiError).causes.map((c) => c.reason)).toContain('DisruptionBudget');
    await b.delete({ kind: 'PodDisruptionBudget', name: 'pdb' });
    await b.evict({ kind: 'Pod', name: 'evictme' }, { gracePeriodSeconds: 0 });
    expect(await b.waitFor(async () => !(await b.get({ kind: 'Pod', name: 'evictme' })), 60_000)).toBe(true);
  });

  test('watch: current objects first, then changes; resumed after a resourceVersion', async () => {
    const seen: WatchEvent[] = [];
    const h = await b.watch({ kind: 'ConfigMap', namespace: 'shop' }, (ev) => seen.push(ev));
    expect(seen.map((e) => `${e.type} ${e.object.metadata.namespace}/${e.object.metadata.name}`)).toEqual(['ADDED shop/cm1', 'ADDED shop/kube-root-ca.crt']); // every namespace has the root CA ConfigMap
    const { object } = await b.create(configMap('w1', 'shop'));
    await b.patch({ kind: 'ConfigMap', name: 'w1', namespace: 'shop' }, 'merge', { data: { a: '9' } });
    await b.delete({ kind: 'ConfigMap', name: 'w1', namespace: 'shop' });
    expect(await b.waitFor(async () => seen.length === 5, 30_000)).toBe(true);
    h.stop();
    expect(seen.slice(2).map((e) => `${e.type} ${e.object.metadata.namespace}/${e.object.metadata.name}`)).toEqual(['ADDED shop/w1', 'MODIFIED shop/w1', 'DELETED shop/w1']);
    const resumed: WatchEvent[] = [];
    const h2 = await b.watch({ kind: 'ConfigMap', namespace: 'shop', resourceVersion: object.metadata.resourceVersion }, (ev) => resumed.push(ev));
    expect(await b.waitFor(async () => resumed.length === 2, 30_000)).toBe(true);
    h2.stop();
    expect(resumed.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
  });
});

describe('capabilities', () => {
  test('a served cluster offers node faults; there is no simulator capability', () => {
    expect(b.capabilities.nodeFaults).toBeDefined();
    expect(b.capabilities.podIO).toBeDefined();
    expect(b.capabilities.kubectl).toBeDefined();
    expect(b.capabilities.simulator).toBeUndefined();
  });

  test('pod I/O by exec: write and read a file, a missing file, DNS A and SRV in the scenario\'s names', async () => {
    await runningPod('io');
    const io = b.capabilities.podIO!;
    expect(await io.readFile({ pod: 'io' }, '/tmp/nothing-here')).toBeUndefined();
    await io.writeFile({ pod: 'io' }, '/tmp/hello.txt', 'hello\nworld\n');
    expect(await io.readFile({ pod: 'io', container: 'c' }, '/tmp/hello.txt')).toBe('hello\nworld\n');
    await b.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: 'None', selector: { run: 'io' }, ports: [{ name: 'http', port: 80 }] } });
    await b.patch({ kind: 'Pod', name: 'io' }, 'merge', { metadata: { labels: { run: 'io' } } });
    const ip = ((await b.get({ kind: 'Pod', name: 'io' }))!.status as { podIP: string }).podIP;
    expect(await b.waitFor(async () => (await io.resolveDns('web', 'A', 'default')).addresses.includes(ip), 60_000)).toBe(true);
    expect((await io.resolveDns('web.default.svc.cluster.local', 'A', 'shop')).addresses).toEqual([ip]);
    expect((await io.resolveDns('web', 'A', 'shop')).found).toBe(false);
    const srv = await io.resolveDns('_http._tcp.web', 'SRV', 'default');
    expect(srv.srv.map((r) => r.port)).toEqual([80]);
    expect(srv.srv[0]!.target).toMatch(/\.web\.default\.svc\.cluster\.local$/);
    // the DNS helper lives in a namespace of its own, never shown
    expect((await b.list('Pod', 'default')).map((p) => p.metadata.name)).not.toContain('kscenario-dns');
  });

  test('kubectl: a kubeconfig for the same cluster whose namespace is the scenario\'s default', async () => {
    const out = await b.capabilities.kubectl!.withKubeconfig(async (kubeconfig, namespace) => {
      expect(namespace).toBe(b.namespaceMapping().default);
      // not execFileSync: the served cluster answers from this very process
      const { stdout } = await promisify(execFile)('kubectl', ['get', 'configmap', 'cm1', '-o', 'jsonpath={.metadata.namespace}'], { env: { ...process.env, KUBECONFIG: kubeconfig } });
      return stdout;
    });
    expect(out).toBe(b.namespaceMapping().default);
  }, 30_000);
});

describe('fit', () => {
  test('start() refuses a cluster whose nodes are not the scenario\'s, naming what differs', async () => {
    const other = await createClusterBackend({ kubeconfig: s.kubeconfig });
    const err = await other.start({ ...s.request, nodes: [{ name: 'control-plane', role: 'control-plane' }, { name: 'worker-1', role: 'worker', labels: { disk: 'ssd' } }] })
      .catch((e: unknown) => e as KscenarioError);
    await other.stop();
    expect(err).toBeInstanceOf(KscenarioError);
    expect((err as KscenarioError).code).toBe('BACKEND');
    expect((err as KscenarioError).message).toMatch(/the scenario wants 2 node\(s\), the cluster has 3/);
    expect((err as KscenarioError).message).toMatch(/node worker-1: label disk=ssd is missing/);
    expect((err as KscenarioError).message).toMatch(/node\(s\) the scenario does not describe: worker-2/);
    expect((err as KscenarioError).hint).toBeDefined();
  });

  test('a different Kubernetes version is noted, not refused', async () => {
    const notices: string[] = [];
    const other = await createClusterBackend({ kubeconfig: s.kubeconfig, notice: (l) => notices.push(l) });
    await other.start({ ...s.request, version: '1.31' });
    await other.stop();
    expect(notices.join('\n')).toMatch(/runs Kubernetes v1\.37\.2, the scenario is written for 1\.31/);
  });
});

describe('cleanup', () => {
  test('stop() deletes the namespaces, what the run labelled, and puts nodes back; nothing is left', async () => {
    const c = await createClusterBackend({ kubeconfig: s.kubeconfig });
    await c.start({ ...s.request, namespaces: ['a'], storageClasses: [...s.request.storageClasses, { name: 'extra', provisioner: 'rancher.io/local-path' }] });
    await c.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-cleanup' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/x' }, persistentVolumeReclaimPolicy: 'Retain' } });
    await c.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'pc-cleanup' }, value: 1000 });
    await c.create(configMap('x', 'a'));
    await c.patch({ kind: 'Node', name: 'worker-1' }, 'merge', { spec: { unschedulable: true }, metadata: { labels: { added: 'yes' } } });
    await c.capabilities.nodeFaults!.addNode({ name: 'worker-9', role: 'worker' });
    expect(await c.waitFor(async () => !!(await c.get({ kind: 'Node', name: 'worker-9' })), 30_000)).toBe(true);
    const mine = Object.values(c.namespaceMapping());
    expect(api().get('StorageClass', undefined, 'extra')?.metadata.labels?.[RUN_LABEL]).toBeDefined();
    await c.stop();
    const left = api().list('Namespace').map((n) => n.metadata.name);
    for (const ns of mine) expect(left).not.toContain(ns);
    expect(api().get('PersistentVolume', undefined, 'pv-cleanup')).toBeUndefined();
    expect(api().get('PriorityClass', undefined, 'pc-cleanup')).toBeUndefined();
    expect(api().get('StorageClass', undefined, 'extra')).toBeUndefined();
    expect(api().get('StorageClass', undefined, 'standard')).toBeDefined();
    const node = api().get('Node', undefined, 'worker-1')!;
    expect((node.spec as { unschedulable?: boolean }).unschedulable).toBeUndefined();
    expect(node.metadata.labels?.added).toBeUndefined();
    expect(api().get('Node', undefined, 'worker-9')).toBeUndefined();
    // stopped: no more changes
    await expect(c.create(configMap('late'))).rejects.toThrow(/stopping/);
  });
});
