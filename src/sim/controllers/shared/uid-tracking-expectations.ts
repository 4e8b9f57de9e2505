/**
 * UIDTrackingControllerExpectations (pkg/controller/controller_utils.go), as upstream builds it on
 * the counting ControllerExpectations: deletions are expected by pod key, and only the deletion
 * of a pod the controller itself chose counts down. Without it, a pod deleted by someone else
 * while the controller waits would satisfy a deletion it never saw. The ReplicaSet and Job
 * controllers use it; upstream has the same two types.
 */
import { ControllerExpectations } from './controller-expectations';

export class UidTrackingExpectations {
  private readonly counts: ControllerExpectations;
  /** controller key -> keys of the pods whose deletion it still waits to see */
  private readonly deleting = new Map<string, Set<string>>();

  constructor(now: () => number) {
    this.counts = new ControllerExpectations(now);
  }

  satisfied(key: string): boolean {
    return this.counts.satisfied(key);
  }

  /** ExpectCreations: replaces what `key` waits for (so no old deletion is waited for either). */
  expectCreations(key: string, adds: number): void {
    this.deleting.delete(key);
    this.counts.set(key, adds, 0);
  }

  /** ExpectDeletions: the pods chosen for deletion, by key. */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    const pods = new Set(podKeys);
    this.deleting.set(key, pods);
    this.counts.set(key, 0, pods.size);
  }

  creationObserved(key: string): void {
    this.counts.creationObserved(key);
  }

  /** DeletionObserved: counts only a pod this controller waits for, once. */
  deletionObserved(key: string, podKey: string): void {
    if (this.deleting.get(key)?.delete(podKey)) this.counts.deletionObserved(key);
  }

  /** DeleteExpectations */
  forget(key: string): void {
    this.deleting.delete(key);
    this.counts.forget(key);
  }
}
