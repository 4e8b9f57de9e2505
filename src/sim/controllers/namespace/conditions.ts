/**
 * The status conditions the namespace deleter keeps on a terminating namespace
 * (pkg/controller/namespace/deletion/status_condition_utils.go). Each of the five types is always
 * present once deletion has run: True with the failure's reason and message, else False with the
 * "ok" reason and message. lastTransitionTime moves only when the status flips.
 */

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** A condition before it is stamped with a transition time. */
type Verdict = Omit<NamespaceCondition, 'lastTransitionTime'>;

/** What deleteAllContent found still in the namespace, and the errors it met. */
export interface ContentTotals {
  /** `<resource>.<group>` (core has an empty group: `pods.`) -> instances left */
  remainingByResource: Map<string, number>;
  /** finalizer -> instances still carrying it */
  remainingByFinalizer: Map<string, number>;
  errors: string[];
}

/** conditionTypes, in the order they are appended. */
const OK: Array<[type: string, reason: string, message: string]> = [
  ['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered', 'All resources successfully discovered'],
  ['NamespaceDeletionGroupVersionParsingFailure', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  ['NamespaceDeletionContentFailure', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  ['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
  ['NamespaceFinalizersRemaining', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
];

/** Go's sort.Strings: byte order, not locale order. */
function byteSorted(items: string[]): string[] {
  return [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The failing conditions for these totals (ProcessContentTotals, makeDeleteContentCondition).
 * Discovery and group-version parsing cannot fail in the simulator.
 */
function failures(totals: ContentTotals): Verdict[] {
  const out: Verdict[] = [];
  if (totals.errors.length) {
    out.push({
      type: 'NamespaceDeletionContentFailure', status: 'True', reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${totals.errors.length} remaining: ${byteSorted(totals.errors).join(', ')}`,
    });
  }
  const resources = [...totals.remainingByResource].filter(([, n]) => n > 0).map(([r, n]) => `${r} has ${n} resource instances`);
  if (resources.length) {
    out.push({
      type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${byteSorted(resources).join(', ')}`,
    });
  }
  const finalizers = [...totals.remainingByFinalizer].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`);
  if (finalizers.length) {
    out.push({
      type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${byteSorted(finalizers).join(', ')}`,
    });
  }
  return out;
}

/**
 * updateConditions: the namespace's conditions with every deleter condition brought up to date
 * (conditions of other types kept as they are), or undefined when nothing changed.
 */
export function updatedConditions(current: NamespaceCondition[], totals: ContentTotals, now: string): NamespaceCondition[] | undefined {
  const failed = failures(totals);
  const next = current.map((c) => ({ ...c }));
  let changed = false;
  for (const [type, reason, message] of OK) {
    const wanted = failed.find((f) => f.type === type) ?? { type, status: 'False', reason, message };
    const existing = next.find((c) => c.type === type);
    if (!existing) {
      next.push({ ...wanted, lastTransitionTime: now });
      changed = true;
    } else if (existing.status !== wanted.status || existing.reason !== wanted.reason || existing.message !== wanted.message) {
      if (existing.status !== wanted.status) existing.lastTransitionTime = now;
      Object.assign(existing, { status: wanted.status, reason: wanted.reason, message: wanted.message });
      changed = true;
    }
  }
  return changed ? next : undefined;
}
