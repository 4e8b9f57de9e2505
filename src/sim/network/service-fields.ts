/**
 * Questions asked of a Service by the registry, the endpoint controllers and DNS. Each mirrors an
 * upstream helper (pkg/registry/core/service/storage, pkg/apis/core/v1/helper,
 * k8s.io/endpointslice utils) so the same rule is never written twice here.
 */
import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import { needsHealthCheck } from '../../kube/service-exposure';

/** A Service being admitted: a private copy the registry edits in place. */
export type MutableService = Service & { spec: ServiceSpec; status?: Record<string, unknown> };

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export function serviceType(svc: Service): ServiceType {
  return (svc.spec?.type as ServiceType | undefined) ?? 'ClusterIP';
}

/** Every type but ExternalName holds a cluster IP (even "None" counts as a value). */
export function needsClusterIP(svc: Service): boolean {
  return serviceType(svc) !== 'ExternalName';
}

export function needsNodePorts(svc: Service): boolean {
  const t = serviceType(svc);
  return t === 'NodePort' || t === 'LoadBalancer';
}

/** LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort (apiservice.NeedsHealthCheck). */
export function needsHealthCheckNodePort(svc: Service): boolean {
  return needsHealthCheck(svc.spec);
}

/** NodePort always; LoadBalancer unless allocateLoadBalancerNodePorts is false (storage shouldAllocateNodePorts). */
export function shouldAllocateNodePorts(svc: Service): boolean {
  const t = serviceType(svc);
  if (t === 'NodePort') return true;
  return t === 'LoadBalancer' && svc.spec?.allocateLoadBalancerNodePorts !== false;
}

export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

/** helper.IsServiceIPSet: a real virtual IP (not "None", not empty). */
export function hasServiceIP(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/**
 * The selector the endpoint controllers act on, or undefined for "no selector". An empty map is
 * stored as nil by the real API server (protobuf drops empty maps), so `selector: {}` selects
 * nothing and gets no endpoints, like a Service without a selector.
 */
export function serviceSelector(svc: Service): Record<string, string> | undefined {
  const sel = svc.spec?.selector;
  return sel && Object.keys(sel).length ? sel : undefined;
}

export function servicePorts(svc: Service): ServicePort[] {
  return svc.spec?.ports ?? [];
}

/** A service port's protocol, TCP when unset (SetDefaults_ServicePort). */
export function portProtocol(p: { protocol?: string }): string {
  return p.protocol ?? 'TCP';
}

export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function splitServiceKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
