import { describe, expect, it } from '@jest/globals';
import { bench, CONTROL_PLANE_TAINT, requests } from './harness';

const PREEMPTION_1 = 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';

describe('Scheduler filters and their FailedScheduling messages', () => {
  it('binds a schedulable pod: spec.nodeName, PodScheduled=True and a Scheduled event', () => {
    const b = bench();
    b.node('w1');
    b.pod('p');
    b.at(0);
    expect(b.nodeOf('p')).toBe('w1');
    expect(b.condition('p')).toMatchObject({ type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' });
    expect(b.events('p')).toEqual([
      { reason: 'Scheduled', type: 'Normal', count: 1, message: 'Successfully assigned default/p to w1', reportingComponent: 'default-scheduler' },
    ]);
  });

  it('leaves a pod of another scheduler alone', () => {
    const b = bench();
    b.node('w1');
    b.pod('p', { schedulerName: 'my-scheduler' });
    b.at(1000);
    expect(b.nodeOf('p')).toBeUndefined();
    expect(b.events('p')).toEqual([]);
  });

  it('NodeUnschedulable: a cordoned node takes only pods tolerating node.kubernetes.io/unschedulable', () => {
    const b = bench();
    b.node('w1', { unschedulable: true });
    b.pod('p');
    b.pod('tolerant', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    b.at(0);
    expect(b.nodeOf('p')).toBeUndefined();
    expect(b.nodeOf('tolerant')).toBe('w1');
    const msg = `0/1 nodes are available: 1 node(s) were unschedulable. no new claims to deallocate, ${PREEMPTION_1}`;
    expect(b.condition('p')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg, observedGeneration: 1 });
    expect(b.events('p')).toEqual([{ reason: 'FailedScheduling', type: 'Warning', count: 1, message: msg, reportingComponent: 'default-scheduler' }]);
  });

  it('TaintToleration: names the taint up to 1.33 and not from 1.34 (kubernetes#134740); NoExecute counts, PreferNoSchedule does not', () => {
    for (const [version, reason, tail] of [
      ['1.33', 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', PREEMPTION_1],
      ['1.35', 'node(s) had untolerated taint(s)', `no new claims to deallocate, ${PREEMPTION_1}`],
      ['1.37', 'node(s) had untolerated taint(s)', PREEMPTION_1],
    ] as const) {
      const b = bench({ version });
      b.node('cp', { taints: [CONTROL_PLANE_TAINT] });
      b.pod('p');
      b.at(0);
      expect(b.condition('p')?.message).toBe(`0/1 nodes are available: 1 ${reason}. ${tail}`);
    }
    const b = bench({ version: '1.32' });
    b.node('a', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] });
    b.node('soft', { taints: [{ key: 'spot', value: 'yes', effect: 'PreferNoSchedule' }] });
    b.pod('p');
    b.pod('db', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db' }], nodeSelector: { 'kubernetes.io/hostname': 'a' } });
    b.at(0);
    expect(b.nodeOf('p')).toBe('soft');
    expect(b.nodeOf('db')).toBe('a');
  });

  it('NodeAffinity: nodeSelector labels are ANDed (claim 004-12)', () => {
    const b = bench();
    b.node('w1', { labels: { disk: 'ssd' } });
    b.node('w2', { labels: { disk: 'ssd', zone: 'a' } });
    b.node('w3', { labels: { zone: 'a' } });
    for (let i = 0; i < 4; i++) b.pod(`p${i}`, { nodeSelector: { disk: 'ssd', zone: 'a' } });
    b.at(0);
    for (let i = 0; i < 4; i++) expect(b.nodeOf(`p${i}`)).toBe('w2');
  });

  it('NodeAffinity: required terms ORed, expressions ANDed, every operator and matchFields (claim 004-13)', () => {
    const b = bench();
    b.node('n1', { labels: { cpu: 'high', gen: '5' } });
    b.node('n2', { labels: { cpu: 'high', ssd: 'true', gen: '3' } });
    b.node('n3', { labels: { cpu: 'slow', gen: '9' } });
    const affinity = (terms: unknown[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
    b.pod('and', affinity([{ matchExpressions: [{ key: 'ssd', operator: 'DoesNotExist' }, { key: 'cpu', operator: 'In', values: ['high'] }] }]));
    b.pod('notin', affinity([{ matchExpressions: [{ key: 'cpu', operator: 'NotIn', values: ['high'] }] }]));
    b.pod('exists', affinity([{ matchExpressions: [{ key: 'ssd', operator: 'Exists' }] }]));
    b.pod('gt', affinity([{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['6'] }] }]));
    b.pod('lt', affinity([{ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['4'] }] }]));
    b.pod('field', affinity([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }]));
    b.pod('or', affinity([{ matchExpressions: [{ key: 'gen', operator: 'In', values: ['9'] }] }, { matchExpressions: [{ key: 'nope', operator: 'Exists' }] }]));
    b.at(0);
    expect(['and', 'notin', 'exists', 'gt', 'lt', 'field', 'or'].map((p) => b.nodeOf(p))).toEqual(['n1', 'n3', 'n2', 'n3', 'n2', 'n1', 'n3']);
  });

  it('NodeAffinity: an unsatisfiable rule leaves pods Pending with the upstream message (claim 004-13)', () => {
    const b = bench({ version: '1.33' });
    for (const n of ['cp1', 'cp2', 'cp3']) b.node(n, { taints: [CONTROL_PLANE_TAINT], labels: { 'node-role.kubernetes.io/control-plane': '' } });
    for (const n of ['w1', 'w2', 'w3']) b.node(n, { labels: { cpu: 'high', ssd: 'true' } });
    b.pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'ssd', operator: 'DoesNotExist' }, { key: 'cpu', operator: 'In', values: ['high'] }] }] } } } });
    b.at(0);
    expect(b.condition('p')?.message).toBe(
      "0/6 nodes are available: 3 node(s) didn't match Pod's node affinity/selector, 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. " +
        'preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling.',
    );
  });

  it('NodeAffinity PreFilter: a matchFields node name that does not exist leaves every node "didn\'t satisfy plugin(s)"', () => {
    const b = bench({ version: '1.32' });
    b.node('w1');
    b.node('w2');
    b.pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['ghost'] }] }] } } } });
    b.at(0);
    expect(b.condition('p')?.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });

  it('NodePorts: a taken host port blocks the node; preemption finds no lower-priority victim', () => {
    const b = bench({ version: '1.30' });
    b.node('w1');
    const port = { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }] };
    b.pod('first', port);
    b.at(0);
    b.pod('second', port);
    b.pod('udp', { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }] }] });
    b.at(1);
    expect(b.nodeOf('first')).toBe('w1');
    expect(b.nodeOf('udp')).toBe('w1');
    expect(b.condition('second')?.message).toBe(
      "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
  });

  it('NodeResourcesFit: requests against allocatable minus what pods already request; every shortfall is a reason', () => {
    const b = bench({ version: '1.31' });
    b.node('small', { cpu: '1', memory: '1Gi', pods: '2' });
    b.node('big', { cpu: '4', memory: '1Gi' });
    b.pod('a', requests('600m', '100Mi'));
    b.at(0);
    b.pod('b', requests('3', '2Gi'));
    b.at(1);
    expect(b.condition('b')?.message).toBe(
      '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    );
  });

  it('NodeResourcesFit: "Too many pods" from allocatable pods; init containers take the max, sidecars add up, overhead adds', () => {
    const b = bench();
    b.node('w1', { cpu: '2', pods: '1' });
    b.pod('one');
    b.at(0);
    b.pod('two');
    b.at(1);
    expect(b.condition('two')?.message).toMatch(/^0\/1 nodes are available: 1 Too many pods\./);

    const c = bench();
    c.node('w1', { cpu: '2' });
    // The init container runs alone (1.5 cpu) before the app (0.5): the pod needs the larger.
    c.pod('init', {
      initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '1500m' } } }],
      containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '500m' } } }],
      overhead: { cpu: '100m' },
    });
    c.at(0);
    // 1.5 (init) + 0.1 (overhead) = 1.6 is requested: 0.4 is left
    c.pod('fits', requests('400m'));
    c.pod('too-big', requests('401m'));
    c.at(1);
    expect(c.nodeOf('fits')).toBe('w1');
    expect(c.condition('too-big')?.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
  });

  it('NodeResourcesFit: a sidecar (restartable init container) runs beside the app, an init container after it runs beside the sidecar', () => {
    const b = bench();
    b.node('w1', { cpu: '2' });
    b.pod('p', {
      initContainers: [
        { name: 'side', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '300m' } } },
        { name: 'init', image: 'x', resources: { requests: { cpu: '1' } } },
      ],
      containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '500m' } } }],
    });
    b.at(0);
    // max(300m + 500m, 1000m + 300m) = 1300m requested; 700m left
    b.pod('fits', requests('700m'));
    b.pod('no', requests('1m'));
    b.at(1);
    expect(b.nodeOf('fits')).toBe('w1');
    expect(b.nodeOf('no')).toBeUndefined();
  });

  it('reports no nodes with the scheduler\'s own message', () => {
    const b = bench();
    b.pod('p');
    b.at(0);
    expect(b.condition('p')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: 'no nodes available to schedule pods' });
  });
});
