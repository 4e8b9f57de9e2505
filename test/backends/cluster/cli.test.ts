/**
 * `kscenario run --backend cluster` as a user runs it, against a cluster served in this process:
 * a fault verb refused up front (exit 2) on a server without the fault endpoint, a cluster whose
 * nodes do not fit, and a run stopped by SIGINT that leaves nothing on the cluster.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { kubeconfigYaml } from '../../../src/serve';
import { runInline, writeFiles } from '../../support/inline';
import { plainProxy, type PlainProxy } from './plain-proxy';
import { serveCluster, type Served } from './served';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);

let s: Served;
let proxy: PlainProxy;
let plainKubeconfig: string;
const scenarioNamespaces = () => s.served.cluster.sim.api.list('Namespace').map((n) => n.metadata.name).filter((n) => n.startsWith('ks-'));

beforeAll(async () => {
  s = await serveCluster({ speed: 20 });
  proxy = await plainProxy(s.served.url);
  plainKubeconfig = join(writeFiles({}), 'plain-kubeconfig');
  writeFileSync(plainKubeconfig, kubeconfigYaml(proxy.url));
});
afterAll(async () => {
  await proxy?.close();
  await s?.close();
});

const KILL = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: kill-a-node}
spec:
  setup:
    - apply: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: before}
  steps:
    - killNode: worker-1
    - expect: {within: 1m, resources: [{kind: Node, name: worker-1, match: {ready: false}}]}
`;

describe('capabilities up front', () => {
  test('a node fault on a cluster without the kscenario fault endpoint is refused before anything runs (exit 2)', async () => {
    const r = await runInline({ 'kill.yaml': KILL }, ['run', '--backend', 'cluster', '--kubeconfig', plainKubeconfig, 'kill.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kill\.yaml:\d+:\d+: the killNode step needs node faults, which the cluster backend does not have/);
    expect(r.stdout).toBe('');
    expect(scenarioNamespaces()).toEqual([]);
  });

  test('the same scenario runs on the served cluster itself, which has the fault endpoint', async () => {
    const r = await runInline({ 'kill.yaml': KILL }, ['run', '--backend', 'cluster', '--kubeconfig', s.kubeconfig, 'kill.yaml']);
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/kill-a-node: ran in namespace\(s\) default → ks-kill-a-node-[a-z0-9]{5}/);
    expect(scenarioNamespaces()).toEqual([]);
    // the served cluster's worker-1 stays killed: later tests here do not need it
  }, 60_000);
});

describe('spec.requires.kubernetesVersion', () => {
  const ranged = (name: string, range: string) => `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: ${name}}
spec:
  requires: {kubernetesVersion: "${range}"}
  cluster: {kubernetesVersion: "1.35"}
  steps:
    - apply: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: here}
`;

  test('a scenario whose range excludes the server\'s release is skipped with the reason; one whose range has it runs without a version note', async () => {
    const files = { 'old.yaml': ranged('only-old', '<1.37'), 'new.yaml': ranged('up-to-new', '>=1.35 <=1.37') };
    const r = await runInline(files, ['run', '--backend', 'cluster', '--kubeconfig', s.kubeconfig, 'new.yaml', 'old.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("    skipped: the scenario holds on Kubernetes '<1.37' (spec.requires.kubernetesVersion); the cluster runs v1.37.2\n");
    expect(r.stdout).toMatch(/^1 passed, 0 failed, 1 skipped$/m);
    expect(r.stderr).not.toMatch(/written for/);
    expect(scenarioNamespaces()).toEqual([]);
  }, 60_000);

  test('--kubernetes-version is refused: the cluster has a version of its own', async () => {
    const r = await runInline({ 'new.yaml': ranged('up-to-new', '>=1.35') }, ['run', '--backend', 'cluster', '--kubeconfig', s.kubeconfig, '--kubernetes-version', '1.31', 'new.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--kubernetes-version: the cluster backend runs at the version of the cluster it is given/);
  });
});

describe('a plain cluster', () => {
  test('on the wall clock; an API group the server does not serve is left out of the history with a note', async () => {
    const older = await plainProxy(s.served.url, ['/apis/flowcontrol.apiserver.k8s.io']);
    const dir = writeFiles({});
    const kubeconfig = join(dir, 'older');
    writeFileSync(kubeconfig, kubeconfigYaml(older.url));
    try {
      const scenario = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: plain}
spec:
  steps:
    - apply: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
    - sleep: 1s
    - expectHistory:
        order:
          - {target: configmap/c, becomes: Created}
`;
      const started = Date.now();
      const r = await runInline({ 'plain.yaml': scenario }, ['run', '--backend', 'cluster', '--kubeconfig', kubeconfig, 'plain.yaml']);
      expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/not watching flowschemas\.flowcontrol\.apiserver\.k8s\.io/);
      // a second of the scenario is a second of wall time: no served clock behind the proxy
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(scenarioNamespaces()).toEqual([]);
    } finally {
      await older.close();
    }
  }, 60_000);
});

describe('fit', () => {
  test('a cluster whose nodes differ from the scenario\'s is refused with what differs (exit 2), leaving nothing', async () => {
    const scenario = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: four-nodes}
spec:
  cluster:
    nodes:
      - {name: control-plane, role: control-plane}
      - {name: worker-1}
      - {name: worker-2, labels: {disk: ssd}}
      - {name: worker-3}
  steps:
    - expect: {within: 0, resources: [{kind: Node, count: 4}]}
`;
    const r = await runInline({ 'four.yaml': scenario }, ['run', '--backend', 'cluster', '--kubeconfig', plainKubeconfig, 'four.yaml']);
    expect(r.code).toBe(2);
    const report = r.stdout + r.stderr;
    expect(report).toMatch(/does not have the nodes the scenario is written for/);
    expect(report).toMatch(/the scenario wants 4 node\(s\), the cluster has 3/);
    expect(report).toMatch(/node\(s\) missing from the cluster: worker-3/);
    expect(report).toMatch(/node worker-2: label disk=ssd is missing/);
    expect(scenarioNamespaces()).toEqual([]);
  });
});

/** bin/kscenario.js runs dist/: build it when a source file is newer than what was built. */
async function ensureBuilt(): Promise<void> {
  const newest = (dir: string, ext: string): number => readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p, ext) : e.name.endsWith(ext) ? statSync(p).mtimeMs : 0);
  }, 0);
  const built = (() => {
    try {
      return statSync(join(ROOT, 'dist/src/cli/main.js')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (newest(join(ROOT, 'src'), '.ts') > built) {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT }).catch(() => undefined);
  }
}

describe('SIGINT', () => {
  test('kscenario run --backend cluster stopped by SIGINT cleans up, then exits 130', async () => {
    await ensureBuilt();
    const dir = writeFiles({
      'long.yaml': `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: long-story}
spec:
  timeout: 3h
  cluster:
    namespaces: [shop]
  setup:
    - apply: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: b, namespace: shop}
        ---
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: long-story-priority}
        value: 1000
  steps:
    - sleep: 2h
`,
    });
    const child = spawn(process.execPath, [join(ROOT, 'bin/kscenario.js'), 'run', '--backend', 'cluster', '--kubeconfig', s.kubeconfig, join(dir, 'long.yaml')], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // wait until the scenario is in its long sleep: its objects exist on the cluster
    const until = Date.now() + 60_000;
    const ready = () => s.served.cluster.sim.api.list('ConfigMap').some((c) => c.metadata.name === 'b' && c.metadata.namespace?.startsWith('ks-long-story-'))
      && s.served.cluster.sim.api.get('PriorityClass', undefined, 'long-story-priority') !== undefined;
    while (!ready() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(ready()).toBe(true);
    expect(scenarioNamespaces().length).toBe(2);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/SIGINT: interrupted scenario long-story \(not reported\); stopping the cluster backend \(cleaning up\)/);
    // what the real kubectl sees on the cluster afterwards
    const { stdout } = await run('kubectl', ['get', 'namespaces', '-o', 'name'], { env: { ...process.env, KUBECONFIG: s.kubeconfig } });
    expect(stdout).toMatch(/namespace\/kube-system/);
    expect(stdout).not.toMatch(/namespace\/ks-/);
    const pcs = await run('kubectl', ['get', 'priorityclasses', '-o', 'name'], { env: { ...process.env, KUBECONFIG: s.kubeconfig } });
    expect(pcs.stdout).not.toMatch(/long-story-priority/);
  }, 180_000);
});
