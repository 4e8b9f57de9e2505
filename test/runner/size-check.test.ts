/** Sizes a scenario states beyond the simulator's limits are refused before anything runs (exit 2, positioned). */
import { describe, expect, test } from '@jest/globals';
import { runInline, webDeploymentScenario } from '../support/inline';

const scaleTo = (n: number) => `    - scale: {target: deployment/web, replicas: ${n}}\n`;

describe('size limits checked up front', () => {
  test('a manifest asking for more replicas than the pod limit names the field; the scale step too', async () => {
    const run = await runInline({ 'a.yaml': webDeploymentScenario('big', 2147483647, scaleTo(60_000)) }, ['run', 'a.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("a.yaml:11:21: spec.replicas asks for 2147483647 pods, more than the simulator's limit of 50,000 pods\n"
      + '  hint: the simulator holds every object in memory; make the scenario smaller, or raise the limit with --max-pods <n> (docs/simulator.md#size-limits)');
    expect(run.stderr).toContain("a.yaml:17:49: scale asks for 60000 replicas, more than the simulator's limit of 50,000 pods");
  });

  test('--max-pods and --max-nodes move the limits', async () => {
    const files = { 'a.yaml': webDeploymentScenario('small', 2, scaleTo(3)) };
    const pods = await runInline(files, ['run', 'a.yaml', '--max-pods', '2']);
    expect(pods.code).toBe(2);
    expect(pods.stderr).toContain("scale asks for 3 replicas, more than the simulator's limit of 2 pods");
    const nodes = await runInline(files, ['run', 'a.yaml', '--max-nodes', '2']);
    expect(nodes.stderr).toContain("a.yaml:5:3: spec.cluster.nodes has 3 nodes, more than the simulator's limit of 2 nodes");
  });

  test('a limit reached while running ends that step with the limit named; later steps are skipped', async () => {
    const run = await runInline({ 'a.yaml': webDeploymentScenario('grows', 2, `    - name: grow\n      patch: {target: deployment/web, patch: {spec: {replicas: 2147483647}}}\n    - sleep: 1s\n`) }, ['run', 'a.yaml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/! grow .*\n.*step: {2}grow \(a\.yaml:17:7\)\n\s+Deployment default\/web asks for spec\.replicas: 2147483647, more than the simulator's limit of 50,000 pods/);
    expect(run.stdout).toMatch(/- sleep/);
  });

  test.each([['1'], ['2']])('with --workers %s the other scenarios are run and reported, and the limit flags reach the workers', async (workers) => {
    const files = {
      'a.yaml': webDeploymentScenario('grows', 2, '    - name: grow\n      scale: {target: deployment/web, replicas: 4}\n    - name: wait\n      sleep: 1s\n'),
      'b.yaml': webDeploymentScenario('fits', 2, '    - sleep: 1s\n'),
    };
    // the scale passes the up-front check (4 replicas <= 16 pods), but with the system's pods the 17th pod is refused
    const run = await runInline(files, ['run', 'a.yaml', 'b.yaml', '--reporter', 'json', '--max-pods', '16', '--workers', workers]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { scenarios: Array<{ name: string; status: string; steps: Array<{ title: string; error?: string }> }> };
    expect(report.scenarios.map((s) => [s.name, s.status])).toEqual([['grows', 'error'], ['fits', 'passed']]);
    const wait = report.scenarios[0]!.steps.find((s) => s.title === 'wait')!;
    expect(wait.error).toMatch(/^cannot create Pod default\/web-\S+: the simulator's limit of 16 pods is reached \(16 pods exist\)/);
  }, 60_000);
});
