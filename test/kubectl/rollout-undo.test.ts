/**
 * `rollout: {action: undo}` on a Deployment, end to end: like `kubectl rollout undo` it restores
 * the previous revision's template (or `toRevision`), which becomes the newest revision; other
 * kinds are refused with a clear error.
 */
import { describe, expect, test } from '@jest/globals';
import { runInline } from '../support/inline';

function scenario(steps: string): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: rollout-undo}
spec:
  setup:
    - apply: |
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, image: "nginx:1.25"}]}
    - expect: {within: 2m, resources: [{kind: Deployment, name: web, match: {status: {availableReplicas: 2}}}]}
    - setImage: {target: deployment/web, container: c, image: "nginx:1.26"}
    - expect: {within: 2m, resources: [{kind: Deployment, name: web, match: {status: {updatedReplicas: 2, availableReplicas: 2}}}]}
    - setImage: {target: deployment/web, container: c, image: "nginx:1.27"}
    - expect: {within: 2m, resources: [{kind: Deployment, name: web, match: {status: {updatedReplicas: 2, availableReplicas: 2, replicas: 2}}}]}
  steps:
${steps}
`;
}

function expectImage(image: string, revision: string): string {
  return `    - expect:
        within: 2m
        resources:
          - {kind: Deployment, name: web, match: {metadata: {annotations: {deployment.kubernetes.io/revision: "${revision}"}}, spec: {template: {spec: {containers: [{name: c, image: "${image}"}]}}}, status: {updatedReplicas: 2, replicas: 2}}}
          - {kind: Pod, selector: {app: web}, count: 2, each: {metadata: {deletionTimestamp: !absent}, spec: {containers: [{name: c, image: "${image}"}]}}}`;
}

describe('rollout undo', () => {
  test('goes back to the previous revision, which becomes revision 4', async () => {
    const run = await runInline({ 's.yaml': scenario(`    - rollout: {target: deployment/web, action: undo}\n${expectImage('nginx:1.26', '4')}`) }, ['run', 's.yaml']);
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.code).toBe(0);
  });

  test('toRevision picks an older revision', async () => {
    const run = await runInline({ 's.yaml': scenario(`    - rollout: {target: deployment/web, action: undo, toRevision: 1}\n${expectImage('nginx:1.25', '4')}`) }, ['run', 's.yaml']);
    expect(run.stdout).toContain('1 passed, 0 failed');
  });

  test('an unknown revision is the error kubectl prints', async () => {
    const run = await runInline(
      { 's.yaml': scenario(`    - rollout: {target: deployment/web, action: undo, toRevision: 9}\n      expectError: "unable to find specified revision 9 in history"`) },
      ['run', 's.yaml'],
    );
    expect(run.stdout).toContain('1 passed, 0 failed');
  });

  test('a StatefulSet is refused, not silently ignored', async () => {
    const run = await runInline({ 's.yaml': scenario(`    - rollout: {target: statefulset/web, action: undo}`) }, ['run', 's.yaml']);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('rollout undo is only supported for deployments yet');
  });
});
