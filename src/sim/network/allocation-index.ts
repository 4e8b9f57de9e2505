/**
 * Which Service holds which cluster IP and node port, derived from the stored Services through
 * the watch. Deriving it (instead of keeping a separate bitmap like the real API server) means a
 * request that allocates and then fails validation leaks nothing, and a deleted Service frees its
 * values the moment it is gone — what upstream's allocate/release transactions achieve.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { WatchEvent } from '../apiserver/store';
import { serviceKey } from './service-fields';

export class AllocationIndex {
  private readonly ips = new Map<string, string>();
  private readonly ports = new Map<number, string>();

  /** Feed every API server watch event; only Services matter. */
  observe(ev: WatchEvent): void {
    if (ev.object.kind !== 'Service') return;
    if (ev.old) this.forget(ev.old as unknown as Service);
    if (ev.type === 'DELETED') this.forget(ev.object as unknown as Service);
    else this.remember(ev.object as unknown as Service);
  }

  ipOwner(ip: string): string | undefined {
    return this.ips.get(ip);
  }

  portOwner(port: number): string | undefined {
    return this.ports.get(port);
  }

  private remember(svc: Service): void {
    const key = keyOf(svc);
    for (const ip of heldIPs(svc)) this.ips.set(ip, key);
    for (const port of heldPorts(svc)) this.ports.set(port, key);
  }

  private forget(svc: Service): void {
    const key = keyOf(svc);
    for (const ip of heldIPs(svc)) if (this.ips.get(ip) === key) this.ips.delete(ip);
    for (const port of heldPorts(svc)) if (this.ports.get(port) === key) this.ports.delete(port);
  }
}

function keyOf(svc: Service): string {
  return serviceKey(svc.metadata?.namespace ?? 'default', svc.metadata?.name ?? '');
}

function heldIPs(svc: Service): string[] {
  const ips = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  return ips.filter((ip) => ip && ip !== 'None');
}

/** Node ports of every port plus the health-check node port. */
function heldPorts(svc: Service): number[] {
  const out = (svc.spec?.ports ?? []).map((p) => p.nodePort ?? 0);
  out.push(svc.spec?.healthCheckNodePort ?? 0);
  return out.filter((p) => p > 0);
}
