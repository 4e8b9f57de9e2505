/**
 * Events, as the two client-go recorders write them, seen through core/v1 (what `kubectl get
 * events` and the runner read). Both name an event `<object>.<hex nanoseconds>`.
 * - record(): the core/v1 recorder (tools/record) most components use: one Event per (object,
 *   type, reason, message, source), whose count and lastTimestamp grow when it repeats
 *   (EventCorrelator's aggregation of identical events).
 * - recordSeries(): the events.k8s.io/v1 recorder (tools/events) kube-scheduler uses: eventTime,
 *   action, reportingController/Instance and an empty source, no count or timestamps; a repeat
 *   turns into `series` (count 2 at once, later counts written by the 30-minute refresh).
 */
import { ApiError } from '../errors';
import type { KObject } from '../kube/object';
import type { Clock } from './clock';
import { EPOCH_MS, type ApiServer } from './apiserver/store';

export type EventType = 'Normal' | 'Warning';

/** tools/events: how often cached series are written back, and when an idle series ends. */
const SERIES_REFRESH_MS = 30 * 60_000;
const SERIES_FINISH_MS = 6 * 60_000;

interface Series {
  namespace: string;
  name: string;
  count: number;
  lastObservedMs: number;
  /** count last written to the API server */
  written: number;
}

export class EventRecorder {
  private readonly existing = new Map<string, { namespace: string; name: string }>();
  private readonly series = new Map<string, Series>();
  private refreshing = false;
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
      this.write(() => this.api.update({ ...current, count: ((current.count as number) ?? 1) + 1, lastTimestamp: now }));
      return;
    }
    const name = `${obj.metadata.name}.${this.uniqueNanos().toString(16)}`;
    this.existing.set(id, { namespace, name });
    this.write(() => this.api.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { ...this.reference(obj), ...(fieldPath ? { fieldPath } : {}) },
      type,
      reason,
      message,
      source: host ? { component, host } : { component },
      reportingComponent: component,
      reportingInstance: host ?? '',
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    }));
  }

  /**
   * events.k8s.io/v1 Eventf(regarding, related, type, reason, action, note) of a controller with
   * reportingController `controller` and reportingInstance `instance` (tools/events recordToSink).
   */
  recordSeries(obj: KObject, type: EventType, reason: string, action: string, note: string, controller: string, instance: string): void {
    const id = [obj.metadata.uid, action, reason, controller, type, note].join('\u0000');
    const now = this.clock.now();
    const known = this.series.get(id);
    if (known && now - known.lastObservedMs <= SERIES_FINISH_MS) {
      known.count++;
      known.lastObservedMs = now;
      if (known.count === 2) this.writeSeries(known);
      else this.scheduleRefresh();
      return;
    }
    const namespace = obj.metadata.namespace ?? 'default';
    const name = `${obj.metadata.name}.${this.uniqueNanos().toString(16)}`;
    this.series.set(id, { namespace, name, count: 1, lastObservedMs: now, written: 1 });
    this.write(() => this.api.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: this.reference(obj),
      type,
      reason,
      action,
      message: note,
      eventTime: this.microTime(now),
      reportingComponent: controller,
      reportingInstance: instance,
      source: {},
    }));
  }

  /**
   * client-go drops an event the API server refuses ("Server rejected event (will not retry!)"),
   * e.g. in a namespace being terminated; recording never fails the component that records.
   */
  private write(request: () => unknown): void {
    try {
      request();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }

  /** Occurrences of a series beyond the second reach the API server only on the periodic refresh. */
  private scheduleRefresh(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    // A ticker running since the recorder started (virtual time 0): the next multiple of 30 min.
    const next = (Math.floor(this.clock.now() / SERIES_REFRESH_MS) + 1) * SERIES_REFRESH_MS;
    this.clock.at(next, () => {
      this.refreshing = false;
      for (const s of this.series.values()) if (s.count > s.written) this.writeSeries(s);
    });
  }

  private writeSeries(s: Series): void {
    const current = this.api.get<KObject>('Event', s.namespace, s.name);
    if (!current) return;
    s.written = s.count;
    this.write(() => this.api.update({ ...current, series: { count: s.count, lastObservedTime: this.microTime(s.lastObservedMs) } }));
  }

  private reference(obj: KObject): Record<string, unknown> {
    return {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
    };
  }

  /** metav1.MicroTime: RFC 3339 with microseconds. */
  private microTime(ms: number): string {
    return new Date(EPOCH_MS + ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  }

  /** Unix nanoseconds of the virtual time, made unique when several events share a millisecond. */
  private uniqueNanos(): bigint {
    const t = BigInt(EPOCH_MS + this.clock.now()) * 1_000_000n;
    const n = t > this.lastNanos ? t : this.lastNanos + 1n;
    this.lastNanos = n;
    return n;
  }
}
