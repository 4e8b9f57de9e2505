/**
 * syncNodes (daemon_controller.go): create pods on the given nodes and delete the given pods, at
 * most BurstReplicas (250) of each per sync, after recording them as expectations. Creations go
 * in slow-start batches (1, 2, 4, ...); a batch with a failure ends them, and the pods never
 * attempted are no longer expected. A namespace being terminated makes creating pointless, not
 * an error. Every failure is returned (aggregated) so the sync is retried with back-off.
 */
import { ApiError } from '../../../errors';
import type { ControllerExpectations } from '../shared/controller-expectations';
import { isNamespaceTerminating } from '../shared/pod-control';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from '../replicaset/slow-start';
import { aggregate } from '../statefulset/errors';
import type { DaemonPodControl } from './pod-control';
import { daemonPodFor, daemonPodTemplate } from './pod-template';
import type { DaemonSetObj, PodObj } from './types';

/** BurstReplicas: "too high can cause registry DoS issues". */
export const BURST_REPLICAS = 250;

export interface SyncNodesRequest {
  ds: DaemonSetObj;
  /** the expectations key, namespace/name */
  key: string;
  podsToDelete: readonly PodObj[];
  nodesNeedingPods: readonly string[];
  hash: string;
}

export function syncNodes(podControl: DaemonPodControl, expectations: ControllerExpectations, req: SyncNodesRequest): void {
  const creates = req.nodesNeedingPods.slice(0, BURST_REPLICAS);
  const deletes = req.podsToDelete.slice(0, BURST_REPLICAS);
  expectations.set(req.key, creates.length, deletes.length);
  const errors = [...createPods(podControl, expectations, req, creates), ...deletePods(podControl, expectations, req, deletes)];
  const bug = errors.find((e) => !(e instanceof ApiError));
  if (bug) throw bug;
  const err = aggregate(errors);
  if (err) throw err;
}

function createPods(podControl: DaemonPodControl, expectations: ControllerExpectations, req: SyncNodesRequest, nodes: readonly string[]): unknown[] {
  if (!nodes.length) return [];
  const template = daemonPodTemplate(req.ds, req.hash);
  const errors: unknown[] = [];
  let next = 0;
  const result = slowStartBatch(nodes.length, SLOW_START_INITIAL_BATCH_SIZE, () => {
    try {
      podControl.createPod(req.ds, daemonPodFor(req.ds, template, nodes[next++]!));
    } catch (err) {
      // Upstream returns here without lowering the expectation: it times out.
      if (isNamespaceTerminating(err)) return;
      expectations.creationObserved(req.key);
      errors.push(err);
      throw err;
    }
  });
  const skipped = nodes.length - result.successes - errors.length;
  if (skipped > 0) expectations.lower(req.key, skipped, 0);
  return errors;
}

function deletePods(podControl: DaemonPodControl, expectations: ControllerExpectations, req: SyncNodesRequest, pods: readonly PodObj[]): unknown[] {
  const errors: unknown[] = [];
  for (const pod of pods) {
    try {
      podControl.deletePod(req.ds, pod);
    } catch (err) {
      expectations.deletionObserved(req.key);
      if (!(err instanceof ApiError && err.reason === 'NotFound')) errors.push(err);
    }
  }
  return errors;
}
