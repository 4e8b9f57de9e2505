/**
 * ControllerExpectations (pkg/controller/controller_utils.go), the counting kind: after creating
 * or deleting pods a controller records how many adds and deletes it expects to see in its watch,
 * and does not act on that object again until it has seen them (or they are older than
 * ExpectationsTimeout, 5 minutes). Any observed creation or deletion of one of its pods counts.
 * The DaemonSet controller uses it as is; the ReplicaSet and Job controllers through the
 * UID-tracking variant built on it (uid-tracking-expectations.ts).
 */

/** controller.ExpectationsTimeout */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  setAtMs: number;
}

export class ControllerExpectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(private readonly now: () => number) {}

  /** SatisfiedExpectations: none recorded, all observed, or recorded too long ago. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.setAtMs > EXPECTATIONS_TIMEOUT_MS;
  }

  /** SetExpectations: replaces what `key` waits for, and restarts its timeout. */
  set(key: string, add: number, del: number): void {
    this.byKey.set(key, { add, del, setAtMs: this.now() });
  }

  /** LowerExpectations: creations or deletions that will never be observed (failed, skipped). */
  lower(key: string, add: number, del: number): void {
    const e = this.byKey.get(key);
    if (!e) return;
    e.add -= add;
    e.del -= del;
  }

  creationObserved(key: string): void {
    this.lower(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lower(key, 0, 1);
  }

  /** DeleteExpectations: the object is gone; one of the same name starts clean. */
  forget(key: string): void {
    this.byKey.delete(key);
  }
}
