/**
 * Events, as the two client-go recorders write them, seen through core/v1 (what `kubectl get
 * events` and the runner read). Both name an event `<object>.<hex nanoseconds>`.
 * - record(): the core/v1 recorder (tools/record) most components use: one Event per (object,
 *   type, reason, message, source), whose count and lastTimestamp grow when it repeats; similar
 *   events aggregated and a source's events about one object rate-limited (event-correlator.ts).
 * - recordSeries(): the events.k8s.io/v1 recorder (tools/events) kube-scheduler uses: eventTime,
 *   action, reportingController/Instance and an empty source, no count or timestamps; a repeat
 *   turns into `series` (count 2 at once, later counts written by the 30-minute refresh).
 */
import { ApiError } from '../errors';
import type { KObject } from '../kube/object';
import type { Clock } from './clock';
import { EPOCH_MS, type ApiServer } from './apiserver/store';
import { EventCorrelator } from './event-correlator';
import { RecentValues } from '../kube/recent-values';

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
  /** The EventCorrelators, one per source (component and host), as one per broadcaster upstream. */
  private readonly correlators = new Map<string, EventCorrelator>();
  private readonly series = new Map<string, Series>();
  /** when finished series were last dropped from `series` */
  private lastSweepMs = 0;
  private refreshing = false;
  private lastNanos = 0n;
  /** Event.source of each source, shared by its Events (stored objects are frozen, never edited) */
  private readonly sources = new Map<string, Readonly<Record<string, string>>>();
  private readonly texts = new MessageTexts();
  /** recent involvedObject references (reference()), by their fields */
  private readonly references = new RecentValues<string, Readonly<Record<string, unknown>>>(SHARED_REFERENCES);

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
    const sourceKey = sourceKeyOf(component, host);
    let correlator = this.correlators.get(sourceKey);
    if (!correlator) this.correlators.set(sourceKey, (correlator = new EventCorrelator()));
    const { kind, apiVersion } = obj;
    const { name: objName, uid } = obj.metadata;
    const text = this.texts.flat(message);
    const draft = { involved: [kind, namespace, objName, uid, apiVersion].join('\u0000'), fieldPath: fieldPath ?? '', type, reason, message: text };
    const now = this.clock.now();
    const event = correlator.correlate(draft, now, () => [objName, '.', this.uniqueNanos().toString(16)].join(''));
    if (!event) return;
    const lastTimestamp = this.api.timestamp(now);
    const stored = event.aggregated ? this.texts.flat(event.message) : text;
    const current = event.count > 1 ? this.api.get<KObject>('Event', namespace, event.name) : undefined;
    // recordEvent: a repeat patches count, lastTimestamp and message; an Event deleted meanwhile is
    // created again under its name, with the count so far
    if (current) {
      this.write(() => this.api.update({ ...current, count: event.count, lastTimestamp, message: stored }));
      return;
    }
    this.write(() => this.api.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: event.name, namespace },
      involvedObject: this.reference(obj, fieldPath),
      type,
      reason,
      message: stored,
      source: this.source(component, host),
      // EventAggregate builds the aggregate from scratch: no reporting controller or instance
      reportingComponent: event.aggregated ? '' : component,
      reportingInstance: event.aggregated ? '' : host ?? '',
      firstTimestamp: this.api.timestamp(event.firstMs),
      lastTimestamp,
      count: event.count,
    }));
  }

  /**
   * events.k8s.io/v1 Eventf(regarding, related, type, reason, action, note) of a controller with
   * reportingController `controller` and reportingInstance `instance` (tools/events recordToSink).
   */
  recordSeries(obj: KObject, type: EventType, reason: string, action: string, note: string, controller: string, instance: string): void {
    const id = [obj.metadata.uid, action, reason, controller, type, note].join('\u0000');
    const now = this.clock.now();
    this.sweepFinishedSeries(now);
    const known = this.series.get(id);
    if (known && now - known.lastObservedMs <= SERIES_FINISH_MS) {
      known.count++;
      known.lastObservedMs = now;
      if (known.count === 2) this.writeSeries(known);
      else this.scheduleRefresh();
      return;
    }
    const namespace = obj.metadata.namespace ?? 'default';
    const name = [obj.metadata.name, '.', this.uniqueNanos().toString(16)].join('');
    this.series.set(id, { namespace, name, count: 1, lastObservedMs: now, written: 1 });
    this.write(() => this.api.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: this.reference(obj),
      type,
      reason,
      action,
      message: this.texts.flat(note),
      eventTime: this.microTime(now),
      reportingComponent: controller,
      reportingInstance: instance,
      source: NO_SOURCE,
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

  /**
   * tools/events finishSeries forgets a series once it has been idle for finishTime (6 min). Dropping
   * it changes nothing else: a repeat after that starts a new Event either way. A series whose
   * last occurrences still wait for the periodic refresh stays until that write.
   */
  private sweepFinishedSeries(now: number): void {
    if (now - this.lastSweepMs < SERIES_FINISH_MS) return;
    this.lastSweepMs = now;
    for (const [id, s] of this.series) {
      if (now - s.lastObservedMs > SERIES_FINISH_MS && s.count === s.written) this.series.delete(id);
    }
  }

  /**
   * The object reference of an Event, built in one shape (fields as the API returns them). Frozen
   * and shared by the Events about one version of one object and field (a kubelet's Pulling,
   * Pulled, Created and Started): the store keeps a frozen part as it is. The field path is shared
   * too: every pod's kubelet events say `spec.containers{nginx}`, each built anew.
   */
  private reference(obj: KObject, fieldPath?: string): Readonly<Record<string, unknown>> {
    const { name, namespace, uid, resourceVersion } = obj.metadata;
    // every field of the reference: some callers name an object that has no uid or version
    const key = [obj.apiVersion, obj.kind, namespace, name, uid, resourceVersion, fieldPath].map((v) => v ?? '\u0001').join('\u0000');
    return this.references.get(key, () => Object.freeze(fieldPath
      ? { apiVersion: obj.apiVersion, kind: obj.kind, name, namespace, uid, resourceVersion, fieldPath: this.texts.flat(fieldPath) }
      : { apiVersion: obj.apiVersion, kind: obj.kind, name, namespace, uid, resourceVersion }));
  }

  private source(component: string, host: string | undefined): Readonly<Record<string, string>> {
    const key = sourceKeyOf(component, host);
    let source = this.sources.get(key);
    if (!source) {
      source = Object.freeze<Record<string, string>>(host ? { component, host } : { component });
      this.sources.set(key, source);
    }
    return source;
  }

  /** metav1.MicroTime: RFC 3339 with microseconds. */
  private microTime(ms: number): string {
    return [new Date(EPOCH_MS + ms).toISOString().slice(0, 23), '000Z'].join('');
  }

  /** Unix nanoseconds of the virtual time, made unique when several events share a millisecond. */
  private uniqueNanos(): bigint {
    const t = BigInt(EPOCH_MS + this.clock.now()) * 1_000_000n;
    const n = t > this.lastNanos ? t : this.lastNanos + 1n;
    this.lastNanos = n;
    return n;
  }
}

/** Event.source of a core/v1 event: an empty host is no host. */
function sourceKeyOf(component: string, host: string | undefined): string {
  return host ? `${component}\u0000${host}` : component;
}

/** tools/events leaves the core/v1 source of its Events empty. */
const NO_SOURCE: Readonly<Record<string, string>> = Object.freeze({});

/** How many recent references reference() shares (it starts afresh when full). */
const SHARED_REFERENCES = 256;

/** How many different recent texts MessageTexts shares (it starts afresh when full). */
const SHARED_TEXTS = 1024;

/**
 * Event messages and field paths as stored: in one piece, and one copy of each recent text. They
 * are built by concatenation, which V8 keeps as a tree of parts several times the size of the
 * text, and a stored Event keeps them for its lifetime; many Events say the same ("Started
 * container nginx"), so they share one string.
 */
class MessageTexts {
  // not RecentValues: the flat copy itself is the key, so no table keeps a message's tree of parts
  private readonly recent = new Map<string, string>();

  flat(s: string): string {
    if (s.length < 13) return s;
    const known = this.recent.get(s);
    if (known !== undefined) return known;
    const copy = JSON.parse(JSON.stringify(s)) as string;
    if (this.recent.size >= SHARED_TEXTS) this.recent.clear();
    this.recent.set(copy, copy);
    return copy;
  }
}
