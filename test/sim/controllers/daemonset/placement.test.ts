import { describe, expect, it } from '@jest/globals';
import { nodeShouldRunDaemonPod, targetNodeName, withDaemonTolerations } from '../../../../src/sim/controllers/daemonset';
import { pinToNode } from '../../../../src/sim/controllers/daemonset/placement';
import type { KObject } from '../../../../src/kube/object';

const node = (name: string, labels: Record<string, string> = {}, taints: unknown[] = []) =>
  ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints } }) as any;
const ds = (podSpec: Record<string, unknown> = {}) =>
  ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: {}, template: { spec: { containers: [], ...podSpec } } } }) as any;

describe('withDaemonTolerations (AddOrUpdateDaemonPodTolerations)', () => {
  it('appends the six daemon tolerations after the template ones, without tolerationSeconds', () => {
    const own = { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' };
    expect(withDaemonTolerations({ containers: [], tolerations: [own] })).toEqual([
      own,
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('adds network-unavailable only for hostNetwork pods', () => {
    const keys = (spec: any) => withDaemonTolerations(spec).map((t) => t.key);
    expect(keys({ containers: [] })).not.toContain('node.kubernetes.io/network-unavailable');
    expect(keys({ containers: [], hostNetwork: true })).toContain('node.kubernetes.io/network-unavailable');
  });

  it('replaces a matching toleration in place (dropping its tolerationSeconds)', () => {
    const mine = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 };
    const out = withDaemonTolerations({ containers: [], tolerations: [mine] });
    expect(out[0]).toEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
    expect(out.filter((t) => t.key === 'node.kubernetes.io/not-ready')).toHaveLength(1);
  });
});

describe('nodeShouldRunDaemonPod', () => {
  it('runs everywhere without constraints', () => {
    expect(nodeShouldRunDaemonPod(node('n'), ds())).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });

  it('honours the template nodeName, nodeSelector and required node affinity', () => {
    expect(nodeShouldRunDaemonPod(node('a'), ds({ nodeName: 'b' }))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(nodeShouldRunDaemonPod(node('a', { disk: 'hdd' }), ds({ nodeSelector: { disk: 'ssd' } })).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(node('a', { disk: 'ssd' }), ds({ nodeSelector: { disk: 'ssd' } })).shouldRun).toBe(true);
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }] } } };
    expect(nodeShouldRunDaemonPod(node('a'), ds({ affinity }))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(nodeShouldRunDaemonPod(node('a', { gpu: 'x' }), ds({ affinity })).shouldRun).toBe(true);
  });

  it('keeps new pods off an untolerated NoSchedule taint but lets running ones stay', () => {
    const cp = node('cp', {}, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(nodeShouldRunDaemonPod(cp, ds())).toEqual({ shouldRun: false, shouldContinueRunning: true });
    const tolerating = ds({ tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(nodeShouldRunDaemonPod(cp, tolerating)).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });

  it('ends running pods on an untolerated NoExecute taint', () => {
    expect(nodeShouldRunDaemonPod(node('n', {}, [{ key: 'k', effect: 'NoExecute' }]), ds())).toEqual({ shouldRun: false, shouldContinueRunning: false });
  });

  it('tolerates the node-problem and cordon taints by itself', () => {
    for (const t of [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
    ]) expect(nodeShouldRunDaemonPod(node('n', {}, [t]), ds()).shouldRun).toBe(true);
    // but not a not-ready NoSchedule taint (a node that has not become ready yet)
    expect(nodeShouldRunDaemonPod(node('n', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]), ds()))
      .toEqual({ shouldRun: false, shouldContinueRunning: true });
    const net = node('n', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]);
    expect(nodeShouldRunDaemonPod(net, ds()).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(net, ds({ hostNetwork: true })).shouldRun).toBe(true);
  });
});

describe('targetNodeName and pinToNode', () => {
  const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec }) as KObject;

  it('reads spec.nodeName, else the single matchFields metadata.name In value', () => {
    expect(targetNodeName(pod({ nodeName: 'a', affinity: pinToNode(undefined, 'b') }))).toBe('a');
    expect(targetNodeName(pod({ affinity: pinToNode(undefined, 'b') }))).toBe('b');
    const two = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }] }] } } };
    expect(targetNodeName(pod({ affinity: two }))).toBeUndefined();
    expect(targetNodeName(pod({}))).toBeUndefined();
  });

  it('replaces required terms but keeps preferred terms and pod affinity', () => {
    const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'z', operator: 'Exists' }] } }];
    const podAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [] };
    const pinned = pinToNode({
      podAffinity,
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: preferred,
      },
    }, 'w1');
    expect(pinned).toEqual({
      podAffinity,
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w1'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: preferred,
      },
    });
  });
});
