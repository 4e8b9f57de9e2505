import { describe, expect, it } from '@jest/globals';
import { SUPPORTED_VERSIONS } from '../../../src/kube/version';
import { preloadedImages } from '../../../src/sim/kubelet/node-object';
import { kindImages, preloadedKindImages } from '../../../src/sim/system/kind-images';
import { isMirrorPod, mirrorPod, mirrorPodName, seenTimestamp } from '../../../src/sim/system/mirror-pod';
import { kubeadmStaticPods } from '../../../src/sim/system/static-pods';

describe('mirror pods', () => {
  const [etcd, , kcm, scheduler] = kubeadmStaticPods({ name: 'Kind-Control-Plane', internalIP: '172.18.0.2' }, '1.35');

  it('are named <component>-<lower-cased node name> and bound to the node', () => {
    const m = mirrorPod(etcd!, { name: 'Kind-Control-Plane', uid: 'u1' }, 'now');
    expect(m.metadata!.name).toBe('etcd-kind-control-plane');
    expect(mirrorPodName('etcd', 'Kind-Control-Plane')).toBe('etcd-kind-control-plane');
    expect(m.spec!.nodeName).toBe('Kind-Control-Plane');
    expect(isMirrorPod(m)).toBe(true);
    expect(isMirrorPod(etcd!)).toBe(false);
  });

  it('keep the manifest and add the hash of the manifest, different per component and node', () => {
    const a = mirrorPod(kcm!, { name: 'n1', uid: 'u1' }, 'now');
    const b = mirrorPod(scheduler!, { name: 'n1', uid: 'u1' }, 'now');
    const c = mirrorPod(kcm!, { name: 'n2', uid: 'u2' }, 'now');
    const hash = (p: typeof a) => p.metadata!.annotations!['kubernetes.io/config.hash'];
    expect(new Set([hash(a), hash(b), hash(c)]).size).toBe(3);
    expect(mirrorPod(kcm!, { name: 'n1', uid: 'u1' }, 'later').metadata!.annotations!['kubernetes.io/config.hash']).toBe(hash(a));
    expect(a.spec!.containers).toEqual(kcm!.spec!.containers);
  });

  it('write config.seen as RFC 3339 with the trailing zeros of the fraction dropped', () => {
    expect(seenTimestamp(Date.UTC(2025, 0, 1))).toBe('2025-01-01T00:00:00Z');
    expect(seenTimestamp(Date.UTC(2025, 0, 1) + 1500)).toBe('2025-01-01T00:00:01.5Z');
    expect(seenTimestamp(Date.UTC(2025, 0, 1) + 123)).toBe('2025-01-01T00:00:00.123Z');
  });
});

describe('kubeadm static pods', () => {
  it('request what kubeadm requests', () => {
    const pods = kubeadmStaticPods({ name: 'cp', internalIP: '172.18.0.2' }, '1.35');
    expect(pods.map((p) => [p.metadata!.name, p.spec!.containers[0]!.resources!.requests])).toEqual([
      ['etcd', { cpu: '100m', memory: '100Mi' }],
      ['kube-apiserver', { cpu: '250m' }],
      ['kube-controller-manager', { cpu: '200m' }],
      ['kube-scheduler', { cpu: '100m' }],
    ]);
  });

  it('probe the API server on its advertise address, ready from the first second', () => {
    const c = kubeadmStaticPods({ name: 'cp', internalIP: '172.18.0.7' }, '1.35')[1]!.spec!.containers[0]!;
    expect(c.readinessProbe).toEqual({ httpGet: { host: '172.18.0.7', path: '/readyz', port: 6443, scheme: 'HTTPS' }, initialDelaySeconds: 0, timeoutSeconds: 15, failureThreshold: 3, periodSeconds: 1 });
    expect(c.startupProbe!.failureThreshold).toBe(24);
    expect(c.command).toContain('--advertise-address=172.18.0.7');
  });
});

describe('kind node images', () => {
  it('are what the kubelet preloads, for every version', () => {
    for (const v of SUPPORTED_VERSIONS) expect(preloadedImages(v)).toEqual(preloadedKindImages(v));
  });

  it('carry each release\'s own etcd, CoreDNS and kindnetd', () => {
    expect(kindImages('1.35')).toMatchObject({ etcd: 'registry.k8s.io/etcd:3.6.6-0', coredns: 'registry.k8s.io/coredns/coredns:v1.13.1', kindRelease: 'v0.31.0' });
    expect(kindImages('1.32')).toMatchObject({ etcd: 'registry.k8s.io/etcd:3.5.16-0', coredns: 'registry.k8s.io/coredns/coredns:v1.11.3' });
    expect(kindImages('1.29').kindnetd).toBe('docker.io/kindest/kindnetd:v20240202-8f1494ea');
  });
});
