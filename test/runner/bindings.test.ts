/**
 * Bindings end to end through the CLI on the simulator: values captured by one step are filled
 * into the names and comparisons of later steps; a comparison that does not hold fails with a
 * diff showing the captured value; what only the run can tell (a binding whose step did not
 * pass, a map used in a name) is an error at the reference.
 */
import { describe, expect, test } from '@jest/globals';
import { runInline } from '../support/inline';

const POD = `
        apiVersion: v1
        kind: Pod
        metadata: {name: web, labels: {app: web}}
        spec:
          containers: [{name: c, image: busybox:1.24, command: [sh, -c, sleep 50000]}]`;

function scenario(steps: string, cleanup = ''): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: bindings}
spec:
  setup:
    - apply: |${POD}
    - name: the first pod
      expect:
        within: 1m
        resources:
          - {kind: Pod, selector: {app: web}, count: 1, each: {ready: true, metadata: {name: !capture pod, uid: !capture uid}, status: {podIP: !capture ip}, spec: {nodeName: !capture node}}}
  steps:
${steps}
${cleanup ? `  cleanup:\n${cleanup}` : ''}`;
}

const RECREATE = `    - delete: {target: pod/$(pod)}
    - apply: |${POD.replace(/\n/g, '\n  ')}`;

/** `captured name = value` lines of the console report. */
function capturedIn(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/captured (\w+) = (.*)/g)].map((m) => [m[1]!, m[2]!]));
}

describe('bindings on the simulator', () => {
  test('captured values are filled into targets and compared by later checks, history and expectError', async () => {
    const run = await runInline({
      's.yaml': scenario(`${RECREATE}
    - name: a new pod with a new IP
      expect:
        within: 1m
        resources:
          - {kind: Pod, name: $(pod), match: {ready: true, metadata: {uid: !differs $(uid)}, status: {podIP: !differs $(ip)}}}
          - {kind: Pod, selector: "app=$(pod)", count: 1}
          - {kind: Node, name: $(node), match: {ready: true}}
    - expectHistory:
        window: {from: a new pod with a new IP}
        always: [{kind: Pod, name: $(pod), match: {metadata: {uid: !differs $(uid), name: !oneOf [!same $(pod), other]}}}]
    - create: {apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: c, image: busybox:1.24}]}}
      expectError: !same pods "$(pod)" already exists`),
    }, ['run', 's.yaml']);
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.code).toBe(0);
    expect(capturedIn(run.stdout)).toEqual({ pod: 'web', uid: expect.stringMatching(/^[0-9a-f-]{36}$/), ip: expect.stringMatching(/^10\.244\./), node: expect.stringMatching(/^worker-/) });
    expect(run.stdout).toContain('✓ delete pod/web'); // the step's title shows the filled-in target
  });

  test('a comparison that does not hold fails with a diff showing the captured value', async () => {
    const run = await runInline({
      's.yaml': scenario(`${RECREATE}
    - name: the same IP
      claim: "the new pod keeps the old IP"
      expect:
        within: 30s
        resources:
          - {kind: Pod, name: $(pod), match: {ready: true, status: {podIP: !same $(ip)}}}`),
    }, ['run', 's.yaml']);
    expect(run.code).toBe(1);
    const old = capturedIn(run.stdout)['ip']!;
    const now = /observed (10\.244\.\d+\.\d+)/.exec(run.stdout)?.[1];
    expect(now).toBeDefined();
    expect(now).not.toBe(old);
    expect(run.stdout).toContain(`Pod web: status.podIP: expected ${old} ($(ip)), observed ${now}`);
    expect(run.stdout).toContain(`-    podIP: !same ${old} # $(ip)\n`);
    expect(run.stdout).toContain(`+    podIP: ${now}\n`);
    expect(run.stdout).toMatch(/✗ Pod web \(s\.yaml:\d+:\d+\)/);
  });

  test('a cleanup step using a binding whose step failed is an error at the reference', async () => {
    const text = scenario(`    - name: capture nothing
      expect:
        within: 0s
        resources:
          - {kind: Pod, name: absent-pod, match: {metadata: {uid: !capture gone}}}`, `    - delete: {target: pod/$(gone)}
`);
    const run = await runInline({ 's.yaml': text }, ['run', 's.yaml']);
    expect(run.code).toBe(2);
    const line = text.split('\n').findIndex((l) => l.includes('pod/$(gone)')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf('pod/$(gone)') + 1;
    expect(run.stdout).toContain(`s.yaml:${line}:${column}: $(gone) has no value: the step that captures it did not pass`);
  });

  test('a captured map inside a name is an error at the reference', async () => {
    const text = scenario(`    - expect:
        within: 0s
        resources:
          - {kind: Pod, name: web, match: {metadata: {labels: !capture labels}}}
    - expect:
        within: 0s
        resources:
          - {kind: Pod, name: web-$(labels)}`);
    const run = await runInline({ 's.yaml': text }, ['run', 's.yaml']);
    expect(run.code).toBe(2);
    const line = text.split('\n').findIndex((l) => l.includes('web-$(labels)')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf('web-$(labels)') + 1;
    expect(run.stdout).toContain(`s.yaml:${line}:${column}: $(labels) holds a map, {app: web}, which cannot be part of a text`);
  });

  test('a binding used before it is captured is refused at load: exit 2, nothing runs', async () => {
    const run = await runInline({ 's.yaml': scenario(`    - delete: {target: pod/$(later)}
    - expect: {resources: [{kind: Pod, name: web, match: {metadata: {uid: !capture later}}}]}`) }, ['run', 's.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/s\.yaml:\d+:\d+: \$\(later\) is used before it is captured: step 2 captures it/);
  });
});
