/**
 * The served API at the HTTP level: status codes and Status bodies, discovery documents, tables,
 * selectors, paging, watch resume and 410, subresources (scale, eviction with its budget,
 * binding), write options, and the kscenario.dev extension endpoint.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { http, serve, watchEvents, type Served } from './helpers';

jest.setTimeout(60_000);

let s: Served;
let base: string;

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

function deployment(name: string, replicas: number): object {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels: { app: name } },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } },
    },
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  s = await serve({ speed: 50, eventLogSize: 2000 });
  base = s.served.url;
});

afterAll(async () => {
  await s.close();
});

describe('discovery', () => {
  test('/version, /api, /apis and group/version resource lists', async () => {
    expect((await http(base, 'GET', '/version')).json()).toMatchObject({ major: '1', minor: '37', gitVersion: 'v1.37.2' });
    expect((await http(base, 'GET', '/api')).json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await http(base, 'GET', '/apis')).json();
    expect(groups.groups.find((g: any) => g.name === 'apps')).toEqual({
      name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    const core = (await http(base, 'GET', '/api/v1')).json();
    const pods = core.resources.find((r: any) => r.name === 'pods');
    expect(pods).toMatchObject({ singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'], categories: ['all'] });
    expect(pods.verbs).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    expect(core.resources.find((r: any) => r.name === 'pods/eviction')).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    expect(core.resources.find((r: any) => r.name === 'pods/status')).toMatchObject({ kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    expect(core.resources.find((r: any) => r.name === 'pods/resize')).toMatchObject({ kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    const apps = (await http(base, 'GET', '/apis/apps/v1')).json();
    expect(apps.resources.find((r: any) => r.name === 'statefulsets/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect((await http(base, 'GET', '/apis/nope/v1')).status).toBe(404);
  });

  test('aggregated discovery answers with its content type', async () => {
    const r = await http(base, 'GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    expect(r.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = r.json().items.find((g: any) => g.metadata.name === 'apps');
    const sts = apps.versions[0].resources.find((x: any) => x.resource === 'statefulsets');
    expect(sts).toMatchObject({ scope: 'Namespaced', singularResource: 'statefulset', shortNames: ['sts'], responseKind: { group: 'apps', version: 'v1', kind: 'StatefulSet' } });
    expect(sts.subresources.map((x: any) => x.subresource)).toEqual(['scale', 'status']);
  });

  test('the served resources follow the emulated version', async () => {
    const old = await serve({ cluster: { kubernetesVersion: '1.31' } });
    try {
      const fc = (await http(old.served.url, 'GET', '/apis')).json().groups.find((g: any) => g.name === 'flowcontrol.apiserver.k8s.io');
      expect(fc.versions.map((v: any) => v.version)).toEqual(['v1', 'v1beta3']);
      expect((await http(old.served.url, 'GET', '/version')).json().gitVersion).toBe('v1.31.0');
      // pods/resize is served from 1.33 (InPlacePodVerticalScaling on by default)
      expect((await http(old.served.url, 'GET', '/api/v1')).json().resources.some((r: any) => r.name === 'pods/resize')).toBe(false);
    } finally {
      await old.close();
    }
    const fc = (await http(base, 'GET', '/apis')).json().groups.find((g: any) => g.name === 'flowcontrol.apiserver.k8s.io');
    expect(fc.versions.map((v: any) => v.version)).toEqual(['v1']);
  });
});

describe('pods/resize', () => {
  test('a PATCH resizes the containers, changing nothing else', async () => {
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'resize-demo', namespace: 'default', labels: { app: 'r' } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25', resources: { requests: { cpu: '100m' }, limits: { cpu: '200m' } } }] },
    };
    expect((await http(base, 'POST', '/api/v1/namespaces/default/pods', pod)).status).toBe(201);
    const patch = { metadata: { labels: { app: 'ignored' } }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '150m' }, limits: { cpu: '300m' } } }] } };
    const r = await http(base, 'PATCH', '/api/v1/namespaces/default/pods/resize-demo/resize', patch, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(r.status).toBe(200);
    expect(r.json().spec.containers[0].resources).toEqual({ requests: { cpu: '150m' }, limits: { cpu: '300m' } });
    expect(r.json().metadata.labels).toEqual({ app: 'r' });
    expect(r.json().metadata.generation).toBe(2);
    const plain = await http(base, 'PATCH', '/api/v1/namespaces/default/pods/resize-demo', { spec: { containers: [{ name: 'c', resources: { requests: { cpu: '120m' }, limits: { cpu: '300m' } } }] } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(plain.status).toBe(422);
    // the later tests read the cluster's pods: leave it as they expect it
    expect((await http(base, 'DELETE', '/api/v1/namespaces/default/pods/resize-demo?gracePeriodSeconds=0')).status).toBe(200);
  });
});

describe('reads', () => {
  test('a list carries the resourceVersion and is in namespace/name order; tables have upstream columns', async () => {
    const list = (await http(base, 'GET', '/api/v1/pods')).json();
    expect(list.kind).toBe('PodList');
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(0);
    const keys = list.items.map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(keys).toEqual([...keys].sort());
    const table = await http(base, 'GET', '/api/v1/nodes', undefined, { Accept: TABLE });
    const t = table.json();
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.filter((c: any) => c.priority === 0).map((c: any) => c.name)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(t.rows[0].cells.slice(0, 3)).toEqual(['control-plane', 'Ready', 'control-plane']);
    expect(t.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'control-plane' } });
  });

  test('label and field selectors; unsupported fields are a 400', async () => {
    const bySelector = (await http(base, 'GET', '/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dkube-dns')).json();
    expect(bySelector.items.length).toBe(2);
    const node = 'worker-1';
    const onNode = (await http(base, 'GET', `/api/v1/pods?fieldSelector=spec.nodeName%3D${node}`)).json();
    expect(onNode.items.length).toBeGreaterThan(0);
    expect(onNode.items.every((p: any) => p.spec.nodeName === node)).toBe(true);
    const notRunning = (await http(base, 'GET', '/api/v1/pods?fieldSelector=status.phase!%3DRunning')).json();
    expect(notRunning.items).toEqual([]);
    const byName = (await http(base, 'GET', '/api/v1/namespaces?fieldSelector=metadata.name%3Ddefault')).json();
    expect(byName.items.map((n: any) => n.metadata.name)).toEqual(['default']);
    const bad = await http(base, 'GET', '/api/v1/pods?fieldSelector=spec.foo%3Dbar');
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', message: 'field label not supported: spec.foo', code: 400 });
  });

  test('limit and continue page through a list', async () => {
    const all = (await http(base, 'GET', '/api/v1/pods')).json().items.map((p: any) => p.metadata.name);
    const first = (await http(base, 'GET', '/api/v1/pods?limit=5')).json();
    expect(first.items).toHaveLength(5);
    expect(first.metadata.remainingItemCount).toBe(all.length - 5);
    const rest = (await http(base, 'GET', `/api/v1/pods?limit=500&continue=${encodeURIComponent(first.metadata.continue)}`)).json();
    expect([...first.items, ...rest.items].map((p: any) => p.metadata.name)).toEqual(all);
    expect(rest.metadata.continue).toBeUndefined();
  });

  test('errors are metav1.Status with the API server codes and reasons', async () => {
    const nf = await http(base, 'GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    expect(nf.status).toBe(404);
    expect(nf.json()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found', reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404,
    });
    const unknown = await http(base, 'GET', '/api/v1/foos');
    expect(unknown.status).toBe(404);
    expect(unknown.json().message).toBe('the server could not find the requested resource');
    expect((await http(base, 'PUT', '/api/v1/namespaces/default/pods', {})).status).toBe(405);
    expect((await http(base, 'GET', '/api/v1/namespaces/default/nodes')).status).toBe(404);
  });
});

describe('writes', () => {
  test('create, conflict on a stale resourceVersion, AlreadyExists, Invalid with causes', async () => {
    const created = await http(base, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('d1', 1));
    expect(created.status).toBe(201);
    const obj = created.json();
    expect(obj.metadata).toMatchObject({ name: 'd1', namespace: 'default', generation: 1 });
    const again = await http(base, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('d1', 1));
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ reason: 'AlreadyExists', message: 'deployments.apps "d1" already exists' });
    expect(obj.spec.replicas).toBe(1);
    // a ConfigMap: no controller writes it between the two PUTs
    const cm = (await http(base, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rv' }, data: { a: '1' } })).json();
    const newer = await http(base, 'PUT', '/api/v1/namespaces/default/configmaps/rv', { ...cm, data: { a: '2' } });
    expect(newer.status).toBe(200);
    const stale = await http(base, 'PUT', '/api/v1/namespaces/default/configmaps/rv', { ...cm, data: { a: '3' } });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({ reason: 'Conflict', message: 'Operation cannot be fulfilled on configmaps "rv": the object has been modified; please apply your changes to the latest version and try again' });
    const invalid = await http(base, 'POST', '/apis/apps/v1/namespaces/default/deployments', { ...deployment('d2', -1) });
    expect(invalid.status).toBe(422);
    expect(invalid.json()).toMatchObject({
      reason: 'Invalid', details: { name: 'd2', group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas' }] },
    });
    const mismatch = await http(base, 'POST', '/apis/apps/v1/namespaces/kube-system/deployments', { ...deployment('d3', 1), metadata: { name: 'd3', namespace: 'default' } });
    expect(mismatch.status).toBe(400);
  });

  test('bodies are decoded: a mistyped value is a 400, unknown fields warn, refuse under Strict, pass under Ignore', async () => {
    const url = '/apis/apps/v1/namespaces/default/deployments';
    const mistyped = await http(base, 'POST', url, { ...deployment('t1', 1), spec: { ...(deployment('t1', 1) as { spec: object }).spec, replicas: 'three' } });
    expect(mistyped.status).toBe(400);
    expect(mistyped.json()).toMatchObject({
      reason: 'BadRequest',
      message: 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    });
    const extra = (name: string) => ({ ...deployment(name, 1), spec: { ...(deployment(name, 1) as { spec: object }).spec, replica: 2 } });
    const warned = await http(base, 'POST', url, extra('t2'));
    expect(warned.status).toBe(201);
    expect(warned.headers['warning']).toContain('unknown field \\"spec.replica\\"');
    const strict = await http(base, 'POST', `${url}?fieldValidation=Strict`, extra('t3'));
    expect(strict.status).toBe(400);
    expect(strict.json().message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"');
    const ignored = await http(base, 'POST', `${url}?fieldValidation=Ignore`, extra('t4'));
    expect(ignored.status).toBe(201);
    expect(ignored.headers['warning']).toBeUndefined();
    const patched = await http(base, 'PATCH', `${url}/t2`, { spec: { replicas: '3' } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(patched.status).toBe(422);
    expect(patched.json().message).toBe(' "" is invalid: patch: Invalid value: "map[spec:map[replicas:3]]": unrecognized type: int32');
  });

  test('the three patch types; server-side apply and dry run are refused clearly', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/d1';
    const merge = await http(base, 'PATCH', path, { metadata: { labels: { tier: 'web' } } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(merge.json().metadata.labels).toEqual({ app: 'd1', tier: 'web' });
    const json = await http(base, 'PATCH', path, [{ op: 'replace', path: '/spec/replicas', value: 2 }], { 'Content-Type': 'application/json-patch+json' });
    expect(json.json().spec.replicas).toBe(2);
    const smp = await http(base, 'PATCH', path, { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(smp.json().spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'c', image: 'nginx:1.26' })]);
    const ssa = await http(base, 'PATCH', `${path}?fieldManager=me`, 'kind: Deployment', { 'Content-Type': 'application/apply-patch+yaml' });
    expect(ssa.status).toBe(415);
    expect(ssa.json().message).toContain('server-side apply (application/apply-patch+yaml) is not supported');
    const dry = await http(base, 'POST', '/apis/apps/v1/namespaces/default/deployments?dryRun=All', deployment('dry', 1));
    expect(dry.status).toBe(400);
    expect(dry.json().message).toContain('dryRun=All');
    expect((await http(base, 'GET', '/apis/apps/v1/namespaces/default/deployments/dry')).status).toBe(404);
    const withOptions = await http(base, 'POST', '/api/v1/namespaces/default/configmaps?fieldManager=me&fieldValidation=Strict', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '1' } });
    expect(withOptions.status).toBe(201);
    const badValidation = await http(base, 'POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Loose', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm2' } });
    expect(badValidation.status).toBe(400);
  });

  test('scale subresource: GET, PUT and PATCH of an autoscaling/v1 Scale', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/d1/scale';
    const scale = (await http(base, 'GET', path)).json();
    expect(scale).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'd1', namespace: 'default' }, spec: { replicas: 2 }, status: { selector: 'app=d1' } });
    // The served cluster runs while the test talks to it, so the Deployment controller may write
    // between a GET and a PUT: a Scale carries the Deployment's resourceVersion and a stale one is
    // refused with 409, as upstream's optimistic concurrency does. Make one stale on purpose, then
    // update the way clients do (client-go's RetryOnConflict): read again and retry.
    await http(base, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/d1', { metadata: { annotations: { touched: 'yes' } } }, { 'Content-Type': 'application/merge-patch+json' });
    const stale = await http(base, 'PUT', path, { ...scale, spec: { replicas: 3 } });
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({ kind: 'Status', reason: 'Conflict' });
    const put = await putWithRetryOnConflict(path, (current) => ({ ...current, spec: { replicas: 3 } }));
    expect(put.status).toBe(200);
    expect(put.json().spec.replicas).toBe(3);
    const patched = await http(base, 'PATCH', path, { spec: { replicas: 1 } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(patched.json().spec.replicas).toBe(1);
    expect((await http(base, 'GET', '/apis/apps/v1/namespaces/default/deployments/d1')).json().spec.replicas).toBe(1);
    const negative = await http(base, 'PATCH', path, { spec: { replicas: -1 } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(negative.status).toBe(422);
    expect((await http(base, 'GET', '/api/v1/namespaces/default/pods/x/scale')).status).toBe(404);
  });

  test('eviction honours a PodDisruptionBudget with a 429 and the budget cause', async () => {
    await http(base, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('guarded', 2));
    await http(base, 'POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'guard' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'guarded' } } },
    });
    await waitFor(async () => (await http(base, 'GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard')).json().status?.currentHealthy === 2);
    const pods = (await http(base, 'GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dguarded')).json().items;
    const name = pods[0].metadata.name;
    const r = await http(base, 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
    expect(r.status).toBe(429);
    expect(r.json()).toMatchObject({
      reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget guard needs 2 healthy pods and has 2 currently' }] },
    });
    await http(base, 'DELETE', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard');
    const ok = await http(base, 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
    expect(ok.status).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'Status', status: 'Success' });
    const after = await http(base, 'GET', `/api/v1/namespaces/default/pods/${name}`);
    // terminating, or already gone
    if (after.status === 200) expect(after.json().metadata.deletionTimestamp).toBeDefined();
    else expect(after.status).toBe(404);
  });

  test('binding subresource assigns a pod to a node', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'manual' }, spec: { schedulerName: 'none', containers: [{ name: 'c', image: 'nginx' }] } };
    expect((await http(base, 'POST', '/api/v1/namespaces/default/pods', pod)).status).toBe(201);
    const r = await http(base, 'POST', '/api/v1/namespaces/default/pods/manual/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'manual' }, target: { kind: 'Node', name: 'worker-2' } });
    expect(r.status).toBe(201);
    expect((await http(base, 'GET', '/api/v1/namespaces/default/pods/manual')).json().spec.nodeName).toBe('worker-2');
    const twice = await http(base, 'POST', '/api/v1/namespaces/default/pods/manual/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'manual' }, target: { kind: 'Node', name: 'worker-1' } });
    expect(twice.status).toBe(409);
  });

  test('delete with options, preconditions, and deletecollection', async () => {
    const cm = (await http(base, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone', labels: { x: 'y' } } })).json();
    const wrong = await http(base, 'DELETE', '/api/v1/namespaces/default/configmaps/gone', { preconditions: { uid: 'not-it' } });
    expect(wrong.status).toBe(409);
    const del = await http(base, 'DELETE', '/api/v1/namespaces/default/configmaps/gone', { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { uid: cm.metadata.uid } });
    expect(del.json()).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'gone', kind: 'configmaps', uid: cm.metadata.uid } });
    for (const n of ['a', 'b']) await http(base, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `col-${n}`, labels: { batch: 'yes' } } });
    const col = await http(base, 'DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=batch%3Dyes');
    expect(col.json().items.map((x: any) => x.metadata.name)).toEqual(['col-a', 'col-b']);
    expect((await http(base, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=batch%3Dyes')).json().items).toEqual([]);
    const graceful = await http(base, 'DELETE', '/api/v1/namespaces/default/pods/manual?gracePeriodSeconds=0');
    expect(graceful.status).toBe(200);
  });
});

describe('watch', () => {
  test('resumes from a resourceVersion with the changes since, in order', async () => {
    const start = (await http(base, 'GET', '/api/v1/namespaces/default/configmaps')).json().metadata.resourceVersion;
    await http(base, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w1' } });
    await http(base, 'PATCH', '/api/v1/namespaces/default/configmaps/w1', { data: { k: 'v' } }, { 'Content-Type': 'application/merge-patch+json' });
    await http(base, 'DELETE', '/api/v1/namespaces/default/configmaps/w1');
    const events = await watchEvents(base, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${start}`, (e) => e.length >= 3);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'w1'], ['MODIFIED', 'w1'], ['DELETED', 'w1']]);
    expect(events[1].object.data).toEqual({ k: 'v' });
  });

  test('without a resourceVersion the current objects come first as ADDED; selectors turn changes into ADDED/DELETED', async () => {
    await http(base, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sel', labels: { pick: 'no' } } });
    const got: any[] = [];
    const done = watchEvents(base, '/api/v1/namespaces/default/configmaps?watch=1&labelSelector=pick%3Dyes', (e) => {
      got.splice(0, got.length, ...e);
      return e.length >= 2;
    });
    await new Promise((r) => setTimeout(r, 100));
    await http(base, 'PATCH', '/api/v1/namespaces/default/configmaps/sel', { metadata: { labels: { pick: 'yes' } } }, { 'Content-Type': 'application/merge-patch+json' });
    await new Promise((r) => setTimeout(r, 50));
    await http(base, 'PATCH', '/api/v1/namespaces/default/configmaps/sel', { metadata: { labels: { pick: 'no' } } }, { 'Content-Type': 'application/merge-patch+json' });
    const events = await done;
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });

  test('a resourceVersion older than the log reaches is 410 Expired, as an ERROR event', async () => {
    // the log keeps 2000 changes; make more than that
    for (let i = 0; i < 21; i++) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => http(base, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bulk-${i}-${j}` } })));
    }
    const events = await watchEvents(base, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=5', (e) => e.length >= 1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(events[0].object.message).toMatch(/^too old resource version: 5 \(\d+\)$/);
    await http(base, 'DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=');
  });

  test('timeoutSeconds ends the stream', async () => {
    const started = Date.now();
    const events = await watchEvents(base, '/api/v1/namespaces/kube-public/configmaps?watch=true&timeoutSeconds=1', () => false, 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events.every((e) => e.type === 'ADDED')).toBe(true);
  });

  test('bookmarks on request, and a watch of one object as a one-row Table', async () => {
    const events = await watchEvents(base, '/api/v1/namespaces?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan',
      (e) => e.some((x) => x.type === 'BOOKMARK'));
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    expect(events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name)).toContain('kube-system');
    const table = await watchEvents(base, '/api/v1/nodes/worker-1?watch=true', (e) => e.length >= 1, 10_000, { Accept: TABLE });
    expect(table[0].object).toMatchObject({ kind: 'Table', rows: [{ cells: expect.arrayContaining(['worker-1']) }] });
  });
});

describe('extension endpoint', () => {
  test('discovery of kscenario.dev/v1alpha1, the clock, and node faults', async () => {
    const d = await http(base, 'GET', '/apis/kscenario.dev/v1alpha1');
    expect(d.json()).toMatchObject({ kind: 'APIResourceList', groupVersion: 'kscenario.dev/v1alpha1' });
    expect((await http(base, 'GET', '/apis')).json().groups.map((g: any) => g.name)).not.toContain('kscenario.dev');
    const c1 = (await http(base, 'GET', '/apis/kscenario.dev/v1alpha1/clock')).json();
    expect(c1).toMatchObject({ kind: 'Clock', speed: 50 });
    expect(c1.time).toMatch(/^2025-01-01T\d\d:\d\d:\d\dZ$/);
    await new Promise((r) => setTimeout(r, 200));
    const c2 = (await http(base, 'GET', '/apis/kscenario.dev/v1alpha1/clock')).json();
    expect(c2.nowMs - c1.nowMs).toBeGreaterThanOrEqual(5_000);
    const kill = await http(base, 'POST', '/apis/kscenario.dev/v1alpha1/faults', { verb: 'killNode', node: 'worker-2' });
    expect(kill.status).toBe(200);
    await waitFor(async () => {
      const node = (await http(base, 'GET', '/api/v1/nodes/worker-2')).json();
      return node.status.conditions.find((x: any) => x.type === 'Ready').status === 'Unknown';
    });
    expect((await http(base, 'POST', '/apis/kscenario.dev/v1alpha1/faults', { verb: 'restartNode', node: 'worker-2' })).status).toBe(200);
    const bad = await http(base, 'POST', '/apis/kscenario.dev/v1alpha1/faults', { verb: 'killNode', node: 'nope' });
    expect(bad.status).toBe(400);
    const verb = await http(base, 'POST', '/apis/kscenario.dev/v1alpha1/faults', { verb: 'explode', node: 'worker-1' });
    expect(verb.status).toBe(400);
    const add = await http(base, 'POST', '/apis/kscenario.dev/v1alpha1/nodes', { name: 'worker-3', labels: { extra: 'yes' } });
    expect(add.status).toBe(201);
    await waitFor(async () => (await http(base, 'GET', '/api/v1/nodes/worker-3')).status === 200);
  });
});

/** Read-modify-write with retries on 409, as client-go's retry.RetryOnConflict does. */
async function putWithRetryOnConflict(path: string, change: (current: any) => unknown, attempts = 5) {
  for (let attempt = 1; ; attempt++) {
    const answer = await http(base, 'PUT', path, change((await http(base, 'GET', path)).json()));
    if (answer.status !== 409 || attempt === attempts) return answer;
  }
}
