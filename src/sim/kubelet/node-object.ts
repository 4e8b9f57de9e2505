/**
 * The Node object a kind node's kubelet registers (pkg/kubelet/kubelet_node_status.go
 * initialNode + nodestatus setters), with what kubeadm and the controller-manager add right after
 * (control-plane role label and taint, podCIDR, ttl annotation).
 */
import type { NodeRequest } from '../../kube/cluster-request';
import { nodeCapacity, nodeLabels, nodeTaints } from '../../kube/node-shape';
import type { KObject } from '../../kube/object';
import { atLeast, minorOf, releaseOf, type KubeMinor, type KubeVersion } from '../../kube/version';
import { hex32, uuidFrom } from './ids';
import { imageId, imageSize, normalizeImage } from './images';
import { initialConditions } from './node-conditions';
import { preloadedKindImages } from '../system/kind-images';


/** Host facts shown in nodeInfo (unverified: versions of the kind node image for each release). */
/**
 * The node image's /etc/os-release PRETTY_NAME, which the kubelet reports: kind's base image is
 * debian:bookworm-slim up to kind v0.31.0 (the 1.35 node image) and debian:trixie-slim from
 * v0.32.0 (images/base/Dockerfile), whose images the 1.36 and 1.37 nodes are.
 */
function osImage(v: KubeVersion): string {
  return atLeast(v, '1.36') ? 'Debian GNU/Linux 13 (trixie)' : 'Debian GNU/Linux 12 (bookworm)';
}
const KERNEL_VERSION = '6.8.0-45-generic';
const CONTAINERD_VERSION: Record<KubeMinor, string> = {
  '1.29': '1.7.13', '1.30': '1.7.15', '1.31': '1.7.18', '1.32': '1.7.24', '1.33': '2.1.1', '1.34': '2.1.3', '1.35': '2.2.0',
  // kind v0.32.0 images/base/Dockerfile CONTAINERD_VERSION (the 1.36 node image's kind release);
  // 1.37: kind main at 2026-08-22 (commit 1f1286d2 "Bump to containerd v2.3.4"); the v0.33.0 tag was
  // not readable here; a kind v0.33.0 + v1.37.0 node reports containerd://2.3.4 (third-party output)
  '1.36': '2.3.1', '1.37': '2.3.4',
};

export interface NodeAddresses {
  internalIP: string;
  /** undefined: kcm found the cluster CIDR full and the Node has no podCIDR */
  podCIDR?: string;
}

/** The release the kubelet (and the API server's /version) reports: "v1.35.4". */
export function kubeletVersion(v: KubeVersion): string {
  return `v${releaseOf(v)}`;
}

export function nodeManifest(req: NodeRequest, addr: NodeAddresses, v: KubeVersion, now: string): KObject {
  const capacity = nodeCapacity(req);
  const taints = nodeTaints(req);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: req.name,
      labels: nodeLabels(req),
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        ...req.annotations,
      },
    },
    spec: {
      ...(addr.podCIDR ? { podCIDR: addr.podCIDR, podCIDRs: [addr.podCIDR] } : {}),
      providerID: `kind://docker/kind/${req.name}`,
      ...(taints.length ? { taints } : {}),
    },
    status: {
      capacity,
      // kind sets no reservations and evictionHard 0%: allocatable equals capacity
      allocatable: { ...capacity },
      conditions: initialConditions(now),
      addresses: [
        { type: 'InternalIP', address: addr.internalIP },
        { type: 'Hostname', address: req.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: nodeInfo(req.name, v),
      images: nodeImages(preloadedImages(v)),
    },
  };
}

function nodeInfo(name: string, v: KubeVersion): Record<string, string> {
  const info: Record<string, string> = {
    machineID: hex32('machine-id', name),
    systemUUID: uuidFrom('system-uuid', name),
    // cadvisor reads /proc/sys/kernel/random/boot_id, which is the host kernel's (not namespaced):
    // every kind node shows the same one, and `docker stop/start` of a node keeps it, so a
    // restarted kind node records no Rebooted event (setters.go MachineInfo compares boot ids)
    bootID: uuidFrom('boot-id', 'kind-host'),
    kernelVersion: KERNEL_VERSION,
    osImage: osImage(v),
    containerRuntimeVersion: `containerd://${CONTAINERD_VERSION[minorOf(v)]}`,
    kubeletVersion: kubeletVersion(v),
    operatingSystem: 'linux',
    architecture: 'amd64',
  };
  // DisableNodeKubeProxyVersion is on by default from 1.33: the kubelet stops filling the field
  if (!atLeast(v, '1.33')) info.kubeProxyVersion = kubeletVersion(v);
  return info;
}

/** Images a kind node image ships with: one table per release, shared with the system workloads. */
export function preloadedImages(v: KubeVersion): string[] {
  return preloadedKindImages(v);
}

/**
 * node.status.images: digests then tags of each image, largest first, at most 50
 * (nodestatus.Images, nodeStatusMaxImages).
 */
export function nodeImages(images: Iterable<string>): Array<{ names: string[]; sizeBytes: number }> {
  return [...images]
    .map((ref) => ({ names: [imageId(ref), normalizeImage(ref)], sizeBytes: imageSize(ref) }))
    .sort((a, b) => b.sizeBytes - a.sizeBytes || (a.names[1]! < b.names[1]! ? -1 : 1))
    .slice(0, 50);
}
