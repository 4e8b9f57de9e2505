/**
 * The run's history, recorded by the runner itself from the backend's watch streams, so that
 * `expectHistory` and `--history` mean the same on every backend: every observed change of every
 * object of the served kinds, in the order delivered, stamped with the backend's clock, plus a
 * marker at the start and end of each step.
 */
import type { Backend, WatchHandle } from '../backend/contract';
import type { HistoryEntry } from '../history/entry';
import { servedTypes } from '../kube/registry';
import type { KubeVersion } from '../kube/version';

export class HistoryRecorder {
  readonly entries: HistoryEntry[] = [];
  /** set when a watch stream ended for good: the history is incomplete from then on */
  broken?: Error;
  private handles: WatchHandle[] = [];

  private constructor(
    private readonly backend: Backend,
    /** false: a run nobody reads the history of records nothing (no watch, no entries) */
    private readonly recording = true,
  ) {}

  /** A recorder that keeps nothing, for a run whose history nobody reads. */
  static idle(backend: Backend): HistoryRecorder {
    return new HistoryRecorder(backend, false);
  }

  /** Starts watching every kind the cluster's version serves; the objects present come first as ADDED. */
  static async start(backend: Backend, version: KubeVersion): Promise<HistoryRecorder> {
    const recorder = new HistoryRecorder(backend);
    for (const kind of recordedKinds(version)) {
      recorder.handles.push(await backend.watch({ kind }, (ev) => {
        const { metadata } = ev.object;
        recorder.entries.push({ t: backend.now(), type: ev.type, kind: ev.object.kind, namespace: metadata.namespace, name: metadata.name, object: ev.object });
      }, (err) => {
        recorder.broken ??= new Error(`the watch of ${kind} objects ended: ${err.message}`);
      }));
    }
    return recorder;
  }

  mark(step: string, type: 'STEP_START' | 'STEP_END'): void {
    if (this.recording) this.entries.push({ t: this.backend.now(), type, step });
  }

  stop(): void {
    for (const h of this.handles) h.stop();
    this.handles = [];
  }
}

/** Each kind once (Event is served by two groups, HorizontalPodAutoscaler by two versions). */
export function recordedKinds(version: KubeVersion): string[] {
  return [...new Set(servedTypes(version).map((t) => t.kind))];
}
