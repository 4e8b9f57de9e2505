/**
 * `kscenario run --workers N`: scenarios on worker threads give what the serial run gives —
 * the same JSON and JUnit reports, console output and history files, in the same order — apart
 * from wall times.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { writeFiles } from '../support/inline';

const SCENARIOS = resolve(__dirname, '..', '..', 'scenarios', 'nodes');

/** A passing and a failing scenario whose failure report holds a Matcher (`!gte 5`). */
const FILES = {
  'web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: "nginx:1.25"}]}
`,
  'a-ready.yaml': scenarioText('a-ready', '{kind: Deployment, name: web, match: {status: {readyReplicas: !gte 2}}}'),
  'b-too-many.yaml': scenarioText('b-too-many', '{kind: Deployment, name: web, match: {status: {readyReplicas: !gte 5}}}'),
};

function scenarioText(name: string, resource: string): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: ${name}, claims: ["x"]}
spec:
  setup:
    - apply: web.yaml
  steps:
    - expect: {within: 30s, resources: [${resource}]}
`;
}

async function run(args: string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), color: false });
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

/** Wall times are the one thing that differs between two runs. */
function withoutWallTimes(text: string): string {
  return text
    .replace(/"wallMs": [\d.e+-]+/g, '"wallMs": 0')
    .replace(/wall [\d.]+ ?(ms|s|m)\b/g, 'wall T')
    .replace(/time="[\d.]+"/g, 'time="T"');
}

/** The files of --history DIR: histories, and results whose wall times differ between runs. */
function historyFiles(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, withoutWallTimes(readFileSync(join(dir, f), 'utf8'))]));
}

describe('kscenario run --workers', () => {
  test('a directory of scenarios on 2 workers: the JSON report and history files are those of --workers 1', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kscenario-workers-'));
    const serial = await run(['run', SCENARIOS, '--workers', '1', '--reporter', 'json', '--history', join(out, 'serial')]);
    const parallel = await run(['run', SCENARIOS, '--workers', '2', '--reporter', 'json', '--history', join(out, 'parallel')]);
    expect(serial.code).toBe(0);
    expect(JSON.parse(serial.stdout).scenarios.length).toBeGreaterThan(2);
    expect(withoutWallTimes(parallel.stdout)).toBe(withoutWallTimes(serial.stdout));
    expect({ code: parallel.code, stderr: parallel.stderr }).toEqual({ code: serial.code, stderr: serial.stderr });
    expect(historyFiles(join(out, 'parallel'))).toEqual(historyFiles(join(out, 'serial')));
  }, 120_000);

  test('a failing scenario: console, JSON and JUnit output as in a serial run, matchers shown as written', async () => {
    const dir = writeFiles(FILES);
    for (const reporter of ['console', 'json', 'junit']) {
      const serial = await run(['run', '.', '--workers', '1', '--reporter', reporter], dir);
      const parallel = await run(['run', '.', '--workers', '2', '--reporter', reporter], dir);
      expect(serial.code).toBe(1);
      expect(withoutWallTimes(parallel.stdout)).toBe(withoutWallTimes(serial.stdout));
      expect(parallel.code).toBe(serial.code);
    }
    const json = await run(['run', '.', '--workers', '2', '--reporter', 'json'], dir);
    const names = JSON.parse(json.stdout).scenarios.map((s: { name: string }) => s.name);
    expect(names).toEqual(['a-ready', 'b-too-many']);
    expect(json.stdout).toContain('!gte 5');
  }, 120_000);

  test('--workers must be a whole number from 1', async () => {
    const r = await run(['run', SCENARIOS, '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the number of workers must be a whole number from 1');
  });
});
