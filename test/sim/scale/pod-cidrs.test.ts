/**
 * Clusters larger than kind's default pod subnet holds, and the 257th node of the default one.
 * The 5,000-node cluster is built only with KSCENARIO_SCALE=1: about 21 s on a 2-core machine
 * (1,000 nodes: about 3 s), too slow for every run.
 */
import { describe, expect, it } from '@jest/globals';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import type { ClusterRequest, NodeRequest } from '../../../src/kube/cluster-request';
import { buildCluster } from '../../../src/sim/cluster';

function request(workers: number, podSubnet?: string): ClusterRequest {
  const nodes: NodeRequest[] = [{ name: 'control-plane', role: 'control-plane' }];
  for (let i = 1; i <= workers; i++) nodes.push({ name: `node-${i}`, role: 'worker' });
  return { version: '1.35', nodes, storageClasses: [], namespaces: [], images: {}, ...(podSubnet ? { podSubnet } : {}) };
}

function expectDistinctAddresses(nodes: Node[]): void {
  const cidrs = nodes.map((n) => n.spec?.podCIDR);
  const ips = nodes.map((n) => n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address);
  expect(cidrs.every(Boolean)).toBe(true);
  expect(new Set(cidrs).size).toBe(nodes.length);
  expect(new Set(ips).size).toBe(nodes.length);
}

describe('large simulated clusters', () => {
  it('builds 1,000 nodes in a /14, each with its own /24 and InternalIP', () => {
    const { sim } = buildCluster(request(999, '10.240.0.0/14'), 1);
    const nodes = sim.api.list<Node>('Node');
    expect(nodes).toHaveLength(1000);
    expectDistinctAddresses(nodes);
    const last = nodes.find((n) => n.metadata?.name === 'node-999')!;
    expect(last.spec?.podCIDR).toBe('10.243.231.0/24');
    expect(last.status?.addresses?.[0]?.address).toBe('172.18.3.233');
  }, 120_000);

  (process.env.KSCENARIO_SCALE ? it : it.skip)('builds 5,000 nodes in 10.0.0.0/8', () => {
    const { sim } = buildCluster(request(4999, '10.0.0.0/8'), 1);
    const nodes = sim.api.list<Node>('Node');
    expect(nodes).toHaveLength(5000);
    expectDistinctAddresses(nodes);
  }, 600_000);
});

describe('the default pod subnet is full at 256 nodes', () => {
  const { sim } = buildCluster(request(256), 1);
  const node = (name: string) => sim.api.get<Node>('Node', undefined, name)!;

  it('gives the 257th node no podCIDR and records CIDRNotAvailable for it', () => {
    expect(node('node-255').spec?.podCIDR).toBe('10.244.255.0/24');
    expect(node('node-256').spec?.podCIDR).toBeUndefined();
    expect(node('node-256').spec?.podCIDRs).toBeUndefined();
    const events = sim.api.list<Event>('Event', 'default').filter((e) => e.involvedObject.name === 'node-256' && e.reason === 'CIDRNotAvailable');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'Normal', message: 'Node node-256 status is now: CIDRNotAvailable', source: { component: 'cidrAllocator' } });
  });

  it('retries with back-off, and a pod on the node cannot get a sandbox', () => {
    sim.api.create({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stuck', namespace: 'default' },
      spec: { nodeName: 'node-256', containers: [{ name: 'c', image: 'nginx:1.27' }] },
    });
    sim.advance(60_000);
    const pod = sim.api.get<Pod>('Pod', 'default', 'stuck')!;
    expect(pod.status?.podIP).toBeUndefined();
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
    const sandbox = sim.api.list<Event>('Event', 'default').find((e) => e.involvedObject.name === 'stuck' && e.reason === 'FailedCreatePodSandBox');
    expect(sandbox?.message).toContain('invalid CIDR address: ');
    const cidrEvent = sim.api.list<Event>('Event', 'default').find((e) => e.involvedObject.name === 'node-256' && e.reason === 'CIDRNotAvailable')!;
    // 5 ms doubling: retries at 5, 15, 35 ... ms, the 14th about 41 s after the first failure
    expect(cidrEvent.count).toBeGreaterThanOrEqual(14);
  });

  it('gets the block of a removed node at its next retry, and the pod then starts', () => {
    sim.act('removeNode', 'node-7');
    sim.advance(1000_000);
    expect(node('node-256').spec?.podCIDR).toBe('10.244.7.0/24');
    sim.advance(120_000);
    const pod = sim.api.get<Pod>('Pod', 'default', 'stuck')!;
    expect(pod.status?.podIP).toMatch(/^10\.244\.7\./);
    expect(pod.status?.phase).toBe('Running');
  });
});
