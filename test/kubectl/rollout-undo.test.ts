/**
 * `rollout: {action: undo}` end to end: like `kubectl rollout undo` it restores the previous
 * revision's template (or `toRevision`'s) of a Deployment, StatefulSet or DaemonSet, which
 * becomes the newest revision; other kinds are refused with a clear error.
 */
import { describe, expect, test } from '@jest/globals';
import { runInline, webDeploymentScenario } from '../support/inline';

/** web at revision 3: nginx:1.25, then 1.26, then 1.27, each rolled out. */
const REVISIONS = `    - expect: {within: 2m, resources: [{kind: Deployment, name: web, match: {status: {availableReplicas: 2}}}]}
    - setImage: {target: deployment/web, container: c, image: "nginx:1.26"}
    - expect: {within: 2m, resources: [{kind: Deployment, name: web, match: {status: {updatedReplicas: 2, availableReplicas: 2}}}]}
    - setImage: {target: deployment/web, container: c, image: "nginx:1.27"}
    - expect: {within: 2m, resources: [{kind: Deployment, name: web, match: {status: {updatedReplicas: 2, availableReplicas: 2, replicas: 2}}}]}
`;

function scenario(steps: string): string {
  return webDeploymentScenario('rollout-undo', 2, steps, REVISIONS);
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

  test('a kind kubectl cannot roll back is refused, not silently ignored', async () => {
    const run = await runInline({ 's.yaml': scenario(`    - rollout: {target: replicaset/web, action: undo}`) }, ['run', 's.yaml']);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('rollout undo is only supported for deployments, statefulsets and daemonsets, as in kubectl');
  });
});

/**
 * A StatefulSet or DaemonSet (2 pods: the default cluster's two workers run the daemon) rolled
 * through nginx 1.25, 1.26 and 1.27: three ControllerRevisions, numbered 1 to 3.
 */
function workloadScenario(kind: 'StatefulSet' | 'DaemonSet', steps: string, images = ['1.26', '1.27']): string {
  const lower = kind.toLowerCase();
  const replicas = kind === 'StatefulSet' ? '\n          replicas: 2\n          serviceName: web' : '';
  const settled = (image: string) => `    - expect: {within: 3m, resources: [${pods(image)}]}`;
  const updates = images.map((v) => `    - setImage: {target: ${lower}/web, container: c, image: "nginx:${v}"}\n${settled(v)}`).join('\n');
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: rollout-undo-${lower}}
spec:
  setup:
    - apply: |
        apiVersion: apps/v1
        kind: ${kind}
        metadata: {name: web}
        spec:${replicas}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, image: "nginx:1.25"}]}
${settled('1.25')}
${updates}
  steps:
${steps}
`;
}

function pods(image: string): string {
  return `{kind: Pod, selector: {app: web}, count: 2, each: {ready: true, metadata: {deletionTimestamp: !absent}, spec: {containers: [{name: c, image: "nginx:${image}"}]}}}`;
}

/** The pods and the template run `image`; the revisions are numbered `revisions`. */
function expectRolledBack(kind: string, image: string, revisions: number[]): string {
  return `    - expect:
        within: 3m
        resources:
          - ${pods(image)}
          - {kind: ${kind}, name: web, match: {spec: {template: {spec: {containers: [{name: c, image: "nginx:${image}"}]}}}}}
          - {kind: ControllerRevision, selector: {app: web}, count: 3, each: {revision: !oneOf [${revisions.join(', ')}], metadata: {ownerReferences: [{kind: ${kind}, name: web, controller: true}]}}}`;
}

describe.each(['StatefulSet', 'DaemonSet'] as const)('rollout undo of a %s', (kind) => {
  const target = `${kind.toLowerCase()}/web`;

  async function passes(yaml: string): Promise<void> {
    const run = await runInline({ 's.yaml': yaml }, ['run', 's.yaml']);
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.code).toBe(0);
  }

  test('goes back to the previous revision: the pods return to the old image, its revision becomes 4', async () => {
    await passes(workloadScenario(kind, `    - rollout: {target: ${target}, action: undo}\n${expectRolledBack(kind, '1.26', [1, 3, 4])}`));
  });

  test('toRevision picks an older revision', async () => {
    await passes(workloadScenario(kind, `    - rollout: {target: ${target}, action: undo, toRevision: 1}\n${expectRolledBack(kind, '1.25', [2, 3, 4])}`));
  });

  test('undoing to the revision the template has is skipped: nothing changes', async () => {
    await passes(workloadScenario(kind, `    - rollout: {target: ${target}, action: undo, toRevision: 3}
    - expect:
        within: 0
        for: 1m
        resources:
          - ${pods('1.27')}
          - {kind: ${kind}, name: web, match: {metadata: {generation: 3}}}
          - {kind: ControllerRevision, selector: {app: web}, count: 3, each: {revision: !oneOf [1, 2, 3]}}`));
  });

  test("a missing revision, or nothing to go back to, is kubectl's error", async () => {
    await passes(workloadScenario(kind, `    - rollout: {target: ${target}, action: undo, toRevision: 9}\n      expectError: "unable to find specified revision 9 in history"`));
    await passes(workloadScenario(kind, `    - rollout: {target: ${target}, action: undo}\n      expectError: "no last revision to roll back to"`, []));
  });
});
