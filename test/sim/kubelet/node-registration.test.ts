import { describe, expect, it } from '@jest/globals';
import type { Node } from 'kubernetes-types/core/v1';
import { harness } from './harness';

const nodes = [
  { name: 'control-plane', role: 'control-plane' as const },
  { name: 'worker-1', labels: { disk: 'ssd' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' } },
  { name: 'worker-2', taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' as const }] },
];

describe('node registration (kind-like nodes)', () => {
  const h = harness({ nodes });
  const node = (name: string) => h.api.get<Node>('Node', undefined, name)!;

  it('labels nodes like a kind node, with the role label on the control plane', () => {
    expect(node('control-plane').metadata?.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'control-plane',
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    });
    expect(node('worker-1').metadata?.labels).toMatchObject({ 'kubernetes.io/hostname': 'worker-1', disk: 'ssd' });
    expect(node('worker-1').metadata?.labels).not.toHaveProperty('node-role.kubernetes.io/control-plane');
  });

  it('taints the control plane as kubeadm does and adds requested taints', () => {
    // The API server's NodeTaint admission adds node.kubernetes.io/not-ready:NoSchedule to every
    // new node; the node lifecycle controller (not running here) removes it once the node is Ready.
    const notReady = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
    expect(node('control-plane').spec?.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, notReady]);
    expect(node('worker-1').spec?.taints).toEqual([notReady]);
    expect(node('worker-2').spec?.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }, notReady]);
  });

  it('uses the requested capacity over the defaults, allocatable equal to capacity', () => {
    expect(node('worker-1').status?.capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(node('worker-2').status?.capacity).toMatchObject({ cpu: '8', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' });
    expect(node('worker-1').status?.allocatable).toEqual(node('worker-1').status?.capacity);
  });

  it('reports the four kubelet conditions with their upstream reasons', () => {
    expect(node('worker-1').status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ]);
  });

  it('gives addresses on the kind network and pod CIDRs in registration order', () => {
    expect(['control-plane', 'worker-1', 'worker-2'].map((n) => [node(n).status?.addresses, node(n).spec?.podCIDR])).toEqual([
      [[{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'control-plane' }], '10.244.0.0/24'],
      [[{ type: 'InternalIP', address: '172.18.0.3' }, { type: 'Hostname', address: 'worker-1' }], '10.244.1.0/24'],
      [[{ type: 'InternalIP', address: '172.18.0.4' }, { type: 'Hostname', address: 'worker-2' }], '10.244.2.0/24'],
    ]);
  });

  it('describes the kubelet and runtime of the emulated version', () => {
    expect(node('worker-1').status?.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.35.4',
      containerRuntimeVersion: expect.stringMatching(/^containerd:\/\//),
      operatingSystem: 'linux',
      architecture: 'amd64',
    });
    expect(node('worker-1').status?.nodeInfo?.kubeProxyVersion).toBeUndefined();
    expect(harness({ version: '1.35.0' }).api.get<Node>('Node', undefined, 'worker-1')!.status?.nodeInfo?.kubeletVersion).toBe('v1.35.0');
    const old = harness({ version: '1.30' });
    expect(old.api.get<Node>('Node', undefined, 'worker-1')!.status?.nodeInfo).toMatchObject({ kubeletVersion: 'v1.30.0', kubeProxyVersion: 'v1.30.0' });
  });

  it('records the kubelet start-up events', () => {
    expect(h.events('worker-1').map((e) => e.reason)).toEqual([
      'Starting', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeAllocatableEnforced', 'NodeReady',
    ]);
  });

  it('keeps heartbeats internal and refuses a second node of the same name', () => {
    expect(h.kubelets.isHeartbeating('worker-1')).toBe(true);
    expect(h.kubelets.isHeartbeating('nope')).toBe(false);
    expect(() => h.act('addNode', { name: 'worker-1' })).toThrow(expect.objectContaining({ code: 'DUPLICATE_NAME' }));
    expect(() => h.act('addNode', { name: 'Bad_Name' })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
