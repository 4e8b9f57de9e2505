/**
 * ControllerExpectations / UIDTrackingControllerExpectations (pkg/controller/controller_utils.go):
 * after creating or deleting pods a controller waits to SEE those creations and deletions in its
 * watch before it counts pods again, so it never acts twice on a stale view. Expectations older
 * than ExpectationsTimeout (5 minutes) are considered satisfied.
 */

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  /** pod keys (namespace/name) whose deletion we still wait to observe */
  deletes: Set<string>;
  setAtMs: number;
}

export class Expectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(private readonly now: () => number) {}

  /** SatisfiedExpectations: nothing pending, none recorded, or recorded too long ago. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return this.now() - e.setAtMs > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, adds: number): void {
    this.byKey.set(key, { adds, deletes: new Set(), setAtMs: this.now() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.byKey.set(key, { adds: 0, deletes: new Set(podKeys), setAtMs: this.now() });
  }

  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.adds--;
  }

  /** DeletionObserved: only a pod we wait for counts (UID-tracking expectations). */
  deletionObserved(key: string, podKey: string): void {
    this.byKey.get(key)?.deletes.delete(podKey);
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }
}
