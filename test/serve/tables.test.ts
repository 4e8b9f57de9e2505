/**
 * The server-side printers' rules (pkg/printers/internalversion/printers.go): pod STATUS and
 * RESTARTS, node STATUS and ROLES, workload READY columns, HumanDuration, selectors.
 */
import { describe, expect, test } from '@jest/globals';
import type { KObject } from '../../src/kube/object';
import { humanDuration } from '../../src/serve/tables/duration';
import { toTable, printerFor } from '../../src/serve/tables';
import { summarizePod } from '../../src/serve/tables/pod';
import { nodeRoles } from '../../src/serve/tables/cluster';
import { formatLabelSelector } from '../../src/serve/tables/types';

const NOW = Date.parse('2025-01-01T01:00:00Z');
const ctx = { nowMs: NOW, version: '1.35' as const };

function pod(status: object, spec: object = {}, meta: object = {}): any {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: '2025-01-01T00:59:00Z', ...meta },
    spec: { containers: [{ name: 'c', image: 'x' }], ...spec },
    status,
  };
}

const running = { running: { startedAt: '2025-01-01T00:59:10Z' } };

describe('pod STATUS, READY and RESTARTS', () => {
  test('a running ready pod', () => {
    const p = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: running }] });
    expect(summarizePod(p, ctx)).toEqual({ ready: '1/1', status: 'Running', restarts: 0 });
    expect(printerFor('Pod').cells(p, ctx).slice(0, 5)).toEqual(['p', '1/1', 'Running', '0', '60s']);
  });

  test('a waiting reason wins: ContainerCreating, CrashLoopBackOff with restarts and the last restart age', () => {
    expect(summarizePod(pod({ phase: 'Pending', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }), ctx).status).toBe('ContainerCreating');
    const crash = pod({
      phase: 'Running',
      containerStatuses: [{
        name: 'c', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2025-01-01T00:59:30Z' } },
      }],
    });
    expect(printerFor('Pod').cells(crash, ctx).slice(1, 4)).toEqual(['0/1', 'CrashLoopBackOff', '4 (30s ago)']);
  });

  test('terminated containers: Completed, Error, ExitCode, Signal', () => {
    const done = (t: object) => summarizePod(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: t } }] }), ctx).status;
    expect(done({ exitCode: 0, reason: 'Completed' })).toBe('Completed');
    expect(done({ exitCode: 1, reason: 'Error' })).toBe('Error');
    expect(done({ exitCode: 3 })).toBe('ExitCode:3');
    expect(done({ exitCode: 137, signal: 9 })).toBe('Signal:9');
  });

  test('init containers: Init:i/n, Init:<reason>, Init:Error, and a started sidecar counts towards READY', () => {
    const spec = { initContainers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] };
    expect(summarizePod(pod({ phase: 'Pending', initContainerStatuses: [
      { name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'b', ready: false, restartCount: 0, state: { running: {} } },
    ] }, spec), ctx).status).toBe('Init:1/2');
    expect(summarizePod(pod({ phase: 'Pending', initContainerStatuses: [
      { name: 'a', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ] }, spec), ctx)).toMatchObject({ status: 'Init:CrashLoopBackOff', restarts: 2 });
    expect(summarizePod(pod({ phase: 'Pending', initContainerStatuses: [
      { name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } },
    ] }, spec), ctx).status).toBe('Init:Error');
    const sidecar = { initContainers: [{ name: 's', image: 'x', restartPolicy: 'Always' }] };
    expect(summarizePod(pod({
      phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
      initContainerStatuses: [{ name: 's', ready: true, started: true, restartCount: 1, state: running }],
      containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: running }],
    }, sidecar), ctx)).toEqual({ ready: '2/2', status: 'Running', restarts: 1 });
  });

  test('a pod being deleted is Terminating, Unknown when its node is lost, and keeps a terminal phase', () => {
    const base = { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: running }] };
    expect(summarizePod(pod(base, {}, { deletionTimestamp: '2025-01-01T01:00:30Z' }), ctx).status).toBe('Terminating');
    expect(summarizePod(pod({ ...base, reason: 'NodeLost' }, {}, { deletionTimestamp: '2025-01-01T01:00:30Z' }), ctx).status).toBe('Unknown');
    expect(summarizePod(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, {}, { deletionTimestamp: 'x' }), ctx).status).toBe('Completed');
  });

  test('SchedulingGated and a pod status reason (Evicted)', () => {
    expect(summarizePod(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), ctx).status).toBe('SchedulingGated');
    expect(summarizePod(pod({ phase: 'Failed', reason: 'Evicted' }), ctx).status).toBe('Evicted');
  });

  test('Completed with a container still running: Running when Ready, NotReady otherwise; from 1.35 a failed container wins', () => {
    const statuses = [
      { name: 'a', ready: true, restartCount: 0, state: running },
      { name: 'b', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ];
    const spec = { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] };
    expect(summarizePod(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses }, spec), ctx).status).toBe('Running');
    expect(summarizePod(pod({ phase: 'Running', containerStatuses: statuses }, spec), ctx).status).toBe('NotReady');
    const failed = [
      { name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'b', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } },
    ];
    expect(summarizePod(pod({ phase: 'Failed', containerStatuses: failed }, spec), ctx).status).toBe('Error');
    expect(summarizePod(pod({ phase: 'Failed', containerStatuses: failed }, spec), { version: '1.34' }).status).toBe('Completed');
  });

  test('wide cells: IP from podIPs, node, nominated node, readiness gates', () => {
    const p = pod({ phase: 'Running', podIPs: [{ ip: '10.244.1.5' }], conditions: [{ type: 'example.com/gate', status: 'True' }] },
      { nodeName: 'worker-1', readinessGates: [{ conditionType: 'example.com/gate' }, { conditionType: 'other' }] });
    expect(printerFor('Pod').cells(p, ctx).slice(5)).toEqual(['10.244.1.5', 'worker-1', '<none>', '1/2']);
  });
});

describe('other printers', () => {
  test('node STATUS and ROLES', () => {
    const node = (ready: string, unschedulable = false): KObject => ({
      apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'infra' }, creationTimestamp: '2025-01-01T00:00:00Z' },
      spec: { unschedulable }, status: { conditions: [{ type: 'Ready', status: ready }], nodeInfo: { kubeletVersion: 'v1.35.0' } },
    });
    expect(printerFor('Node').cells(node('True', true), ctx).slice(0, 5)).toEqual(['n', 'Ready,SchedulingDisabled', 'control-plane,infra', '60m', 'v1.35.0']);
    expect(printerFor('Node').cells(node('Unknown'), ctx)[1]).toBe('NotReady');
    expect(nodeRoles({})).toBe('<none>');
  });

  test('StatefulSet, Deployment, ReplicaSet and DaemonSet counts', () => {
    const meta = { name: 'w', namespace: 'default', creationTimestamp: '2025-01-01T00:00:00Z' };
    const sel = { matchLabels: { app: 'w' } };
    const tpl = { spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    expect(printerFor('StatefulSet').cells({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta, spec: { replicas: 3, template: tpl }, status: { readyReplicas: 2 } }, ctx))
      .toEqual(['w', '2/3', '60m', 'c', 'nginx']);
    expect(printerFor('Deployment').cells({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { replicas: 3, selector: sel, template: tpl }, status: { readyReplicas: 3, updatedReplicas: 2, availableReplicas: 3 } }, ctx))
      .toEqual(['w', '3/3', 2, 3, '60m', 'c', 'nginx', 'app=w']);
    expect(printerFor('ReplicaSet').cells({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta, spec: { replicas: 2, selector: sel, template: tpl }, status: { replicas: 2 } }, ctx).slice(0, 5))
      .toEqual(['w', 2, 2, 0, '60m']);
    expect(printerFor('DaemonSet').cells({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta, spec: { selector: sel, template: tpl }, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 } }, ctx).slice(0, 8))
      .toEqual(['w', 3, 3, 3, 3, 3, '<none>', '60m']);
  });

  test('Job STATUS arrives in 1.30; CronJob TIMEZONE too', () => {
    const job: KObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', creationTimestamp: '2025-01-01T00:00:00Z' }, spec: { completions: 2, template: { spec: { containers: [] } } },
      status: { succeeded: 2, startTime: '2025-01-01T00:00:00Z', completionTime: '2025-01-01T00:00:45Z', conditions: [{ type: 'Complete', status: 'True' }] } };
    expect(printerFor('Job').cells(job, ctx).slice(0, 5)).toEqual(['j', 'Complete', '2/2', '45s', '60m']);
    expect(printerFor('Job').cells(job, { ...ctx, version: '1.29' }).slice(0, 4)).toEqual(['j', '2/2', '45s', '60m']);
    expect(printerFor('Job').columns('1.29').map((c) => c.name).slice(0, 4)).toEqual(['Name', 'Completions', 'Duration', 'Age']);
    expect(printerFor('CronJob').columns('1.35').map((c) => c.name).slice(0, 7)).toEqual(['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age']);
  });

  test('Service, PVC, StorageClass and the default table', () => {
    const meta = { name: 's', namespace: 'default', creationTimestamp: '2025-01-01T00:59:58Z' };
    expect(printerFor('Service').cells({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { type: 'NodePort', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }], selector: { app: 'x' } } }, ctx))
      .toEqual(['s', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP', '2s', 'app=x']);
    expect(printerFor('PersistentVolumeClaim').cells({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta, spec: { volumeName: 'pv1', storageClassName: 'standard' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } }, ctx))
      .toEqual(['s', 'Bound', 'pv1', '1Gi', 'RWO', 'standard', '<unset>', '2s', '<unset>']);
    expect(printerFor('StorageClass').cells({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { ...meta, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }, ctx))
      .toEqual(['s (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '2s']);
    const t = toTable('Role', [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta }], ctx, 'None');
    expect(t.columnDefinitions.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Created At', 'date']]);
    expect(t.rows).toEqual([{ cells: ['s', '2025-01-01T00:59:58Z'] }]);
  });

  test('label selectors print sorted by key', () => {
    expect(formatLabelSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }, { key: 'd', operator: 'DoesNotExist' }] }))
      .toBe('a=1,b=2,c in (x,y),!d');
    expect(formatLabelSelector(undefined)).toBe('<none>');
  });
});

describe('HumanDuration', () => {
  test.each([
    [0, '0s'], [-500, '0s'], [-2500, '<invalid>'], [59_000, '59s'], [119_000, '119s'], [120_000, '2m'], [125_000, '2m5s'], [600_000, '10m'],
    [179 * 60_000, '179m'], [3 * 3600_000, '3h'], [3 * 3600_000 + 5 * 60_000, '3h5m'], [47 * 3600_000, '47h'], [50 * 3600_000, '2d2h'],
    [8 * 86400_000, '8d'], [700 * 86400_000, '700d'], [800 * 86400_000, '2y70d'], [9 * 365 * 86400_000, '9y'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
