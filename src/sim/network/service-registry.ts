/**
 * The Service part of the API server (pkg/registry/core/service/storage): on create and update it
 * settles ipFamilyPolicy/ipFamilies, allocates cluster IPs and node ports (rejecting requested
 * values that are out of range or taken, with upstream's messages) and releases them when a
 * Service goes away or stops needing them. It also creates the Services a kind cluster starts
 * with (default/kubernetes, kube-system/kube-dns).
 *
 * Wiring: one instance in the simulator's component list, started before the endpoint
 * controllers (so they see the default Services' ADDED events).
 */
import type { Service } from 'kubernetes-types/core/v1';
import { clone, type KObject } from '../../kube/object';
import type { KubeVersion } from '../../kube/version';
import type { ApiServer, Operation, WatchEvent } from '../apiserver/store';
import type { Clock } from '../clock';
import type { Component, SimContext } from '../context';
import type { Rng } from '../rng';
import { AllocationIndex } from './allocation-index';
import { allocateClusterIPs, updateClusterIPs } from './cluster-ip-allocator';
import { kubeDnsService, kubernetesService } from './default-services';
import { initIPFamilyFields } from './ip-families';
import { allocateNodePorts, NodePortRequest, updateNodePorts } from './node-port-allocator';
import type { MutableService } from './service-fields';
import { dropExternalNameInternalTrafficPolicy, dropTypeDependentFields, normalizeClusterIPs, patchAllocatedValues } from './service-update-fixups';

/**
 * The kubernetes-service controller re-creates default/kubernetes on its next pass.
 * unverified: the pass period; 10s is the apiserver's endpoint reconcile interval.
 */
const KUBERNETES_SERVICE_RESYNC_MS = 10_000;

export class ServiceRegistry implements Component {
  private readonly index = new AllocationIndex();
  private api!: ApiServer;
  private clock!: Clock;
  private rng!: Rng;
  private version!: KubeVersion;
  private kubeDnsCreated = false;

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.clock = ctx.clock;
    this.rng = ctx.rng;
    this.version = ctx.config.version;
    ctx.api.watch((ev) => this.observe(ev), ['Namespace', 'Service']);
    ctx.api.addAdmissionHook('Service', (obj, op, old) => this.admit(obj, op, old));
    // Later, so every component has subscribed before the first Services appear.
    ctx.clock.after(0, () => this.ensureDefaultServices());
  }

  /** Which Service holds a cluster IP (for tests and diagnostics). */
  ipOwner(ip: string): string | undefined {
    return this.index.ipOwner(ip);
  }

  private observe(ev: WatchEvent): void {
    this.index.observe(ev);
    const { kind, metadata } = ev.object;
    if (kind === 'Namespace' && ev.type === 'ADDED' && (metadata.name === 'default' || metadata.name === 'kube-system')) {
      this.clock.after(0, () => this.ensureDefaultServices());
    }
    if (kind === 'Service' && ev.type === 'DELETED' && metadata.namespace === 'default' && metadata.name === 'kubernetes') {
      this.clock.after(KUBERNETES_SERVICE_RESYNC_MS, () => this.ensureDefaultServices());
    }
  }

  private admit(obj: KObject, op: Operation, old: KObject | undefined): KObject {
    const svc = clone(obj) as unknown as MutableService;
    svc.spec = svc.spec ?? {};
    if (op === 'CREATE') this.allocateCreate(svc);
    else this.allocateUpdate(svc, old as unknown as Service);
    dropExternalNameInternalTrafficPolicy(svc);
    return svc as unknown as KObject;
  }

  private allocateCreate(svc: MutableService): void {
    normalizeClusterIPs(svc, undefined);
    initIPFamilyFields(svc, undefined, this.version);
    allocateClusterIPs(svc, this.ipContext());
    allocateNodePorts(svc, new NodePortRequest(this.index, this.rng, this.version));
    // LoadBalancerStatus is a struct, so a new Service always shows `status: {loadBalancer: {}}`
    if (!svc.status) svc.status = { loadBalancer: {} };
  }

  private allocateUpdate(svc: MutableService, old: Service): void {
    dropTypeDependentFields(svc, old);
    patchAllocatedValues(svc, old);
    normalizeClusterIPs(svc, old);
    initIPFamilyFields(svc, old, this.version);
    updateClusterIPs(svc, old, this.ipContext());
    updateNodePorts(svc, old, new NodePortRequest(this.index, this.rng, this.version));
  }

  private ipContext() {
    return { index: this.index, rng: this.rng, version: this.version };
  }

  private ensureDefaultServices(): void {
    for (const manifest of [kubernetesService(), kubeDnsService()]) {
      const { namespace, name } = manifest.metadata;
      if (!this.api.get('Namespace', undefined, namespace!)) continue;
      if (this.api.get('Service', namespace, name)) continue;
      // kube-dns is created once by kubeadm; only kubernetes is re-created after a deletion
      if (name === 'kube-dns' && this.kubeDnsCreated) continue;
      this.api.create(manifest);
      if (name === 'kube-dns') this.kubeDnsCreated = true;
    }
  }
}
