/**
 * Work-queue keys: `namespace/name`, what client-go's MetaNamespaceKeyFunc gives a controller to
 * queue an object by, and SplitMetaNamespaceKey to read it back. Cluster-scoped objects get an
 * empty namespace (`/name`) here, so every key splits the same way. Not the store's
 * `Kind/namespace/name` key (kube/object.ts keyOf).
 */

/** Anything with metadata: stored objects, or the optional-everything kubernetes-types. */
interface Named {
  metadata?: { namespace?: string; name?: string };
}

/** The key of a namespace and name. */
export function namespacedKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** MetaNamespaceKeyFunc: the key an object is queued under. */
export function queueKey(o: Named): string {
  return namespacedKey(o.metadata?.namespace, o.metadata?.name ?? '');
}

/** SplitMetaNamespaceKey: [namespace, name] of a key (names cannot hold a slash; namespaces neither). */
export function splitQueueKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
