/**
 * A DaemonSet's ControllerRevisions (daemon update.go constructHistory, controlledHistories,
 * Match, getPatch, snapshot, dedupCurHistories, cleanupHistory). The current revision is the one
 * whose data equals the template now (as a `$patch: replace` strategic merge patch); it is named
 * `<ds>-<ComputeHash(template, collisionCount)>`, labelled controller-revision-hash with that hash
 * (the value new pods get), and numbered one past the highest older revision — so returning to an
 * old template renumbers its revision instead of creating one.
 */
import { ApiError } from '../../../errors';
import { labelSelectorMatches } from '../../../kube/labels';
import { clone } from '../../../kube/object';
import type { KubeVersion } from '../../../kube/version';
import type { ApiServer } from '../../apiserver/store';
import { computeHash } from '../deployment/hash';
import { claimObjects } from '../shared/controller-ref-manager';
import { controlledBy, orphansIn } from '../shared/owner-lookup';
import { canonicalJson, templatePatch, templatePatchJson } from '../shared/revision-data';
import { isApiReason, SyncError } from '../statefulset/errors';
import type { OrphanIndex } from '../shared/orphan-index';
import { DAEMONSET_GVK, newControllerRef, REVISION_HASH_LABEL, type DaemonSetObj, type PodObj, type RevisionObj } from './types';

const KIND = 'ControllerRevision';

export interface Revisions {
  cur: RevisionObj;
  old: RevisionObj[];
}

export class DaemonSetHistory {
  constructor(
    private readonly api: ApiServer,
    private readonly orphans: OrphanIndex,
    private readonly version: KubeVersion,
  ) {}

  /** Match: the revision holds exactly the DaemonSet's current template. */
  matches(ds: DaemonSetObj, revision: RevisionObj): boolean {
    return templatePatchJson(ds.spec.template, this.version) === canonicalJson(revision.data ?? null);
  }

  /** constructHistory: the current revision (created or renumbered as needed) and the others. */
  construct(ds: DaemonSetObj, claimedPods: () => readonly PodObj[]): Revisions {
    const current: RevisionObj[] = [];
    const old: RevisionObj[] = [];
    for (const r of this.claim(ds)) {
      const labelled = this.ensureHashLabel(r);
      (this.matches(ds, labelled) ? current : old).push(labelled);
    }
    const next = Math.max(0, ...old.map((r) => r.revision)) + 1;
    if (!current.length) return { cur: this.snapshot(ds, next), old };
    const cur = this.dedup(current, claimedPods);
    if (cur.revision < next) this.api.update<RevisionObj>({ ...cur, revision: next });
    // Upstream hands back the revision as it was before renumbering; only its hash label is read.
    return { cur, old };
  }

  /**
   * cleanupHistory: beyond revisionHistoryLimit (default 10), delete old revisions no pod still
   * carries the hash of, lowest revision first. `livePods` includes finished pods being deleted.
   */
  cleanup(ds: DaemonSetObj, old: readonly RevisionObj[], livePods: readonly PodObj[]): void {
    let toKill = old.length - (ds.spec.revisionHistoryLimit ?? 10);
    if (toKill <= 0) return;
    const liveHashes = new Set(livePods.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL]).filter((h) => h));
    for (const r of [...old].sort((a, b) => a.revision - b.revision)) {
      if (toKill <= 0) break;
      if (liveHashes.has(r.metadata.labels?.[REVISION_HASH_LABEL])) continue;
      this.api.delete(KIND, r.metadata.namespace, r.metadata.name);
      toKill--;
    }
  }

  /** controlledHistories: claim the namespace's revisions the selector matches (ControllerRefManager). */
  private claim(ds: DaemonSetObj): RevisionObj[] {
    const ns = ds.metadata.namespace ?? 'default';
    const candidates = [...controlledBy<RevisionObj>(this.api, ds.metadata.uid, KIND), ...orphansIn<RevisionObj>(this.api, this.orphans, ns)];
    return claimObjects(this.api, {
      owner: ds, ownerGvk: DAEMONSET_GVK, candidates, match: (r) => labelSelectorMatches(ds.spec.selector, r.metadata.labels),
    });
  }

  /** A revision from before the hash label gets its own name as the label (no hash to recompute). */
  private ensureHashLabel(r: RevisionObj): RevisionObj {
    if (r.metadata.labels?.[REVISION_HASH_LABEL] !== undefined) return r;
    const next = clone(r);
    next.metadata.labels = { ...(next.metadata.labels ?? {}), [REVISION_HASH_LABEL]: r.metadata.name };
    return this.api.update<RevisionObj>(next);
  }

  /**
   * dedupCurHistories: of several revisions with the current template keep the highest numbered
   * (the last one on a tie), relabel every claimed pod with its hash, delete the rest.
   */
  private dedup(current: RevisionObj[], claimedPods: () => readonly PodObj[]): RevisionObj {
    if (current.length === 1) return current[0]!;
    const keep = current.reduce((best, r) => (r.revision >= best.revision ? r : best));
    const hash = keep.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
    for (const pod of claimedPods()) {
      if (pod.metadata.labels?.[REVISION_HASH_LABEL] === hash) continue;
      const next = clone(pod);
      next.metadata.labels = { ...(next.metadata.labels ?? {}), [REVISION_HASH_LABEL]: hash };
      delete next.metadata.resourceVersion; // a merge patch: no precondition
      this.api.update(next);
    }
    for (const r of current) if (r !== keep) this.api.delete(KIND, r.metadata.namespace, r.metadata.name);
    return keep;
  }

  /**
   * snapshot: create the revision. A name taken by a revision with other data is a hash
   * collision: status.collisionCount goes up and the sync fails, to retry with the new name.
   */
  private snapshot(ds: DaemonSetObj, revision: number): RevisionObj {
    const hash = computeHash(ds.spec.template, ds.status?.collisionCount);
    const rev: RevisionObj = {
      apiVersion: 'apps/v1',
      kind: KIND,
      metadata: {
        name: `${ds.metadata.name}-${hash}`,
        namespace: ds.metadata.namespace,
        labels: { ...(ds.spec.template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
        ownerReferences: [newControllerRef(ds, DAEMONSET_GVK)],
        ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      },
      data: templatePatch(ds.spec.template, this.version),
      revision,
    };
    try {
      return this.api.create<RevisionObj>(rev);
    } catch (err) {
      if (!isApiReason(err, 'AlreadyExists')) throw err;
      const existing = this.api.get<RevisionObj>(KIND, ds.metadata.namespace, rev.metadata.name);
      if (existing && this.matches(ds, existing)) return existing;
      this.bumpCollisionCount(ds);
      throw err;
    }
  }

  private bumpCollisionCount(ds: DaemonSetObj): void {
    const fresh = this.api.get<DaemonSetObj>('DaemonSet', ds.metadata.namespace, ds.metadata.name);
    if (!fresh) throw new ApiError(404, 'NotFound', `daemonsets.apps "${ds.metadata.name}" not found`);
    const seen = ds.status?.collisionCount;
    if (fresh.status?.collisionCount !== seen) {
      throw new SyncError(`found a stale collision count (${seen}, expected ${fresh.status?.collisionCount}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`);
    }
    this.api.updateStatus({ ...fresh, status: { ...(fresh.status ?? {}), collisionCount: (seen ?? 0) + 1 } });
  }
}
