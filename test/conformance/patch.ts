/**
 * The three patch types and the status subresource. Upstream: apiserver endpoints/handlers/patch.go
 * (JSON merge patch, RFC 6902 JSON patch, strategic merge patch with the API types' merge keys),
 * and the status strategies that keep spec on a status write and status on a main-resource write.
 */
import { expect } from '@jest/globals';
import type { KObject } from '../../src/kube/object';
import { configMap, deployment, pod, service } from './fixtures';
import { NS, expectStatus, ref, rejection, section, uniqueName, type SuiteEnv } from './harness';

/** errors.NewGenericServerResponse(422, ...): the jsonpatch library's own error is not passed on. */
const GENERIC_INVALID = 'the server rejected our request due to an error in our request';

type Container = { name: string; image: string };
const containers = (d: KObject): Container[] => (d.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;

export function patchTests(env: SuiteEnv): void {
  section('object API: patch', env, (s) => {
    s.test('merge patch: maps merge, null deletes a key, lists are replaced', async () => {
      const name = uniqueName('merged');
      await s.backend.create({ ...configMap(name, { a: '1', b: '2' }), metadata: { name, namespace: NS, labels: { keep: 'yes', drop: 'yes' } } });
      const { object } = await s.backend.patch(ref('ConfigMap', name), 'merge', { metadata: { labels: { drop: null, added: 'yes' } }, data: { a: null, c: '3' } });
      expect(object.data).toEqual({ b: '2', c: '3' });
      expect(object.metadata.labels).toEqual({ keep: 'yes', added: 'yes' });
      expect(await s.backend.get(ref('ConfigMap', name))).toEqual(object);

      const dep = uniqueName('merged');
      await s.backend.create(deployment(dep));
      const { object: replaced } = await s.backend.patch(ref('Deployment', dep), 'merge',
        { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'registry.k8s.io/pause:3.10' }] } } } });
      expect(containers(replaced).map((c) => [c.name, c.image])).toEqual([['sidecar', 'registry.k8s.io/pause:3.10']]);
    });

    s.test('a patch carrying a stale metadata.resourceVersion is 409 Conflict', async () => {
      const name = uniqueName('guarded');
      const { object: v1 } = await s.backend.create(configMap(name, { n: '1' }));
      await s.backend.patch(ref('ConfigMap', name), 'merge', { data: { n: '2' } });
      const err = await rejection(s.backend.patch(ref('ConfigMap', name), 'merge', { metadata: { resourceVersion: v1.metadata.resourceVersion }, data: { n: '3' } }));
      expectStatus(err, 409, 'Conflict');
      expect((await s.backend.get(ref('ConfigMap', name)))?.data).toEqual({ n: '2' });
    });

    s.test('JSON patch: test, add, replace and remove apply in order', async () => {
      const name = uniqueName('jsonpatched');
      await s.backend.create(configMap(name, { a: '1', b: '2' }));
      const { object } = await s.backend.patch(ref('ConfigMap', name), 'json', [
        { op: 'test', path: '/data/a', value: '1' },
        { op: 'replace', path: '/data/a', value: '9' },
        { op: 'add', path: '/data/c', value: '3' },
        { op: 'remove', path: '/data/b' },
        { op: 'add', path: '/metadata/labels', value: { 'x/y': 'z' } },
      ]);
      expect(object.data).toEqual({ a: '9', c: '3' });
      expect(object.metadata.labels).toEqual({ 'x/y': 'z' });
    });

    s.test('JSON patch: a failing test op (or a remove of a missing path) rejects the whole patch, 422 Invalid', async () => {
      const name = uniqueName('jsontested');
      const { object } = await s.backend.create(configMap(name, { a: '1' }));
      const failing = await rejection(s.backend.patch(ref('ConfigMap', name), 'json', [
        { op: 'add', path: '/data/b', value: '2' },
        { op: 'test', path: '/data/a', value: 'not-1' },
      ]));
      expectStatus(failing, 422, 'Invalid');
      const missing = await rejection(s.backend.patch(ref('ConfigMap', name), 'json', [{ op: 'remove', path: '/data/nope' }]));
      expectStatus(missing, 422, 'Invalid');
      expect(await s.backend.get(ref('ConfigMap', name))).toEqual(object);
    });

    s.test('JSON patch: the rejection carries the API server\'s generic message', async () => {
      const name = uniqueName('jsonmessage');
      await s.backend.create(configMap(name, { a: '1' }));
      const err = await rejection(s.backend.patch(ref('ConfigMap', name), 'json', [{ op: 'test', path: '/data/a', value: '2' }]));
      expectStatus(err, 422, 'Invalid', GENERIC_INVALID);
    }, { gap: 'json-patch-failure-message' });

    s.test('strategic merge patch: containers merge by name, $patch: delete removes one, null deletes a label', async () => {
      const name = uniqueName('strategic');
      await s.backend.create(deployment(name));
      const { object } = await s.backend.patch(ref('Deployment', name), 'strategic', {
        metadata: { labels: { tier: null } },
        spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'registry.k8s.io/pause:3.10' }] } } },
      });
      expect(containers(object).map((c) => [c.name, c.image])).toEqual([
        ['app', 'registry.k8s.io/pause:3.10'],
        ['sidecar', 'registry.k8s.io/pause:3.10'],
      ]);
      expect(object.metadata.labels).toEqual({ app: name });

      const { object: after } = await s.backend.patch(ref('Deployment', name), 'strategic',
        { spec: { template: { spec: { containers: [{ name: 'app', $patch: 'delete' }] } } } });
      expect(containers(after).map((c) => c.name)).toEqual(['sidecar']);
    });

    s.test('status subresource: a status patch changes status only; a main-resource patch ignores status', async () => {
      const name = uniqueName('status');
      const { object: created } = await s.backend.create(service(name));
      const checked = { type: 'kscenario.dev/Checked', status: 'True', reason: 'Conformance', message: 'status write', lastTransitionTime: s.backend.timestamp() };

      const { object: statusWritten } = await s.backend.patch(ref('Service', name), 'merge',
        { spec: { ports: [{ name: 'http', port: 81, targetPort: 8080 }] }, status: { conditions: [checked] } }, 'status');
      expect((statusWritten.status as { conditions?: unknown[] }).conditions).toEqual([checked]);
      expect(statusWritten.spec).toEqual(created.spec);

      const { object: mainWritten } = await s.backend.patch(ref('Service', name), 'merge',
        { metadata: { labels: { via: 'main' } }, status: { conditions: null } });
      expect(mainWritten.metadata.labels).toEqual({ via: 'main' });
      expect((mainWritten.status as { conditions?: unknown[] }).conditions).toEqual([checked]);
      expect(await s.backend.get(ref('Service', name))).toEqual(mainWritten);
    });

    // The Service status strategy resets spec only (pkg/registry/core/service/strategy.go); the
    // apps strategies also reset labels (Deployment, ReplicaSet, StatefulSet, DaemonSet).
    s.test('status subresource: a Service status write keeps its metadata changes (only spec is reset)', async () => {
      const name = uniqueName('statusmeta');
      await s.backend.create(service(name));
      const { object } = await s.backend.patch(ref('Service', name), 'merge', { metadata: { labels: { via: 'status' } } }, 'status');
      expect(object.metadata.labels).toEqual({ via: 'status' });
    }, { gap: 'status-write-resets-labels' });

    // What an outside controller does for a readiness gate (kubernetes.io Pod Lifecycle; e2e
    // "should support pod readiness gates"): a strategic merge patch of pods/status adds its
    // condition by type; the pod status strategy validates the type as a qualified name.
    s.test('status subresource: a pod condition added by a status patch; an invalid condition type is 422', async () => {
      const name = uniqueName('gated');
      await s.backend.create(pod(name));
      const gate = { type: 'kscenario.dev/gate', status: 'True' };
      const { object } = await s.backend.patch(ref('Pod', name), 'strategic', { status: { conditions: [gate] } }, 'status');
      expect((object.status as { conditions?: unknown[] }).conditions).toContainEqual(expect.objectContaining(gate));
      const err = await rejection(s.backend.patch(ref('Pod', name), 'strategic', { status: { conditions: [{ type: 'not a name!', status: 'True' }] } }, 'status'));
      expectStatus(err, 422, 'Invalid');
      expect(err.message).toMatch(/^Pod "[^"]+" is invalid: status\.conditions\[\d+\]\.Type: Invalid value: "not a name!": name part must consist of alphanumeric characters/);
    });

    s.test('status subresource: a kind without one answers 404', async () => {
      const name = uniqueName('nostatus');
      await s.backend.create(configMap(name, { a: '1' }));
      expectStatus(await rejection(s.backend.patch(ref('ConfigMap', name), 'merge', { data: { a: '2' } }, 'status')), 404, 'NotFound');
    });

    s.test('status subresource: an update (PUT) of status keeps spec', async () => {
      const name = uniqueName('statusput');
      const { object } = await s.backend.create(service(name));
      const checked = { type: 'kscenario.dev/Checked', status: 'False', reason: 'Conformance', message: 'status put', lastTransitionTime: s.backend.timestamp() };
      const { object: written } = await s.backend.update(
        { ...object, spec: { ...(object.spec as object), selector: { app: 'changed' } }, status: { ...(object.status as object), conditions: [checked] } }, 'status');
      expect((written.status as { conditions?: unknown[] }).conditions).toEqual([checked]);
      expect(written.spec).toEqual(object.spec);

      const { object: main } = await s.backend.update({ ...written, spec: { ...(written.spec as object), selector: { app: 'changed' } }, status: {} });
      expect((main.spec as { selector: unknown }).selector).toEqual({ app: 'changed' });
      expect((main.status as { conditions?: unknown[] }).conditions).toEqual([checked]);
    });
  });
}
