/**
 * The scheduler's cache (backend/cache/cache.go + snapshot): nodes, the pods bound or assumed on
 * them, and the indexes the plugins read. Fed from watch events; every update is incremental.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../kube/object';
import { NodeInfo, zoneKey } from './node-info';
import { NodeTree } from './node-tree';
import { newPodInfo, type PodInfo } from './pod-info';
import { podRequests, reportsResources } from './resources';
import { SelectorCounts } from './selector-counts';
import { TermGroups } from './term-groups';
import { HARD_POD_AFFINITY_WEIGHT } from './constants';
import { deepEqual } from '../../kube/equal';

export class ClusterCache {
  private readonly nodeInfos = new Map<string, NodeInfo>();
  private readonly tree = new NodeTree();
  private listCache: NodeInfo[] | undefined;
  /** uid → node of every pod bound or assumed */
  private readonly podNode = new Map<string, string>();
  private readonly podInfos = new Map<string, PodInfo>();
  private readonly podsByNamespace = new Map<string, Set<PodInfo>>();
  private readonly assumed = new Set<string>();
  /** image name → nodes reporting it (ImageLocality's spread factor) */
  private readonly imageNodes = new Map<string, Set<string>>();
  /** namespace/claim → pods (bound or assumed) using it (VolumeRestrictions' IsPVCUsedByPods) */
  private readonly claimUsers = new Map<string, number>();
  /** nodes with a PreferNoSchedule taint (TaintToleration scores only differ when there are any) */
  readonly preferNoScheduleNodes = new Set<string>();
  /** namespace → labels (namespaceSelector of affinity terms) */
  readonly namespaceLabels = new Map<string, Readonly<Record<string, string>>>();

  /** per-node counts of pods matching a selector */
  readonly selectorCounts = new SelectorCounts(
    (visit, namespaces) => this.forEachPod(visit, namespaces),
    (node) => this.nodeInfos.get(node)?.labels,
  );
  /** required anti-affinity terms of existing pods (InterPodAffinity filter) */
  readonly existingAntiAffinity = new TermGroups();
  /** existing pods' terms that score the incoming pod: required affinity (hard weight), preferred ±weight */
  readonly existingScoringTerms = new TermGroups();
  /** how many pods with any (anti-)affinity term are on nodes (InterPodAffinity PreScore skip) */
  podsWithAffinity = 0;

  // ---- nodes ----------------------------------------------------------------------------------

  upsertNode(node: Node): void {
    const name = node.metadata!.name!;
    const info = this.nodeInfo(name);
    const oldImages = [...info.images.keys()];
    const oldLabels = info.labels;
    info.setNode(node);
    if (oldLabels !== info.labels && !sameLabels(oldLabels, info.labels)) this.selectorCounts.nodeRelabeled(name, oldLabels, info.labels);
    this.tree.add(name, zoneKey(info.labels));
    this.reindexImages(name, oldImages, [...info.images.keys()]);
    if (info.taints.some((t) => t.effect === 'PreferNoSchedule')) this.preferNoScheduleNodes.add(name);
    else this.preferNoScheduleNodes.delete(name);
    this.listCache = undefined;
  }

  removeNode(name: string): void {
    const info = this.nodeInfos.get(name);
    if (!info) return;
    this.reindexImages(name, [...info.images.keys()], []);
    this.preferNoScheduleNodes.delete(name);
    const oldLabels = info.labels;
    info.setNode(undefined);
    this.selectorCounts.nodeRelabeled(name, oldLabels, info.labels);
    this.tree.remove(name);
    // Pods still bound to a deleted node stay accounted until they are gone (cache.RemoveNode).
    if (!info.pods.size) this.nodeInfos.delete(name);
    this.listCache = undefined;
  }

  /** Nodes in the scheduler's walking order (NodeTree), only those with a Node object. */
  nodeList(): readonly NodeInfo[] {
    if (!this.listCache) this.listCache = this.tree.list().map((n) => this.nodeInfos.get(n)!);
    return this.listCache;
  }

  get(name: string): NodeInfo | undefined {
    const info = this.nodeInfos.get(name);
    return info?.node ? info : undefined;
  }

  /** Whether any node reports images at all (ImageLocality scores 0 everywhere otherwise). */
  get anyImages(): boolean {
    return this.imageNodes.size > 0;
  }

  /** Nodes reporting an image (ImageLocality). */
  nodesWithImage(image: string): number {
    return this.imageNodes.get(image)?.size ?? 0;
  }

  private nodeInfo(name: string): NodeInfo {
    let info = this.nodeInfos.get(name);
    if (!info) this.nodeInfos.set(name, (info = new NodeInfo(name)));
    return info;
  }

  private reindexImages(node: string, before: string[], after: string[]): void {
    for (const img of before) {
      const s = this.imageNodes.get(img);
      s?.delete(node);
      if (s && !s.size) this.imageNodes.delete(img);
    }
    for (const img of after) {
      let s = this.imageNodes.get(img);
      if (!s) this.imageNodes.set(img, (s = new Set()));
      s.add(node);
    }
  }

  // ---- pods -----------------------------------------------------------------------------------

  /** The node a pod is bound or assumed on. */
  nodeOf(uid: string): string | undefined {
    return this.podNode.get(uid);
  }

  podInfo(uid: string): PodInfo | undefined {
    return this.podInfos.get(uid);
  }

  /** Pods on nodes using the claim `namespace/name`. */
  claimUsage(key: string): number {
    return this.claimUsers.get(key) ?? 0;
  }

  isAssumed(uid: string): boolean {
    return this.assumed.has(uid);
  }

  /** AssumePod: the scheduler counts the pod on its node before the binding lands. */
  assume(info: PodInfo, node: string): void {
    this.place(info, node);
    this.assumed.add(info.uid);
  }

  /** ForgetPod: the binding failed; the assumed pod leaves its node. */
  forget(uid: string): void {
    if (!this.assumed.delete(uid)) return;
    this.unplace(uid);
  }

  /**
   * A pod bound to a node, seen from the watch (AddPod/UpdatePod; confirms an assumed pod).
   * Terminal pods are not cached: the scheduler's informer excludes Succeeded and Failed pods.
   */
  setAssignedPod(pod: Pod): void {
    const uid = pod.metadata!.uid!;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.removePod(uid);
      return;
    }
    this.assumed.delete(uid);
    const node = pod.spec!.nodeName!;
    const old = this.podInfos.get(uid);
    if (old && this.podNode.get(uid) === node && sameSchedulingView(old, pod)) {
      // preemption reads the newest status (startTime, a DisruptionTarget condition); holding
      // the version of the binding also kept a whole stale copy of every pod alive
      old.pod = pod;
      return;
    }
    if (old) this.unplace(uid);
    this.place(newPodInfo(pod), node);
  }

  removePod(uid: string): void {
    this.assumed.delete(uid);
    this.unplace(uid);
  }

  private place(info: PodInfo, node: string): void {
    this.podNode.set(info.uid, node);
    this.podInfos.set(info.uid, info);
    let ns = this.podsByNamespace.get(info.namespace);
    if (!ns) this.podsByNamespace.set(info.namespace, (ns = new Set()));
    ns.add(info);
    this.nodeInfo(node).addPod(info);
    this.indexTerms(info, node, 1);
    this.countClaims(info, 1);
    this.selectorCounts.podAdded(info, node);
  }

  private unplace(uid: string): void {
    const info = this.podInfos.get(uid);
    const node = this.podNode.get(uid);
    if (!info || node === undefined) return;
    this.podNode.delete(uid);
    this.podInfos.delete(uid);
    this.podsByNamespace.get(info.namespace)?.delete(info);
    const ni = this.nodeInfos.get(node);
    ni?.removePod(info);
    if (ni && !ni.node && !ni.pods.size) this.nodeInfos.delete(node);
    this.indexTerms(info, node, -1);
    this.countClaims(info, -1);
    this.selectorCounts.podRemoved(info, node);
  }

  private indexTerms(p: PodInfo, node: string, sign: 1 | -1): void {
    for (const t of p.requiredAntiAffinity) this.existingAntiAffinity.add(t, 1, node, sign);
    for (const t of p.requiredAffinity) this.existingScoringTerms.add(t, HARD_POD_AFFINITY_WEIGHT, node, sign);
    for (const t of p.preferredAffinity) this.existingScoringTerms.add(t, t.weight, node, sign);
    for (const t of p.preferredAntiAffinity) this.existingScoringTerms.add(t, -t.weight, node, sign);
    if (p.requiredAffinity.length + p.requiredAntiAffinity.length + p.preferredAffinity.length + p.preferredAntiAffinity.length) {
      this.podsWithAffinity += sign;
    }
  }

  private countClaims(p: PodInfo, sign: 1 | -1): void {
    for (const c of p.claimNames) {
      const key = `${p.namespace}/${c}`;
      const n = (this.claimUsers.get(key) ?? 0) + sign;
      if (n > 0) this.claimUsers.set(key, n);
      else this.claimUsers.delete(key);
    }
  }

  private forEachPod(visit: (pod: PodInfo, node: string) => void, namespaces: ReadonlySet<string> | 'all'): void {
    const sets = namespaces === 'all' ? [...this.podsByNamespace.values()] : [...namespaces].map((ns) => this.podsByNamespace.get(ns));
    for (const set of sets) for (const p of set ?? []) visit(p, this.podNode.get(p.uid)!);
  }

  // ---- namespaces -----------------------------------------------------------------------------

  setNamespace(ns: KObject | undefined, name: string): void {
    if (ns) this.namespaceLabels.set(name, ns.metadata.labels ?? {});
    else this.namespaceLabels.delete(name);
  }
}

/**
 * Whether an update changes nothing the scheduler derived from the pod (status updates from the
 * kubelet are most of them): same spec, labels and terminating state, and the same requests — a
 * resize in place is counted with the resources the status reports (podRequests), which change
 * without the spec when the kubelet actuates it.
 */
function sameSchedulingView(info: PodInfo, b: Pod): boolean {
  const a = info.pod;
  if (!!a.metadata?.deletionTimestamp !== !!b.metadata?.deletionTimestamp) return false;
  const sameLabels = a.metadata?.labels === b.metadata?.labels || deepEqual(a.metadata?.labels ?? {}, b.metadata?.labels ?? {});
  if (!sameLabels || (a.spec !== b.spec && !deepEqual(a.spec, b.spec))) return false;
  return !reportsResources(a) && !reportsResources(b) || deepEqual(info.requests, podRequests(b, false));
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
