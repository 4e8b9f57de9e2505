/** `kscenario serve` and `kscenario fault` from the command line (in-process, I/O captured). */
import { afterAll, describe, expect, jest, test } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { main } from '../../src/cli/main';
import { serveCommand } from '../../src/cli/serve-command';
import { KUBECTL, serve, tableRows } from './helpers';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'kscenario-serve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): { io: { out: (t: string) => void; err: (t: string) => void; color: boolean }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { out: (t) => (out += t), err: (t) => (err += t), color: false }, out: () => out, err: () => err };
}

function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(KUBECTL, args, { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir } }, (_e, stdout, stderr) => resolve(stdout + stderr));
  });
}

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('kscenario serve', () => {
  test('--nodes 1 serves a lone, untainted control-plane; the kubeconfig is written, then removed on stop', async () => {
    const kubeconfig = join(dir, 'one.kubeconfig');
    const c = capture();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const running = serveCommand({ nodes: 1, speed: 50, kubeconfig, timestamps: 'virtual' }, c.io, stopped);
    await waitFor(() => c.out().includes('Stop with Ctrl-C'));
    expect(c.out()).toContain(`export KUBECONFIG=${kubeconfig}`);
    expect(c.out()).toMatch(/simulated Kubernetes 1\.37, 1 node \(control-plane\), seed 1, virtual time at 50× the wall clock/);
    expect(existsSync(kubeconfig)).toBe(true);
    const nodes = tableRows(await kubectl(kubeconfig, ['get', 'nodes']));
    expect(nodes.map((n) => [n.NAME, n.STATUS, n.ROLES])).toEqual([['control-plane', 'Ready', 'control-plane']]);
    expect(await kubectl(kubeconfig, ['get', 'node', 'control-plane', '-o', 'jsonpath={.spec.taints}'])).toBe('');
    await kubectl(kubeconfig, ['run', 'p', '--image=nginx', '--restart=Never']);
    await waitFor(async () => (await kubectl(kubeconfig, ['get', 'pod', 'p', '-o', 'jsonpath={.status.phase}'])) === 'Running');
    stop();
    expect(await running).toBe(0);
    expect(existsSync(kubeconfig)).toBe(false);
    expect(c.out()).toContain('kscenario serve: stopped');
  });

  test('-f takes a scenario\'s cluster or a bare cluster spec; --version overrides', async () => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, 'kubernetesVersion: "1.31"\nnodes:\n  - {name: cp, role: control-plane}\n  - {name: w, labels: {zone: a}}\nnamespaces: [team]\n');
    const kubeconfig = join(dir, 'file.kubeconfig');
    const c = capture();
    let stop!: () => void;
    const running = serveCommand({ file, speed: 1, kubeconfig }, c.io, new Promise<void>((r) => (stop = r)));
    await waitFor(() => c.out().includes('Stop with Ctrl-C'));
    expect(c.out()).toContain('simulated Kubernetes 1.31, 2 nodes (cp, w)');
    expect(tableRows(await kubectl(kubeconfig, ['get', 'nodes'])).map((n) => [n.NAME, n.VERSION])).toEqual([['cp', 'v1.31.0'], ['w', 'v1.31.0']]);
    expect(await kubectl(kubeconfig, ['get', 'namespace', 'team', '-o', 'name'])).toBe('namespace/team\n');
    stop();
    await running;

    const scenario = join(dir, 'scenario.yaml');
    writeFileSync(scenario, 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s, claims: ["x"]}\nspec:\n  seed: 7\n  cluster: {nodes: [{name: only, role: control-plane}]}\n  steps:\n    - sleep: 1s\n');
    const c2 = capture();
    let stop2!: () => void;
    const running2 = serveCommand({ file: scenario, speed: 1, kubeconfig, version: '1.33' }, c2.io, new Promise<void>((r) => (stop2 = r)));
    await waitFor(() => c2.out().includes('Stop with Ctrl-C'));
    expect(c2.out()).toContain('simulated Kubernetes 1.33, 1 node (only), seed 7');
    stop2();
    await running2;
  });

  test('bad input exits 2 with a message', async () => {
    const c = capture();
    expect(await main(['serve', '--nodes', '0'], c.io)).toBe(2);
    expect(c.err()).toContain('--nodes: a whole number from 1 to 250');
    const c2 = capture();
    expect(await main(['serve', '--version', '1.20'], c2.io)).toBe(2);
    expect(c2.err()).toContain('Kubernetes 1.20 is not supported');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'nodes: [{role: worker}]\n');
    const c3 = capture();
    expect(await main(['serve', '-f', bad], c3.io)).toBe(2);
    expect(c3.err()).toContain('is neither a scenario nor a cluster spec');
    const c4 = capture();
    expect(await main(['serve', '--speed', 'fast'], c4.io)).toBe(2);
  });
});

describe('kscenario fault', () => {
  test('kills and restarts a node through the extension endpoint', async () => {
    const s = await serve({ speed: 50 });
    try {
      const c = capture();
      expect(await main(['fault', '--kubeconfig', s.kubeconfig, 'killNode', 'worker-1'], c.io)).toBe(0);
      expect(c.out()).toBe('node/worker-1: killNode\n');
      await waitFor(async () => tableRows((await s.kubectl(['get', 'nodes'])).stdout).find((n) => n.NAME === 'worker-1')!.STATUS === 'NotReady');
      const again = capture();
      expect(await main(['fault', '--kubeconfig', s.kubeconfig, 'killNode', 'worker-1'], again.io)).toBe(2);
      expect(again.err()).toContain('killNode worker-1: killNode: node "worker-1" is already down');
      expect(await main(['fault', '--kubeconfig', s.kubeconfig, 'restartNode', 'worker-1'], capture().io)).toBe(0);
      await waitFor(async () => tableRows((await s.kubectl(['get', 'nodes'])).stdout).find((n) => n.NAME === 'worker-1')!.STATUS === 'Ready');
      const bad = capture();
      expect(await main(['fault', '--kubeconfig', s.kubeconfig, 'explode', 'worker-1'], bad.io)).toBe(2);
      expect(bad.err()).toContain('one of killNode, restartNode, disconnectNode, reconnectNode, removeNode');
    } finally {
      await s.close();
    }
  });
});
