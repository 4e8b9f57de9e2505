/**
 * What a new user meets first: --version, validate's default path, step titles, "did you mean"
 * for what is not found, one line for a mismatch every pod shares, skipped steps without a time
 * span, and the JSON and JUnit reports' shapes.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInline, webDeploymentScenario } from '../support/inline';

const PKG = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

/** Two pods running nginx:1.25 checked for 1.99: the same mismatch in each; the step after it is skipped. */
const WRONG_IMAGE = webDeploymentScenario('wrong', 2, `    - name: every pod runs nginx 1.99
      expect:
        within: 30s
        resources:
          - {kind: Pod, selector: {app: web}, count: 2, each: {spec: {containers: [{name: c, image: "nginx:1.99"}]}}}
    - name: never reached
      sleep: 10s
`);

const PASSING = webDeploymentScenario('fine', 1, `    - sleep: 1s
`);

describe('the command line', () => {
  test('--version prints the package version', async () => {
    const r = await runInline({}, ['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${PKG.version}\n` });
  });

  test('validate checks ./scenarios when given no path, as run does', async () => {
    const r = await runInline({ 'scenarios/a.yaml': PASSING }, ['validate']);
    expect(r).toMatchObject({ code: 0, stdout: '1 valid, no errors\n' });
  });

  test('a path that is not there: the near name, or the scenario of that name', async () => {
    const files = { 'scenarios/fine.yaml': PASSING };
    const typo = await runInline(files, ['run', 'scenarios/fin.yaml']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no such file or directory: scenarios/fin.yaml\n  hint: did you mean scenarios/fine.yaml?');
    const name = await runInline(files, ['run', 'fine']);
    expect(name.stderr).toContain("hint: 'fine' is the name of a scenario under scenarios/: run it with --filter fine");
  });

  test('a --filter that selects nothing suggests the scenario name it is close to', async () => {
    const r = await runInline({ 'scenarios/fine.yaml': PASSING }, ['run', '--filter', 'fnie']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no scenarios found in scenarios matching 'fnie'\n  hint: did you mean 'fine'?");
  });
});

describe('the console report', () => {
  test('an inline apply is titled by its objects; a mismatch all pods share is one line; a skipped step has no time span', async () => {
    const r = await runInline({ 'wrong.yaml': WRONG_IMAGE }, ['run', 'wrong.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✓ \[setup\] apply Deployment\/web \(/);
    const shared = r.stdout.match(/Pod web-\S+, web-\S+: spec\.containers\[name=c\]\.image: expected nginx:1\.99, observed nginx:1\.25$/gm);
    expect(shared).toHaveLength(1);
    expect(r.stdout).toMatch(/^ {2}- never reached$/m);
  });
});

describe('the reports', () => {
  test('JSON: every documented field is there (null when it does not apply), times rounded', async () => {
    const r = await runInline({ 'wrong.yaml': WRONG_IMAGE }, ['run', 'wrong.yaml', '--reporter', 'json']);
    const [scenario] = JSON.parse(r.stdout).scenarios;
    expect(Object.keys(scenario)).toEqual(['name', 'title', 'file', 'claims', 'backend', 'seed', 'status', 'steps', 'virtualMs', 'wallMs', 'error', 'skipped']);
    expect(scenario).toMatchObject({ title: null, error: null, skipped: null, claims: [] });
    const stepFields = ['section', 'index', 'title', 'verb', 'claim', 'status', 'location', 'startMs', 'endMs', 'wallMs', 'waitedMs', 'failures', 'error', 'output', 'warnings', 'captures'];
    const ran = scenario.steps.filter((s: { status: string }) => s.status !== 'skipped');
    for (const step of scenario.steps) expect(Object.keys(step)).toEqual(stepFields);
    for (const step of ran) {
      expect(Number.isInteger(step.startMs) && Number.isInteger(step.endMs)).toBe(true);
      expect(Math.round(step.wallMs * 10)).toBe(step.wallMs * 10);
    }
    const failed = scenario.steps.find((s: { status: string }) => s.status === 'failed');
    expect(Object.keys(failed.failures[0])).toEqual(['subject', 'mismatches', 'expected', 'observed', 'location']);
    expect(failed.waitedMs).toBe(30_000);
    expect(scenario.steps.find((s: { title: string }) => s.title === 'never reached')).toMatchObject({ status: 'skipped', failures: null, waitedMs: null, claim: null, startMs: null, endMs: null, wallMs: null });
    expect(Math.round(scenario.wallMs * 10)).toBe(scenario.wallMs * 10);
  });

  test('JUnit: setup steps are marked, a skipped step has no span, no claims line for a scenario with none', async () => {
    const r = await runInline({ 'wrong.yaml': WRONG_IMAGE }, ['run', 'wrong.yaml', '--reporter', 'junit']);
    expect(r.stdout).toMatch(/passed {2}\[setup\] apply Deployment\/web \(0ms→0ms\)/);
    expect(r.stdout).toMatch(/skipped never reached<\/system-out>/);
    expect(r.stdout).not.toContain('claims:');
  });

  test('JUnit: a setup step that fails says so in the message', async () => {
    const broken = webDeploymentScenario('broken', 1, '    - sleep: 1s\n', `    - expect: {within: 5s, resources: [{kind: Pod, selector: {app: web}, count: 3}]}
`);
    const r = await runInline({ 'broken.yaml': broken }, ['run', 'broken.yaml', '--reporter', 'junit']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/<error message="\[setup\] /);
  });
});
