/**
 * The kind config and shaping commands for a scenario's cluster: node names through kubeadm's
 * nodeRegistration.name, roles, labels (kubelet-settable vs through the API), taints, max pods,
 * the storage class `standard`, added nodes, and what is refused.
 */
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import {
  containerNames, kindConfig, kindRefusals, kubeletMaySetLabel, shapeFor, shapingCommands, addedNodes,
} from '../../../src/backends/kind/cluster-plan';
import { formatCommand } from '../../../src/backends/kind/process';
import { clusterRequest } from '../../../src/runner/cluster-request';
import { resolveCluster } from '../../../src/scenario/defaults';
import { loadFiles, loadRepoPaths } from './harness';

interface KindNodeDoc {
  role: string;
  image: string;
  labels?: Record<string, string>;
  kubeadmConfigPatches: string[];
}

function configOf(yaml: string): { kind: string; apiVersion: string; name: string; nodes: KindNodeDoc[] } {
  return parse(yaml) as ReturnType<typeof configOf>;
}

function patchOf(n: KindNodeDoc): { kind: string; nodeRegistration: { name: string; taints?: unknown[]; kubeletExtraArgs?: Record<string, string> } } {
  expect(n.kubeadmConfigPatches).toHaveLength(1);
  return parse(n.kubeadmConfigPatches[0]!) as ReturnType<typeof patchOf>;
}

function scenarioWith(cluster: string, steps = '    - sleep: 1s\n'): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: shaped}
spec:
  cluster:
${cluster}
  steps:
${steps}`;
}

const LABELS_AND_TAINTS = scenarioWith(`    nodes:
      - {name: control-plane, role: control-plane, taints: [{key: dedicated, value: infra, effect: NoExecute}]}
      - name: worker-1
        labels: {disktype: ssd, node-role.kubernetes.io/db: "", topology.kubernetes.io/zone: zone-a, example.kubernetes.io/tier: gold}
        taints: [{key: dedicated, value: db, effect: NoSchedule}, {key: spot, effect: PreferNoSchedule}]
      - {name: worker-2, labels: {zone: b}, capacity: {pods: "20"}}`);

describe('kind config', () => {
  test('the default cluster: control-plane, worker-1, worker-2 named by kubeadm, on kind containers in kind\'s order', () => {
    const shape = shapeFor(clusterRequest(resolveCluster(undefined)), []);
    const cfg = configOf(kindConfig('ks-t-1', shape));
    expect(cfg).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', name: 'ks-t-1' });
    expect(cfg.nodes.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
    expect(cfg.nodes.map((n) => patchOf(n))).toEqual([
      { kind: 'InitConfiguration', nodeRegistration: { name: 'control-plane' } },
      { kind: 'JoinConfiguration', nodeRegistration: { name: 'worker-1' } },
      { kind: 'JoinConfiguration', nodeRegistration: { name: 'worker-2' } },
    ]);
    // unversioned patches: kind applies them to v1beta3 (<1.36) and v1beta4 (1.36+) alike
    for (const n of cfg.nodes) expect(n.kubeadmConfigPatches[0]).not.toContain('apiVersion');
    expect(cfg.nodes.every((n) => n.image === 'kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5')).toBe(true);
    expect(cfg.nodes.every((n) => n.labels === undefined)).toBe(true);
    expect([...containerNames('ks-t-1', shape.nodes)]).toEqual([
      ['control-plane', 'ks-t-1-control-plane'], ['worker-1', 'ks-t-1-worker'], ['worker-2', 'ks-t-1-worker2'],
    ]);
    // kind already gives this cluster its shape: only the readiness waits follow
    expect(shapingCommands('ks-t-1', shape).map(formatCommand)).toEqual([
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf wait --for=condition=Ready nodes --all --timeout=300s',
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf --namespace=kube-system rollout status deployment/coredns --timeout=300s',
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf --namespace=local-path-storage rollout status deployment/local-path-provisioner --timeout=300s',
    ]);
    expect(shape.standardClass).toEqual({ action: 'keep' });
  });

  test('labels: kubelet-settable ones in kind\'s labels, kubernetes.io-namespaced ones through the API; taints through kubeadm, the control plane\'s with its own', async () => {
    const [s] = await loadFiles({ 'shaped.yaml': LABELS_AND_TAINTS });
    const shape = shapeFor(clusterRequest(s!.cluster), []);
    const cfg = configOf(kindConfig('ks-t-1', shape));
    const [cp, w1, w2] = cfg.nodes;
    expect(patchOf(cp!).nodeRegistration).toEqual({
      name: 'control-plane',
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { key: 'dedicated', value: 'infra', effect: 'NoExecute' }],
    });
    expect(w1!.labels).toEqual({ disktype: 'ssd', 'topology.kubernetes.io/zone': 'zone-a' });
    expect(patchOf(w1!).nodeRegistration).toEqual({
      name: 'worker-1',
      taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }],
    });
    expect(w2!.labels).toEqual({ zone: 'b' });
    expect(patchOf(w2!).nodeRegistration).toEqual({ name: 'worker-2', kubeletExtraArgs: { 'max-pods': '20' } });
    expect(shapingCommands('ks-t-1', shape).map(formatCommand)[0]).toBe(
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf label nodes worker-1 --overwrite node-role.kubernetes.io/db= example.kubernetes.io/tier=gold');
    expect(kindRefusals(s!, clusterRequest(s!.cluster))).toEqual([]);
  });

  test('which labels a kubelet may register', () => {
    expect(['disktype', 'example.com/x', 'topology.kubernetes.io/zone', 'node.kubernetes.io/instance-type', 'kubelet.kubernetes.io/a', 'x.node.kubernetes.io/b'].every(kubeletMaySetLabel)).toBe(true);
    expect(['node-role.kubernetes.io/worker', 'kubernetes.io/role', 'example.k8s.io/x', 'k8s.io/y'].some(kubeletMaySetLabel)).toBe(false);
  });

  test('a one-node cluster: kind untaints its control plane, the plan puts the taint back', async () => {
    const [s] = await loadFiles({ 'one.yaml': scenarioWith('    nodes: [{name: solo, role: control-plane}]') });
    const shape = shapeFor(clusterRequest(s!.cluster), []);
    expect(shapingCommands('ks-t-1', shape).map(formatCommand)[0]).toBe(
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf taint nodes solo node-role.kubernetes.io/control-plane:NoSchedule');
  });

  test('a scenario without a control-plane node: its first node hosts kind\'s control plane, without the role label and taint', async () => {
    const [s] = await loadFiles({ 'mk.yaml': scenarioWith('    nodes: [{name: minikube, taints: [{key: a, effect: NoSchedule}]}, {name: m2}]') });
    const shape = shapeFor(clusterRequest(s!.cluster), []);
    const cfg = configOf(kindConfig('ks-t-1', shape));
    expect(cfg.nodes.map((n) => [n.role, patchOf(n).nodeRegistration])).toEqual([
      ['control-plane', { name: 'minikube' }], // kubeadm's default taint stays: kind's one-node untaint needs it
      ['worker', { name: 'm2' }],
    ]);
    expect(shapingCommands('ks-t-1', shape).map(formatCommand).slice(0, 3)).toEqual([
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf label nodes minikube node-role.kubernetes.io/control-plane-',
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf taint nodes minikube node-role.kubernetes.io/control-plane:NoSchedule-',
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf taint nodes minikube a:NoSchedule',
    ]);
    expect(shape.notes.join('\n')).toContain('minikube runs the control plane');
  });

  test('storage: kind\'s standard is kept when the same, replaced when it differs, deleted when the scenario has none', async () => {
    const [none, other] = await loadFiles({
      'a.yaml': scenarioWith('    storageClasses: []'),
      'b.yaml': scenarioWith('    storageClasses: [{name: standard, default: true, reclaimPolicy: Retain, volumeBindingMode: WaitForFirstConsumer}, {name: fast}]').replace('shaped', 'shaped-b'),
    });
    const del = shapingCommands('ks-t-1', shapeFor(clusterRequest(none!.cluster), []));
    expect(del.map(formatCommand)).toContain('docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf delete storageclass standard');
    const shape = shapeFor(clusterRequest(other!.cluster), []);
    expect(shape.standardClass.action).toBe('replace');
    const cmds = shapingCommands('ks-t-1', shape);
    const apply = cmds.find((c) => c.args.includes('apply'))!;
    expect(formatCommand(apply)).toBe('docker exec -i ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf apply -f -');
    expect(JSON.parse(apply.input!)).toEqual({
      apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Retain',
    });
    // `fast` is the cluster backend's (created at the start of the scenario, deleted at its end)
    expect(cmds.some((c) => c.input?.includes('fast'))).toBe(false);
  });

  test('the ZooKeeper story: a control plane that keeps its taint and two workers, worker-1 killed and restarted', async () => {
    const [s] = await loadRepoPaths(['scenarios/zookeeper/whole-story.yaml']);
    const shape = shapeFor(clusterRequest(s!.cluster), addedNodes(s!));
    expect(shape.nodes.map((n) => [n.name, n.kindRole, n.taints])).toEqual([
      ['control-plane', 'control-plane', undefined], ['worker-1', 'worker', undefined], ['worker-2', 'worker', undefined],
    ]);
    expect(kindRefusals(s!, clusterRequest(s!.cluster))).toEqual([]);
  });

  test('nodes an addNode step adds are created with the cluster, then stopped and their Node deleted', async () => {
    const [s] = await loadRepoPaths(['scenarios/pod-controllers/daemonset-proxy.yaml']);
    const shape = shapeFor(clusterRequest(s!.cluster), addedNodes(s!));
    expect(shape.nodes.map((n) => [n.name, n.added])).toEqual([['control-plane', false], ['worker-1', false], ['worker-2', false], ['worker-3', true]]);
    const cmds = shapingCommands('ks-t-1', shape).map(formatCommand);
    expect(cmds.slice(0, 3)).toEqual([
      'docker stop ks-t-1-worker3',
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf delete node worker-3 --wait=true',
      'docker exec ks-t-1-control-plane kubectl --kubeconfig=/etc/kubernetes/admin.conf delete pods --all-namespaces --field-selector=spec.nodeName=worker-3 --force --grace-period=0',
    ]);
    // the readiness wait comes after, so it waits for the nodes the scenario starts with
    expect(cmds[3]).toContain('wait --for=condition=Ready nodes --all');
  });

  test('refused up front: CPU or memory capacity, adding a control plane, faulting the only API server', async () => {
    const [s] = await loadFiles({
      'r.yaml': scenarioWith('    nodes: [{name: cp, role: control-plane}, {name: w, capacity: {cpu: "2", memory: 8Gi, pods: "110"}}]', `    - killNode: cp
    - addNode: {name: cp2, role: control-plane}
    - disconnectNode: w
`),
    });
    const refusals = kindRefusals(s!, clusterRequest(s!.cluster));
    expect(refusals.map((r) => r.code)).toEqual(['UNSUPPORTED', 'UNSUPPORTED', 'UNSUPPORTED', 'UNSUPPORTED']);
    const text = refusals.map((r) => r.describe()).join('\n');
    expect(text).toMatch(/r\.yaml:\d+:\d+: node w asks for capacity cpu: 2, which a kind node cannot have/);
    expect(text).toContain('capacity memory: 8Gi');
    expect(text).not.toContain('capacity pods');
    expect(text).toMatch(/r\.yaml:\d+:\d+: killNode cp: on kind this node runs the only API server/);
    expect(text).toContain('addNode of a control-plane node (cp2) is not supported on kind');
  });
});

describe('pod subnet', () => {
  test('the scenario\'s podSubnet is kind\'s networking.podSubnet, and makes another cluster', () => {
    const base = clusterRequest(resolveCluster(undefined));
    const plain = shapeFor(base, []);
    const wide = shapeFor({ ...base, podSubnet: '10.0.0.0/12' }, []);
    expect(parse(kindConfig('ks-t-1', wide))).toMatchObject({ networking: { podSubnet: '10.0.0.0/12' } });
    expect(wide.key).not.toBe(plain.key);
  });

  test('absent, the config says nothing and kind uses its default 10.244.0.0/16', () => {
    const shape = shapeFor(clusterRequest(resolveCluster(undefined)), []);
    expect(parse(kindConfig('ks-t-1', shape))).not.toHaveProperty('networking');
  });
});
