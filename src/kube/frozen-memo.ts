/**
 * Values derived from stored objects, computed once per object. The store freezes what it keeps
 * and never changes a frozen object, so a pure function of one gives the same answer every time:
 * the answer is kept by the object's identity (a WeakMap, so nothing is kept alive), with an
 * optional second key for whatever else it depends on (a version, a collision count). An object
 * that is not frozen may still change, so its answer is computed every time.
 */

export interface FrozenMemoOptions<V> {
  /** applied to an answer before it is kept and shared between callers (e.g. deepFreeze) */
  share?: (value: V) => V;
}

/** `compute`, remembered per frozen argument. */
export function memoOnFrozen<T extends object, V>(compute: (o: T) => V, { share }: FrozenMemoOptions<V> = {}): (o: T) => V {
  const answers = new WeakMap<T, V>();
  return (o) => {
    if (!Object.isFrozen(o)) return compute(o);
    if (answers.has(o)) return answers.get(o)!;
    const value = share ? share(compute(o)) : compute(o);
    answers.set(o, value);
    return value;
  };
}

/** `compute`, remembered per frozen first argument and value of the second. */
export function memoOnFrozenBy<T extends object, K, V>(compute: (o: T, key: K) => V, { share }: FrozenMemoOptions<V> = {}): (o: T, key: K) => V {
  const answers = new WeakMap<T, Map<K, V>>();
  return (o, key) => {
    if (!Object.isFrozen(o)) return compute(o, key);
    let byKey = answers.get(o);
    if (!byKey) answers.set(o, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key)!;
    const value = share ? share(compute(o, key)) : compute(o, key);
    byKey.set(key, value);
    return value;
  };
}
