import { describe, expect, it } from '@jest/globals';
import type { ResourceQuota } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../src/kube/object';
import { checkQuota, type QuotaRequest } from '../../../src/sim/apiserver/resource-quota';
import { quotaStatus } from '../../../src/sim/controllers/resourcequota';
import { pod, pvc } from './helpers';

const parseTime = (t: string) => Date.parse(t) - Date.UTC(2025, 0, 1);

function quota(hard: Record<string, string>, used: Record<string, string>, spec: Partial<ResourceQuota['spec']> = {}): ResourceQuota {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard, ...spec }, status: { hard, used } };
}

const sized = (name: string, requests: Record<string, string>, limits: Record<string, string> = requests, extra: unknown = {}): KObject =>
  pod({ metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests, limits } }], ...(extra as object) } });

const create = (obj: KObject, old?: KObject): QuotaRequest => ({ op: old ? 'UPDATE' : 'CREATE', obj, old, nowMs: 0, parseTime });

function refusal(quotas: ResourceQuota[], req: QuotaRequest): string | undefined {
  try {
    checkQuota(quotas, req);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('ResourceQuota admission', () => {
  const memCpu = quota({ 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', 'limits.memory': '2Gi' },
    { 'requests.cpu': '400m', 'requests.memory': '600Mi', 'limits.cpu': '800m', 'limits.memory': '800Mi' });

  it('charges usage to status.used, keeping the quantities as written', () => {
    const [out] = checkQuota([quota({ 'requests.memory': '1Gi', pods: '2' }, { 'requests.memory': '0', pods: '0' })], create(sized('a', { memory: '600Mi' })));
    expect(out!.status!.used).toEqual({ pods: '1', 'requests.memory': '600Mi' });
  });

  it('refuses usage over status.hard with the exceeded-quota message', () => {
    expect(refusal([memCpu], create(sized('b', { memory: '700Mi', cpu: '400m' }, { memory: '1Gi', cpu: '800m' }))))
      .toBe('pods "b" is forbidden: exceeded quota: q, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi');
  });

  it('requires containers to state quota-tracked cpu and memory (must specify)', () => {
    expect(refusal([memCpu], create(sized('c', { memory: '1Mi' }, {}))))
      .toBe('pods "c" is forbidden: failed quota: q: must specify limits.cpu for: app; limits.memory for: app; requests.cpu for: app');
  });

  it('ignores pods outside the quota scopes, and charges only pods inside', () => {
    const terminating = quota({ pods: '1' }, { pods: '1' }, { scopes: ['Terminating'] });
    expect(checkQuota([terminating], create(sized('d', {})))).toEqual([]);
    expect(refusal([terminating], create(sized('e', {}, {}, { activeDeadlineSeconds: 10 }))))
      .toBe('pods "e" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1');
    const bestEffort = quota({ pods: '5' }, { pods: '0' }, { scopes: ['BestEffort'] });
    expect(checkQuota([bestEffort], create(sized('f', { cpu: '1' })))).toEqual([]);
    const priority = quota({ pods: '5' }, { pods: '0' }, { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } });
    expect(checkQuota([priority], create(sized('g', {})))).toEqual([]);
    expect(checkQuota([priority], create(sized('h', {}, {}, { priorityClassName: 'high' })))).toHaveLength(1);
  });

  it('charges claims by storage class and only the growth on a resize', () => {
    const storage = quota({ 'requests.storage': '10Gi', 'gold.storageclass.storage.k8s.io/requests.storage': '3Gi' },
      { 'requests.storage': '2Gi', 'gold.storageclass.storage.k8s.io/requests.storage': '2Gi' });
    const gold = (size: string) => pvc({ spec: { storageClassName: 'gold', resources: { requests: { storage: size } } } });
    expect(refusal([storage], create(gold('2Gi'))))
      .toBe('persistentvolumeclaims "data" is forbidden: exceeded quota: q, requested: gold.storageclass.storage.k8s.io/requests.storage=2Gi, '
        + 'used: gold.storageclass.storage.k8s.io/requests.storage=2Gi, limited: gold.storageclass.storage.k8s.io/requests.storage=3Gi');
    const [resized] = checkQuota([storage], create(gold('3Gi'), gold('2Gi')));
    expect(resized!.status!.used).toEqual({ 'gold.storageclass.storage.k8s.io/requests.storage': '3Gi', 'requests.storage': '3Gi' });
  });

  it('counts other kinds by object count on create only', () => {
    const counts = quota({ 'count/deployments.apps': '1', configmaps: '1' }, { 'count/deployments.apps': '1', configmaps: '0' });
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } } as KObject;
    expect(refusal([counts], create(deploy))).toBe('deployments.apps "web" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1');
    expect(checkQuota([counts], create(deploy, deploy))).toEqual([]);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } } as KObject;
    expect(checkQuota([counts], create(cm))[0]!.status!.used).toEqual({ configmaps: '1', 'count/deployments.apps': '1' });
  });
});

describe('resource quota controller status', () => {
  const objects: Record<string, KObject[]> = {
    Pod: [
      sized('a', { cpu: '100m', memory: '100Mi' }),
      sized('b', { cpu: '200m', memory: '1Gi' }),
      merge(sized('done', { cpu: '1', memory: '1Gi' }), { status: { phase: 'Succeeded' } }),
    ],
  };
  const list = (kind: string) => objects[kind] ?? [];

  it('writes hard from spec and sums used over charged pods, with a 0 for each tracked resource', () => {
    const q = { ...quota({}, {}), spec: { hard: { pods: '10', 'requests.cpu': '2', 'requests.memory': '4Gi', 'count/pods': '10', secrets: '3', 'unknown.example.com/x': '1' } }, status: undefined };
    expect(quotaStatus(q, list, 0, parseTime)).toEqual({
      hard: { 'count/pods': '10', pods: '10', 'requests.cpu': '2', 'requests.memory': '4Gi', secrets: '3', 'unknown.example.com/x': '1' },
      used: { 'count/pods': '3', pods: '2', 'requests.cpu': '300m', 'requests.memory': '1124Mi', secrets: '0' },
    });
  });

  it('writes nothing when the status is current', () => {
    const q = quota({ pods: '10' }, { pods: '2' });
    expect(quotaStatus(q, list, 0, parseTime)).toBeUndefined();
    expect(quotaStatus(quota({ pods: '10' }, { pods: '3' }), list, 0, parseTime)).toEqual({ hard: { pods: '10' }, used: { pods: '2' } });
  });

  it('stops charging a terminating pod once its grace period has run out', () => {
    const leaving = merge(sized('x', {}), { metadata: { deletionTimestamp: '2025-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 } });
    const only = (kind: string) => (kind === 'Pod' ? [leaving] : []);
    const q = quota({ pods: '10' }, { pods: '1' });
    expect(quotaStatus(q, only, 30_000, parseTime)).toBeUndefined();
    expect(quotaStatus(q, only, 60_001, parseTime)!.used).toEqual({ pods: '0' });
  });
});

function merge(o: KObject, patch: Record<string, Record<string, unknown>>): KObject {
  return { ...o, ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, { ...(o[k] as object), ...v }])) } as KObject;
}
