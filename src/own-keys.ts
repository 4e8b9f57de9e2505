/**
 * Objects keyed by user data (labels, annotations, ConfigMap keys, the keys of a `match`): a key
 * named `constructor`, `toString` or `__proto__` is a key like any other. Reading `o[key]` would
 * find Object.prototype's members, `key in o` would see them, and `o[key] = v` with `__proto__`
 * would replace the prototype; these helpers look at own properties only.
 */

/** The value of an own property, or undefined (never an inherited member). */
export function ownValue(o: object, key: string): unknown {
  return Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** Sets an own, enumerable property; `__proto__` becomes a plain key instead of the prototype. */
export function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  // Only `__proto__` is an accessor on Object.prototype; assigning any other key of a plain
  // object creates or overwrites an own data property, and is much cheaper than defineProperty.
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/**
 * A copy with no prototype, for maps read by keys that users choose (a topologyKey named
 * `constructor` must find no label rather than Object's constructor).
 */
export function withoutPrototype<T>(o: Readonly<Record<string, T>> | undefined): Readonly<Record<string, T>> {
  return Object.assign(Object.create(null) as Record<string, T>, o);
}
