import { describe, expect, it } from '@jest/globals';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { admitPod, nodePods } from '../../../src/sim/kubelet/admission';

const node: Node = {
  metadata: { name: 'worker-1', labels: { 'kubernetes.io/os': 'linux' } },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
};

function podWithPort(name: string, port: { hostPort: number; hostIP?: string; protocol?: string }): Pod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'pause', ports: [{ containerPort: 8080, ...port }] }] },
  };
}

describe('kubelet admission: host ports (nodeports.Fits)', () => {
  const pod1 = podWithPort('pod1', { hostPort: 54321, hostIP: '127.0.0.1', protocol: 'TCP' });

  it('admits the same port on another host IP or protocol (e2e SchedulerPredicates)', () => {
    expect(admitPod(podWithPort('pod2', { hostPort: 54321, hostIP: '127.0.0.2', protocol: 'TCP' }), node, nodePods([pod1]))).toEqual({ admit: true });
    expect(admitPod(podWithPort('pod3', { hostPort: 54321, hostIP: '127.0.0.1', protocol: 'UDP' }), node, nodePods([pod1]))).toEqual({ admit: true });
  });

  it('rejects the same IP, port and protocol', () => {
    expect(admitPod(podWithPort('dup', { hostPort: 54321, hostIP: '127.0.0.1' }), node, nodePods([pod1]))).toEqual({
      admit: false, reason: 'NodePorts', message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports",
    });
  });

  it('treats 0.0.0.0 (no hostIP) as every address, on either side', () => {
    const pod4 = podWithPort('pod4', { hostPort: 54322 });
    expect(admitPod(podWithPort('pod5', { hostPort: 54322, hostIP: '127.0.0.1' }), node, nodePods([pod4]))).toMatchObject({ admit: false, reason: 'NodePorts' });
    expect(admitPod(podWithPort('any', { hostPort: 54321 }), node, nodePods([pod1]))).toMatchObject({ admit: false, reason: 'NodePorts' });
  });
});

describe('kubelet admission: the pod OS (rejectPodAdmissionBasedOnOSSelector / OSField)', () => {
  const pod = (labels: Record<string, string>, os?: string): Pod => ({
    metadata: { name: 'p', namespace: 'default', labels },
    spec: { nodeName: 'worker-1', ...(os ? { os: { name: os } } : {}), containers: [{ name: 'c', image: 'pause' }] },
  });

  it("compares the pod's kubernetes.io/os label with the kubelet's OS, whatever the node's label says", () => {
    const windowsLabelled: Node = { ...node, metadata: { name: 'worker-1', labels: { 'kubernetes.io/os': 'windows' } } };
    expect(admitPod(pod({ 'kubernetes.io/os': 'windows' }), windowsLabelled, nodePods([])).admit).toBe(false);
    expect(admitPod(pod({ 'kubernetes.io/os': 'linux' }), windowsLabelled, nodePods([])).admit).toBe(true);
  });

  it('rejects a windows pod with PodOSNotSupported', () => {
    expect(admitPod(pod({}, 'windows'), node, nodePods([]))).toMatchObject({ admit: false, reason: 'PodOSNotSupported', message: "Failed to admit pod as the OS field doesn't match node OS" });
  });
});
