/** Deleting a namespace with running pods, end to end: Terminating, contents removed, then gone. */
import { describe, expect, test } from '@jest/globals';
import { runInline } from '../support/inline';

const SCENARIO = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: delete-namespace}
spec:
  cluster:
    namespaces: [shop]
  setup:
    - apply: |
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: nginx, image: "nginx:1.25"}]}
    - expect: {within: 2m, resources: [{kind: Pod, namespace: shop, selector: {app: web}, count: 2, each: {ready: true}}]}
  steps:
    - delete: {target: namespace/shop}
    - name: everything is gone
      expect:
        within: 0
        resources:
          - {kind: Namespace, name: shop, absent: true}
          - {kind: Pod, namespace: shop, selector: {app: web}, count: 0}
    - expectHistory:
        order:
          - {kind: Namespace, name: shop, becomes: Terminating}
          - {kind: Deployment, name: web, namespace: shop, becomes: Deleted}
          - {kind: Namespace, name: shop, becomes: Deleted}
`;

describe('namespace deletion', () => {
  test('the namespace goes Terminating, its content is deleted, then the namespace', async () => {
    const r = await runInline({ 'ns.yaml': SCENARIO }, ['run', 'ns.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
    expect(r.code).toBe(0);
  });
});
