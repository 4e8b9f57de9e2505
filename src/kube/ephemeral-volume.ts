/**
 * Generic ephemeral volumes as every component sees them (component-helpers storage/ephemeral):
 * the claim of a pod's `ephemeral` volume is `<pod>-<volume>`, and it is that volume's only if
 * the pod is its controller — a claim of that name made by someone else is never used.
 */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';

interface Named {
  metadata?: Pick<ObjectMeta, 'name' | 'namespace' | 'uid' | 'ownerReferences'>;
}

/** VolumeClaimName. */
export function ephemeralClaimName(pod: Named, volume: { name: string }): string {
  return `${pod.metadata?.name}-${volume.name}`;
}

/** metav1.GetControllerOf: the first owner reference marked controller. */
export function controllerOf(obj: Named): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller);
}

/**
 * VolumeIsForPod: undefined when the claim is the pod's, else the error upstream returns (the
 * scheduler, the kubelet and the ephemeral volume controller all report this text).
 */
export function claimNotForPod(pod: Named, pvc: Named): string | undefined {
  const ns = (o: Named) => o.metadata?.namespace ?? 'default';
  if (ns(pvc) === ns(pod) && controllerOf(pvc)?.uid === pod.metadata?.uid) return undefined;
  return `PVC ${ns(pvc)}/${pvc.metadata?.name} was not created for pod ${ns(pod)}/${pod.metadata?.name} (pod is not owner)`;
}
