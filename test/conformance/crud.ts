/**
 * The object API's plain verbs as the API server answers them: create/get/list/update/delete,
 * optimistic concurrency, namespaced and cluster-scoped kinds, and discovery (resourceFor).
 */
import { expect } from '@jest/globals';
import { clusterRole, configMap } from './fixtures';
import { NS, OTHER_NS, RUN_TOKEN, expectStatus, names, ref, rejection, section, uniqueName, type SuiteEnv } from './harness';

const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

export function crudTests(env: SuiteEnv): void {
  section('object API: create, get, list, update, delete', env, (s) => {
    s.test('create stores the object with uid, resourceVersion and creationTimestamp; a second create is 409 AlreadyExists', async () => {
      const name = uniqueName('created');
      const { object } = await s.backend.create(configMap(name, { k: 'v' }));
      expect(object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data: { k: 'v' } });
      expect(object.metadata.uid).toEqual(expect.any(String));
      expect(object.metadata.resourceVersion).toEqual(expect.any(String));
      expect(object.metadata.creationTimestamp).toMatch(RFC3339_SECONDS);

      const err = await rejection(s.backend.create(configMap(name, { k: 'other' })));
      expectStatus(err, 409, 'AlreadyExists', `configmaps "${name}" already exists`);
      const stored = await s.backend.get(ref('ConfigMap', name));
      expect(stored?.metadata.resourceVersion).toBe(object.metadata.resourceVersion);
      expect(stored?.data).toEqual({ k: 'v' });
    });

    s.test('get returns the stored object, undefined for a missing one or another namespace', async () => {
      const name = uniqueName('got');
      const { object } = await s.backend.create(configMap(name, { k: 'v' }));
      expect(await s.backend.get(ref('ConfigMap', name))).toEqual(object);
      expect(await s.backend.get(ref('ConfigMap', `${name}-missing`))).toBeUndefined();
      expect(await s.backend.get(ref('ConfigMap', name, OTHER_NS))).toBeUndefined();
    });

    s.test('list returns one namespace, or every namespace without one; items carry apiVersion and kind', async () => {
      const here = uniqueName('listed');
      const there = uniqueName('listed');
      await s.backend.create(configMap(here, {}));
      await s.backend.create(configMap(there, {}, OTHER_NS));

      const inNs = await s.backend.list('ConfigMap', NS);
      expect(names(inNs)).toContain(here);
      expect(names(inNs)).not.toContain(there);
      expect(inNs.every((o) => o.metadata.namespace === NS)).toBe(true);
      const all = await s.backend.list('ConfigMap');
      expect(names(all)).toEqual(expect.arrayContaining([here, there]));
      for (const o of all) expect({ apiVersion: o.apiVersion, kind: o.kind }).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
    });

    s.test('the same name in two namespaces is two objects', async () => {
      const name = uniqueName('twin');
      await s.backend.create(configMap(name, { where: 'a' }));
      await s.backend.create(configMap(name, { where: 'b' }, OTHER_NS));
      expect((await s.backend.get(ref('ConfigMap', name)))?.data).toEqual({ where: 'a' });
      expect((await s.backend.get(ref('ConfigMap', name, OTHER_NS)))?.data).toEqual({ where: 'b' });
      await s.backend.delete(ref('ConfigMap', name));
      expect(await s.backend.get(ref('ConfigMap', name))).toBeUndefined();
      expect((await s.backend.get(ref('ConfigMap', name, OTHER_NS)))?.data).toEqual({ where: 'b' });
    });

    s.test('update with the current resourceVersion replaces the object; a stale one is 409 Conflict and changes nothing', async () => {
      const name = uniqueName('updated');
      const { object: v1 } = await s.backend.create(configMap(name, { n: '1' }));
      const { object: v2 } = await s.backend.update({ ...v1, data: { n: '2' } });
      expect(v2.data).toEqual({ n: '2' });
      expect(v2.metadata.uid).toBe(v1.metadata.uid);
      expect(v2.metadata.resourceVersion).not.toBe(v1.metadata.resourceVersion);

      const err = await rejection(s.backend.update({ ...v1, data: { n: 'stale' } }));
      expectStatus(err, 409, 'Conflict', `Operation cannot be fulfilled on configmaps "${name}": ${OBJECT_MODIFIED}`);
      expect(await s.backend.get(ref('ConfigMap', name))).toEqual(v2);

      // Without a resourceVersion a ConfigMap update is unconditional (AllowUnconditionalUpdate).
      const { metadata: { resourceVersion: _rv, ...meta } } = v1;
      const { object: v3 } = await s.backend.update({ ...v1, metadata: meta, data: { n: '3' } });
      expect(v3.data).toEqual({ n: '3' });
    });

    // The uid a PUT carries is a precondition (rest.defaultUpdatedObjectInfo.Preconditions): an
    // update written for an earlier incarnation of the name must not land on the new one.
    s.test('an update carrying another uid is 409 Conflict', async () => {
      const name = uniqueName('reincarnated');
      const { object: first } = await s.backend.create(configMap(name, { n: '1' }));
      await s.backend.delete(ref('ConfigMap', name));
      const { object: second } = await s.backend.create(configMap(name, { n: '2' }));
      const { metadata: { resourceVersion: _rv, ...meta } } = first;
      const err = await rejection(s.backend.update({ ...first, metadata: meta, data: { n: 'for the first' } }));
      expectStatus(err, 409, 'Conflict');
      expect(err.message).toContain(`Precondition failed: UID in precondition: ${first.metadata.uid}, UID in object meta: ${second.metadata.uid}`);
      expect(await s.backend.get(ref('ConfigMap', name))).toEqual(second);
    }, { gap: 'update-uid-precondition' });

    s.test('update, patch and delete of a missing object are 404 NotFound', async () => {
      const name = uniqueName('missing');
      const notFound = `configmaps "${name}" not found`;
      expectStatus(await rejection(s.backend.update(configMap(name, {}))), 404, 'NotFound', notFound);
      expectStatus(await rejection(s.backend.patch(ref('ConfigMap', name), 'merge', { data: { a: 'b' } })), 404, 'NotFound', notFound);
      expectStatus(await rejection(s.backend.delete(ref('ConfigMap', name))), 404, 'NotFound', notFound);
    });

    s.test('delete removes the object; a second delete is 404 NotFound', async () => {
      const name = uniqueName('deleted');
      await s.backend.create(configMap(name, {}));
      await s.backend.delete(ref('ConfigMap', name));
      expect(await s.backend.get(ref('ConfigMap', name))).toBeUndefined();
      expect(names(await s.backend.list('ConfigMap', NS))).not.toContain(name);
      expectStatus(await rejection(s.backend.delete(ref('ConfigMap', name))), 404, 'NotFound', `configmaps "${name}" not found`);
    });

    s.test('cluster-scoped kinds have no namespace: get and list ignore one, delete removes the object', async () => {
      const name = `kscenario-conformance-${RUN_TOKEN}-${uniqueName('role')}`;
      try {
        const { object } = await s.backend.create(clusterRole(name));
        expect(object.metadata.namespace).toBeUndefined();
        expect(await s.backend.get({ kind: 'ClusterRole', name })).toEqual(object);
        expect(await s.backend.get({ kind: 'ClusterRole', name, namespace: NS })).toEqual(object);
        expect(names(await s.backend.list('ClusterRole'))).toContain(name);
        expect(names(await s.backend.list('ClusterRole', NS))).toContain(name);
        expectStatus(await rejection(s.backend.create(clusterRole(name))), 409, 'AlreadyExists',
          `clusterroles.rbac.authorization.k8s.io "${name}" already exists`);
      } finally {
        await s.backend.delete({ kind: 'ClusterRole', name });
      }
      expect(await s.backend.get({ kind: 'ClusterRole', name })).toBeUndefined();

      const nodes = await s.backend.list('Node');
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) expect(n.metadata.namespace).toBeUndefined();
    });

    s.test('resourceFor answers served types with their scope and plural, undefined for unserved ones', async () => {
      expect(await s.backend.resourceFor('apps/v1', 'Deployment')).toMatchObject(
        { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true });
      expect(await s.backend.resourceFor('v1', 'Node')).toMatchObject({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false });
      expect(await s.backend.resourceFor('policy/v1', 'PodDisruptionBudget')).toMatchObject(
        { group: 'policy', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true });
      // PetSet was renamed StatefulSet in 1.5; policy/v1beta1 was removed in 1.25, before every supported version.
      expect(await s.backend.resourceFor('apps/v1alpha1', 'PetSet')).toBeUndefined();
      expect(await s.backend.resourceFor('policy/v1beta1', 'PodDisruptionBudget')).toBeUndefined();
      expect(await s.backend.resourceFor('extensions/v1beta1', 'Deployment')).toBeUndefined();
      expect(await s.backend.resourceFor('v1', 'NoSuchKind')).toBeUndefined();
    });
  });
}
