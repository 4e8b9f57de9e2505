/**
 * The real CLI on inline scenario files: exit codes, the failure report with its diff, input
 * errors with file:line:col, reporters, history files and determinism.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInline } from '../support/inline';

const WEB = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
        - {name: nginx, image: "nginx:1.14.2"}
`;

function scenario(name: string, steps: string): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: ${name}, claims: ["002-1"]}
spec:
  setup:
    - apply: web.yaml
  steps:
${steps}`;
}

const READY = `    - name: both ready
      claim: web-0 and web-1 become ready
      expect:
        within: 2m
        resources:
          - {kind: Pod, selector: {app: nginx}, count: 2, each: {ready: true}}
`;

const WRONG_IMAGE = `    - name: wrong image
      claim: the pods run nginx 1.99
      expect:
        within: 1m
        resources:
          - kind: Pod
            name: web-0
            match: {spec: {containers: [{name: nginx, image: "nginx:1.99"}]}}
`;

describe('kscenario run', () => {
  test('a scenario whose claims hold exits 0 and says so', async () => {
    const r = await runInline({ 'web.yaml': WEB, 'ok.yaml': scenario('ok', READY) }, ['run', 'ok.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ ok');
    expect(r.stdout).toContain('✓ both ready');
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
  });

  test('a wrong expectation exits 1 with the claim, the location and a diff of the wrong field', async () => {
    const r = await runInline({ 'web.yaml': WEB, 'bad.yaml': scenario('bad', WRONG_IMAGE) }, ['run', 'bad.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('claim: the pods run nginx 1.99');
    expect(r.stdout).toMatch(/step:\s+wrong image \(bad\.yaml:\d+:\d+\)/);
    expect(r.stdout).toContain('waited: 1m');
    expect(r.stdout).toContain('spec.containers[name=nginx].image');
    expect(r.stdout).toMatch(/^\s+-\s+- image: nginx:1\.99$/m);
    expect(r.stdout).toMatch(/^\s+\+\s+- image: nginx:1\.14\.2$/m);
    expect(r.stdout).toMatch(/^0 passed, 1 failed$/m);
  });

  test('every mismatch is reported, not just the first', async () => {
    const steps = `    - name: two wrong fields
      expect:
        within: 30s
        resources:
          - {kind: StatefulSet, name: web, match: {spec: {replicas: 3}, status: {readyReplicas: 5}}}
`;
    const r = await runInline({ 'web.yaml': WEB, 'two.yaml': scenario('two', steps) }, ['run', 'two.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('spec.replicas: expected 3, observed 2');
    expect(r.stdout).toContain('status.readyReplicas: expected 5, observed 2');
  });

  test('malformed YAML exits 2 naming file, line and column', async () => {
    const r = await runInline({ 'broken.yaml': 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata: {name: [x\n' }, ['run', 'broken.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('an unknown verb exits 2 at its line with a suggestion', async () => {
    const steps = `    - scael: {target: statefulset/web, replicas: 3}\n`;
    const r = await runInline({ 'web.yaml': WEB, 'verb.yaml': scenario('verb', steps) }, ['run', 'verb.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/verb\.yaml:8:7: .*scael/);
    expect(r.stderr).toContain("'scale'");
  });

  test('a removed apiVersion exits 2 naming the manifest and what to use instead', async () => {
    const petset = 'apiVersion: apps/v1alpha1\nkind: PetSet\nmetadata: {name: web}\nspec: {serviceName: nginx, replicas: 2}\n';
    const r = await runInline({ 'web.yaml': petset, 'pet.yaml': scenario('pet', READY) }, ['run', 'pet.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no matches for kind "PetSet" in version "apps/v1alpha1"');
    expect(r.stderr).toMatch(/web\.yaml:1:\d+/);
    expect(r.stderr).toContain('StatefulSet');
  });

  test('junit output is one testcase per scenario with the failure escaped', async () => {
    const files = { 'web.yaml': WEB, 'a.yaml': scenario('a', READY), 'b.yaml': scenario('b', WRONG_IMAGE) };
    const r = await runInline(files, ['run', 'a.yaml', 'b.yaml', '--reporter', 'junit']);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(r.stdout).toMatch(/<testsuites name="kscenario" tests="2" failures="1" errors="0"/);
    expect(r.stdout).toMatch(/<testcase name="a" classname="a\.yaml"/);
    expect(r.stdout).toMatch(/<failure message="the pods run nginx 1\.99: [^"]*" type="ClaimFailed">/);
    expect(r.stdout).not.toMatch(/<[^/?!a-z]/); // every '<' opens a tag: text is escaped
    expect(r.stdout.match(/<testcase /g)).toHaveLength(2);
    expect(r.stdout.match(/<\/testcase>/g)).toHaveLength(2);
  });

  test('json output carries the summary and every step', async () => {
    const r = await runInline({ 'web.yaml': WEB, 'a.yaml': scenario('a', READY) }, ['run', 'a.yaml', '--reporter', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ passed: 1, failed: 0, errors: 0, skipped: 0, invalid: 0 });
    expect(report.invalid).toEqual([]);
    expect(report.scenarios[0].steps.map((s: { title: string }) => s.title)).toEqual(['apply web.yaml', 'both ready']);
  });

  test('--output writes the report to a file and still prints the console report', async () => {
    const r = await runInline({ 'web.yaml': WEB, 'a.yaml': scenario('a', READY) }, ['run', 'a.yaml', '--reporter', 'junit', '--output', 'out.xml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
    expect(readFileSync(join(r.dir, 'out.xml'), 'utf8')).toContain('<testcase name="a"');
  });

  test('the same seed writes the same history byte for byte; another seed does not', async () => {
    const files = { 'web.yaml': WEB, 'a.yaml': scenario('a', READY) };
    const history = async (seed: string) => {
      const r = await runInline(files, ['run', 'a.yaml', '--seed', seed, '--history', 'h']);
      expect(r.code).toBe(0);
      return readFileSync(join(r.dir, 'h', 'a.history.jsonl'), 'utf8');
    };
    const first = await history('7');
    expect(first.split('\n').length).toBeGreaterThan(20);
    expect(await history('7')).toBe(first);
    expect(await history('8')).not.toBe(first);
  });

  test('--filter selects scenarios by claim id or name', async () => {
    const files = { 'web.yaml': WEB, 'a.yaml': scenario('alpha', READY), 'b.yaml': scenario('beta', READY) };
    const r = await runInline(files, ['run', '.', '--filter', 'beta']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('beta');
    expect(r.stdout).not.toContain('alpha');
  });

  test('an unknown reporter is a usage error (exit 2)', async () => {
    const r = await runInline({ 'web.yaml': WEB, 'a.yaml': scenario('a', READY) }, ['run', 'a.yaml', '--reporter', 'tap']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tap');
  });
});

describe('API warnings', () => {
  test('are printed under the step, once each, as kubectl prints them', async () => {
    const pv = (name: string) => `apiVersion: v1
kind: PersistentVolume
metadata: {name: ${name}}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Recycle
  hostPath: {path: /data/${name}}
`;
    const scenarioText = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: warn}
spec:
  steps:
    - apply: pvs.yaml
`;
    const r = await runInline({ 'pvs.yaml': `${pv('a')}---\n${pv('b')}`, 'warn.yaml': scenarioText }, ['run', 'warn.yaml']);
    expect(r.code).toBe(0);
    const warnings = r.stdout.split('\n').filter((l) => l.includes('Warning:'));
    expect(warnings).toEqual(['      Warning: spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.']);
  });
});

describe('kscenario validate', () => {
  test('valid files exit 0 without running', async () => {
    const r = await runInline({ 'web.yaml': WEB, 'a.yaml': scenario('a', WRONG_IMAGE) }, ['validate', 'a.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 valid');
  });

  test('invalid files exit 2 with every error', async () => {
    const steps = `    - sleep: 5 minutes\n    - scale: {target: statefulset/web}\n`;
    const r = await runInline({ 'web.yaml': WEB, 'a.yaml': scenario('a', steps) }, ['validate', 'a.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('0 valid, 1 invalid (errors above)\n');
    expect(r.stderr).toMatch(/a\.yaml:8:14: .*5 minutes/);
    expect(r.stderr).toMatch(/a\.yaml:9:14: .*replicas/);
  });
});

describe('kscenario schema', () => {
  test('prints the JSON Schema', async () => {
    const r = await runInline({}, ['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).title).toBeDefined();
  });
});
