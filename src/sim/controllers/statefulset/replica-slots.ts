/**
 * The wanted ordinals of a set, each holding its pod or, when missing, a pod to create.
 * Upstream builds every missing pod up front (newVersionedStatefulSetPod for each empty index);
 * here they are built only when looked at, so an OrderedReady scale-up that creates one pod per
 * sync does not build all the others every time. Anything not yet created counts as unavailable,
 * as upstream's placeholder would.
 */
import { createsAtCurrentRevision, newVersionedPod, podRevision } from './identity';
import type { PodObj, StatefulSetObj } from './types';

export class ReplicaSlots {
  private readonly slots: Array<PodObj | undefined>;
  /** indexes whose pod existed when the sync started */
  private readonly created = new Set<number>();

  constructor(
    readonly start: number,
    count: number,
    private readonly currentSet: StatefulSetObj,
    private readonly updateSet: StatefulSetObj,
    private readonly currentRevision: string,
    private readonly updateRevision: string,
  ) {
    this.slots = new Array<PodObj | undefined>(count).fill(undefined);
  }

  get length(): number {
    return this.slots.length;
  }

  /** Puts an existing pod in its slot. */
  place(pod: PodObj, ordinal: number): void {
    this.slots[ordinal - this.start] = pod;
    this.created.add(ordinal - this.start);
  }

  /** The pod of index i (ordinal start+i): the existing one, or the one to create. */
  get(i: number): PodObj {
    let pod = this.slots[i];
    if (!pod) {
      pod = newVersionedPod(this.currentSet, this.updateSet, this.currentRevision, this.updateRevision, this.start + i);
      this.slots[i] = pod;
    }
    return pod;
  }

  /** The pod that existed when the sync started, if any. */
  existing(i: number): PodObj | undefined {
    return this.created.has(i) ? this.slots[i] : undefined;
  }

  /** Existing pods, ascending ordinal. */
  existingPods(): PodObj[] {
    return this.slots.filter((_, i) => this.created.has(i)) as PodObj[];
  }

  /** The revision label index i has or will be created with, without building the pod. */
  revisionOf(i: number): string {
    const pod = this.existing(i);
    if (pod) return podRevision(pod);
    return createsAtCurrentRevision(this.currentSet, this.start + i) ? this.currentRevision : this.updateRevision;
  }
}
