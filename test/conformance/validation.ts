/**
 * Validation: an invalid object is refused with 422 Invalid, the message names the object and
 * every field error (errors.NewInvalid), and each error is a cause carrying its field path — what
 * kubectl prints as `The Deployment "x" is invalid: spec.replicas: ...`. Nothing is stored.
 */
import { expect } from '@jest/globals';
import { configMap, deployment, pod } from './fixtures';
import { expectStatus, ref, rejection, section, uniqueName, type SuiteEnv } from './harness';

export function validationTests(env: SuiteEnv): void {
  section('object API: validation', env, (s) => {
    s.test('an invalid create is 422 Invalid with the field in the causes, and nothing is stored', async () => {
      const name = uniqueName('invalid');
      const bad = deployment(name);
      (bad.spec as { replicas: number }).replicas = -1;
      const err = await rejection(s.backend.create(bad));
      expectStatus(err, 422, 'Invalid',
        `Deployment.apps "${name}" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`);
      expect(err.causes).toContainEqual(expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.replicas' }));
      expect(await s.backend.get(ref('Deployment', name))).toBeUndefined();
    });

    s.test('a missing required field and a malformed name are named by their field paths', async () => {
      const name = uniqueName('nocontainers');
      const err = await rejection(s.backend.create(pod(name, {}, { containers: [] })));
      expectStatus(err, 422, 'Invalid', `Pod "${name}" is invalid: spec.containers: Required value`);
      expect(err.causes).toContainEqual(expect.objectContaining({ reason: 'FieldValueRequired', field: 'spec.containers' }));

      const badName = await rejection(s.backend.create(configMap('Not_A_DNS_Name', {})));
      expectStatus(badName, 422, 'Invalid');
      expect(badName.message).toMatch(/^ConfigMap "Not_A_DNS_Name" is invalid: metadata\.name: Invalid value: "Not_A_DNS_Name": a lowercase RFC 1123 subdomain/);
      expect(badName.causes).toContainEqual(expect.objectContaining({ reason: 'FieldValueInvalid', field: 'metadata.name' }));
    });

    s.test('an update that breaks an immutability rule is 422 Invalid and changes nothing', async () => {
      const name = uniqueName('immutable');
      const { object } = await s.backend.create({ ...configMap(name, { k: 'v' }), immutable: true });
      const err = await rejection(s.backend.patch(ref('ConfigMap', name), 'merge', { data: { k: 'changed' } }));
      expectStatus(err, 422, 'Invalid', `ConfigMap "${name}" is invalid: data: Forbidden: field is immutable when \`immutable\` is set`);
      expect(err.causes).toContainEqual(expect.objectContaining({ reason: 'FieldValueForbidden', field: 'data' }));
      expect(await s.backend.get(ref('ConfigMap', name))).toEqual(object);

      const dep = uniqueName('immutable');
      await s.backend.create(deployment(dep));
      const selector = await rejection(s.backend.patch(ref('Deployment', dep), 'merge',
        { spec: { selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } } } } }));
      expectStatus(selector, 422, 'Invalid');
      expect(selector.message).toMatch(new RegExp(`^Deployment\\.apps "${dep}" is invalid: spec\\.selector: Invalid value: .*field is immutable`));
      expect(selector.causes).toContainEqual(expect.objectContaining({ field: 'spec.selector' }));
    });

    s.test('a patch whose result is invalid is refused like an update', async () => {
      const name = uniqueName('badpatch');
      const { object } = await s.backend.create(deployment(name));
      const err = await rejection(s.backend.patch(ref('Deployment', name), 'strategic', { spec: { replicas: -3 } }));
      expectStatus(err, 422, 'Invalid', `Deployment.apps "${name}" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0`);
      expect((await s.backend.get(ref('Deployment', name)))?.spec).toEqual(object.spec);
    });
  });
}
