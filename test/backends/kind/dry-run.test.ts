/**
 * `kscenario run --backend kind --dry-run`: the plan for the seed scenarios, checked line by line
 * where it matters (not as blind snapshots) — the 3-node default cluster, the ZooKeeper cluster
 * with its node faults, custom labels and taints, each supported version — plus --reuse, the JSON
 * form, and refusals before anything runs (a simulator-only verb exits 2 with no command run).
 */
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { KIND_MINORS, chooseImage } from '../../../src/backends/kind/images';
import { main } from '../../../src/cli/main';
import { writeFiles } from '../../support/inline';
import { REPO, runKind } from './harness';
import { RecordingRunner } from './recording-runner';

const DEFAULT = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: plain}
spec:
  steps:
    - sleep: 1s
`;

const LABELS = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: labelled}
spec:
  cluster:
    nodes:
      - {name: control-plane, role: control-plane}
      - name: worker-1
        labels: {disktype: ssd, node-role.kubernetes.io/db: ""}
        taints: [{key: dedicated, value: db, effect: NoSchedule}]
      - {name: worker-2, labels: {zone: b}}
  steps:
    - sleep: 1s
`;

const PROBES = 'scenarios/pod-controllers/probes-liveness-readiness.yaml';

async function dryRun(paths: string[], opts: Parameters<typeof runKind>[1] = {}, cwd?: string) {
  const runner = new RecordingRunner();
  const r = await runKind(paths, { dryRun: true, ...opts }, runner, cwd);
  // a dry run runs nothing: not even `kind version`
  expect(runner.calls).toEqual([]);
  return r;
}

/** The indented kind config of the n-th scenario in the text output. */
function configIn(out: string, n = 0): { nodes: { role: string; image: string; labels?: Record<string, string>; kubeadmConfigPatches: string[] }[] } {
  const block = out.split('  kind config:\n')[n + 1]!.split('  commands to create it:')[0]!;
  return parse(block.split('\n').map((l) => l.slice(4)).join('\n')) as ReturnType<typeof configIn>;
}

describe('kind dry run', () => {
  test('the 3-node default cluster: nodes, config, every command, deletion', async () => {
    const dir = writeFiles({ 'plain.yaml': DEFAULT });
    const r = await dryRun(['plain.yaml'], {}, dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('kind run test: a cluster per scenario');
    expect(lines).toContain('▸ plain — plain.yaml');
    expect(lines).toContain('  cluster ks-test-1 (new), shape ' + /shape (\w+)/.exec(r.stdout)![1] + ': Kubernetes 1.37, kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5 (built for kind v0.33.0)');
    expect(lines).toEqual(expect.arrayContaining([
      '    control-plane  ks-test-1-control-plane  (control-plane, kubeadm init)',
      '    worker-1       ks-test-1-worker  (worker)',
      '    worker-2       ks-test-1-worker2  (worker)',
      '    $ docker network create --driver=bridge --subnet=10.251.17.0/24 --opt com.docker.network.bridge.enable_ip_masquerade=true --label dev.kscenario.run=test kscenario-test   # once per run, before the first cluster',
      '    $ KIND_EXPERIMENTAL_DOCKER_NETWORK=kscenario-test kind create cluster --name ks-test-1 --config - --kubeconfig /tmp/kscenario-kind-test/ks-test-1.kubeconfig --wait 5m',
      '      (stdin: the kind config above)',
      '    $ docker exec ks-test-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf wait --for=condition=Ready nodes --all --timeout=300s',
      '  then the cluster backend runs the scenario on context kind-ks-test-1 of /tmp/kscenario-kind-test/ks-test-1.kubeconfig:',
      '    $ kind delete cluster --name ks-test-1 --kubeconfig /tmp/kscenario-kind-test/ks-test-1.kubeconfig',
      '    $ docker network rm kscenario-test',
    ]));
    const cfg = configIn(r.stdout);
    expect(cfg.nodes.map((n) => [n.role, (parse(n.kubeadmConfigPatches[0]!) as { nodeRegistration: { name: string } }).nodeRegistration.name]))
      .toEqual([['control-plane', 'control-plane'], ['worker', 'worker-1'], ['worker', 'worker-2']]);
    expect(r.stdout).not.toContain('node faults:');
  });

  test('the ZooKeeper cluster: its kill and restart of worker-1, with the IP the node keeps', async () => {
    const r = await dryRun(['scenarios/zookeeper/whole-story.yaml'], {}, REPO);
    expect(r.code).toBe(0);
    const faults = r.stdout.split('  node faults:\n')[1]!.split('  after the scenario:')[0]!;
    expect(faults.replace(/whole-story\.yaml:\d+:\d+/g, 'whole-story.yaml:L:C')).toBe([
      '    killNode worker-1 (scenarios/zookeeper/whole-story.yaml:L:C):',
      "      $ docker inspect --format '{{json .NetworkSettings.Networks}}' ks-test-1-worker",
      '      $ docker stop ks-test-1-worker',
      '      $ docker network disconnect kscenario-test ks-test-1-worker',
      "      $ docker network connect --ip '<IP of worker-1>' kscenario-test ks-test-1-worker",
      '    restartNode worker-1 (scenarios/zookeeper/whole-story.yaml:L:C):',
      '      $ docker start ks-test-1-worker',
      '',
    ].join('\n'));
    expect(r.stdout).toContain('    control-plane  ks-test-1-control-plane  (control-plane, kubeadm init)');
  });

  test('custom labels and taints: kubelet labels and kubeadm taints in the config, the rest through the API', async () => {
    const dir = writeFiles({ 'labelled.yaml': LABELS });
    const r = await dryRun(['labelled.yaml'], {}, dir);
    const [, w1, w2] = configIn(r.stdout).nodes;
    expect(w1!.labels).toEqual({ disktype: 'ssd' });
    expect(parse(w1!.kubeadmConfigPatches[0]!)).toEqual({ kind: 'JoinConfiguration', nodeRegistration: { name: 'worker-1', taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } });
    expect(w2!.labels).toEqual({ zone: 'b' });
    expect(r.stdout).toContain('    $ docker exec ks-test-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf label nodes worker-1 --overwrite node-role.kubernetes.io/db=\n');
  });

  test.each(KIND_MINORS.map((m) => [m]))('Kubernetes %s: its pinned image on every node', async (minor) => {
    const dir = writeFiles({ 'plain.yaml': DEFAULT });
    const r = await dryRun(['plain.yaml'], { kubernetesVersion: minor }, dir);
    const ref = chooseImage(minor).ref;
    expect(r.stdout).toContain(`Kubernetes ${minor}, ${ref}`);
    expect(configIn(r.stdout).nodes.map((n) => n.image)).toEqual([ref, ref, ref]);
    expect(r.stdout.split('\n')[0]).toBe(`kind run test: a cluster per scenario, --kubernetes-version ${minor}`);
  });

  test('spec.requires.kubernetesVersion is judged against the node image\'s release: kind v0.33.0\'s 1.35 is v1.35.8', async () => {
    // in range on the simulator (its 1.35 is 1.35.4), not on kind's 1.35 image
    const ranged = DEFAULT.replace('spec:\n', 'spec:\n  requires: {kubernetesVersion: ">=1.35.0 <1.35.5"}\n  cluster: {kubernetesVersion: "1.35"}\n');
    const r = await dryRun(['ranged.yaml'], {}, writeFiles({ 'ranged.yaml': ranged }));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  skipped: the scenario holds on Kubernetes '>=1.35.0 <1.35.5' (spec.requires.kubernetesVersion); the kind cluster would run 1.35.8\n");
  });

  test('a scenario pinned to a patch release runs on the image of that release, with a note when another kind built it', async () => {
    const r = await dryRun(['scenarios/statefulset/max-unavailable-zero-1.34.yaml', 'scenarios/statefulset/max-unavailable-zero-1.35.yaml'], {}, REPO);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('▸ statefulset-max-unavailable-zero-1-34 — scenarios/statefulset/max-unavailable-zero-1.34.yaml\n  cluster ');
    const v1350 = 'kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f';
    expect(r.stdout).toContain(`Kubernetes 1.35, ${v1350} (built for kind v0.31.0)`);
    expect(r.stdout).toContain(`note: Kubernetes 1.35.0 runs on ${v1350}, built for kind v0.31.0`);
    const json = await dryRun(['scenarios/statefulset/max-unavailable-zero-1.35.yaml'], { reporter: 'json', kubernetesVersion: '1.37' }, REPO);
    expect(JSON.parse(json.stdout).scenarios.map((x: { name: string; skipped?: string }) => [x.name, x.skipped])).toEqual([['statefulset-max-unavailable-zero-1-35', undefined]]);
  });

  test('a patch release kind publishes no image of is refused, naming the ones it has', () => {
    expect(() => chooseImage('1.35.3')).toThrow(/kind publishes no kindest\/node image of Kubernetes 1\.35\.3/);
  });

  test('--kubernetes-version outside a scenario\'s range skips it, naming the option', async () => {
    const ranged = DEFAULT.replace('spec:\n', 'spec:\n  requires: {kubernetesVersion: ">=1.33"}\n');
    const dir = writeFiles({ 'ranged.yaml': ranged });
    const r = await dryRun(['ranged.yaml'], { kubernetesVersion: '1.31' }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  skipped: the scenario holds on Kubernetes '>=1.33' (spec.requires.kubernetesVersion); this run is at 1.31 (--kubernetes-version)\n");
  });

  test('a scenario pinned to a version gets that version\'s image', async () => {
    const r = await dryRun(['scenarios/zookeeper/third-pod-pending-1.33.yaml', 'scenarios/statefulset/max-unavailable-zero-1.34.yaml'], {}, REPO);
    expect(r.stdout).toContain('Kubernetes 1.33, kindest/node:v1.33.12@sha256:3f5c8443c620245e4d355cfe09e96a91ead32ceaa569d3f1ca9edf0cb2fe2ff4 (built for kind v0.32.0)');
    expect(r.stdout).toContain('note: kind v0.33.0 publishes no Kubernetes 1.33 image; using kindest/node:v1.33.12@sha256:3f5c8443');
    expect(r.stdout).toContain('Kubernetes 1.34, kindest/node:v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d (built for kind v0.33.0)');
  });

  test('scenarios pinned to 1.36 and 1.37 in the file get kind v0.33.0\'s v1.36.4 and v1.37.0 images, no note', async () => {
    const pinned = (v: string) => DEFAULT.replace('metadata: {name: plain}', `metadata: {name: on-${v.replace('.', '-')}}`).replace('spec:\n', `spec:\n  cluster: {kubernetesVersion: "${v}"}\n`);
    const dir = writeFiles({ 'a.yaml': pinned('1.36'), 'b.yaml': pinned('1.37') });
    const r = await dryRun(['a.yaml', 'b.yaml'], {}, dir);
    const v136 = 'kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed';
    const v137 = 'kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5';
    expect(r.stdout).toContain(`Kubernetes 1.36, ${v136} (built for kind v0.33.0)`);
    expect(r.stdout).toContain(`Kubernetes 1.37, ${v137} (built for kind v0.33.0)`);
    expect(configIn(r.stdout, 0).nodes.map((n) => n.image)).toEqual([v136, v136, v136]);
    expect(configIn(r.stdout, 1).nodes.map((n) => n.image)).toEqual([v137, v137, v137]);
    expect(r.stdout).not.toContain('note:');
  });

  test('--reuse: the second scenario of the same shape reuses the cluster, which is deleted after it', async () => {
    const r = await dryRun(['scenarios/statefulset/identity-and-dns.yaml', 'scenarios/statefulset/partition-canary.yaml'], { reuse: true }, REPO);
    const [, first, second] = r.stdout.split('▸ ');
    expect(first).toContain('after the scenario: the cluster is kept (the next scenario reuses it)');
    expect(second).toContain('cluster ks-test-1 (reused: the previous scenario ran on it and the shape is the same)');
    expect(second).not.toContain('kind create cluster');
    expect(second).toContain('$ kind delete cluster --name ks-test-1');
  });

  test('JSON: per scenario its cluster and commands, or why it is refused; exit 2 when one is', async () => {
    const r = await dryRun(['scenarios/zookeeper/whole-story.yaml', PROBES], { reporter: 'json' }, REPO);
    expect(r.code).toBe(2);
    const plan = JSON.parse(r.stdout) as { scenarios: { name: string; refused: string[]; cluster?: { name: string; create: string[] }; faults?: { verb: string }[] }[] };
    expect(plan.scenarios.map((s) => [s.name, s.refused.length > 0])).toEqual([['zk-whole-story', false], ['probes-liveness-readiness', true]]);
    expect(plan.scenarios[0]!.cluster!.create[0]).toContain('kind create cluster --name ks-test-1');
    expect(plan.scenarios[0]!.faults!.map((f) => f.verb)).toEqual(['killNode', 'restartNode']);
    expect(plan.scenarios[1]!.refused[0]).toContain('the failProbe step needs simulator-only controls, which the kind backend does not have');
  });
});

describe('refused before anything runs', () => {
  test('a simulator-only verb (failProbe) on kind: exit 2, the step named, no command run', async () => {
    const runner = new RecordingRunner();
    const r = await runKind([PROBES], {}, runner, REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scenarios\/pod-controllers\/probes-liveness-readiness\.yaml:\d+:\d+: the failProbe step needs simulator-only controls, which the kind backend does not have\n {2}hint: run it with --backend simulator/m);
    expect(runner.calls).toEqual([]);
    expect(r.stdout).toBe('');
  });

  test('what kind cannot do (CPU capacity): exit 2 before anything runs', async () => {
    const runner = new RecordingRunner();
    const r = await runKind(['scenarios/k8s-docs/scheduling-priority-preemption.yaml'], {}, runner, REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('node worker-1 asks for capacity cpu: 2, which a kind node cannot have');
    expect(runner.calls).toEqual([]);
  });

  test('kind options on another backend, or a version kind has no image for: usage errors', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), color: false };
    expect(await main(['run', '--reuse', `${REPO}/scenarios/zookeeper/whole-story.yaml`], io)).toBe(2);
    expect(out.join('')).toContain('--reuse: only for --backend kind');
    out.length = 0;
    expect(await main(['run', '--backend', 'kind', '--kubernetes-version', '1.28', '--dry-run', `${REPO}/scenarios/zookeeper/whole-story.yaml`], io)).toBe(2);
    expect(out.join('')).toContain('kind publishes no kindest/node image for Kubernetes 1.28 that kscenario knows');
    expect(out.join('')).toContain('supported on kind: 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37');
    out.length = 0;
    expect(await main(['run', '--backend', 'kind', '--kubernetes-version', '1.35.3', '--dry-run', `${REPO}/scenarios/zookeeper/whole-story.yaml`], io)).toBe(2);
    expect(out.join('')).toContain('kind publishes no kindest/node image of Kubernetes 1.35.3 that kscenario knows');
    expect(out.join('')).toContain('images of 1.35: 1.35.8 (kind v0.33.0), 1.35.5 (kind v0.32.0), 1.35.0 (kind v0.31.0)');
  });
});
