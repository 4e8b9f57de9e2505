/**
 * Every emulated minor, 1.36 and 1.37 included, is a `kubernetesVersion` a scenario may pin: it
 * loads, and runs on the simulator, whose nodes report that release's kubelet and the containerd
 * of kind's node image for it (src/sim/kubelet/node-object.ts, src/sim/system/kind-images.ts).
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseImage } from '../../src/backends/kind/images';
import { SimulatorBackend } from '../../src/backends/simulator/index';
import { DEFAULT_VERSION, SUPPORTED_VERSIONS, releaseOf, type KubeVersion } from '../../src/kube/version';
import { runScenario } from '../../src/runner/run-scenario';
import { loadScenarioPaths } from '../../src/scenario/load';
import { kindImages } from '../../src/sim/system/kind-images';
import { writeFiles } from '../support/inline';

function scenario(version: string, containerd: string, os = 'Debian GNU/Linux 13 (trixie)'): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: on-${version.replace(/\./g, '-')}}
spec:
  cluster: {kubernetesVersion: "${version}"}
  steps:
    - name: nodes report the release
      expect:
        within: 1m
        resources:
          - kind: Node
            name: worker-1
            match: {ready: true, status: {nodeInfo: {kubeletVersion: v${releaseOf(version as KubeVersion)}, containerRuntimeVersion: "containerd://${containerd}", osImage: "${os}"}}}
    - name: a pod runs
      apply:
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec: {containers: [{name: c, image: nginx}]}
    - name: running
      expect:
        within: 2m
        resources:
          - {kind: Pod, name: p, match: {phase: Running, ready: true}}
`;
}

describe('kubernetesVersion', () => {
  test('1.29 … 1.37 are emulated; the default is the newest stable minor, 1.37', () => {
    expect(SUPPORTED_VERSIONS).toEqual(['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
    expect(DEFAULT_VERSION).toBe('1.37');
  });

  test.each([
    ['1.36', '2.3.1'],
    ['1.37', '2.3.4'],
    ['1.36.0', '2.3.1'],
  ])('"%s" loads and runs on the simulator; nodes report its kubelet (the release) and containerd %s', async (version, containerd) => {
    const dir = writeFiles({ 's.yaml': scenario(version, containerd) });
    const { scenarios, errors } = await loadScenarioPaths([`${dir}/s.yaml`]);
    expect(errors).toEqual([]);
    const loaded = scenarios[0]!;
    expect(loaded.cluster.kubernetesVersion).toBe(version);
    const { result } = await runScenario(loaded, new SimulatorBackend({ seed: 1 }), 1);
    expect(result.steps.map((s) => `${s.title}: ${s.status}`)).toEqual(['nodes report the release: passed', 'a pod runs: passed', 'running: passed']);
    expect(result.status).toBe('passed');
  });

  test('a 1.35 node is kind v0.31.0\'s: Debian 12 (bookworm), containerd 2.2.0', async () => {
    const dir = writeFiles({ 's.yaml': scenario('1.35', '2.2.0', 'Debian GNU/Linux 12 (bookworm)') });
    const loaded = (await loadScenarioPaths([`${dir}/s.yaml`])).scenarios[0]!;
    const { result } = await runScenario(loaded, new SimulatorBackend({ seed: 1 }), 1);
    expect(result.status).toBe('passed');
  });

  test('the node check does look at the versions: 1.35\'s containerd on 1.37 fails it', async () => {
    const dir = writeFiles({ 's.yaml': scenario('1.37', '2.2.0') });
    const loaded = (await loadScenarioPaths([`${dir}/s.yaml`])).scenarios[0]!;
    const { result } = await runScenario(loaded, new SimulatorBackend({ seed: 1 }), 1);
    expect(result.steps[0]!.status).toBe('failed');
  });
});

describe('docs/versions.md', () => {
  test('its kind image table is the simulator\'s and the kind backend\'s, one row per emulated minor', () => {
    const doc = readFileSync(join(__dirname, '../../docs/versions.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => /^\| 1\.\d+ \| v0\./.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(rows.map((r) => r[0])).toEqual([...SUPPORTED_VERSIONS]);
    for (const [minor, kind, kube, etcd, coredns, pause, kindnetd, , backend] of rows) {
      const i = kindImages(minor as (typeof SUPPORTED_VERSIONS)[number]);
      const tag = (image: string) => image.slice(image.lastIndexOf(':') + 1);
      expect([kind, kube, etcd, coredns, pause, kindnetd]).toEqual([i.kindRelease, i.kubeTag, tag(i.etcd), tag(i.coredns), tag(i.pause), tag(i.kindnetd)]);
      const image = chooseImage(minor!).image!;
      expect(backend!.startsWith(`\`v${image.version}\``)).toBe(true);
    }
  });
});
