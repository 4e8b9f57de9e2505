/**
 * The scenario files with mistakes in test/fixtures/mistakes/: each is refused before
 * anything runs (exit 2), every mistake named with file:line:col, and every report counts the file
 * as invalid instead of "0 passed, 0 failed".
 */
import { describe, expect, test } from '@jest/globals';
import { main } from '../../src/cli/main';
import { runInline } from '../support/inline';

const DIR = 'test/fixtures/mistakes';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), color: false });
  return { code, stdout, stderr };
}

/** Each fixture with the `line:col: message` of every mistake in it. */
const MISTAKES: Record<string, RegExp[]> = {
  'patch-subresource.yaml': [
    /:7:52: spec\.steps\[0\]\.patch\.subresource: 'scale' is not one of 'status', 'resize'/,
    /:8:56: step 2: a ConfigMap has no status subresource/,
    /:9:61: step 3: the status subresource ignores spec/,
    /:10:93: step 4: the status subresource ignores \/spec\/nodeName/,
    /:11:52: step 5: only pods have a resize subresource \(for a Deployment the API server answers 404 Not Found\)/,
    /:12:61: step 6: the resize subresource ignores metadata/,
    /:12:119: step 6: the resize subresource ignores spec\.containers\[0\]\.image/,
    /:13:167: step 7: the resize subresource ignores \/spec\/nodeName/,
  ],
  'delete-wait.yaml': [/:7:46: spec\.steps\[0\]\.delete\.wait must be true or false/],
  'event-selector.yaml': [
    /:9:13: spec\.steps\[0\]\.expect\.events\[0\]: An event check takes either involved \(kind\/name\) or kind with selector\./,
    /:10:13: spec\.steps\[0\]\.expect\.events\[1\]: An event check takes either involved/,
    /:11:35: invalid label selector "app in \(web"/,
  ],
  'dns-service.yaml': [/:9:53: .*resolvesTo\.service: 'data\.prod\.svc\.cluster' is not a service: write name, ns\/name, or its DNS name/],
  'count-after-match.yaml': [/:9:13: .*resources\[0\]: match checks one named object, or with count says how many selected objects match it/],
};

describe('mistakes in the format additions', () => {
  for (const [file, expected] of Object.entries(MISTAKES)) {
    test(`${file}: exit 2, each mistake at its file:line:col, counted as invalid`, async () => {
      const r = await run(['run', `${DIR}/${file}`]);
      expect(r.code).toBe(2);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith(`${DIR}/${file}:`));
      expect(lines).toHaveLength(expected.length);
      expected.forEach((re, i) => expect(lines[i]).toMatch(re));
      expect(r.stdout).toMatch(/^0 passed, 0 failed, 1 invalid$/m);
    });
  }
});

const VALID = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: fine}
spec:
  steps:
    - sleep: 1s
`;
const INVALID = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: broken}
spec:
  steps:
    - sleep: 5 minutes
`;

describe('invalid files in the reports', () => {
  test('console: the run goes on for the valid files and the summary counts the invalid one', async () => {
    const r = await runInline({ 'a.yaml': VALID, 'b.yaml': INVALID }, ['run', 'a.yaml', 'b.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^b\.yaml:6:14: /m);
    expect(r.stdout).toMatch(/^1 passed, 0 failed, 1 invalid$/m);
  });

  test('json: summary.invalid and the problems of each invalid file', async () => {
    const r = await runInline({ 'a.yaml': VALID, 'b.yaml': INVALID }, ['run', 'a.yaml', 'b.yaml', '--reporter', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ passed: 1, failed: 0, errors: 0, skipped: 0, invalid: 1 });
    expect(report.invalid).toEqual([{ file: 'b.yaml', problems: [expect.stringMatching(/^b\.yaml:6:14: spec\.steps\[0\]\.sleep: .5 minutes. is not a duration/)] }]);
  });

  test('junit: an error testcase for each invalid file, counted in tests and errors', async () => {
    const r = await runInline({ 'a.yaml': VALID, 'b.yaml': INVALID }, ['run', 'a.yaml', 'b.yaml', '--reporter', 'junit']);
    expect(r.stdout).toMatch(/<testsuites name="kscenario" tests="2" failures="0" errors="1"/);
    expect(r.stdout).toMatch(/<testcase name="b\.yaml" classname="b\.yaml" time="0\.000">\n\s+<error message="b\.yaml:6:14: [^"]*" type="InvalidScenario">/);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(2);
  });
});

describe('every file invalid', () => {
  test('nothing runs and no backend is reached: the cluster backend with no cluster still reports the invalid file', async () => {
    const r = await run(['run', '--backend', 'cluster', '--kubeconfig', '/nonexistent/kubeconfig', `${DIR}/dns-service.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dns-service\.yaml:9:53: /);
    expect(r.stderr).not.toMatch(/kubeconfig/);
    expect(r.stdout).toMatch(/^0 passed, 0 failed, 1 invalid$/m);
  });
});
