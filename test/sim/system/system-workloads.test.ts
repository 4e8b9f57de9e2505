/**
 * The system workloads of a kind cluster inside the whole simulated cluster (real controllers,
 * scheduler, kubelets, GC): what `kubectl get pods -A` shows after `kind create cluster`, where
 * each pod runs, that nothing needs a pull, and the kubelet's mirror-pod bookkeeping.
 */
import { describe, expect, it } from '@jest/globals';
import type { KubeVersion } from '../../../src/kube/version';
import type { KObject } from '../../../src/kube/object';
import { buildCluster } from '../../../src/sim/cluster';

type PodK = KObject & { spec: any; status?: any };

function cluster(version: KubeVersion = '1.35', workers = 2) {
  const nodes = [{ name: 'control-plane', role: 'control-plane' }, ...Array.from({ length: workers }, (_, i) => ({ name: `worker-${i + 1}`, role: 'worker' }))];
  return buildCluster({ version, nodes: nodes as any, storageClasses: [], namespaces: [], images: {} }, 1);
}

function systemPods(sim: ReturnType<typeof cluster>['sim']): PodK[] {
  return [...sim.api.list<PodK>('Pod', 'kube-system'), ...sim.api.list<PodK>('Pod', 'local-path-storage')];
}

/** `<name without generated suffix>@<node>`, sorted: what `kubectl get pods -A -o wide` shows. */
function placement(pods: PodK[]): string[] {
  const base = (p: PodK) => {
    const owner = p.metadata.ownerReferences?.[0]?.kind;
    if (owner === 'DaemonSet') return p.metadata.name.replace(/-[a-z0-9]{5}$/, '');
    if (owner === 'ReplicaSet') return p.metadata.name.replace(/-[a-z0-9]+-[a-z0-9]{5}$/, '');
    return p.metadata.name;
  };
  return pods.map((p) => `${base(p)}@${p.spec.nodeName}`).sort();
}

const isReady = (p: PodK) => p.status?.phase === 'Running' && p.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');

describe('system workloads of a kind cluster', () => {
  it('runs the static control plane, CoreDNS and local-path-provisioner on the control plane and kindnet and kube-proxy everywhere', () => {
    const { sim } = cluster();
    sim.advance(60_000);
    const pods = systemPods(sim);
    expect(placement(pods)).toEqual([
      'coredns@control-plane', 'coredns@control-plane',
      'etcd-control-plane@control-plane',
      'kindnet@control-plane', 'kindnet@worker-1', 'kindnet@worker-2',
      'kube-apiserver-control-plane@control-plane',
      'kube-controller-manager-control-plane@control-plane',
      'kube-proxy@control-plane', 'kube-proxy@worker-1', 'kube-proxy@worker-2',
      'kube-scheduler-control-plane@control-plane',
      'local-path-provisioner@control-plane',
    ].sort());
    expect(pods.filter((p) => !isReady(p)).map((p) => p.metadata.name)).toEqual([]);
  });

  it('needs no image pull: every system image is preloaded on the node image', () => {
    for (const v of ['1.29', '1.32', '1.35'] as KubeVersion[]) {
      const { sim } = cluster(v);
      sim.advance(60_000);
      const pulls = sim.api.list<KObject & { reason?: string; involvedObject?: any }>('Event')
        .filter((e) => e.reason === 'Pulling' || e.reason === 'Pulled' && !/already present/.test((e as any).message));
      expect(pulls.map((e) => `${v} ${(e as any).message}`)).toEqual([]);
    }
  });

  it('posts mirror pods as the kubelet does: node-owned, critical, tolerating every NoExecute taint, with the static pod hash', () => {
    const { sim } = cluster();
    sim.advance(30_000);
    const node = sim.api.get<KObject>('Node', undefined, 'control-plane')!;
    const apiserver = sim.api.get<PodK>('Pod', 'kube-system', 'kube-apiserver-control-plane')!;
    expect(apiserver.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'control-plane', uid: node.metadata.uid, controller: true }]);
    const ann = apiserver.metadata.annotations!;
    expect(ann['kubernetes.io/config.mirror']).toMatch(/^[0-9a-f]{32}$/);
    expect(ann['kubernetes.io/config.mirror']).toBe(ann['kubernetes.io/config.hash']);
    expect(ann['kubernetes.io/config.source']).toBe('file');
    expect(apiserver.spec).toMatchObject({ nodeName: 'control-plane', hostNetwork: true, priority: 2000001000, priorityClassName: 'system-node-critical' });
    expect(apiserver.spec.tolerations).toEqual([{ operator: 'Exists', effect: 'NoExecute' }]);
    expect(apiserver.status.podIP).toBe(apiserver.status.hostIP);
  });

  it('puts the control plane requests on the control-plane node (what the scheduler adds up)', () => {
    const { sim } = cluster();
    sim.advance(30_000);
    const onNode = (node: string) => sim.api.list<PodK>('Pod').filter((p) => p.spec.nodeName === node);
    const milliCpu = (pods: PodK[]) => pods.flatMap((p) => p.spec.containers).reduce((sum: number, c: any) => {
      const cpu = c.resources?.requests?.cpu as string | undefined;
      return sum + (cpu ? parseInt(cpu, 10) : 0);
    }, 0);
    // etcd 100m, apiserver 250m, controller-manager 200m, scheduler 100m, 2 × CoreDNS 100m, kindnet 100m
    expect(milliCpu(onNode('control-plane'))).toBe(950);
    // kindnet 100m; kube-proxy requests nothing
    expect(milliCpu(onNode('worker-1'))).toBe(100);
  });

  it('gives a node that joins later its kindnet and kube-proxy pods', () => {
    const { sim } = cluster('1.35', 1);
    sim.advance(10_000);
    sim.act('addNode', { name: 'worker-9' });
    sim.advance(30_000);
    expect(placement(systemPods(sim).filter((p) => p.spec.nodeName === 'worker-9'))).toEqual(['kindnet@worker-9', 'kube-proxy@worker-9']);
  });

  it('posts a deleted mirror pod again, but not once its node is gone', () => {
    const { sim } = cluster('1.35', 1);
    sim.advance(30_000);
    const before = sim.api.get<PodK>('Pod', 'kube-system', 'etcd-control-plane')!;
    sim.api.delete('Pod', 'kube-system', 'etcd-control-plane');
    sim.advance(30_000);
    const after = sim.api.get<PodK>('Pod', 'kube-system', 'etcd-control-plane')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.annotations!['kubernetes.io/config.seen']).toBe(before.metadata.annotations!['kubernetes.io/config.seen']);
    expect(isReady(after)).toBe(true);

    sim.act('removeNode', 'control-plane');
    sim.advance(120_000);
    expect(sim.api.list<PodK>('Pod', 'kube-system').filter((p) => p.spec.nodeName === 'control-plane')).toEqual([]);
  });

  it('replaces a mirror pod marked for deletion at once: the kubelet deletes it with grace 0 and posts a new one', () => {
    const { sim } = cluster('1.35', 1);
    sim.advance(30_000);
    const before = sim.api.get<PodK>('Pod', 'kube-system', 'kube-scheduler-control-plane')!;
    sim.api.delete('Pod', 'kube-system', 'kube-scheduler-control-plane', { gracePeriodSeconds: 30 });
    sim.advance(0);
    const after = sim.api.get<PodK>('Pod', 'kube-system', 'kube-scheduler-control-plane')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.deletionTimestamp).toBeUndefined();
  });

  it('leaves a marked mirror pod to its kubelet: with the kubelet down it stays marked', () => {
    const { sim } = cluster('1.35', 1);
    sim.advance(30_000);
    sim.act('killNode', 'control-plane');
    sim.api.delete('Pod', 'kube-system', 'kube-scheduler-control-plane', { gracePeriodSeconds: 30 });
    sim.advance(60_000);
    expect(sim.api.get<PodK>('Pod', 'kube-system', 'kube-scheduler-control-plane')!.metadata.deletionTimestamp).toBeDefined();
  });

  it('follows each node image: kindnet gets its priority class from kind v0.30 (1.34)', () => {
    const priorityOf = (v: KubeVersion) => {
      const { sim } = cluster(v, 0);
      sim.settle();
      return sim.api.get<KObject & { spec: any }>('DaemonSet', 'kube-system', 'kindnet')!.spec.template.spec.priorityClassName;
    };
    expect(priorityOf('1.33')).toBeUndefined();
    expect(priorityOf('1.34')).toBe('system-node-critical');
  });

  it('fills the kube-dns Service with the CoreDNS pods', () => {
    const { sim } = cluster();
    sim.advance(60_000);
    const slices = sim.api.list<KObject & { endpoints?: any[] }>('EndpointSlice', 'kube-system')
      .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'kube-dns');
    const ready = slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready).map((e) => e.targetRef?.name);
    expect(ready.sort()).toEqual(sim.api.list<PodK>('Pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns').map((p) => p.metadata.name).sort());
    expect(ready).toHaveLength(2);
  });

  it('creates the bootstrap priority classes', () => {
    const { sim } = cluster('1.35', 0);
    sim.settle();
    const classes = sim.api.list<KObject & { value: number }>('PriorityClass').map((c) => [c.metadata.name, c.value]);
    expect(classes).toEqual(expect.arrayContaining([['system-cluster-critical', 2000000000], ['system-node-critical', 2000001000]]));
  });
});
