/**
 * `expect.dns` across namespaces: a pod in one namespace resolving `<svc>.<ns>` gets the cluster
 * IP of the Service in <ns> (kubernetes.io "DNS for Services and Pods": a pod in quux looks up
 * foo in bar as foo.bar). The expected Service and pods are looked up in the resolving namespace
 * unless written `<namespace>/<name>`.
 */
import { describe, expect, test } from '@jest/globals';
import { namespacedRef, serviceRef } from '../../src/runner/checks';
import { runInline } from '../support/inline';

function scenario(dns: string): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: dns-across-namespaces}
spec:
  setup:
    - apply: |
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80}]
  steps:
    - expect:
        within: 0s
        dns:
${dns}
`;
}

describe('dns checks across namespaces', () => {
  test('<namespace>/<name> names a Service in another namespace than the resolving pod', async () => {
    const run = await runInline(
      { 's.yaml': scenario(`          - {name: web.default, namespace: kube-system, resolvesTo: {service: default/web, count: 1}}`) },
      ['run', 's.yaml'],
    );
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.code).toBe(0);
  });

  test('a bare name is looked up in the resolving namespace, and the failure says where it looked', async () => {
    const run = await runInline(
      { 's.yaml': scenario(`          - {name: web.default, namespace: kube-system, resolvesTo: {service: web}}`) },
      ['run', 's.yaml'],
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('service web does not exist in namespace kube-system (write <namespace>/<name> for an object in another namespace)');
  });

  test('a namespaced Service that does not match the answer fails', async () => {
    const run = await runInline(
      { 's.yaml': scenario(`          - {name: kube-dns.kube-system, resolvesTo: {service: default/web}}`) },
      ['run', 's.yaml'],
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/expected 10\.96\.\d+\.\d+, got 10\.96\.0\.10/);
  });

  test('the expected Service may be written by its DNS name from another namespace', async () => {
    const run = await runInline(
      { 's.yaml': scenario(`          - {name: kube-dns.kube-system.svc, resolvesTo: {service: kube-dns.kube-system.svc}}\n          - {name: web.default, namespace: kube-system, resolvesTo: {service: web.default.svc.cluster.local}}`) },
      ['run', 's.yaml'],
    );
    expect(run.stdout).toContain('1 passed, 0 failed');
  });

  test('a Service written by DNS name that does not exist is named as written', async () => {
    const run = await runInline(
      { 's.yaml': scenario(`          - {name: web.default, namespace: kube-system, resolvesTo: {service: web.shop}}`) },
      ['run', 's.yaml'],
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('service web.shop does not exist in namespace shop');
  });
});

describe('serviceRef', () => {
  test('reads name, ns/name, name.ns, name.ns.svc and name.ns.svc.cluster.local', () => {
    const shop = { kind: 'Service', name: 'web', namespace: 'shop' };
    expect(serviceRef('web', 'shop')).toEqual(shop);
    for (const written of ['shop/web', 'web.shop', 'web.shop.svc', 'web.shop.svc.cluster.local']) expect(serviceRef(written, 'default')).toEqual(shop);
  });
});

describe('namespacedRef', () => {
  test('splits <namespace>/<name> and defaults the namespace otherwise', () => {
    expect(namespacedRef('Pod', 'web-0', 'default')).toEqual({ kind: 'Pod', name: 'web-0', namespace: 'default' });
    expect(namespacedRef('Service', 'kube-system/kube-dns', 'default')).toEqual({ kind: 'Service', name: 'kube-dns', namespace: 'kube-system' });
  });
});
