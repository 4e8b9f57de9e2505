import { describe, expect, it } from '@jest/globals';
import { clone } from '../../../src/kube/object';
import { bench, CONTROL_PLANE_TAINT } from './harness';

const antiAffinityOnHost = {
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'zk' } }, topologyKey: 'kubernetes.io/hostname' }],
    },
  },
};

describe('InterPodAffinity', () => {
  it('required anti-affinity on hostname: two of three pods run, the third is Pending with FailedScheduling (claim 000-3)', () => {
    const b = bench();
    b.node('control-plane', { taints: [CONTROL_PLANE_TAINT] });
    b.node('worker');
    b.node('worker2');
    for (const i of [0, 1, 2]) b.pod(`zk-${i}`, antiAffinityOnHost, { labels: { app: 'zk' } });
    b.at(0);
    expect(new Set([b.nodeOf('zk-0'), b.nodeOf('zk-1')])).toEqual(new Set(['worker', 'worker2']));
    expect(b.nodeOf('zk-2')).toBeUndefined();
    const msg =
      "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod anti-affinity rules. " +
      'no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(b.events('zk-2')).toEqual([{ reason: 'FailedScheduling', type: 'Warning', count: 1, message: msg, reportingComponent: 'default-scheduler' }]);
    expect(b.condition('zk-2')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
  });

  it('removing the control-plane taint lets the pending pod schedule there at once (claim 000-4)', () => {
    const b = bench();
    b.node('control-plane', { taints: [CONTROL_PLANE_TAINT] });
    b.node('worker');
    b.node('worker2');
    for (const i of [0, 1, 2]) b.pod(`zk-${i}`, antiAffinityOnHost, { labels: { app: 'zk' } });
    b.at(60_000);
    expect(b.nodeOf('zk-2')).toBeUndefined();
    const cp = clone(b.api.get<any>('Node', undefined, 'control-plane'));
    delete cp.spec.taints;
    b.api.update(cp);
    b.at(60_000);
    expect(b.nodeOf('zk-2')).toBe('control-plane');
    expect(b.condition('zk-2')).toMatchObject({ status: 'True' });
    expect(b.events('zk-2').map((e) => e.reason)).toEqual(['FailedScheduling', 'Scheduled']);
  });

  it('existing pods\' required anti-affinity keeps a matching pod off their topology domain', () => {
    const b = bench({ version: '1.33' });
    b.node('a');
    b.node('b');
    b.pod('loner', {
      nodeSelector: { 'kubernetes.io/hostname': 'a' },
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { noisy: 'yes' } }, topologyKey: 'kubernetes.io/hostname' }] } },
    });
    b.at(0);
    b.pod('noisy', { nodeSelector: { 'kubernetes.io/hostname': 'a' } }, { labels: { noisy: 'yes' } });
    b.pod('quiet', { nodeSelector: { 'kubernetes.io/hostname': 'a' } });
    b.at(1);
    expect(b.nodeOf('quiet')).toBe('a');
    expect(b.condition('noisy')?.message).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) didn't satisfy existing pods anti-affinity rules. " +
        'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
  });

  it('required affinity with topologyKey cpu: only nodes whose cpu label equals the target pod\'s node (claim 004-15)', () => {
    const b = bench({ version: '1.33' });
    b.node('n54', { labels: { cpu: 'high' } });
    b.node('n55', { labels: { cpu: 'slow' } });
    b.node('n56', { labels: { cpu: 'high' } });
    b.node('nolabel');
    b.pod('nginx', { nodeSelector: { 'kubernetes.io/hostname': 'n56' } }, { labels: { app: 'nginx' } });
    b.at(0);
    const aff = { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'nginx' } }, topologyKey: 'cpu' }] } } };
    for (let i = 0; i < 12; i++) b.pod(`slb-${i}`, aff, { labels: { app: 'slb' } });
    b.at(1);
    const placed = new Set(Array.from({ length: 12 }, (_, i) => b.nodeOf(`slb-${i}`)));
    expect(placed).toEqual(new Set(['n54', 'n56']));

    b.pod('orphan', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'none' } }, topologyKey: 'cpu' }] } } });
    b.at(2);
    expect(b.condition('orphan')?.message).toBe(
      "0/4 nodes are available: 4 node(s) didn't match pod affinity rules. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    );
  });

  it('a pod whose required affinity matches itself may go first; the next ones follow it', () => {
    const b = bench();
    b.node('a', { labels: { zone: 'z1' } });
    b.node('b', { labels: { zone: 'z2' } });
    const aff = { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'zone' }] } } };
    for (let i = 0; i < 6; i++) b.pod(`c${i}`, aff, { labels: { app: 'cache' } });
    b.at(0);
    const zones = new Set(Array.from({ length: 6 }, (_, i) => b.nodeOf(`c${i}`)));
    expect(zones.size).toBe(1);
  });

  it('terms look in the pod\'s namespace by default, in listed namespaces, or in namespaces matching namespaceSelector', () => {
    const b = bench();
    b.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } } });
    b.node('x');
    b.node('y');
    b.pod('db', { nodeSelector: { 'kubernetes.io/hostname': 'x' } }, { namespace: 'team-a', labels: { app: 'db' } });
    b.at(0);
    const term = (extra: object) => ({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname', ...extra }] } } });
    b.pod('same-ns', term({}));
    b.pod('listed', term({ namespaces: ['team-a'] }));
    b.pod('selected', term({ namespaceSelector: { matchLabels: { team: 'a' } } }));
    b.pod('all', term({ namespaceSelector: {} }));
    b.at(1);
    expect(b.nodeOf('same-ns')).toBeUndefined();
    expect(b.nodeOf('listed')).toBe('x');
    expect(b.nodeOf('selected')).toBe('x');
    expect(b.nodeOf('all')).toBe('x');
  });
});
