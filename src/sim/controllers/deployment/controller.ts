/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go): owns
 * ReplicaSets by controller ref (adopting and releasing by selector), and per sync either only
 * reports status (being deleted), scales (paused, or spec.replicas changed) or rolls out with the
 * strategy (RollingUpdate, Recreate). Watch handlers only enqueue.
 */
import { deepEqual } from '../../../kube/equal';
import { labelSelectorMatches } from '../../../kube/labels';
import { controllerRef, type KObject } from '../../../kube/object';
import type { ApiServer, WatchEvent } from '../../apiserver/store';
import type { Component, SimContext } from '../../context';
import { WorkQueue } from '../../workqueue';
import { claimObjects } from '../shared/controller-ref-manager';
import { OrphanIndex } from '../shared/orphan-index';
import { getCondition, newCondition, setCondition } from './conditions';
import { DeploymentSync, type Services } from './context';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { syncScaling } from './scaling';
import { DEPLOYMENT_GVK, hasProgressDeadline, Reason, type DeploymentObj, type PodObj, type ReplicaSetObj } from './types';
import { queueKey, splitQueueKey } from '../shared/queue-key';
import { controlledBy, isEmptySelector, orphansIn, ownersSelecting, resolveControllerRef } from '../shared/owner-lookup';

export class DeploymentController implements Component {
  private api!: ApiServer;
  private services!: Omit<Services, 'requeueAfter'>;
  private queue!: WorkQueue;
  private readonly orphanRSs = new OrphanIndex('ReplicaSet');

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.services = { api: ctx.api, events: ctx.events, clock: ctx.clock, version: ctx.config.version };
    this.queue = new WorkQueue(ctx.clock, (key) => this.syncDeployment(key));
    ctx.api.watch((ev) => this.onEvent(ev), ['Deployment', 'ReplicaSet', 'Pod']);
  }

  // ---- watch handlers (enqueue only) ----------------------------------------------------------

  private onEvent(ev: WatchEvent): void {
    switch (ev.object.kind) {
      case 'Deployment':
        return this.queue.add(queueKey(ev.object));
      case 'ReplicaSet':
        this.orphanRSs.observe(ev.type, ev.object);
        if (ev.type === 'ADDED') return this.addReplicaSet(ev.object as ReplicaSetObj);
        if (ev.type === 'MODIFIED') return this.updateReplicaSet(ev.old as ReplicaSetObj, ev.object as ReplicaSetObj);
        return this.enqueueOwner(ev.object);
      case 'Pod':
        if (ev.type === 'DELETED') this.deletePod(ev.object as PodObj);
        return;
    }
  }

  private addReplicaSet(rs: ReplicaSetObj): void {
    if (rs.metadata.deletionTimestamp || controllerRef(rs)) return this.enqueueOwner(rs);
    for (const d of this.deploymentsSelecting(rs)) this.queue.add(queueKey(d));
  }

  private updateReplicaSet(old: ReplicaSetObj, cur: ReplicaSetObj): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerRef(cur);
    const oldRef = controllerRef(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) this.enqueueOwner(old);
    if (curRef) return this.enqueueOwner(cur);
    if (refChanged || !deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {})) {
      for (const d of this.deploymentsSelecting(cur)) this.queue.add(queueKey(d));
    }
  }

  /** deletePod: a Recreate rollout waits for its old pods to be gone; the last one wakes it. */
  private deletePod(pod: PodObj): void {
    const d = this.deploymentOfPod(pod);
    if (!d || d.spec.strategy?.type !== 'Recreate') return;
    const left = this.replicaSetsOf(d).some((rs) => this.podsOf(d, rs).length > 0);
    if (!left) this.queue.add(queueKey(d));
  }

  private enqueueOwner(obj: KObject): void {
    const d = this.resolve(obj.metadata.namespace, controllerRef(obj));
    if (d) this.queue.add(queueKey(d));
  }

  /** resolveControllerRef: the Deployment of that name, only if it is the same incarnation. */
  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string } | undefined): DeploymentObj | undefined {
    return resolveControllerRef<DeploymentObj>(this.api, 'Deployment', namespace, ref);
  }

  private deploymentOfPod(pod: PodObj): DeploymentObj | undefined {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.api.get<ReplicaSetObj>('ReplicaSet', pod.metadata.namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? this.resolve(rs.metadata.namespace, controllerRef(rs)) : undefined;
  }

  /** GetDeploymentsForReplicaSet: deployments of the namespace whose non-empty selector selects the RS (orphans only). */
  private deploymentsSelecting(rs: ReplicaSetObj): DeploymentObj[] {
    return ownersSelecting<DeploymentObj>(this.api, 'Deployment', rs);
  }

  // ---- sync -----------------------------------------------------------------------------------

  /** syncDeployment */
  private syncDeployment(key: string): void {
    const [namespace, name] = splitQueueKey(key);
    const deployment = this.api.get<DeploymentObj>('Deployment', namespace, name);
    if (!deployment) return;
    if (selectsEverything(deployment)) return this.selectingAll(deployment);
    const rsList = this.claimReplicaSets(deployment);
    const podMap = () => new Map(rsList.map((rs) => [rs.metadata.uid ?? '', this.podsOf(deployment, rs)] as const));
    const sync = new DeploymentSync({ ...this.services, requeueAfter: (ms) => this.queue.add(key, ms) }, deployment, rsList, podMap);
    if (deployment.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = sync.replicaSets(false);
      return sync.syncDeploymentStatus([...oldRSs, newRS], newRS);
    }
    checkPausedConditions(sync);
    if (sync.d.spec.paused) return syncScaling(sync);
    // unverified/not implemented: the deprecated rollback annotation (apps/v1 has no rollbackTo;
    // kubectl rollout undo patches the template instead, see src/kubectl/rollout-undo.ts).
    if (sync.isScalingEvent()) return syncScaling(sync);
    if (sync.d.spec.strategy?.type === 'Recreate') return rolloutRecreate(sync);
    return rolloutRolling(sync);
  }

  /** An empty selector would select every pod: refuse, as upstream does, with a warning. */
  private selectingAll(d: DeploymentObj): void {
    this.services.events.record(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', 'deployment-controller');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      this.api.updateStatus({ ...d, status: { ...(d.status ?? {}), observedGeneration: d.metadata.generation } });
    }
  }

  /** getReplicaSetsForDeployment: owned RSs and matching orphans, through ClaimReplicaSets. */
  private claimReplicaSets(d: DeploymentObj): ReplicaSetObj[] {
    const candidates = [
      ...controlledBy<ReplicaSetObj>(this.api, d.metadata.uid, 'ReplicaSet'),
      ...orphansIn<ReplicaSetObj>(this.api, this.orphanRSs, d.metadata.namespace ?? 'default'),
    ];
    return claimObjects(this.api, {
      owner: d, ownerGvk: DEPLOYMENT_GVK, candidates,
      match: (rs) => labelSelectorMatches(d.spec.selector, rs.metadata.labels),
    });
  }

  private replicaSetsOf(d: DeploymentObj): ReplicaSetObj[] {
    return controlledBy<ReplicaSetObj>(this.api, d.metadata.uid, 'ReplicaSet');
  }

  /** getPodMapForDeployment: an RS's pods that the deployment's selector also selects. */
  private podsOf(d: DeploymentObj, rs: ReplicaSetObj): PodObj[] {
    return controlledBy<PodObj>(this.api, rs.metadata.uid, 'Pod').filter((p) => labelSelectorMatches(d.spec.selector, p.metadata.labels));
  }
}

/**
 * checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed so a paused
 * time never counts against progressDeadlineSeconds; a timed-out condition stays.
 */
function checkPausedConditions(sync: DeploymentSync): void {
  const d = sync.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === Reason.TimedOut) return;
  const pausedShown = cond?.reason === Reason.Paused;
  const now = sync.now().text;
  if (d.spec.paused && !pausedShown) {
    setCondition((d.status ??= {}), newCondition('Progressing', 'Unknown', Reason.Paused, 'Deployment is paused', now));
  } else if (!d.spec.paused && pausedShown) {
    setCondition((d.status ??= {}), newCondition('Progressing', 'Unknown', Reason.Resumed, 'Deployment is resumed', now));
  } else return;
  sync.writeStatus();
}

function selectsEverything(d: DeploymentObj): boolean {
  return !!d.spec.selector && isEmptySelector(d.spec.selector);
}
