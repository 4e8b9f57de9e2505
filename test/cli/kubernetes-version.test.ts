/**
 * `kscenario run --kubernetes-version` on the simulator: scenarios that pin no version run at it,
 * pinned ones keep their pin, and one whose spec.requires.kubernetesVersion excludes it is
 * skipped with the reason — in every reporter, serially and on worker threads — exiting 0.
 */
import { describe, expect, test } from '@jest/globals';
import { runInline } from '../support/inline';

function scenario(name: string, spec: string): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: ${name}, claims: ["x-1"]}
spec:
${spec}  steps:
    - name: nodes report the run's minor
      expect:
        within: 1m
        resources:
          - {kind: Node, name: worker-1, match: {status: {nodeInfo: {kubeletVersion: VERSION}}}}
`;
}

const FILES = {
  'a-any.yaml': scenario('any', '').replace('VERSION', 'v1.31.0'),
  'b-new.yaml': scenario('new-only', '  requires: {kubernetesVersion: ">=1.33"}\n').replace('VERSION', 'v1.37.2'),
  'c-pinned.yaml': scenario('pinned', '  cluster: {kubernetesVersion: "1.34"}\n').replace('VERSION', 'v1.34.0'),
};
const REASON = "skipped: the scenario holds on Kubernetes '>=1.33' (spec.requires.kubernetesVersion); this run is at 1.31 (--kubernetes-version)";

describe('kscenario run --kubernetes-version on the simulator', () => {
  test.each([['1'], ['2']])('--workers %s: unpinned at 1.31, pinned at its pin, out of range skipped with the reason; exit 0', async (workers) => {
    const r = await runInline(FILES, ['run', '--workers', workers, '--kubernetes-version', '1.31', '.']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ any /m);
    expect(r.stdout).toMatch(/^✓ pinned /m);
    expect(r.stdout).toMatch(/^- new-only b-new\.yaml/m);
    expect(r.stdout).toContain(`    ${REASON}\n`);
    expect(r.stdout).toMatch(/^2 passed, 0 failed, 1 skipped$/m);
    // results in file order
    expect(r.stdout.indexOf('any a-any.yaml')).toBeLessThan(r.stdout.indexOf('new-only b-new.yaml'));
    expect(r.stdout.indexOf('new-only b-new.yaml')).toBeLessThan(r.stdout.indexOf('pinned c-pinned.yaml'));
  }, 60_000);

  test('without it every scenario runs at its own version', async () => {
    const files = { ...FILES, 'a-any.yaml': FILES['a-any.yaml'].replace('v1.31.0', 'v1.37.2') };
    const r = await runInline(files, ['run', '--workers', '1', '.']);
    expect(r.stdout).toMatch(/^3 passed, 0 failed$/m);
    expect(r.code).toBe(0);
  }, 60_000);

  test('json and junit carry the skip and its reason', async () => {
    const json = await runInline(FILES, ['run', '--workers', '1', '--kubernetes-version', '1.31', '--reporter', 'json', '.']);
    const report = JSON.parse(json.stdout) as { summary: Record<string, number>; scenarios: Array<{ name: string; status: string; skipped: string | null; steps: unknown[] }> };
    expect(report.summary).toEqual({ passed: 2, failed: 0, errors: 0, skipped: 1, invalid: 0 });
    expect(report.scenarios.map((s) => [s.name, s.status, s.skipped])).toEqual([['any', 'passed', null], ['new-only', 'skipped', REASON], ['pinned', 'passed', null]]);
    const junit = await runInline(FILES, ['run', '--workers', '1', '--kubernetes-version', '1.31', '--reporter', 'junit', '.']);
    expect(junit.stdout).toContain('<testsuites name="kscenario" tests="3" failures="0" errors="0" skipped="1"');
    expect(junit.stdout).toContain(`<skipped message="${REASON.replace(/'/g, '&apos;').replace(/>/g, '&gt;')}"/>`);
  }, 60_000);

  test('a minor or patch release kscenario does not emulate is refused on the command line', async () => {
    const r = await runInline(FILES, ['run', '--kubernetes-version', '1.28', '.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--kubernetes-version/);
    const patch = await runInline(FILES, ['run', '--kubernetes-version', '1.35.9', '.']);
    expect(patch.code).toBe(2);
    expect(patch.stderr).toContain('--kubernetes-version 1.35.9: not a supported version');
    expect(patch.stderr).toContain('1.35.0 … 1.35.4');
  });

  test('a patch release runs as that release', async () => {
    const files = { 'a-any.yaml': FILES['a-any.yaml'].replace('v1.31.0', 'v1.35.0') };
    const r = await runInline(files, ['run', '--workers', '1', '--kubernetes-version', '1.35.0', '.']);
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
  }, 60_000);
});
