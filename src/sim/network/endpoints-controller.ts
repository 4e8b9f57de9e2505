/**
 * The legacy Endpoints controller (pkg/controller/endpoint/endpoints_controller.go). The
 * core/v1 Endpoints API is deprecated since 1.33 (KEP-4974: reads and writes return a warning)
 * but kube-controller-manager still runs this controller in every supported version, so a
 * Service with a selector still gets an Endpoints object of the same name.
 *
 * Triggers: Service add/update/delete, a pod change that matters (--endpoint-updates-batch-period,
 * default 0) and the deletion of a managed Endpoints object. Failures retry with client-go's
 * default back-off (the WorkQueue's). A deleted Service's Endpoints are deleted here (they carry
 * no ownerReference).
 *
 * Wiring: one instance in the simulator's component list.
 */
import type { Endpoints, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1';
import { ApiError } from '../../errors';
import { deepEqual } from '../../kube/equal';
import type { KObject } from '../../kube/object';
import { atLeast, type KubeVersion } from '../../kube/version';
import type { ApiServer, WatchEvent } from '../apiserver/store';
import type { Component, SimContext } from '../context';
import type { EventRecorder } from '../events';
import { WorkQueue } from '../workqueue';
import { LABEL_HEADLESS } from './endpointslice-object';
import { desiredSubsets, MAX_ENDPOINTS_CAPACITY, truncateSubsets } from './endpoints-subsets';
import { hasServiceIP, serviceKey, serviceSelector, serviceType, splitServiceKey } from './service-fields';
import { podsSelectedBy, servicesForPodEvent } from './service-selection';
import { TRIGGER_TIME_ANNOTATION, TriggerTimeTracker } from './trigger-time';

/** Since 1.33 the controller labels what it manages (pkg/controller/endpoint LabelManagedBy). */
export const LABEL_ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by';
export const ENDPOINTS_CONTROLLER_NAME = 'endpoint-controller';
const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
const POD_BATCH_PERIOD_MS = 0;

export class EndpointsController implements Component {
  private api!: ApiServer;
  private events!: EventRecorder;
  private version!: KubeVersion;
  private queue!: WorkQueue;
  private readonly triggerTimes = new TriggerTimeTracker();

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.events = ctx.events;
    this.version = ctx.config.version;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.api.watch((ev) => this.onEvent(ev), ['Service', 'Endpoints', 'Pod']);
  }

  private onEvent(ev: WatchEvent): void {
    const o = ev.object;
    if (o.kind === 'Service') this.queue.add(serviceKey(o.metadata.namespace!, o.metadata.name));
    else if (o.kind === 'Endpoints' && ev.type === 'DELETED') this.queue.add(serviceKey(o.metadata.namespace!, o.metadata.name));
    else if (o.kind === 'Pod') {
      const old = ev.type === 'MODIFIED' ? (ev.old as unknown as Pod) : undefined;
      for (const key of servicesForPodEvent(this.api, o as unknown as Pod, old)) this.queue.add(key, POD_BATCH_PERIOD_MS);
    }
  }

  private sync(key: string): void {
    const { namespace, name } = splitServiceKey(key);
    const service = this.api.get<Service>('Service', namespace, name);
    if (!service) {
      if (this.api.get('Endpoints', namespace, name)) this.api.delete('Endpoints', namespace, name);
      this.triggerTimes.forget(key);
      return;
    }
    const selector = serviceSelector(service);
    if (serviceType(service) === 'ExternalName' || !selector) return;
    const pods = podsSelectedBy(this.api, namespace, selector);
    const triggerTime = this.triggerTimes.compute(key, service, pods, (t) => this.api.parseTime(t));
    const subsets = desiredSubsets(service, pods);
    const current = this.api.get<Endpoints>('Endpoints', namespace, name);
    if (current && this.upToDate(current, subsets, service)) return;
    this.write(service, current, subsets, triggerTime);
  }

  /** Same subsets, the Service's labels, and the capacity annotation as it should be. */
  private upToDate(current: Endpoints, subsets: EndpointSubset[], service: Service): boolean {
    const { [LABEL_HEADLESS]: _h, [LABEL_ENDPOINTS_MANAGED_BY]: _m, ...labels } = current.metadata?.labels ?? {};
    const count = (current.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
    // capacityAnnotationSetCorrectly: an over-capacity object is always rewritten
    const capacityOk = count <= MAX_ENDPOINTS_CAPACITY && !(OVER_CAPACITY_ANNOTATION in (current.metadata?.annotations ?? {}));
    return deepEqual(current.subsets ?? [], subsets) && deepEqual(labels, service.metadata?.labels ?? {}) && capacityOk;
  }

  private write(service: Service, current: Endpoints | undefined, subsets: EndpointSubset[], triggerTime: string | undefined): void {
    const meta = service.metadata!;
    const labels: Record<string, string> = { ...(meta.labels ?? {}) };
    if (!hasServiceIP(service)) labels[LABEL_HEADLESS] = '';
    if (atLeast(this.version, '1.33')) labels[LABEL_ENDPOINTS_MANAGED_BY] = ENDPOINTS_CONTROLLER_NAME;
    const annotations: Record<string, string> = { ...(current?.metadata?.annotations ?? {}) };
    if (triggerTime) annotations[TRIGGER_TIME_ANNOTATION] = triggerTime;
    else delete annotations[TRIGGER_TIME_ANNOTATION];
    const kept = subsets.map((s) => ({ ...s }));
    if (truncateSubsets(kept)) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const obj: KObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? {}), name: meta.name!, namespace: meta.namespace, labels, annotations },
    };
    if (!Object.keys(labels).length) delete obj.metadata.labels;
    if (!Object.keys(annotations).length) delete obj.metadata.annotations;
    if (kept.length) obj.subsets = kept;
    try {
      if (current) this.api.update(obj);
      else this.api.create(obj);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // a terminating namespace refuses creates for good: drop the work
      if (!current && err.status === 403 && err.message.includes('being terminated')) return;
      const what = current
        ? ['FailedToUpdateEndpoint', `Failed to update endpoint ${meta.namespace}/${meta.name}: ${err.message}`]
        : ['FailedToCreateEndpoint', `Failed to create endpoint for service ${meta.namespace}/${meta.name}: ${err.message}`];
      this.events.record(obj, 'Warning', what[0]!, what[1]!, 'endpoint-controller');
      throw err;
    }
  }
}
