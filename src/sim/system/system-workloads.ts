/**
 * The system workloads a fresh `kind create cluster` runs, put in place as kind and kubeadm do
 * and then left to the simulator's own controllers, scheduler and kubelets:
 * - the API server's bootstrap PriorityClasses system-node-critical and system-cluster-critical
 *   (pkg/registry/scheduling/rest storage_scheduling.go, post-start hook);
 * - on every control-plane node, the mirror pods of kubeadm's static pods (etcd, kube-apiserver,
 *   kube-controller-manager, kube-scheduler), as that node's kubelet posts them;
 * - once, when the first node registers (kubeadm init, then kind's installcni and installstorage
 *   actions): CoreDNS and kube-proxy (kubeadm addons), kindnet and local-path-storage (kind).
 *
 * kind's order is kubeadm init, CNI, storage, then the workers join (pkg/cluster/internal/create
 * create.go): the cluster registers control-plane nodes first, so CoreDNS and the
 * local-path-provisioner are scheduled while the control-plane node is the only node, where they
 * stay, as on kind.
 *
 * The kubelet part this component plays (the simulated kubelet runs any pod bound to its node and
 * has no static pods): a mirror pod that is deleted while its Node exists is posted again
 * (kubelet syncPod recreates a missing mirror pod); the pod worker deletes a mirror pod marked for
 * deletion at once (PodWorker.replaceMirrorPod), so that happens at once too. Unlike a real static
 * pod, the simulated containers stop with the deleted mirror pod and start again with the new one.
 *
 * Wiring: `new SystemWorkloads()` anywhere in the component list; register control-plane nodes
 * before workers and settle in between.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../errors';
import type { KObject } from '../../kube/object';
import { EPOCH_MS, type ApiServer, type WatchEvent } from '../apiserver/store';
import type { Component, SimContext } from '../context';
import { CONTROL_PLANE_ROLE_LABEL } from '../../kube/node-shape';
import type { KubeVersion } from '../../kube/version';
import { RecentValues } from '../../kube/recent-values';
import { WorkQueue } from '../workqueue';
import { kindnetObjects, localPathStorageObjects } from './kind-addons';
import { coreDnsObjects, kubeProxyObjects } from './kubeadm-addons';
import { configHash, mirrorPod, seenTimestamp } from './mirror-pod';
import { kubeadmStaticPods, type ControlPlaneHost } from './static-pods';

const INSTALL_KEY = 'install';
const NODE_PREFIX = 'node/';
const API_PORT = 6443;

/** The bootstrap classes (pkg/apis/scheduling/types.go SystemPriorityClasses). */
const SYSTEM_PRIORITY_CLASSES: KObject[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' },
    value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-cluster-critical' },
    value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

export class SystemWorkloads implements Component {
  private ctx!: SimContext;
  private queue!: WorkQueue;
  private installed = false;
  /** uids of the mirror pods this component posted: only those are posted again when deleted */
  private readonly mirrors = new Set<string>();
  /** config.seen per Node uid: when that node's kubelet first read its manifests */
  private readonly seenByNode = new Map<string, string>();

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.api.watch((ev) => this.onEvent(ev), ['Node', 'Pod']);
  }

  private get api(): ApiServer {
    return this.ctx.api;
  }

  private onEvent(ev: WatchEvent): void {
    const o = ev.object;
    if (o.kind === 'Node' && ev.type === 'ADDED') {
      if (!this.installed) this.queue.add(INSTALL_KEY);
      if (isControlPlane(o)) this.queue.add(NODE_PREFIX + o.metadata.name);
    } else if (o.kind === 'Pod' && ev.type === 'DELETED' && this.mirrors.delete(o.metadata.uid ?? '')) {
      const node = (o as Pod).spec?.nodeName;
      if (node) this.queue.add(NODE_PREFIX + node);
    }
  }

  private sync(key: string): void {
    if (key === INSTALL_KEY) return this.install();
    this.ensureMirrorPods(key.slice(NODE_PREFIX.length));
  }

  /** kubeadm init's addons, then kind's CNI and storage manifests. */
  private install(): void {
    if (this.installed) return;
    const v = this.ctx.config.version;
    const endpoint = `${this.controlPlaneName()}:${API_PORT}`;
    for (const obj of [
      ...SYSTEM_PRIORITY_CLASSES,
      ...coreDnsObjects(v),
      ...kubeProxyObjects(v, endpoint),
      ...kindnetObjects(v, endpoint),
      ...localPathStorageObjects(v),
    ]) this.createIfMissing(obj);
    this.installed = true;
  }

  /** kind's controlPlaneEndpoint: the (first) control-plane node's name; kind's default name without one. */
  private controlPlaneName(): string {
    const nodes = this.api.list<KObject>('Node').filter(isControlPlane).map((n) => n.metadata.name).sort();
    return nodes[0] ?? 'control-plane';
  }

  /** The node's kubelet posts a mirror pod for each static pod that has none. */
  private ensureMirrorPods(nodeName: string): void {
    const node = this.api.get<Node>('Node', undefined, nodeName);
    if (!node) return;
    const internalIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
    const uid = node.metadata!.uid!;
    const seen = this.seenByNode.get(uid) ?? seenTimestamp(EPOCH_MS + this.ctx.clock.now());
    this.seenByNode.set(uid, seen);
    const manifests = kubeadmStaticPods({ name: nodeName, internalIP }, this.ctx.config.version);
    const hashes = staticPodHashes(manifests, { name: nodeName, internalIP }, this.ctx.config.version);
    for (const [i, manifest] of manifests.entries()) {
      const pod = mirrorPod(manifest, { name: nodeName, uid }, seen, hashes[i]);
      if (this.api.get('Pod', 'kube-system', pod.metadata!.name!)) continue;
      const created = this.createIfMissing(pod as unknown as KObject);
      if (created) this.mirrors.add(created.metadata.uid!);
    }
  }

  private createIfMissing(obj: KObject): KObject | undefined {
    try {
      return this.api.create(obj);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) return undefined;
      throw e;
    }
  }
}

/**
 * The config hashes of a control-plane host's static pods. The manifests follow from the host
 * and the version alone and every cluster boot posts them again, so their hashes (a JSON dump and
 * a sha256 each) are kept per host; the manifests themselves, which the store freezes, are built
 * afresh. A few hosts recur across a run's clusters: the table is bounded all the same.
 */
function staticPodHashes(manifests: readonly Pod[], host: ControlPlaneHost, version: KubeVersion): readonly string[] {
  const key = JSON.stringify([version, host.name, host.internalIP]);
  return hashesByHost.get(key, () => manifests.map((m) => configHash(m, host.name)));
}

const hashesByHost = new RecentValues<string, readonly string[]>(64);

function isControlPlane(node: KObject): boolean {
  return node.metadata.labels?.[CONTROL_PLANE_ROLE_LABEL] !== undefined;
}
