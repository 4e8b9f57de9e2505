/**
 * The `endpoints.kubernetes.io/last-change-trigger-time` annotation both endpoint controllers
 * write (k8s.io/endpointslice util/trigger_time_tracker.go): on a Service's first sync its
 * creation time; afterwards the earliest of the changes seen since the last sync (a pod's Ready
 * transition time, or the Service's creation time), or nothing when no trigger changed.
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { podReadyTransition } from './pod-endpoints';

export const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

interface ServiceState {
  serviceTime: number;
  podTimes: Map<string, number>;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** `parse` turns an RFC 3339 timestamp into comparable ms. Returns the time to export, or undefined. */
  compute(key: string, service: Service, pods: Pod[], parse: (t: string) => number): string | undefined {
    const state = this.states.get(key);
    const podTimes = new Map<string, number>();
    let earliest: { ms: number; text: string } | undefined;
    const consider = (text: string, ms: number) => {
      if (!earliest || ms < earliest.ms) earliest = { ms, text };
    };
    for (const pod of pods) {
      const text = podReadyTransition(pod);
      if (!text) continue;
      const ms = parse(text);
      podTimes.set(pod.metadata!.name!, ms);
      if (ms > (state?.podTimes.get(pod.metadata!.name!) ?? -Infinity)) consider(text, ms);
    }
    const created = service.metadata?.creationTimestamp ?? '';
    const serviceTime = created ? parse(created) : -Infinity;
    if (created && serviceTime > (state?.serviceTime ?? -Infinity)) consider(created, serviceTime);
    this.states.set(key, { serviceTime, podTimes });
    if (!state) return created || undefined;
    return earliest?.text;
  }

  forget(key: string): void {
    this.states.delete(key);
  }
}
