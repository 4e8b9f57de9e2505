/**
 * A StatefulSet's ControllerRevisions in the API server (pkg/controller/history realHistory:
 * ListControllerRevisions, CreateControllerRevision, UpdateControllerRevision,
 * DeleteControllerRevision, AdoptControllerRevision).
 */
import { controllerRef } from '../../../kube/object';
import type { ApiServer } from '../../apiserver/store';
import { SyncError, isApiReason } from './errors';
import type { OrphanIndex } from '../shared/orphan-index';
import { canonicalJson, revisionHash, revisionName } from './revision';
import { type RevisionObj, type StatefulSetObj, STATEFULSET_GVK, newControllerRef } from './types';

const KIND = 'ControllerRevision';

export class History {
  constructor(
    private readonly api: ApiServer,
    private readonly orphans: OrphanIndex,
  ) {}

  /**
   * ListControllerRevisions: revisions in the set's namespace matching its selector that it
   * controls or that nobody controls.
   */
  list(set: StatefulSetObj, selects: (labels: Record<string, string> | undefined) => boolean): RevisionObj[] {
    const ns = set.metadata.namespace;
    const owned = this.api
      .dependents(set.metadata.uid ?? '')
      .filter((o) => o.kind === KIND && o.metadata.namespace === ns && controllerRef(o)?.uid === set.metadata.uid);
    const orphans = this.orphans.names(ns ?? '').flatMap((n) => {
      const r = this.api.get<RevisionObj>(KIND, ns, n);
      return r ? [r] : [];
    });
    return [...(owned as RevisionObj[]), ...orphans].filter((r) => selects(r.metadata.labels));
  }

  /**
   * CreateControllerRevision: on a name collision with different data, bump the collision count
   * and try the next name (the hash label keeps the first hash, as upstream's clone does).
   * Returns the revision and the collision count reached.
   */
  create(set: StatefulSetObj, revision: RevisionObj, collisionCount: number): { revision: RevisionObj; collisionCount: number } {
    let count = collisionCount;
    for (;;) {
      const name = revisionName(set.metadata.name, revisionHash(revision.data, count));
      const candidate: RevisionObj = { ...revision, metadata: { ...revision.metadata, name, namespace: set.metadata.namespace } };
      try {
        return { revision: this.api.create<RevisionObj>(candidate), collisionCount: count };
      } catch (err) {
        if (!isApiReason(err, 'AlreadyExists')) throw err;
        const existing = this.api.get<RevisionObj>(KIND, set.metadata.namespace, name);
        if (existing && canonicalJson(existing.data ?? null) === canonicalJson(revision.data ?? null)) {
          return { revision: existing, collisionCount: count };
        }
        count++;
      }
    }
  }

  /** UpdateControllerRevision: give an existing revision a new revision number. */
  renumber(revision: RevisionObj, newRevision: number): RevisionObj {
    if (revision.revision === newRevision) return revision;
    return this.api.update<RevisionObj>({ ...revision, revision: newRevision });
  }

  delete(revision: RevisionObj): void {
    this.api.delete(KIND, revision.metadata.namespace, revision.metadata.name);
  }

  /** AdoptControllerRevision: add the set as controller; an owned revision cannot be adopted. */
  adopt(set: StatefulSetObj, revision: RevisionObj): RevisionObj {
    const owner = controllerRef(revision);
    if (owner) throw new SyncError(`attempt to adopt revision owned by ${JSON.stringify(owner)}`);
    const refs = [...(revision.metadata.ownerReferences ?? []), newControllerRef(set, STATEFULSET_GVK)];
    return this.api.update<RevisionObj>({ ...revision, metadata: { ...revision.metadata, ownerReferences: refs } });
  }
}
