/**
 * core/v1 Events, as client-go's recorder writes them: one Event per (object, type, reason,
 * message, source), whose count and lastTimestamp grow when it repeats (EventCorrelator's
 * aggregation of identical events). Named `<object>.<hex nanoseconds>` like upstream.
 */
import type { KObject } from '../k8s/object';
import type { Clock } from './clock';
import { EPOCH_MS, type ApiServer } from './apiserver/store';

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  private readonly existing = new Map<string, { namespace: string; name: string }>();
  private lastNanos = 0n;

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
  ) {}

  /**
   * `fieldPath` names the part of the object the event is about, e.g. `spec.containers{nginx}`
   * (the kubelet's container events); it is part of the object reference, so two containers'
   * identical messages stay two events.
   */
  record(obj: KObject, type: EventType, reason: string, message: string, component: string, host?: string, fieldPath?: string): void {
    const namespace = obj.metadata.namespace ?? 'default';
    const id = [obj.metadata.uid, fieldPath ?? '', type, reason, message, component, host ?? ''].join('\u0000');
    const now = this.api.timestamp();
    const seen = this.existing.get(id);
    const current = seen && this.api.get<KObject>('Event', seen.namespace, seen.name);
    if (current) {
      this.api.update({ ...current, count: ((current.count as number) ?? 1) + 1, lastTimestamp: now });
      return;
    }
    const name = `${obj.metadata.name}.${this.uniqueNanos().toString(16)}`;
    this.existing.set(id, { namespace, name });
    this.api.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      type,
      reason,
      message,
      source: host ? { component, host } : { component },
      reportingComponent: component,
      reportingInstance: host ?? '',
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
  }

  /** Unix nanoseconds of the virtual time, made unique when several events share a millisecond. */
  private uniqueNanos(): bigint {
    const t = BigInt(EPOCH_MS + this.clock.now()) * 1_000_000n;
    const n = t > this.lastNanos ? t : this.lastNanos + 1n;
    this.lastNanos = n;
    return n;
  }
}
