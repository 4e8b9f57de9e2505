export { NamespaceController, NAMESPACE_DELETION_GRACE_MS } from './namespace-controller';
export { SystemNamespacesController, ENSURED_NAMESPACES } from './system-namespaces';
export { NamespaceDeleter, FINALIZER_ESTIMATE_SECONDS, type SyncResult } from './deleter';
export { updatedConditions, type NamespaceCondition, type ContentTotals } from './conditions';
