/**
 * `expect.files` and `writeFile` with a label selector, end to end through the CLI: the check
 * holds only when every selected pod has the file, fails when no pod is selected, and a step may
 * not name both a pod and a selector. A file check never passes on a pod nobody can look into.
 */
import { describe, expect, test } from '@jest/globals';
import { runInline } from '../support/inline';

const PODS = `
    - apply: |
        apiVersion: v1
        kind: Pod
        metadata: {name: web-a, labels: {app: web}}
        spec:
          containers: [{name: c, image: busybox:1.24, command: [sh, -c, sleep 50000], volumeMounts: [{name: s, mountPath: /data}]}]
          volumes: [{name: s, emptyDir: {}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web-b, labels: {app: web}}
        spec:
          containers: [{name: c, image: busybox:1.24, command: [sh, -c, sleep 50000], volumeMounts: [{name: s, mountPath: /data}]}]
          volumes: [{name: s, emptyDir: {}}]
    - expect:
        within: 2m
        resources: [{kind: Pod, selector: {app: web}, count: 2, each: {phase: Running}}]`;

function scenario(steps: string): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: files-by-selector}
spec:
  setup:${PODS}
  steps:
${steps}
`;
}

describe('file checks by selector', () => {
  test('pass when every selected pod has the file', async () => {
    const run = await runInline(
      {
        's.yaml': scenario(`    - writeFile: {pod: web-a, path: /data/f, content: "x"}
    - writeFile: {pod: web-b, path: /data/f, content: "x"}
    - expect: {within: 0s, files: [{selector: {app: web}, path: /data/f, content: "x"}]}`),
      },
      ['run', 's.yaml'],
    );
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.code).toBe(0);
  });

  test('fail naming the selected pod that lacks it (writeFile by selector wrote only one pod)', async () => {
    const run = await runInline(
      {
        's.yaml': scenario(`    - writeFile: {selector: {app: web}, path: /data/f, content: "x"}
    - expect: {within: 0s, files: [{selector: "app=web", path: /data/f, content: "x"}]}`),
      },
      ['run', 's.yaml'],
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('file /data/f in pod web-b');
    expect(run.stdout).toContain('the file does not exist');
    expect(run.stdout).not.toContain('file /data/f in pod web-a');
  });

  test('fail when the selector selects no pod', async () => {
    const run = await runInline(
      { 's.yaml': scenario(`    - expect: {within: 0s, files: [{selector: {app: db}, path: /data/f, absent: true}]}`) },
      ['run', 's.yaml'],
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('no pod in namespace default matches the selector');
  });

  test('pod and selector together are refused when loading', async () => {
    const run = await runInline(
      { 's.yaml': scenario(`    - writeFile: {pod: web-a, selector: {app: web}, path: /data/f, content: "x"}`) },
      ['validate', 's.yaml'],
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('writeFile takes either pod (a name) or selector (labels).');
  });

  test('absent does not pass on a pod whose container is not running, nor on a missing pod', async () => {
    const run = await runInline(
      {
        's.yaml': scenario(`    - apply: |
        apiVersion: v1
        kind: Pod
        metadata: {name: stuck}
        spec:
          nodeSelector: {disk: none}
          containers: [{name: c, image: busybox:1.24, command: [sh, -c, sleep 50000]}]
    - expect:
        within: 0s
        files:
          - {pod: stuck, path: /data/f, absent: true}
          - {pod: missing, path: /data/f, absent: true}
          - {pod: web-a, path: /data/f, absent: true}`),
      },
      ['run', 's.yaml'],
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('container c is not running, so the file cannot be read');
    expect(run.stdout).toContain('the pod does not exist');
    expect(run.stdout).not.toContain('file /data/f in pod web-a');
  });
});
