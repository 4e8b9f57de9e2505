/**
 * End to end on a real kind cluster: `kscenario run --backend kind` creates a cluster, runs a
 * scenario that disconnects a worker and reconnects it with its IP, and deletes the cluster.
 * It needs `kind` and a Docker engine; without them it is reported as skipped ("skipped: no
 * Docker engine"), not as passed. The CI workflow (.github/workflows/kind.yml) runs kind for real.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { main } from '../../../src/cli/main';
import { writeFiles } from '../../support/inline';

/** Why the end-to-end test cannot run here, or undefined when it can. */
function missing(): string | undefined {
  const docker = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 30_000 });
  if (docker.error || docker.status !== 0 || !docker.stdout.trim()) return 'no Docker engine';
  const kind = spawnSync('kind', ['version'], { encoding: 'utf8', timeout: 30_000 });
  if (kind.error || kind.status !== 0) return 'kind is not installed';
  return undefined;
}

const SCENARIO = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: kind-e2e-disconnect}
spec:
  timeout: 15m
  setup:
    - apply: |
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: pause}
        spec:
          replicas: 2
          selector: {matchLabels: {app: pause}}
          template:
            metadata: {labels: {app: pause}}
            spec:
              containers: [{name: pause, image: "registry.k8s.io/pause:3.10"}]
    - expect:
        within: 5m
        resources: [{kind: Pod, selector: {app: pause}, count: 2, each: {ready: true}}]
  steps:
    - name: cut worker-1 off
      disconnectNode: worker-1
    - name: worker-1 goes Unknown
      expect:
        within: 3m
        resources:
          - {kind: Node, name: worker-1, match: {status: {conditions: [{type: Ready, status: Unknown}]}}}
    - name: reconnect worker-1
      reconnectNode: worker-1
    - name: worker-1 is Ready again
      expect:
        within: 3m
        resources:
          - {kind: Node, name: worker-1, match: {status: {conditions: [{type: Ready, status: "True"}]}}}
`;

const why = missing();

describe('kind end to end', () => {
  if (why) {
    test.skip(`skipped: ${why} (a real kind cluster, a worker disconnected and reconnected with its IP)`, () => undefined);
    return;
  }

  test('a real kind cluster: a worker disconnected and reconnected with its IP, the cluster deleted at the end', async () => {
    const dir = writeFiles({ 'e2e.yaml': SCENARIO });
    let out = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t), color: false };
    const code = await main(['run', '--backend', 'kind', `${dir}/e2e.yaml`], io);
    expect(out).toContain('✓ worker-1 is Ready again');
    expect(code).toBe(0);
    const left = spawnSync('kind', ['get', 'clusters'], { encoding: 'utf8' }).stdout;
    expect(left).not.toMatch(/^ks-/m);
  }, 30 * 60_000);
});
