/**
 * The real control plane, end to end: upstream etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler of the default control-plane release (the one .ci/run builds) with KWOK's nodes,
 * driven with the real kubectl. It needs
 * the binaries: built once into the cache (`kscenario control-plane build`, which .ci/run does
 * first) or found where KSCENARIO_CONTROL_PLANE_BIN points. Without them the suite is skipped,
 * unless KSCENARIO_REQUIRE_CONTROL_PLANE=1 (CI), where their absence fails it;
 * KSCENARIO_CONTROL_PLANE_BUILD=1 builds them first instead (about 10 minutes on 2 cores).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlPlane, type ControlPlaneState } from '../../src/controlplane/control-plane';
import { binariesAtHand, ensureBinaries } from '../../src/controlplane/install';
import { kwokNodeFaults } from '../../src/controlplane/node-faults';
import { defaultNodes } from '../../src/controlplane/nodes';
import { DEFAULT_STORAGE_CLASSES } from '../../src/scenario/defaults';
import { alive, portInUse, sleep } from '../../src/controlplane/processes';
import type { Binaries } from '../../src/controlplane/control-plane';
import { DEFAULT_CONTROL_PLANE_MINOR, kubernetesRelease, kwokRelease } from '../../src/controlplane/versions';

// the release .ci/run builds: an older pin would need binaries a fresh machine does not have
const VERSION = DEFAULT_CONTROL_PLANE_MINOR;
const KUBERNETES = kubernetesRelease(VERSION).kubernetes;
const KWOK = kwokRelease().kwok;

/** Temporary directories of this file, removed at the end. */
const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
const BUILD = process.env.KSCENARIO_CONTROL_PLANE_BUILD === '1';
const REQUIRED = process.env.KSCENARIO_REQUIRE_CONTROL_PLANE === '1';
const atHand = binariesAtHand({ version: VERSION });
const runnable = atHand.missing.length === 0 || BUILD;

// why they are skipped is the name of a skipped test (jest lists it), not a console warning
if (!runnable && !REQUIRED) {
  test.skip(`control-plane tests skipped: no ${atHand.missing.join(', ')} (kscenario control-plane build --version ${VERSION}, or KSCENARIO_CONTROL_PLANE_BUILD=1)`, () => undefined);
}

const suite = runnable ? describe : REQUIRED ? describe : describe.skip;

function kubectl(kubeconfig: string, args: string[], timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

async function kubectlJson<T>(kubeconfig: string, args: string[]): Promise<T> {
  const r = await kubectl(kubeconfig, [...args, '-o', 'json']);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

async function eventually<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs / 1000} s`);
    await sleep(1000);
    last = await probe();
  }
  return last;
}

function pidsOf(s: ControlPlaneState): number[] {
  return [...s.components.map((c) => c.pid), ...s.nodes.flatMap((n) => (n.pid ? [n.pid] : []))];
}

async function leftovers(s: ControlPlaneState): Promise<string[]> {
  const out: string[] = [];
  for (const pid of pidsOf(s)) if (alive(-pid) || alive(pid)) out.push(`process ${pid}`);
  for (const port of Object.values(s.ports)) if (await portInUse(port)) out.push(`port ${port}`);
  if (existsSync(s.dir)) out.push(`directory ${s.dir}`);
  return out;
}

async function binaries(): Promise<Binaries> {
  if (atHand.binaries) return atHand.binaries;
  if (!BUILD) {
    throw new Error(`control-plane binaries missing: ${atHand.missing.join(', ')}; build them with \`kscenario control-plane build --version ${VERSION}\``);
  }
  return (await ensureBinaries({ version: VERSION, log: (l) => process.stderr.write(`${l}\n`) })).binaries;
}

const STATEFULSET = `apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: nginx}}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 3
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
        - {name: nginx, image: "registry.k8s.io/nginx-slim:0.8", ports: [{containerPort: 80, name: web}], volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]}
  volumeClaimTemplates:
    - metadata: {name: www}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

interface NodeList { items: Array<{ metadata: { name: string; labels: Record<string, string> }; spec: { podCIDR?: string; taints?: Array<{ key: string }> }; status: { conditions: Array<{ type: string; status: string }> } }> }
interface PodList { items: Array<{ metadata: { name: string }; spec: { nodeName?: string }; status: { phase: string; podIP?: string; conditions?: Array<{ type: string; status: string }> } }> }

const readyOf = (o: { status: { conditions?: Array<{ type: string; status: string }> } }): string | undefined =>
  o.status.conditions?.find((c) => c.type === 'Ready')?.status;

suite(`a Kubernetes ${VERSION} control plane with KWOK nodes`, () => {
  let cp: ControlPlane;
  let state: ControlPlaneState;
  const dir = join(tempDir('kscenario-cp-test-'), 'cp');

  beforeAll(async () => {
    cp = await ControlPlane.up({
      kubernetes: KUBERNETES, kwok: KWOK, binaries: await binaries(), nodes: defaultNodes(3), dir,
      // kind's default class: rancher.io/local-path, WaitForFirstConsumer
      storageClasses: DEFAULT_STORAGE_CLASSES.map((c) => ({ ...c })),
    });
    state = cp.snapshot();
  }, (BUILD ? 40 * 60 : 240) * 1000);

  afterAll(async () => {
    await cp?.down();
  }, 60_000);

  test('kubectl get nodes: three Ready nodes, the control-plane one tainted', async () => {
    const text = await kubectl(cp.kubeconfig, ['get', 'nodes']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^control-plane\\s+Ready\\s+control-plane\\s+\\S+\\s+${KUBERNETES.replaceAll('.', '\\.')}$`, 'm'));
    expect(text.stdout).toMatch(/^worker-1\s+Ready\s+<none>/m);
    expect(text.stdout).toMatch(/^worker-2\s+Ready\s+<none>/m);
    const nodes = await kubectlJson<NodeList>(cp.kubeconfig, ['get', 'nodes']);
    expect(nodes.items.map((n) => n.metadata.name).sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const cpNode = nodes.items.find((n) => n.metadata.name === 'control-plane')!;
    expect(cpNode.spec.taints?.map((t) => t.key)).toEqual(['node-role.kubernetes.io/control-plane']);
    // the not-ready taint the admission plugin put on at registration is gone: the node lifecycle controller saw Ready
    for (const n of nodes.items.filter((x) => x.metadata.name !== 'control-plane')) expect(n.spec.taints).toBeUndefined();
    const version = await kubectl(cp.kubeconfig, ['get', '--raw', '/version']);
    expect(JSON.parse(version.stdout)).toMatchObject({ gitVersion: KUBERNETES, major: '1', minor: VERSION.split('.')[1] });
  }, 60_000);

  test('a StatefulSet rolls out: kubectl rollout status, pods Ready on the workers, IPs from their CIDRs, local-path volumes on their nodes', async () => {
    const file = join(tempDir('kscenario-sts-'), 'web.yaml');
    writeFileSync(file, STATEFULSET);
    const apply = await kubectl(cp.kubeconfig, ['apply', '-f', file]);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('statefulset.apps/web created');
    const rollout = await kubectl(cp.kubeconfig, ['rollout', 'status', 'statefulset/web', '--timeout=120s'], 150_000);
    expect(rollout.code).toBe(0);
    expect(rollout.stdout).toContain('roll out complete: 3 new pods have been updated');
    const pods = await kubectlJson<PodList>(cp.kubeconfig, ['get', 'pods', '-l', 'app=nginx']);
    expect(pods.items.map((p) => p.metadata.name).sort()).toEqual(['web-0', 'web-1', 'web-2']);
    const nodes = await kubectlJson<NodeList>(cp.kubeconfig, ['get', 'nodes']);
    const cidr = new Map(nodes.items.map((n) => [n.metadata.name, n.spec.podCIDR!]));
    for (const p of pods.items) {
      expect(p.status.phase).toBe('Running');
      expect(readyOf(p)).toBe('True');
      expect(['worker-1', 'worker-2']).toContain(p.spec.nodeName);
      expect(p.status.podIP!.startsWith(cidr.get(p.spec.nodeName!)!.replace(/0\/24$/, ''))).toBe(true);
    }
    // each claim bound by the PV controller to a volume the "provisioner" made on the pod's node
    interface PvList { items: Array<{ metadata: { name: string; annotations: Record<string, string> }; spec: { claimRef: { name: string }; storageClassName: string; nodeAffinity: { required: { nodeSelectorTerms: Array<{ matchExpressions: Array<{ values: string[] }> }> } } }; status: { phase: string } }> }
    const pvs = await kubectlJson<PvList>(cp.kubeconfig, ['get', 'pv']);
    const claims = await kubectlJson<{ items: Array<{ metadata: { name: string; uid: string }; spec: { volumeName: string }; status: { phase: string } }> }>(cp.kubeconfig, ['get', 'pvc']);
    expect(claims.items.map((c) => [c.metadata.name, c.status.phase, c.spec.volumeName]).sort()).toEqual(
      claims.items.map((c) => [c.metadata.name, 'Bound', `pvc-${c.metadata.uid}`]).sort());
    expect(claims.items.map((c) => c.metadata.name).sort()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    for (const pv of pvs.items) {
      const pod = pods.items.find((p) => `www-${p.metadata.name}` === pv.spec.claimRef.name)!;
      expect(pv.status.phase).toBe('Bound');
      expect(pv.spec.storageClassName).toBe('standard');
      expect(pv.metadata.annotations['pv.kubernetes.io/provisioned-by']).toBe('rancher.io/local-path');
      expect(pv.spec.nodeAffinity.required.nodeSelectorTerms[0]!.matchExpressions[0]!.values).toEqual([pod.spec.nodeName]);
    }
  }, 200_000);

  test('node faults: a disconnected and a killed node go Unknown; reconnected, the node and its pods are Ready again', async () => {
    const faults = kwokNodeFaults(cp);
    await expect(faults.restartNode('worker-2')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await faults.disconnectNode('worker-1');
    await faults.killNode('worker-2');
    const readiness = () => cp.nodeReadiness();
    // the lease stops; the node lifecycle controller's grace period (50 s since 1.32) passes
    await eventually('both nodes Unknown', readiness, (r) => r['worker-1'] === 'Unknown' && r['worker-2'] === 'Unknown', 120_000);
    // it marks their pods not ready
    const podsOn = async (node: string) => (await kubectlJson<PodList>(cp.kubeconfig, ['get', 'pods', '-l', 'app=nginx'])).items.filter((p) => p.spec.nodeName === node);
    await eventually('pods on worker-1 not ready', () => podsOn('worker-1'), (ps) => ps.length > 0 && ps.every((p) => readyOf(p) === 'False'), 30_000);
    await faults.reconnectNode('worker-1');
    await eventually('worker-1 Ready again', readiness, (r) => r['worker-1'] === 'True', 60_000);
    await eventually('pods on worker-1 Ready again', () => podsOn('worker-1'), (ps) => ps.every((p) => readyOf(p) === 'True'), 60_000);
    expect((await readiness())['worker-2']).toBe('Unknown');
    expect(cp.processStates()).toMatchObject({ 'kwok-worker-1': true, 'kwok-worker-2': false, 'kube-apiserver': true });
  }, 300_000);

  test('down stops every process, frees every port and removes the directory', async () => {
    await cp.down();
    expect(await leftovers(state)).toEqual([]);
  }, 60_000);
});

suite('a control plane that fails to start', () => {
  test('stops what it started and keeps only the logs, whose place it names', async () => {
    const real = await binaries();
    const bin = tempDir('kscenario-fake-');
    const fake = join(bin, 'kube-apiserver');
    writeFileSync(fake, '#!/bin/sh\necho "fake kube-apiserver: cannot start" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    const dir = join(tempDir('kscenario-cp-fail-'), 'cp');
    let error: Error | undefined;
    try {
      await ControlPlane.up({ kubernetes: KUBERNETES, kwok: KWOK, binaries: { ...real, 'kube-apiserver': fake }, nodes: defaultNodes(1), dir });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toContain('kube-apiserver ended while starting (exit code 3)');
    expect(error?.message).toContain('fake kube-apiserver: cannot start');
    expect(error?.message).toContain(`logs: ${join(dir, 'logs')}`);
    expect(readdirSync(dir)).toEqual(['logs']);
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['etcd.log', 'kube-apiserver.log']);
    // etcd had started: no process of the directory is left
    expect(processesMentioning(dir)).toEqual([]);
  }, 120_000);
});

suite('kscenario control-plane up on SIGINT', () => {
  test('stops the control plane, removes its directory and exits 0', async () => {
    await binaries();
    const dir = join(tempDir('kscenario-cp-sig-'), 'cp');
    const cli = join(__dirname, 'fixtures', 'kscenario-from-source.js');
    const child = spawn(process.execPath, [cli, 'control-plane', 'up', '--nodes', '2', '--dir', dir, '--no-build'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await eventually('the kubeconfig line', async () => out, (o) => o.includes('export KUBECONFIG=') || child.exitCode !== null, 200_000);
    expect(out).toContain(`export KUBECONFIG=${join(dir, 'kubeconfig')}`);
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as ControlPlaneState;
    expect(state.nodes.map((n) => n.name)).toEqual(['control-plane', 'worker-1']);
    const nodes = await kubectl(join(dir, 'kubeconfig'), ['get', 'nodes', '--no-headers']);
    expect(nodes.stdout.trim().split('\n')).toHaveLength(2);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(err).toContain('SIGINT: stopping the control plane');
    expect(await leftovers(state)).toEqual([]);
  }, 300_000);
});

/** Processes whose command line mentions the directory (none may be left). */
function processesMentioning(dir: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(dir)) out.push(`${pid}: ${cmd.replace(/\0/g, ' ')}`);
    } catch {
      // ended meanwhile
    }
  }
  return out;
}
