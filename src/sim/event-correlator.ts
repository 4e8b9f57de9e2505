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
  /**
   * the messages seen in the window, oldest first, each once: never more than ten, so a list (a
   * Set costs about 200 bytes even with one member); one message is kept as itself, since most
   * records have one and a list of one costs 56 bytes more
   */
  messages: string | string[];
  lastMs: number;
}

interface TokenBucket {
  tokens: number;
  lastMs: number;
}

export class EventCorrelator {
  private readonly objects = new InvolvedObjects();
  private readonly aggregates = new Lru<AggregateRecord>(this.objects);
  private readonly observations = new Lru<Observation>(this.objects);
  private readonly buckets = new Lru<TokenBucket>(this.objects);

  /** How many involved objects the caches' keys name now (at most three times their size). */
  objectsNamed(): number {
    return this.objects.size();
  }

  /** `newName` names a new Event (called only when one is created). undefined: spam, not written. */
  correlate(event: EventDraft, nowMs: number, newName: () => string): CorrelatedEvent | undefined {
    const draft = { ...event, involved: this.objects.idOf(event.involved) };
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
    if (!record || nowMs - record.lastMs > AGGREGATE_INTERVAL_MS) record = { messages: draft.message, lastMs: nowMs };
    else record.messages = withMessage(record.messages, draft.message);
    record.lastMs = nowMs;
    this.aggregates.set(aggregateKey, record);
    const { messages } = record;
    if (typeof messages === 'string' || messages.length < AGGREGATE_MAX_EVENTS) return { key: eventKey(draft), message: draft.message, aggregated: false };
    messages.shift();
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

/** An aggregate record's messages with `message` last, unless it is among them already. */
function withMessage(messages: string | string[], message: string): string | string[] {
  // a list literal has room for exactly its members; the first push would make room for 17
  if (typeof messages === 'string') return messages === message ? messages : [messages, message];
  if (!messages.includes(message)) messages.push(message);
  return messages;
}

/** getEventKey: the source is the correlator's own, so it is not part of the key. */
function eventKey(d: EventDraft): string {
  return [d.involved, d.fieldPath, d.type, d.reason, d.message].join('\u0000');
}

/** getSpamKey: the object and the type, not the reason or message. */
function spamKey(d: EventDraft): string {
  return [d.involved, d.type].join('\u0000');
}

/**
 * Short stand-ins for the involved objects the caches' keys name. Every key starts with its
 * object, and a node's kubelet holds up to three times 4,096 keys: spelled out (kind, namespace,
 * name, uid and apiVersion, about 80 characters) they were a fifth of a simulated pod's memory.
 * An object keeps its id while some key names it, so keys stay exactly as distinct as upstream's.
 */
class InvolvedObjects {
  private readonly ids = new Map<string, { id: string; keys: number }>();
  private readonly byId = new Map<string, string>();
  private next = 0;

  /** The id of an involved object (kind, namespace, name, uid and apiVersion joined). */
  idOf(involved: string): string {
    const known = this.ids.get(involved);
    if (known) return known.id;
    const id = (this.next++).toString(36);
    this.ids.set(involved, { id, keys: 0 });
    this.byId.set(id, involved);
    return id;
  }

  size(): number {
    return this.ids.size;
  }

  /** A cache key starting with `id` was added (+1) or dropped (-1). */
  count(key: string, delta: 1 | -1): void {
    const id = key.slice(0, key.indexOf(SEPARATOR));
    const involved = this.byId.get(id)!;
    const entry = this.ids.get(involved)!;
    entry.keys += delta;
    if (entry.keys > 0) return;
    this.ids.delete(involved);
    this.byId.delete(id);
  }
}

const SEPARATOR = '\u0000';

/** groupcache's lru.Cache as client-go uses it: a read makes the key the most recent. */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  /**
   * The most recent key. The correlator writes back each key it has just read: that key is in
   * place already, so its value is replaced without taking it out and putting it back.
   */
  private newest: string | undefined;

  constructor(private readonly objects: InvolvedObjects) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined && key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, value);
      this.newest = key;
    }
    return value;
  }

  set(key: string, value: V): void {
    if (key === this.newest) {
      this.entries.set(key, value);
      return;
    }
    if (!this.entries.delete(key)) this.objects.count(key, 1);
    this.entries.set(key, value);
    this.newest = key;
    if (this.entries.size <= CORRELATOR_CACHE_ENTRIES) return;
    const oldest = this.entries.keys().next().value!;
    this.entries.delete(oldest);
    this.objects.count(oldest, -1);
  }
}
