/**
 * client-go's EventCorrelator (tools/record/events_cache.go), which every core/v1 event broadcaster
 * runs before writing: the kubelet's and each kube-controller-manager controller's. In order:
 * 1. the aggregator: from the 10th different message about one object with one type and reason
 *    within 10 minutes, the events become one Event "(combined from similar events): <message>";
 * 2. the logger: an event seen before (the same key) is the same Event with count + 1;
 * 3. the spam filter: a token bucket per source and object (burst 25, one token every 5 minutes)
 *    drops what exceeds it — after the logger counted it, so a later write carries the count.
 * Each cache is an LRU of maxLruCacheEntries keys. Pure bookkeeping on virtual time: the caller
 * writes what it returns.
 */

/** events_cache.go maxLruCacheEntries: the size of each of the three caches. */
export const CORRELATOR_CACHE_ENTRIES = 4096;
/** defaultAggregateMaxEvents / defaultAggregateIntervalInSeconds */
export const AGGREGATE_MAX_EVENTS = 10;
export const AGGREGATE_INTERVAL_MS = 600_000;
/** defaultSpamBurst / defaultSpamQPS (a float32 upstream: the refill rate compares as it does there) */
export const SPAM_BURST = 25;
const SPAM_TOKENS_PER_MS = Math.fround(1 / 300) / 1000;
/** EventAggregatorByReasonMessageFunc's prefix */
export const COMBINED_PREFIX = '(combined from similar events): ';

/** What the correlator reads of an event: everything but timestamps and names. */
export interface EventDraft {
  /** the involved object's kind, namespace, name, uid and apiVersion, joined */
  involved: string;
  fieldPath: string;
  type: string;
  reason: string;
  message: string;
}

/** An event to write: a new Event (`count` 1) or the count-th occurrence of the Event `name`. */
export interface CorrelatedEvent {
  message: string;
  /** the aggregate Event, which carries no reporting controller or instance */
  aggregated: boolean;
  name: string;
  count: number;
  /** virtual ms of the first occurrence */
  firstMs: number;
}

interface Observation {
  name: string;
  count: number;
  firstMs: number;
}

interface AggregateRecord {
  /** the messages seen in the window, oldest first */
  messages: Set<string>;
  lastMs: number;
}

interface TokenBucket {
  tokens: number;
  lastMs: number;
}

export class EventCorrelator {
  private readonly aggregates = new Lru<AggregateRecord>();
  private readonly observations = new Lru<Observation>();
  private readonly buckets = new Lru<TokenBucket>();

  /** `newName` names a new Event (called only when one is created). undefined: spam, not written. */
  correlate(draft: EventDraft, nowMs: number, newName: () => string): CorrelatedEvent | undefined {
    const { key, message, aggregated } = this.aggregate(draft, nowMs);
    const last = this.observations.get(key);
    const observed: Observation = last
      ? { name: last.name, count: last.count + 1, firstMs: last.firstMs }
      : { name: newName(), count: 1, firstMs: nowMs };
    this.observations.set(key, observed);
    if (!this.tryAccept(spamKey(draft), nowMs)) return undefined;
    // recordToSink's UpdateState files the written Event under its own key too: for an aggregate
    // that is a key nothing else uses, but it takes a place in the LRU as upstream's does
    if (aggregated) this.observations.set(eventKey({ ...draft, message }), observed);
    return { message, aggregated, ...observed };
  }

  /**
   * EventAggregate. Upstream drops an arbitrary remembered message (sets.PopAny) once there are
   * ten; the simulator drops the oldest, so a run is reproducible. It only decides whether a later
   * exact repeat of one of the nine kept messages counts as that event or as the aggregate.
   */
  private aggregate(draft: EventDraft, nowMs: number): { key: string; message: string; aggregated: boolean } {
    const aggregateKey = [draft.involved, draft.type, draft.reason].join('\u0000');
    let record = this.aggregates.get(aggregateKey);
    if (!record || nowMs - record.lastMs > AGGREGATE_INTERVAL_MS) record = { messages: new Set(), lastMs: nowMs };
    record.messages.add(draft.message);
    record.lastMs = nowMs;
    this.aggregates.set(aggregateKey, record);
    if (record.messages.size < AGGREGATE_MAX_EVENTS) return { key: eventKey(draft), message: draft.message, aggregated: false };
    record.messages.delete(record.messages.values().next().value!);
    return { key: aggregateKey, message: COMBINED_PREFIX + draft.message, aggregated: true };
  }

  /** EventSourceObjectSpamFilter: golang.org/x/time/rate's bucket, full when first used. */
  private tryAccept(key: string, nowMs: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: SPAM_BURST, lastMs: nowMs };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (nowMs - bucket.lastMs) * SPAM_TOKENS_PER_MS);
    bucket.lastMs = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** getEventKey: the source is the correlator's own, so it is not part of the key. */
function eventKey(d: EventDraft): string {
  return [d.involved, d.fieldPath, d.type, d.reason, d.message].join('\u0000');
}

/** getSpamKey: the object and the type, not the reason or message. */
function spamKey(d: EventDraft): string {
  return [d.involved, d.type].join('\u0000');
}

/** groupcache's lru.Cache as client-go uses it: a read makes the key the most recent. */
class Lru<V> {
  private readonly entries = new Map<string, V>();

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > CORRELATOR_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
