/**
 * VolumeBinding (plugins/volumebinding/volume_binding.go, binder.go): PreFilter looks up the pod's
 * claims (missing, lost, being deleted or unbound Immediate claims make the pod unschedulable) and,
 * before 1.32, narrows the search to the nodes of bound hostname-pinned volumes; Filter checks bound volumes'
 * node affinity and, for unbound WaitForFirstConsumer claims, finds an Available volume the node
 * can use or a class that can provision there. The chosen node's decision feeds Reserve/PreBind.
 */
import { findMatchingVolume } from '../../controllers/volume/matching';
import { claimClass, isDelayBinding, volumeClass } from '../../controllers/volume/storage-class';
import { ANN_BIND_COMPLETED, ANN_SELECTED_NODE, type ClaimObj, type StorageClassObj, type VolumeObj } from '../../controllers/volume/types';
import { quantityOrZero } from '../../../kube/quantity';
import { LABEL_HOSTNAME } from '../constants';
import { claimNotForPod, ephemeralClaimName } from '../../../kube/ephemeral-volume';
import { status, type CycleContext, type FilterPlugin, type PreparedFilter, type Status } from '../framework';
import type { NodeInfo } from '../node-info';
import { compileNodeSelectorTerms } from '../node-selector';

export const VOLUME_BINDING = 'VolumeBinding';

const NODE_CONFLICT = 'node(s) had volume node affinity conflict';
const BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
const PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
const UNBOUND_IMMEDIATE = status(VOLUME_BINDING, 'UnschedulableAndUnresolvable', 'pod has unbound immediate PersistentVolumeClaims');

/** volume.NotSupportedProvisioner: a class that never provisions. */
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** What binding the pod's volumes on one node takes (PodVolumes). */
export interface VolumeDecision {
  /** Available volumes chosen for unbound WaitForFirstConsumer claims */
  readonly staticBindings: ReadonlyArray<{ pv: VolumeObj; pvc: ClaimObj }>;
  /** claims whose class will provision a volume on the node */
  readonly provisions: readonly ClaimObj[];
}

export interface VolumeBindingPrepared extends PreparedFilter {
  decision(node: string): VolumeDecision | undefined;
}

/** volume.CheckNodeAffinity: a volume without required node affinity fits every node. */
export function volumeFitsNode(pv: VolumeObj, labels: Readonly<Record<string, string>>): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return true;
  return compileNodeSelectorTerms(required.nodeSelectorTerms)('', labels);
}

/** pvc bound: volumeName set and the PV controller finished (pv.kubernetes.io/bind-completed). */
export function isClaimFullyBound(pvc: ClaimObj): boolean {
  return !!pvc.spec?.volumeName && Object.prototype.hasOwnProperty.call(pvc.metadata?.annotations ?? {}, ANN_BIND_COMPLETED);
}

/**
 * util.GetLocalPersistentVolumeNodeNames: the hostnames a volume is pinned to by
 * `kubernetes.io/hostname In` expressions (intersected within a term, united across terms).
 */
function pinnedNodeNames(pv: VolumeObj): Set<string> | undefined {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return undefined;
  let result: Set<string> | undefined;
  for (const t of terms) {
    let nodes: Set<string> | undefined;
    for (const e of t.matchExpressions ?? []) {
      if (e.key !== LABEL_HOSTNAME || e.operator !== 'In') continue;
      const s = new Set(e.values ?? []);
      nodes = nodes ? new Set([...nodes].filter((n) => s.has(n))) : s;
    }
    if (nodes) result = new Set([...(result ?? []), ...nodes]);
  }
  return result?.size ? result : undefined;
}

/** GetEligibleNodes (1.27–1.31): the nodes every hostname-pinned bound volume allows, if any is pinned. */
function eligibleNodes(boundVolumes: readonly (VolumeObj | undefined)[]): Set<string> | undefined {
  let eligible: Set<string> | undefined;
  for (const pv of boundVolumes) {
    const names = pv && pinnedNodeNames(pv);
    if (names) eligible = eligible ? new Set([...eligible].filter((n) => names.has(n))) : names;
  }
  return eligible;
}

interface Claims {
  bound: ClaimObj[];
  delayed: ClaimObj[];
  immediate: ClaimObj[];
}

/** podHasPVCs + GetPodVolumeClaims: look up every claim; a problem rejects the pod outright. */
function lookupClaims(ctx: CycleContext): Claims | Status {
  const classOf = (name: string) => ctx.api.get<StorageClassObj>('StorageClass', undefined, name);
  const claims: Claims = { bound: [], delayed: [], immediate: [] };
  const volumes = ctx.pod.pod.spec?.volumes ?? [];
  for (const v of volumes) {
    const ephemeral = !v.persistentVolumeClaim && !!v.ephemeral;
    if (!v.persistentVolumeClaim && !ephemeral) continue;
    const name = v.persistentVolumeClaim?.claimName ?? ephemeralClaimName(ctx.pod.pod, v);
    const pvc = ctx.api.get<ClaimObj>('PersistentVolumeClaim', ctx.pod.namespace, name);
    if (!pvc) {
      const msg = ephemeral
        ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"`
        : `persistentvolumeclaim "${name}" not found`;
      return status(VOLUME_BINDING, 'UnschedulableAndUnresolvable', msg);
    }
    if (pvc.status?.phase === 'Lost') {
      return status(VOLUME_BINDING, 'UnschedulableAndUnresolvable', `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`);
    }
    if (pvc.metadata.deletionTimestamp) {
      return status(VOLUME_BINDING, 'UnschedulableAndUnresolvable', `persistentvolumeclaim "${name}" is being deleted`);
    }
    const notOurs = ephemeral ? claimNotForPod(ctx.pod.pod, pvc) : undefined;
    if (notOurs) return status(VOLUME_BINDING, 'UnschedulableAndUnresolvable', notOurs);
    if (isClaimFullyBound(pvc)) claims.bound.push(pvc);
    else if (isDelayBinding(pvc, classOf) && !pvc.spec?.volumeName) claims.delayed.push(pvc);
    else claims.immediate.push(pvc);
  }
  return claims;
}

export const volumeBindingFilter: FilterPlugin = {
  name: VOLUME_BINDING,
  preFilter(ctx) {
    if (!ctx.pod.claimNames.length) return 'skip';
    const claims = lookupClaims(ctx);
    if ('code' in claims) return claims;
    if (claims.immediate.length) return UNBOUND_IMMEDIATE;
    return prepare(ctx, claims);
  },
};

function prepare(ctx: CycleContext, claims: Claims): VolumeBindingPrepared {
  const boundVolumes = claims.bound.map((c) => ctx.api.get<VolumeObj>('PersistentVolume', undefined, c.spec!.volumeName!));
  const eligible = ctx.features.boundVolumeNodeNames ? eligibleNodes(boundVolumes) : undefined;
  // unboundVolumesDelayBinding: the volumes of each wanted class, in a stable order.
  const byClass = new Map<string, VolumeObj[]>();
  if (claims.delayed.length) {
    const wanted = new Set(claims.delayed.map(claimClass));
    for (const pv of ctx.api.list<VolumeObj>('PersistentVolume')) {
      const cls = volumeClass(pv);
      if (!wanted.has(cls)) continue;
      let list = byClass.get(cls);
      if (!list) byClass.set(cls, (list = []));
      list.push(pv);
    }
    for (const list of byClass.values()) list.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }
  // findMatchingVolumes binds the smallest claims first.
  const delayed = [...claims.delayed].sort((a, b) => quantityOrZero(a.spec?.resources?.requests?.storage) - quantityOrZero(b.spec?.resources?.requests?.storage));
  const decisions = new Map<string, VolumeDecision>();
  const statuses = new Map<string, Status>();
  const classOf = (name: string) => ctx.api.get<StorageClassObj>('StorageClass', undefined, name);

  const reject = (reasons: string[]): Status => {
    const key = reasons.join('\u0000');
    let s = statuses.get(key);
    if (!s) statuses.set(key, (s = status(VOLUME_BINDING, 'UnschedulableAndUnresolvable', ...reasons)));
    return s;
  };

  return {
    ...(eligible ? { nodeNames: eligible } : {}),
    decision: (node) => decisions.get(node),
    filter(node: NodeInfo) {
      // checkBoundClaims
      let boundOk = true;
      let boundFound = true;
      for (const pv of boundVolumes) {
        if (!pv) {
          boundFound = false;
          break;
        }
        if (!volumeFitsNode(pv, node.labels)) {
          boundOk = false;
          break;
        }
      }
      const unbound = matchUnbound(node, delayed, byClass, classOf);
      const reasons: string[] = [];
      if (!boundOk) reasons.push(NODE_CONFLICT);
      if (!unbound.ok) reasons.push(BIND_CONFLICT);
      if (!boundFound) reasons.push(PV_NOT_EXIST);
      if (reasons.length) return reject(reasons);
      decisions.set(node.name, unbound.decision);
      return undefined;
    },
  };
}

/** The unbound half of FindPodVolumes: static matches first, then what can be provisioned. */
function matchUnbound(
  node: NodeInfo,
  delayed: readonly ClaimObj[],
  byClass: ReadonlyMap<string, VolumeObj[]>,
  classOf: (name: string) => StorageClassObj | undefined,
): { ok: boolean; decision: VolumeDecision } {
  const staticBindings: Array<{ pv: VolumeObj; pvc: ClaimObj }> = [];
  const provisions: ClaimObj[] = [];
  const empty = { staticBindings, provisions };
  const toMatch: ClaimObj[] = [];
  for (const claim of delayed) {
    const selected = claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (selected === undefined) toMatch.push(claim);
    else if (selected !== node.name) return { ok: false, decision: empty };
    else provisions.push(claim);
  }
  let ok = true;
  const chosen = new Set<string>();
  for (const claim of toMatch) {
    const pv = findMatchingVolume(claim, byClass.get(claimClass(claim)) ?? [], {
      delayBinding: true,
      nodeMatches: (v) => volumeFitsNode(v, node.labels),
      excluded: chosen,
    });
    if (pv) {
      chosen.add(pv.metadata.name);
      staticBindings.push({ pv, pvc: claim });
    } else {
      ok = false;
      provisions.push(claim);
    }
  }
  // checkVolumeProvisions decides on its own whether the leftover claims can be satisfied.
  if (provisions.length) ok = provisions.every((c) => canProvision(c, node, classOf));
  return { ok, decision: { staticBindings, provisions } };
}

/** checkVolumeProvisions: the class provisions (not no-provisioner) and its allowedTopologies admit the node. */
function canProvision(claim: ClaimObj, node: NodeInfo, classOf: (name: string) => StorageClassObj | undefined): boolean {
  const cls = classOf(claimClass(claim));
  if (!cls || !cls.provisioner || cls.provisioner === NO_PROVISIONER) return false;
  const topologies = (cls as StorageClassObj & { allowedTopologies?: Array<{ matchLabelExpressions?: Array<{ key: string; values: string[] }> }> }).allowedTopologies;
  if (!topologies?.length) return true;
  // MatchTopologySelectorTerms: terms ORed (an empty term selects nothing), expressions ANDed.
  return topologies.some((t) => {
    const exprs = t.matchLabelExpressions ?? [];
    return exprs.length > 0 && exprs.every((e) => Object.hasOwn(node.labels, e.key) && e.values.includes(node.labels[e.key]!));
  });
}
