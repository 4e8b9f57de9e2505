/**
 * The images a kind node image carries for each emulated Kubernetes minor: what `kubeadm config
 * images list` gives for that release (kube-* at the release tag, etcd, CoreDNS, pause:
 * cmd/kubeadm/app/constants DefaultEtcdVersion, CoreDNSVersion, PauseVersion) plus kind's own CNI
 * and storage images (kubernetes-sigs/kind pkg/build/nodeimage const_cni.go, const_storage.go),
 * which come from the kind release that built the node image. The node image of each minor is
 * taken from the first kind release whose default image is that minor (its `.0`/`.1` patch).
 *
 * One table: the kubelet's preloaded images (node.status.images, no pull needed) and the system
 * workloads' manifests both read it.
 */
import { minorOf, releaseOf, type KubeMinor, type KubeVersion } from '../../kube/version';

export interface KindImages {
  /** kind release that built the node image (pkg/apis/config/defaults/image.go at that tag) */
  kindRelease: string;
  /** `v1.35.4`: kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy */
  kubeTag: string;
  etcd: string;
  coredns: string;
  pause: string;
  kindnetd: string;
  localPathProvisioner: string;
  localPathHelper: string;
}

interface Row {
  kindRelease: string;
  etcd: string;
  coredns: string;
  pause: string;
  kindnetd: string;
  provisioner: string;
  helper: string;
}

/*
 * kind columns: read from the kind repository at each tag. kubeadm columns: the 1.35.0
 * changelog (etcd v3.6.6 #135271, CoreDNS #133968 "Update coredns to v1.13.1"), the 1.32 branch's
 * constants.go (etcd 3.5.16-0, CoreDNS v1.11.3, pause 3.10), CoreDNS bumps #120116 (v1.11.1, 1.29),
 * #126449 (v1.11.3, 1.32), #128926 (v1.12.0, 1.33), #131151 (v1.12.1, 1.34).
 * unverified: etcd of 1.29 (3.5.10-0), 1.31 (3.5.15-0), 1.33 (3.5.21-0), 1.34 (3.6.4-0) and the
 * pause tag of 1.29–1.31 and 1.34 (3.9 until 1.30, 3.10 from 1.31, 3.10.1 from 1.34).
 */
const ROWS: Record<KubeMinor, Row> = {
  '1.29': { kindRelease: 'v0.21.0', etcd: '3.5.10-0', coredns: 'v1.11.1', pause: '3.9', kindnetd: 'v20240202-8f1494ea', provisioner: 'v20240202-8f1494ea', helper: 'v20230510-486859a6' },
  '1.30': { kindRelease: 'v0.23.0', etcd: '3.5.12-0', coredns: 'v1.11.1', pause: '3.9', kindnetd: 'v20240513-cd2ac642', provisioner: 'v20240513-b9bba138', helper: 'v20230510-486859a6' },
  '1.31': { kindRelease: 'v0.24.0', etcd: '3.5.15-0', coredns: 'v1.11.1', pause: '3.10', kindnetd: 'v20240813-c6f155d6', provisioner: 'v20240813-c6f155d6', helper: 'v20230510-486859a6' },
  '1.32': { kindRelease: 'v0.26.0', etcd: '3.5.16-0', coredns: 'v1.11.3', pause: '3.10', kindnetd: 'v20241212-9f82dd49', provisioner: 'v20241212-8ac705d0', helper: 'v20241212-8ac705d0' },
  '1.33': { kindRelease: 'v0.28.0', etcd: '3.5.21-0', coredns: 'v1.12.0', pause: '3.10', kindnetd: 'v20250512-df8de77b', provisioner: 'v20250214-acbabc1a', helper: 'v20241212-8ac705d0' },
  '1.34': { kindRelease: 'v0.30.0', etcd: '3.6.4-0', coredns: 'v1.12.1', pause: '3.10.1', kindnetd: 'v20250512-df8de77b', provisioner: 'v20250214-acbabc1a', helper: 'v20241212-8ac705d0' },
  '1.35': {
    kindRelease: 'v0.31.0', etcd: '3.6.6-0', coredns: 'v1.13.1', pause: '3.10.1',
    kindnetd: 'v20251212-v0.29.0-alpha-105-g20ccfc88', provisioner: 'v20251212-v0.29.0-alpha-105-g20ccfc88', helper: 'v20251211-v0.29.0-alpha-100-g82a92c5d',
  },
  // kind v0.32.0 (default image kindest/node:v1.36.1): kind columns read from the v0.32.0 tag
  // (pkg/build/nodeimage/const_cni.go, const_storage.go). etcd 3.6.8-0: #137107 "update etcd
  // image to v3.6.8" (Feb 2026); both 3.6.9 PRs (#137956, #137975) were closed, 3.6.10 (#138392)
  // and 3.6.11 (#138746) are in the 1.37 changelog. CoreDNS v1.14.2 and pause 3.10.2 are what
  // `kubeadm config images list` prints for v1.36.1/v1.36.2, and what v1.36.3's
  // cmd/kubeadm/app/constants/constants.go pins (read from the Go module cache).
  '1.36': {
    kindRelease: 'v0.32.0', etcd: '3.6.8-0', coredns: 'v1.14.2', pause: '3.10.2',
    kindnetd: 'v20260528-9350166c', provisioner: 'v20260521-9fb22683', helper: 'v20260131-7181c60a',
  },
  // kind v0.33.0 (default image kindest/node:v1.37.0): the mirror has no v0.33.0 tag; kind columns
  // are kind main at 2026-08-22 (after the v1.37.0-rc.1 default-image bump, before #4248 made
  // v1.37.0 the default); kindnetd and local-path-provisioner v20260820-69b56db7 are also what
  // kind v0.33.0 + kindest/node:v1.37.0 clusters report. unverified: local-path-helper
  // (unchanged on kind main since 2026-01-31). etcd 3.7.0-0: #139427 (3.7.0-rc.0, 1.37.0-alpha.1)
  // then #140333 (3.7.0, July 2026); 3.7.1 (#141032) missed the 1.37 code freeze (1.38 changelog).
  // CoreDNS v1.14.6: #140497 (merged 2026-07-17); v1.14.7 (#141462) is in the 1.38 changelog.
  // pause 3.10.2: `kubeadm config images list` of v1.37.1; etcd, CoreDNS and pause match v1.37.2's
  // cmd/kubeadm/app/constants/constants.go (read from the Go module cache).
  '1.37': {
    kindRelease: 'v0.33.0', etcd: '3.7.0-0', coredns: 'v1.14.6', pause: '3.10.2',
    kindnetd: 'v20260820-69b56db7', provisioner: 'v20260820-69b56db7', helper: 'v20260131-7181c60a',
  },
};

/** The kubelet and every kube-* image run the emulated release (a minor: its newest emulated patch). */
export function kubeReleaseTag(v: KubeVersion): string {
  return `v${releaseOf(v)}`;
}

export function kindImages(v: KubeVersion): KindImages {
  const r = ROWS[minorOf(v)];
  return {
    kindRelease: r.kindRelease,
    kubeTag: kubeReleaseTag(v),
    etcd: `registry.k8s.io/etcd:${r.etcd}`,
    coredns: `registry.k8s.io/coredns/coredns:${r.coredns}`,
    pause: `registry.k8s.io/pause:${r.pause}`,
    kindnetd: `docker.io/kindest/kindnetd:${r.kindnetd}`,
    localPathProvisioner: `docker.io/kindest/local-path-provisioner:${r.provisioner}`,
    localPathHelper: `docker.io/kindest/local-path-helper:${r.helper}`,
  };
}

export function kubeImage(v: KubeVersion, component: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kube-proxy'): string {
  return `registry.k8s.io/${component}:${kubeReleaseTag(v)}`;
}

/** Every image the node image ships with (kind's `crictl images` right after create). */
export function preloadedKindImages(v: KubeVersion): string[] {
  const i = kindImages(v);
  return [
    kubeImage(v, 'kube-apiserver'),
    kubeImage(v, 'kube-controller-manager'),
    kubeImage(v, 'kube-proxy'),
    kubeImage(v, 'kube-scheduler'),
    i.etcd,
    i.coredns,
    i.pause,
    i.kindnetd,
    i.localPathProvisioner,
    i.localPathHelper,
  ];
}
