/**
 * A fork of a booted simulated cluster: an independent copy in the state the original is in, so
 * that scenarios asking for the same cluster boot it once per process (GitHub issue 9). A fork
 * must behave exactly as the original would: the histories of every seed scenario are the same
 * forked or booted (test/sim/fork.test.ts, docs/performance.md).
 *
 * What is copied: every object reachable from the cluster — the store's maps, every component's
 * state, the clock's pending tasks. Objects the store froze are shared: nobody can change them.
 * What cannot be copied is a function: a closure captures state no walk can see. So a fork starts
 * from a fresh construction of the same cluster (components started, no node yet), whose closures
 * — the wiring made at construction: watch handlers, work-queue callbacks, action handlers — are
 * bound to its own components; each object of the booted cluster is copied into the object found
 * at the same place in the fresh one, which keeps those closures. Anything the boot itself left
 * behind as a closure (a pending timer's callback, a field set while a node joined) has no
 * counterpart, and the fork refuses with `UnforkableError` naming where it is: such state must be
 * plain data (classes with methods, `Runnable` clock tasks) for the cluster to be forkable.
 */
import type { SimulatedCluster } from './cluster';

export class UnforkableError extends Error {
  constructor(readonly path: string, what: string) {
    super(`cannot fork the simulated cluster: ${what} at ${path}`);
    this.name = 'UnforkableError';
  }
}

/** Copies `booted` into `fresh` (a construction of the same cluster that nothing has run) and returns it. */
export function forkCluster(booted: SimulatedCluster, fresh: SimulatedCluster): SimulatedCluster {
  return forkGraph(booted, fresh);
}

/**
 * The object graph reachable from `booted`, copied into the graph of `fresh` where the two have an
 * object at the same place (so `fresh`'s functions stay bound to what becomes the copy).
 */
export function forkGraph<T extends object>(booted: T, fresh: T): T {
  const copier = new GraphCopy(pairUp(booted, fresh));
  const fork = copier.copy(booted, 'root') as T;
  copier.fillWeakCollections();
  return fork;
}

type Obj = Record<PropertyKey, unknown>;

function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

/**
 * Which object of `fresh` stands where each object of `booted` stands: both graphs walked side by
 * side from their roots through the same property names, array indexes and map keys. The first
 * place an object is reached at decides; each fresh object stands for one booted object at most.
 */
function pairUp(booted: object, fresh: object): Map<object, object> {
  const pairs = new Map<object, object>([[booted, fresh]]);
  const taken = new Set<object>([fresh]);
  const queue: Array<[object, object]> = [[booted, fresh]];
  const pair = (b: unknown, f: unknown): void => {
    if (!isObject(b) || !isObject(f) || pairs.has(b) || taken.has(f)) return;
    if (typeof b === 'function' ? typeof f !== 'function' : Object.getPrototypeOf(b) !== Object.getPrototypeOf(f)) return;
    pairs.set(b, f);
    taken.add(f);
    if (typeof b !== 'function' && !Object.isFrozen(b)) queue.push([b, f]);
  };
  for (let i = 0; i < queue.length; i++) {
    const [b, f] = queue[i]!;
    if (b instanceof Map) {
      const fm = f as Map<unknown, unknown>;
      for (const [k, v] of b) if (!isObject(k)) pair(v, fm.get(k));
    } else if (Array.isArray(b)) {
      const fa = f as unknown[];
      for (let j = 0; j < b.length && j < fa.length; j++) pair(b[j], fa[j]);
    } else if (!(b instanceof Set)) {
      for (const key of Object.keys(b)) pair((b as Obj)[key], (f as Obj)[key]);
    }
  }
  return pairs;
}

/**
 * Frozen objects found frozen all the way down (shared by every fork) or not (copied). Both
 * verdicts last: a frozen object's properties never change, and what is found not frozen is at
 * worst copied when it need not be.
 */
const deeplyFrozen = new WeakSet<object>();
const notDeeplyFrozen = new WeakSet<object>();

function isDeeplyFrozen(o: object): boolean {
  if (!Object.isFrozen(o) || o instanceof Map || o instanceof Set) return false;
  if (deeplyFrozen.has(o)) return true;
  if (notDeeplyFrozen.has(o)) return false;
  for (const key of Reflect.ownKeys(o)) {
    const v = (o as Obj)[key];
    if (typeof v === 'function' || (isObject(v) && !isDeeplyFrozen(v))) {
      notDeeplyFrozen.add(o);
      return false;
    }
  }
  deeplyFrozen.add(o);
  return true;
}

type WeakCollection = WeakMap<object, unknown> | WeakSet<object>;

/** Functions of booted clusters found to have the same source as their fresh counterparts. */
const sameSource = new WeakSet<object>();

function sourceOf(fn: object): string {
  return String(fn).slice(0, 80).replace(/\s+/g, ' ');
}

class GraphCopy {
  /** every object met so far (shared ones too) and what stands for it in the fork */
  private readonly copies = new Map<object, unknown>();
  /** the weak collections met, and how many of the objects met each has looked up */
  private readonly weak: Array<{ original: WeakCollection; copy: WeakCollection; looked: number }> = [];
  /** the property names, indexes and keys from the root to the value being copied (for errors) */
  private readonly trail: Array<string | number> = [];

  constructor(private readonly counterparts: Map<object, object>) {}

  copy(v: unknown, step: string | number): unknown {
    if (!isObject(v)) return v;
    const done = this.copies.get(v);
    if (done !== undefined) return done;
    this.trail.push(step);
    const copy = this.copyNew(v);
    this.trail.pop();
    return copy;
  }

  private copyNew(v: object): unknown {
    if (typeof v === 'function') return this.functionCopy(v);
    if (isDeeplyFrozen(v)) return this.remember(v, v);
    const counterpart = this.counterparts.get(v);
    const target = counterpart && !Object.isFrozen(counterpart) ? counterpart : undefined;
    if (v instanceof Map) return this.mapCopy(v, target as Map<unknown, unknown> | undefined);
    if (v instanceof Set) return this.setCopy(v, target as Set<unknown> | undefined);
    if (Array.isArray(v)) return this.arrayCopy(v, target as unknown[] | undefined);
    if (ArrayBuffer.isView(v)) return this.remember(v, (v as unknown as Uint8Array).slice());
    if (v instanceof WeakMap || v instanceof WeakSet) return this.weakCopy(v, counterpart as WeakCollection | undefined);
    if (v instanceof Promise) throw this.unforkable('a promise');
    if (Object.prototype.toString.call(v) === '[object Generator]') throw this.unforkable('a suspended generator');
    return this.objectCopy(v as Obj, target as Obj | undefined);
  }

  private unforkable(what: string): UnforkableError {
    return new UnforkableError(this.trail.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').slice(1), what);
  }

  /**
   * A weak collection cannot be listed, but only what someone holds can be looked up in it: once
   * the rest is copied, every object met is looked up (fillWeakCollections).
   */
  private weakCopy(w: WeakCollection, counterpart: WeakCollection | undefined): WeakCollection {
    const copy = counterpart ?? (w instanceof WeakMap ? new WeakMap() : new WeakSet());
    this.weak.push({ original: w, copy, looked: 0 });
    return this.remember(w, copy);
  }

  /**
   * The entries of the weak collections whose keys the fork holds. Copying a value may meet more
   * objects, and more collections: it goes on until every collection has looked up every object.
   */
  fillWeakCollections(): void {
    for (;;) {
      const behind = this.weak.filter((w) => w.looked < this.copies.size);
      if (!behind.length) return;
      const met = [...this.copies];
      for (const w of behind) {
        for (let i = w.looked; i < met.length; i++) {
          const [key, keyCopy] = met[i]!;
          if (!w.original.has(key)) continue;
          if (w.original instanceof WeakMap) (w.copy as WeakMap<object, unknown>).set(keyCopy as object, this.copy(w.original.get(key), '{weak value}'));
          else (w.copy as WeakSet<object>).add(keyCopy as object);
        }
        w.looked = met.length;
      }
    }
  }

  /** A function is never copied: the fresh construction's function at the same place stands for it. */
  private functionCopy(fn: object): unknown {
    const counterpart = this.counterparts.get(fn);
    if (!counterpart) throw this.unforkable(`a function made while booting (${sourceOf(fn)})`);
    // the same place may hold another function after the boot (a handler replaced while booting);
    // a booted cluster is forked again and again, and a fresh construction is always the same
    if (counterpart !== fn && !sameSource.has(fn)) {
      if (String(counterpart) !== String(fn)) throw this.unforkable(`a function the boot put in place of ${sourceOf(counterpart)} (${sourceOf(fn)})`);
      sameSource.add(fn);
    }
    return this.remember(fn, counterpart);
  }

  private remember<T>(original: object, copy: T): T {
    this.copies.set(original, copy);
    return copy;
  }

  private mapCopy(m: Map<unknown, unknown>, target: Map<unknown, unknown> | undefined): Map<unknown, unknown> {
    const out = this.remember(m, target ?? new Map());
    out.clear();
    for (const [k, v] of m) out.set(this.copy(k, '{key}'), this.copy(v, typeof k === 'string' || typeof k === 'number' ? k : '{value}'));
    return out;
  }

  private setCopy(s: Set<unknown>, target: Set<unknown> | undefined): Set<unknown> {
    const out = this.remember(s, target ?? new Set());
    out.clear();
    for (const v of s) out.add(this.copy(v, '{member}'));
    return out;
  }

  private arrayCopy(a: unknown[], target: unknown[] | undefined): unknown[] {
    const out = this.remember(a, target ?? []);
    out.length = a.length;
    for (let i = 0; i < a.length; i++) out[i] = this.copy(a[i], i);
    if (Object.isFrozen(a)) Object.freeze(out);
    return out;
  }

  /**
   * Own enumerable properties (class fields and object literals have no other kind) in the
   * original's order; the copy keeps the original's prototype and frozenness.
   */
  private objectCopy(o: Obj, target: Obj | undefined): Obj {
    const out = this.remember(o, target ?? (Object.create(Object.getPrototypeOf(o)) as Obj));
    if (target) for (const key of Object.keys(target)) if (!Object.prototype.hasOwnProperty.call(o, key)) delete target[key];
    for (const key of Object.keys(o)) out[key] = this.copy(o[key], key);
    if (Object.isFrozen(o)) Object.freeze(out);
    return out;
  }
}
