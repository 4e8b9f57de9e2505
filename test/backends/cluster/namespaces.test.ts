/** The scenario's namespaces mapped to a run's own, both ways. */
import { describe, expect, test } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import { NamespaceMap, RUN_LABEL } from '../../../src/backends/cluster/namespaces';

const map = () => new NamespaceMap('StatefulSet Partition Canary!', 'abc12');

describe('names', () => {
  test('default maps to ks-<short>-<random>, others get a suffix, system namespaces stay', () => {
    const m = map();
    expect(m.toCluster('default')).toBe('ks-statefulset-partitio-abc12');
    expect(m.toCluster('shop')).toBe('ks-statefulset-partitio-abc12-shop');
    expect(m.toCluster('kube-system')).toBe('kube-system');
    expect(m.runId).toBe('statefulset-partitio-abc12');
    expect(m.mapping()).toEqual({ default: 'ks-statefulset-partitio-abc12', shop: 'ks-statefulset-partitio-abc12-shop' });
    expect(m.toScenario('ks-statefulset-partitio-abc12-shop')).toBe('shop');
    expect(m.toScenario('someone-elses')).toBeUndefined();
    expect(m.toScenario('kube-public')).toBe('kube-public');
  });

  test('a long namespace still gives a valid name of at most 63 characters', () => {
    const m = map();
    const long = 'n'.repeat(60);
    const name = m.toCluster(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(m.toCluster(long)).toBe(name);
    expect(m.toScenario(name)).toBe(long);
  });

  test('internal namespaces can never be a scenario namespace mapped', () => {
    const m = map();
    expect(m.internal('dns')).toBe('ks-statefulset-partitio-abc12--dns');
    expect(m.toScenario(m.internal('dns'))).toBeUndefined();
  });
});

describe('objects going out', () => {
  test('metadata.namespace, default when absent, and fields that name a namespace', () => {
    const m = map();
    const pv: KObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { claimRef: { namespace: 'default', name: 'data-web-0' } } };
    const out = m.outbound(pv, false);
    expect(out.spec).toEqual({ claimRef: { namespace: 'ks-statefulset-partitio-abc12', name: 'data-web-0' } });
    expect(out.metadata.labels).toEqual({ [RUN_LABEL]: 'statefulset-partitio-abc12' });
    expect(pv.metadata.labels).toBeUndefined();

    const pod: KObject = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { namespace: 'default' } },
      spec: {
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ namespaces: ['shop', 'kube-system'], namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, topologyKey: 'x' }] } },
        nodeSelector: { namespace: 'default' },
      },
    };
    const p = m.outbound(pod, true);
    expect(p.metadata.namespace).toBe('ks-statefulset-partitio-abc12');
    expect(p.metadata.labels).toEqual({ namespace: 'default' });
    expect((p.spec as any).nodeSelector).toEqual({ namespace: 'default' });
    const term = (p.spec as any).affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
    expect(term.namespaces).toEqual(['ks-statefulset-partitio-abc12-shop', 'kube-system']);
    expect(term.namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe('ks-statefulset-partitio-abc12-shop');
  });

  test('ConfigMap data is the user\'s own', () => {
    const m = map();
    const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: { namespace: 'default' } };
    const out = m.outbound(cm, true);
    expect(out.metadata.namespace).toBe('ks-statefulset-partitio-abc12-shop');
    expect(out.data).toEqual({ namespace: 'default' });
  });

  test('a Namespace is renamed and labelled; a system one is left alone', () => {
    const m = map();
    const ns = m.outbound({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bar' } }, false);
    expect(ns.metadata).toEqual({ name: 'ks-statefulset-partitio-abc12-bar', labels: { [RUN_LABEL]: 'statefulset-partitio-abc12' } });
    expect(m.outbound({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } }, false).metadata).toEqual({ name: 'kube-system' });
  });
});

describe('objects coming back', () => {
  test('every generated name is replaced, the run label removed', () => {
    const m = map();
    m.toCluster('bar');
    const ev: KObject = {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'ks-statefulset-partitio-abc12' },
      involvedObject: { kind: 'Pod', namespace: 'ks-statefulset-partitio-abc12', name: 'web-0' },
      message: 'Successfully assigned ks-statefulset-partitio-abc12/web-0 to worker-1; see web-0.nginx.ks-statefulset-partitio-abc12-bar.svc.cluster.local',
    };
    expect(m.inbound(ev)).toEqual({
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0' },
      message: 'Successfully assigned default/web-0 to worker-1; see web-0.nginx.bar.svc.cluster.local',
    });
    const ns: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ks-statefulset-partitio-abc12-bar', labels: { [RUN_LABEL]: 'statefulset-partitio-abc12', 'kubernetes.io/metadata.name': 'ks-statefulset-partitio-abc12-bar' } } };
    expect(m.inbound(ns)!.metadata).toEqual({ name: 'bar', labels: { 'kubernetes.io/metadata.name': 'bar' } });
  });

  test('objects of other namespaces are not shown; system ones and cluster-scoped ones are', () => {
    const m = map();
    expect(m.inbound({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'ks-other-run-zzzzz' } })).toBeUndefined();
    expect(m.inbound({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })).toBeUndefined();
    expect(m.inbound({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } })?.metadata.name).toBe('kube-system');
    expect(m.inbound({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'coredns', namespace: 'kube-system' } })?.metadata.name).toBe('coredns');
    expect(m.inbound({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } })?.metadata.name).toBe('worker-1');
    expect(m.inbound({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'h', namespace: m.internal('dns') } })).toBeUndefined();
  });

  test('a generated name inside a longer word is left alone', () => {
    const m = map();
    expect(m.text('ks-statefulset-partitio-abc12x and ks-statefulset-partitio-abc12.svc')).toBe('ks-statefulset-partitio-abc12x and default.svc');
  });
});

describe('DNS names', () => {
  test('the namespace label of service and pod names is mapped', () => {
    const m = map();
    expect(m.dnsName('web-0.nginx.default.svc.cluster.local', 'cluster.local')).toBe('web-0.nginx.ks-statefulset-partitio-abc12.svc.cluster.local');
    expect(m.dnsName('_foo._tcp.x.shop.svc.cluster.local.', 'cluster.local')).toBe('_foo._tcp.x.ks-statefulset-partitio-abc12-shop.svc.cluster.local.');
    expect(m.dnsName('10-244-1-2.default.pod.cluster.local', 'cluster.local')).toBe('10-244-1-2.ks-statefulset-partitio-abc12.pod.cluster.local');
    expect(m.dnsName('kube-dns.kube-system.svc.cluster.local', 'cluster.local')).toBe('kube-dns.kube-system.svc.cluster.local');
    expect(m.dnsName('example.com', 'cluster.local')).toBe('example.com');
    expect(m.dnsName('svc.cluster.local', 'cluster.local')).toBe('svc.cluster.local');
  });
});
