/**
 * `rollout: {action: pause|resume|restart}` refuse what kubectl refuses: pausing a paused
 * Deployment, resuming one that is not paused, restarting a paused one.
 */
import { describe, expect, test } from '@jest/globals';
import { runInline, webDeploymentScenario } from '../support/inline';

async function run(steps: string) {
  return runInline({ 's.yaml': webDeploymentScenario('rollout-pause', 1, steps) }, ['run', 's.yaml']);
}

describe('rollout pause, resume and restart', () => {
  test('pause then resume sets and clears spec.paused', async () => {
    const r = await run(`    - rollout: {target: deployment/web, action: pause}
    - expect: {resources: [{kind: Deployment, name: web, match: {spec: {paused: true}}}]}
    - rollout: {target: deployment/web, action: resume}
    - expect: {resources: [{kind: Deployment, name: web, match: {spec: {paused: !absent}}}]}`);
    expect(r.stdout).toContain('1 passed, 0 failed');
  });

  test('pausing a paused deployment is refused as kubectl does', async () => {
    const r = await run(`    - rollout: {target: deployment/web, action: pause}
    - rollout: {target: deployment/web, action: pause}
      expectError: 'error: deployments.apps "web" is already paused'`);
    expect(r.stdout).toContain('1 passed, 0 failed');
  });

  test('resuming a deployment that is not paused is refused', async () => {
    const r = await run(`    - rollout: {target: deployment/web, action: resume}
      expectError: 'error: deployments.apps "web" is not paused'`);
    expect(r.stdout).toContain('1 passed, 0 failed');
  });

  test('restarting a paused deployment is refused and stamps nothing', async () => {
    const r = await run(`    - rollout: {target: deployment/web, action: pause}
    - rollout: {target: deployment/web, action: restart}
      expectError: "can't restart paused deployment (run rollout resume first)"
    - expect: {resources: [{kind: Deployment, name: web, match: {spec: {template: {metadata: {annotations: !absent}}}}}]}`);
    expect(r.stdout).toContain('1 passed, 0 failed');
  });
});
