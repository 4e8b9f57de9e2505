/**
 * Whether a Service is reachable from outside the cluster, as pkg/api/service ExternallyAccessible
 * decides it: NodePort and LoadBalancer Services, and ClusterIP Services with externalIPs. It is
 * the one rule behind the externalTrafficPolicy default (SetDefaults_Service), its validation
 * (validateServiceExternalTrafficPolicy) and the registry dropping the policy when a Service stops
 * being reachable (strategy.go dropTypeDependentFields).
 */
export interface ServiceExposure {
  type?: unknown;
  externalIPs?: unknown;
  externalTrafficPolicy?: unknown;
}

export function externallyAccessible(spec: ServiceExposure | undefined): boolean {
  const type = spec?.type ?? 'ClusterIP';
  if (type === 'NodePort' || type === 'LoadBalancer') return true;
  return type === 'ClusterIP' && Array.isArray(spec?.externalIPs) && spec.externalIPs.length > 0;
}

/** apiservice.NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort. */
export function needsHealthCheck(spec: ServiceExposure | undefined): boolean {
  return spec?.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}
