/**
 * What the API server does to a Service update before allocating, so that re-applying a manifest
 * without the allocated values works and type changes drop values that no longer apply:
 * dropTypeDependentFields (pkg/registry/core/service/strategy.go), patchAllocatedValues and
 * normalizeClusterIPs (pkg/registry/core/service/storage/storage.go). All mutate `svc` in place.
 */
import type { Service } from 'kubernetes-types/core/v1';
import { deepEqual } from '../../kube/equal';
import { externallyAccessible } from '../../kube/service-exposure';
import { needsClusterIP, needsHealthCheckNodePort, needsNodePorts, serviceType, type MutableService } from './service-fields';

/** Wipes fields the new type does not use, when the user did not also change them. */
export function dropTypeDependentFields(svc: MutableService, old: Service): void {
  const spec = svc.spec;
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (sameClusterIPs(old, svc)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (deepEqual(old.spec?.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (old.spec?.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePorts(old) && !needsNodePorts(svc) && sameNodePorts(old, svc)) {
    for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(svc) && old.spec?.healthCheckNodePort === spec.healthCheckNodePort) {
    delete spec.healthCheckNodePort;
  }
  if (serviceType(old) === 'LoadBalancer' && serviceType(svc) !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && old.spec?.allocateLoadBalancerNodePorts === spec.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (old.spec?.loadBalancerClass === spec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old.spec) && !externallyAccessible(svc.spec) && old.spec?.externalTrafficPolicy === spec.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
  if (serviceType(svc) !== 'LoadBalancer' && svc.status) svc.status = { ...svc.status, loadBalancer: {} };
}

/**
 * An ExternalName Service never shows internalTrafficPolicy: upstream once defaulted it for every
 * type, and now strips it whenever a Service is read (storage.go defaultOnReadService,
 * defaultOnReadInternalTrafficPolicy), so one set by the client or left from an earlier type is
 * not seen. Every read here returns what was stored, so the field is dropped before storing.
 * unverified: the release that added the read-time strip; it is in every source read (1.35-1.37)
 * and the simulator applies it to every emulated release.
 */
export function dropExternalNameInternalTrafficPolicy(svc: MutableService): void {
  if (serviceType(svc) === 'ExternalName') delete svc.spec.internalTrafficPolicy;
}

/** Keeps allocated values a client left out of its update (so re-applying the same YAML succeeds). */
export function patchAllocatedValues(svc: MutableService, old: Service): void {
  const spec = svc.spec;
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && old.spec?.clusterIP) spec.clusterIP = old.spec.clusterIP;
    if (!spec.clusterIPs?.length && old.spec?.clusterIPs?.length) spec.clusterIPs = [...old.spec.clusterIPs];
  }
  if (needsNodePorts(old) && needsNodePorts(svc)) {
    const usedByBoth = nodePortSet(old).filter((p) => nodePortSet(svc).includes(p));
    const byName = new Map((old.spec?.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0] as const));
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const previous = byName.get(p.name ?? '') ?? 0;
      if (previous && !usedByBoth.includes(previous)) p.nodePort = previous;
    }
  }
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(svc) && !spec.healthCheckNodePort && old.spec?.healthCheckNodePort) {
    spec.healthCheckNodePort = old.spec.healthCheckNodePort;
  }
}

/** Keeps clusterIP and clusterIPs in step; `old` undefined on create. */
export function normalizeClusterIPs(svc: MutableService, old: Service | undefined): void {
  const spec = svc.spec;
  if (!old) {
    // an old client sets only the singular field
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const oldIPs = old.spec?.clusterIPs ?? [];
  if (oldIPs.length && !spec.clusterIPs?.length && old.spec?.clusterIP === spec.clusterIP) spec.clusterIPs = [...oldIPs];
  if ((old.spec?.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (old.spec?.clusterIP && !spec.clusterIP) {
      if (sameClusterIPs(old, svc)) delete spec.clusterIPs;
    } else if (deepEqual(old.spec?.clusterIPs ?? [], spec.clusterIPs ?? [])) {
      spec.clusterIPs = [spec.clusterIP!];
    }
  }
}

function sameClusterIPs(a: Service, b: Service): boolean {
  return (a.spec?.clusterIP ?? '') === (b.spec?.clusterIP ?? '') && deepEqual(a.spec?.clusterIPs ?? [], b.spec?.clusterIPs ?? []);
}

/** The user added no node port that the old object did not have. */
function sameNodePorts(old: Service, svc: Service): boolean {
  const before = nodePortSet(old);
  return nodePortSet(svc).every((p) => before.includes(p));
}

function nodePortSet(svc: Service): number[] {
  return (svc.spec?.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p > 0);
}
