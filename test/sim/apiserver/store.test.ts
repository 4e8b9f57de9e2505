import { describe, expect, test } from '@jest/globals';
import { ApiError } from '../../../src/errors';
import type { KObject } from '../../../src/kube/object';
import { ApiServer, SYSTEM_NAMESPACES, type WatchEvent } from '../../../src/sim/apiserver/store';
import { Clock } from '../../../src/sim/clock';
import { Rng } from '../../../src/sim/rng';

function server() {
  const clock = new Clock();
  const api = new ApiServer('1.35', clock, new Rng(1));
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const events: WatchEvent[] = [];
  api.watch((e) => events.push(e));
  return { api, clock, events };
}

const configMap = (name: string, data: Record<string, string> = {}): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
const pod = (name: string, nodeName?: string): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx:1.25' }] },
});
const statefulSet = (): KObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
  spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

describe('ApiServer', () => {
  test('create assigns identity, defaults the namespace and emits ADDED; objects are frozen', () => {
    const { api, events } = server();
    const cm = api.create(configMap('a'));
    expect(cm.metadata).toMatchObject({ namespace: 'default', creationTimestamp: '2025-01-01T00:00:00Z' });
    expect(cm.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(events.map((e) => e.type)).toEqual(['ADDED']);
    expect(() => ((cm.metadata as { name: string }).name = 'x')).toThrow(TypeError);
  });

  test('a write leaves the request as the caller built it; the stored versions stay as they were stored', () => {
    const { api } = server();
    const request = configMap('a', { k: 'v' });
    const created = api.create(request);
    expect(Object.isFrozen(request) || Object.isFrozen(request.metadata)).toBe(false);
    expect(request.metadata).toEqual({ name: 'a' });
    const update = { ...created, metadata: { ...created.metadata }, data: { k: 'w' } };
    const updated = api.update(update);
    expect(Object.isFrozen(update) || Object.isFrozen(update.metadata)).toBe(false);
    expect(update.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(updated.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    expect(created.data).toEqual({ k: 'v' });
    // a status write starts from the stored (frozen) pod: the new version is a frozen copy
    const p = api.create(pod('p'));
    const status = api.updateStatus<KObject>({ ...p, status: { phase: 'Running' } });
    expect(status.metadata.resourceVersion).not.toBe(p.metadata.resourceVersion);
    expect(Object.isFrozen(status.metadata)).toBe(true);
  });

  test('create of an existing name is 409, in a missing namespace 404', () => {
    const { api } = server();
    api.create(configMap('a'));
    expect(() => api.create(configMap('a'))).toThrow(expect.objectContaining({ status: 409, message: 'configmaps "a" already exists' }));
    expect(() => api.create({ ...configMap('b'), metadata: { name: 'b', namespace: 'nope' } })).toThrow(expect.objectContaining({ status: 404 }));
  });

  test('generateName gets 5 random characters, the prefix cut to 58', () => {
    const { api } = server();
    const made = api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', generateName: 'x'.repeat(70) } });
    expect(made.metadata.name).toMatch(/^x{58}[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test('a write that changes nothing is no event and no new resourceVersion', () => {
    const { api, events } = server();
    const cm = api.create(configMap('a', { k: 'v' }));
    const again = api.update({ ...cm, data: { k: 'v' } });
    expect(again.metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
    expect(events).toHaveLength(1);
  });

  test('a stale resourceVersion is a conflict', () => {
    const { api } = server();
    const cm = api.create(configMap('a'));
    api.update({ ...cm, data: { k: '1' } });
    expect(() => api.update({ ...cm, data: { k: '2' } })).toThrow(expect.objectContaining({ status: 409, reason: 'Conflict' }));
  });

  test('generation moves with the spec, not with status or metadata', () => {
    const { api } = server();
    const sts = api.create(statefulSet());
    expect(sts.metadata.generation).toBe(1);
    const labelled = api.update({ ...sts, metadata: { ...sts.metadata, labels: { a: 'b' } } });
    expect(labelled.metadata.generation).toBe(1);
    const statused = api.updateStatus({ ...labelled, status: { replicas: 1 } });
    expect(statused.metadata.generation).toBe(1);
    const scaled = api.update({ ...statused, spec: { ...(statused.spec as object), replicas: 3 } });
    expect(scaled.metadata.generation).toBe(2);
  });

  test('a main-resource write keeps the stored status; a status write keeps spec and labels', () => {
    const { api } = server();
    const sts = api.create(statefulSet());
    const withStatus = api.updateStatus({ ...sts, status: { replicas: 2 } });
    const mainWrite = api.update({ ...withStatus, status: { replicas: 99 } });
    expect(mainWrite.status).toEqual({ replicas: 2 });
    const statusWrite = api.updateStatus({ ...mainWrite, metadata: { ...mainWrite.metadata, labels: { x: 'y' }, annotations: { a: 'b' } }, spec: {}, status: { replicas: 3 } });
    expect(statusWrite.metadata.labels).toBeUndefined();
    expect(statusWrite.metadata.annotations).toEqual({ a: 'b' });
    expect((statusWrite.spec as { serviceName: string }).serviceName).toBe('web');
  });

  test('a pod bound to a node is deleted gracefully; the kubelet ends it with grace 0', () => {
    const { api, clock, events } = server();
    api.create(pod('p', 'node-1'));
    clock.runUntil(5000);
    const terminating = api.delete('Pod', 'default', 'p')!;
    expect(terminating.metadata).toMatchObject({ deletionTimestamp: '2025-01-01T00:00:35Z', deletionGracePeriodSeconds: 30, generation: 2 });
    // a status write during the grace period does not end it early
    api.updateStatus({ ...terminating, status: { phase: 'Running' } });
    expect(api.get('Pod', 'default', 'p')).toBeDefined();
    api.delete('Pod', 'default', 'p', { gracePeriodSeconds: 0 });
    expect(api.get('Pod', 'default', 'p')).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED']);
  });

  test('a pod never bound to a node goes at once', () => {
    const { api, events } = server();
    api.create(pod('p'));
    expect(api.delete('Pod', 'default', 'p')).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });

  test('finalizers hold an object until they are removed; orphan and foreground add their own', () => {
    const { api } = server();
    api.create({ ...configMap('a'), metadata: { name: 'a', finalizers: ['example.com/hold'] } });
    const held = api.delete('ConfigMap', 'default', 'a', { propagationPolicy: 'Orphan' })!;
    expect(held.metadata.finalizers).toEqual(['example.com/hold', 'orphan']);
    expect(held.metadata.deletionTimestamp).toBe('2025-01-01T00:00:00Z');
    api.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect(api.get('ConfigMap', 'default', 'a')).toBeUndefined();
  });

  test('dependents are indexed by owner uid', () => {
    const { api } = server();
    const owner = api.create(configMap('owner'));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid! };
    api.create({ ...configMap('child'), metadata: { name: 'child', ownerReferences: [ref] } });
    expect(api.dependents(owner.metadata.uid!).map((o) => o.metadata.name)).toEqual(['child']);
    api.delete('ConfigMap', 'default', 'child');
    expect(api.dependents(owner.metadata.uid!)).toEqual([]);
  });

  test('pods/binding sets the node and PodScheduled; a second binding is a conflict', () => {
    const { api } = server();
    api.create(pod('p'));
    const bound = api.bind('default', 'p', 'node-1');
    expect((bound.spec as { nodeName: string }).nodeName).toBe('node-1');
    expect((bound.status as { conditions: Array<{ type: string; status: string }> }).conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    expect(() => api.bind('default', 'p', 'node-2')).toThrow(ApiError);
  });

  test('PodTopologyLabels (PodTopologyLabelsAdmission, beta 1.35): binding and creating on a node copy its zone and region labels, overwriting', () => {
    const zoned = (api: ApiServer) =>
      api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'z1', 'topology.kubernetes.io/region': 'r1', rack: 'a' } } });
    const labelsOf = (o: KObject) => o.metadata.labels;
    const at135 = server().api;
    zoned(at135);
    at135.create({ ...pod('p'), metadata: { name: 'p', labels: { app: 'web', 'topology.kubernetes.io/zone': 'mine' } } });
    expect(labelsOf(at135.bind('default', 'p', 'node-1'))).toEqual({ app: 'web', 'topology.kubernetes.io/zone': 'z1', 'topology.kubernetes.io/region': 'r1' });
    expect(labelsOf(at135.create(pod('q', 'node-1')))).toEqual({ 'topology.kubernetes.io/zone': 'z1', 'topology.kubernetes.io/region': 'r1' });
    // 1.34: the gate is off (alpha), nothing is copied
    const at134 = new ApiServer('1.34', new Clock(), new Rng(1));
    for (const ns of SYSTEM_NAMESPACES) at134.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    zoned(at134);
    at134.create(pod('p'));
    expect(labelsOf(at134.bind('default', 'p', 'node-1'))).toBeUndefined();
  });

  test('validation failures are 422 with the upstream message', () => {
    const { api } = server();
    const bad = { ...statefulSet(), spec: { ...(statefulSet().spec as object), selector: undefined } };
    expect(() => api.create(bad)).toThrow(expect.objectContaining({ status: 422, message: expect.stringMatching(/^StatefulSet\.apps "web" is invalid: .*spec\.selector: Required value/) }));
  });
});

describe('ApiServer namespaces (namespace registry strategy and storage, NamespaceLifecycle admission)', () => {
  const namespace = (name: string, finalizers?: string[]): KObject => ({
    apiVersion: 'v1', kind: 'Namespace', metadata: { name }, ...(finalizers ? { spec: { finalizers } } : {}),
  });
  const inNs = (o: KObject, ns: string): KObject => ({ ...o, metadata: { ...o.metadata, namespace: ns } });
  const spec = (o: KObject | undefined) => o?.spec as { finalizers?: string[] } | undefined;
  const phase = (o: KObject | undefined) => (o?.status as { phase?: string } | undefined)?.phase;

  test('a namespace is created Active with the kubernetes finalizer, appended after any the user gave', () => {
    const { api } = server();
    expect(spec(api.create(namespace('a')))).toEqual({ finalizers: ['kubernetes'] });
    expect(spec(api.create(namespace('b', ['example.com/hold'])))).toEqual({ finalizers: ['example.com/hold', 'kubernetes'] });
    expect(phase(api.get('Namespace', undefined, 'a'))).toBe('Active');
  });

  test('the first DELETE marks the namespace Terminating instead of removing it; a second changes nothing', () => {
    const { api, clock, events } = server();
    api.create(namespace('shop'));
    clock.runUntil(2_500);
    const marked = api.delete('Namespace', undefined, 'shop');
    expect(marked?.metadata).toMatchObject({ deletionTimestamp: '2025-01-01T00:00:02Z' });
    expect(marked?.metadata.deletionGracePeriodSeconds).toBeUndefined();
    expect(phase(marked)).toBe('Terminating');
    expect(spec(marked)).toEqual({ finalizers: ['kubernetes'] });
    const count = events.length;
    expect(api.delete('Namespace', undefined, 'shop')).toBe(api.get('Namespace', undefined, 'shop'));
    expect(events).toHaveLength(count);
  });

  test('propagationPolicy sets the orphan / foregroundDeletion finalizers; Background clears them', () => {
    const { api } = server();
    api.create(namespace('a'));
    expect(api.delete('Namespace', undefined, 'a', { propagationPolicy: 'Orphan' })?.metadata.finalizers).toEqual(['orphan']);
    api.create(namespace('b'));
    expect(api.delete('Namespace', undefined, 'b', { propagationPolicy: 'Foreground' })?.metadata.finalizers).toEqual(['foregroundDeletion']);
    const c = api.create(namespace('c'));
    api.update({ ...c, metadata: { ...c.metadata, finalizers: ['orphan', 'example.com/x'] } });
    expect(api.delete('Namespace', undefined, 'c', { propagationPolicy: 'Background' })?.metadata.finalizers).toEqual(['example.com/x']);
  });

  test('a UID precondition that does not match is a conflict with upstream wording', () => {
    const { api } = server();
    const ns = api.create(namespace('a'));
    expect(() => api.delete('Namespace', undefined, 'a', { uid: 'other' })).toThrow(expect.objectContaining({
      status: 409,
      message: `Operation cannot be fulfilled on namespaces "a": Precondition failed: UID in precondition: other, UID in object meta: ${ns.metadata.uid}`,
    }));
  });

  test('default, kube-system and kube-public may not be deleted; kube-node-lease may', () => {
    const { api } = server();
    for (const name of ['default', 'kube-system', 'kube-public']) {
      expect(() => api.delete('Namespace', undefined, name)).toThrow(expect.objectContaining({
        status: 403, reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      }));
    }
    expect(phase(api.delete('Namespace', undefined, 'kube-node-lease'))).toBe('Terminating');
  });

  test('creating in a terminating namespace is Forbidden with a NamespaceTerminating cause; updates are still allowed', () => {
    const { api } = server();
    api.create(namespace('shop'));
    const cm = api.create(inNs(configMap('kept'), 'shop'));
    api.delete('Namespace', undefined, 'shop');
    let caught: unknown;
    try {
      api.create(inNs(configMap('new'), 'shop'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect(caught).toMatchObject({
      status: 403, reason: 'Forbidden',
      message: 'configmaps "new" is forbidden: unable to create new content in namespace shop because it is being terminated',
      causes: [{ reason: 'NamespaceTerminating', message: 'namespace shop is being terminated', field: 'metadata.namespace' }],
    });
    // admission names the object by generateName (no name is generated yet) and by group/resource
    expect(() => api.create({ ...statefulSet(), metadata: { generateName: 'web-', name: '', namespace: 'shop' } })).toThrow(
      'statefulsets.apps "web-" is forbidden: unable to create new content in namespace shop because it is being terminated');
    expect(api.update({ ...cm, data: { k: 'v' } }).data).toEqual({ k: 'v' });
  });

  test('a plain update cannot change spec.finalizers; the finalize subresource can', () => {
    const { api } = server();
    const ns = api.create(namespace('a'));
    const updated = api.update({ ...ns, metadata: { ...ns.metadata, labels: { team: 'x' } }, spec: { finalizers: [] } });
    expect(spec(updated)).toEqual({ finalizers: ['kubernetes'] });
    expect(updated.metadata.labels).toMatchObject({ team: 'x' });
    const finalized = api.finalizeNamespace({ ...updated, spec: { finalizers: [] } });
    expect(spec(finalized)).toEqual({});
    expect(phase(finalized)).toBe('Active');
    expect(() => api.update(configMap('x'), 'finalize')).toThrow(expect.objectContaining({ status: 404 }));
  });

  test('finalizing a terminating namespace removes it when no finalizer is left, else keeps it', () => {
    const { api, events } = server();
    api.create(namespace('a', ['example.com/hold']));
    const terminating = api.delete('Namespace', undefined, 'a')!;
    const held = api.finalizeNamespace({ ...terminating, spec: { finalizers: ['example.com/hold'] } });
    expect(spec(held)).toEqual({ finalizers: ['example.com/hold'] });
    expect(api.finalizeNamespace({ ...held!, spec: {} })).toBeUndefined();
    expect(api.get('Namespace', undefined, 'a')).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'DELETED', object: { kind: 'Namespace', metadata: { name: 'a' } } });
  });

  test('a terminating namespace with metadata finalizers stays after finalize until they are removed', () => {
    const { api } = server();
    api.create(namespace('a'));
    const terminating = api.delete('Namespace', undefined, 'a', { propagationPolicy: 'Orphan' })!;
    const finalized = api.finalizeNamespace({ ...terminating, spec: { finalizers: [] } })!;
    expect(finalized.metadata.finalizers).toEqual(['orphan']);
    api.update({ ...finalized, metadata: { ...finalized.metadata, finalizers: [] } });
    expect(api.get('Namespace', undefined, 'a')).toBeUndefined();
  });

  test('namespacedObjects lists every kind in one namespace, by kind then name, and forgets deleted objects', () => {
    const { api } = server();
    api.create(namespace('shop'));
    api.create(inNs(configMap('b'), 'shop'));
    api.create(inNs(pod('p'), 'shop'));
    api.create(inNs(configMap('a'), 'shop'));
    api.create(configMap('elsewhere'));
    const names = () => api.namespacedObjects('shop').map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names()).toEqual(['ConfigMap/a', 'ConfigMap/b', 'Pod/p']);
    api.delete('ConfigMap', 'shop', 'a');
    expect(names()).toEqual(['ConfigMap/b', 'Pod/p']);
    expect(api.namespacedObjects('nowhere')).toEqual([]);
  });
});

/** The API error's message of a request, or 'admitted'. */
function refusal(request: () => unknown): string {
  try {
    request();
  } catch (err) {
    if (err instanceof ApiError) return err.message;
    throw err;
  }
  return 'admitted';
}

describe('pod admission on create', () => {
  test('a service account must exist, except default (the controller is about to create it); the refusal names a generateName pod by its prefix', () => {
    const { api } = server();
    const named = (spec: Record<string, unknown>, meta: Record<string, unknown> = { name: 'p' }): KObject =>
      ({ apiVersion: 'v1', kind: 'Pod', metadata: meta as KObject['metadata'], spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
    expect(refusal(() => api.create(named({})))).toBe('admitted');
    expect(refusal(() => api.create(named({ serviceAccountName: 'robot' })))).toBe('pods "p" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found');
    expect(refusal(() => api.create(named({ serviceAccountName: 'robot' }, { generateName: 'web-5d4c-' }))))
      .toBe('pods "web-5d4c-" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found');
    expect(refusal(() => api.create(named({ priorityClassName: 'gold' }, { generateName: 'web-5d4c-' })))).toBe('pods "web-5d4c-" is forbidden: no PriorityClass with name gold was found');
    api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' }, automountServiceAccountToken: false });
    const admitted = api.create(named({ serviceAccountName: 'robot' }, { name: 'q' })) as KObject & { spec: { volumes?: unknown[] } };
    expect(admitted.spec.volumes).toBeUndefined();
  });
});

describe('PriorityClass', () => {
  const pc = (name: string, value: number, extra: Record<string, unknown> = {}): KObject =>
    ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
  test('validation: system- names reserved, user values capped, value and preemptionPolicy immutable; one global default (Priority admission)', () => {
    const { api } = server();
    expect(refusal(() => api.create(pc('system-mine', 10)))).toBe(
      'PriorityClass.scheduling.k8s.io "system-mine" is invalid: metadata.name: Forbidden: priority class names with \'system-\' prefix are reserved for system use only. error: system-mine is not a known system priority class');
    expect(refusal(() => api.create(pc('system-node-critical', 5)))).toContain('error: value of system-node-critical PriorityClass must be 2000001000');
    expect(refusal(() => api.create(pc('huge', 1000000001)))).toBe(
      'PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000');
    expect(refusal(() => api.create(pc('odd', 5, { preemptionPolicy: 'Sometimes' })))).toContain('preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"');
    const low = api.create(pc('low', 10, { globalDefault: true }));
    expect(refusal(() => api.create(pc('high', 100, { globalDefault: true })))).toBe(
      'priorityclasses.scheduling.k8s.io "high" is forbidden: PriorityClass low is already marked as default. Only one default can exist');
    expect(refusal(() => api.update({ ...low, value: 11 } as KObject))).toBe('PriorityClass.scheduling.k8s.io "low" is invalid: value: Forbidden: may not be changed in an update.');
    expect(refusal(() => api.update({ ...low, description: 'still the default' } as KObject))).toBe('admitted');
  });
});

describe('pods created with scheduling gates (applySchedulingGatedCondition)', () => {
  const gatedPod = (gates: unknown[]): KObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'gated', namespace: 'default' },
    spec: { schedulingGates: gates, containers: [{ name: 'c', image: 'pause' }] },
  }) as KObject;

  test('start with PodScheduled False, reason SchedulingGated', () => {
    const { api } = server();
    const pod = api.create(gatedPod([{ name: 'example.com/foo' }])) as KObject & { status: { phase: string; conditions: unknown[] } };
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.conditions).toEqual([{
      type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: expect.any(String),
      reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates',
    }]);
  });

  test('a pod without gates starts with no condition', () => {
    const { api } = server();
    expect((api.create(gatedPod([])) as KObject & { status: { conditions?: unknown } }).status.conditions).toBeUndefined();
  });
});
