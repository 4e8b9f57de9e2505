/**
 * The EndpointSlice controller (pkg/controller/endpointslice/endpointslice_controller.go): keeps
 * one or more EndpointSlices per selector-based Service listing the pods it selects.
 *
 * Triggers: Service add/update/delete (sync at once), a pod change that matters to a Service
 * (--endpointslice-updates-batch-period, default 0), and a change to one of its slices made by
 * someone else (after endpointSliceChangeMinSyncDelay, 1s). Its own writes are recognised and
 * ignored, like upstream's EndpointSliceTracker. Failed syncs retry after 1s, doubling up to
 * 1000s, 15 times (defaultSyncBackOff, maxSyncBackOff, maxRetries). ExternalName Services and
 * Services without a selector get no slices from it; slices of a deleted Service are removed by
 * the garbage collector through their ownerReference.
 *
 * Wiring: one instance in the simulator's component list.
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import { ApiError } from '../../errors';
import type { KObject } from '../../kube/object';
import type { ApiServer, WatchEvent } from '../apiserver/store';
import type { Component, SimContext } from '../context';
import type { EventRecorder } from '../events';
import { WorkQueue } from '../workqueue';
import { CONTROLLER_NAME, fromStored, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, toWire, type Slice } from './endpointslice-object';
import { planEndpointSlices, type ReconcilePlan } from './endpointslice-reconciler';
import { podsSelectedBy, servicesForPodEvent } from './service-selection';
import { serviceKey, serviceSelector, serviceType, splitServiceKey } from './service-fields';
import { TRIGGER_TIME_ANNOTATION, TriggerTimeTracker } from './trigger-time';

/** kube-controller-manager --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
/** --endpointslice-updates-batch-period default. */
const POD_BATCH_PERIOD_MS = 0;
const SLICE_CHANGE_MIN_SYNC_DELAY_MS = 1000;
const SYNC_BACKOFF_MS = 1000;
const MAX_SYNC_BACKOFF_MS = 1_000_000;
const MAX_RETRIES = 15;

export class EndpointSliceController implements Component {
  private api!: ApiServer;
  private events!: EventRecorder;
  private queue!: WorkQueue;
  private readonly triggerTimes = new TriggerTimeTracker();
  /** resourceVersion of each slice as this controller last wrote it, by uid */
  private readonly written = new Map<string, string>();
  private readonly failures = new Map<string, number>();
  private writing = false;

  constructor(private readonly maxEndpointsPerSlice = MAX_ENDPOINTS_PER_SLICE) {}

  start(ctx: SimContext): void {
    this.api = ctx.api;
    this.events = ctx.events;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.api.watch((ev) => this.onEvent(ev), ['Service', 'Pod', 'EndpointSlice']);
  }

  private onEvent(ev: WatchEvent): void {
    const o = ev.object;
    if (o.kind === 'Service') this.queue.add(serviceKey(o.metadata.namespace!, o.metadata.name));
    else if (o.kind === 'Pod') {
      const old = ev.type === 'MODIFIED' ? (ev.old as unknown as Pod) : undefined;
      for (const key of servicesForPodEvent(this.api, o as unknown as Pod, old)) this.queue.add(key, POD_BATCH_PERIOD_MS);
    } else if (o.kind === 'EndpointSlice') this.onSliceEvent(ev);
  }

  private onSliceEvent(ev: WatchEvent): void {
    const slice = ev.object;
    const uid = slice.metadata.uid!;
    if (this.writing) {
      // our own write: remember it so its echo does not trigger a sync
      if (ev.type === 'DELETED') this.written.delete(uid);
      else this.written.set(uid, slice.metadata.resourceVersion!);
      return;
    }
    const ours = (o: KObject | undefined) => o?.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME;
    if (ev.type === 'DELETED') {
      if (ours(slice) && this.written.delete(uid)) this.queueForSlice(slice);
      return;
    }
    const serviceChanged = ev.old && ev.old.metadata.labels?.[LABEL_SERVICE_NAME] !== slice.metadata.labels?.[LABEL_SERVICE_NAME];
    if (serviceChanged) {
      this.queueForSlice(slice);
      this.queueForSlice(ev.old!);
    } else if ((ev.old && ours(ev.old) !== ours(slice)) || (ours(slice) && this.written.get(uid) !== slice.metadata.resourceVersion)) {
      this.queueForSlice(slice);
    }
  }

  private queueForSlice(slice: KObject): void {
    const name = slice.metadata.labels?.[LABEL_SERVICE_NAME];
    if (name) this.queue.add(serviceKey(slice.metadata.namespace!, name), Math.max(SLICE_CHANGE_MIN_SYNC_DELAY_MS, POD_BATCH_PERIOD_MS));
  }

  private sync(key: string): void {
    const { namespace, name } = splitServiceKey(key);
    const service = this.api.get<Service>('Service', namespace, name);
    if (!service) {
      this.triggerTimes.forget(key);
      this.failures.delete(key);
      return;
    }
    const selector = serviceSelector(service);
    if (serviceType(service) === 'ExternalName' || !selector) return;
    const pods = podsSelectedBy(this.api, namespace, selector);
    const existing = this.api
      .list('EndpointSlice', namespace)
      .filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === name && s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME)
      .filter((s) => !s.metadata.deletionTimestamp)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
      .map(fromStored);
    const triggerTime = this.triggerTimes.compute(key, service, pods, (t) => this.api.parseTime(t));
    const plan = planEndpointSlices({
      service,
      pods,
      existing,
      nodeOf: (n) => (n ? this.api.get<Node>('Node', undefined, n) : undefined),
      maxEndpointsPerSlice: this.maxEndpointsPerSlice,
    });
    const errors = [...plan.errors];
    try {
      this.apply(service, plan, triggerTime);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.push(err.message);
    }
    if (errors.length) this.fail(key, service, errors);
    else this.failures.delete(key);
  }

  /** finalize: creates (unless the Service is being deleted), then updates, then deletes. */
  private apply(service: Service, plan: ReconcilePlan, triggerTime: string | undefined): void {
    const svcName = `${service.metadata!.namespace}/${service.metadata!.name}`;
    this.writing = true;
    try {
      if (!service.metadata?.deletionTimestamp) {
        for (const s of plan.create) {
          try {
            this.api.create(toWire(annotate(s, triggerTime)));
          } catch (err) {
            // a terminating namespace refuses creates for good: drop the work
            if (err instanceof ApiError && err.status === 403 && err.message.includes('being terminated')) return;
            throw rewrap(err, `failed to create EndpointSlice for Service ${svcName}`);
          }
        }
      }
      for (const s of plan.update) {
        try {
          this.api.update(toWire(annotate(s, triggerTime)));
        } catch (err) {
          throw rewrap(err, `failed to update ${s.metadata.name} EndpointSlice for Service ${svcName}`);
        }
      }
      for (const s of plan.delete) {
        try {
          this.api.delete('EndpointSlice', s.metadata.namespace, s.metadata.name!);
        } catch (err) {
          throw rewrap(err, `failed to delete ${s.metadata.name} EndpointSlice for Service ${svcName}`);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** handleErr: a Warning event on the Service, then a rate-limited retry. */
  private fail(key: string, service: Service, errors: string[]): void {
    const aggregate = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
    const { namespace, name } = splitServiceKey(key);
    this.events.record(service as unknown as KObject, 'Warning', 'FailedToUpdateEndpointSlices',
      `Error updating Endpoint Slices for Service ${namespace}/${name}: ${aggregate}`, 'endpoint-slice-controller');
    const n = this.failures.get(key) ?? 0;
    if (n >= MAX_RETRIES) {
      this.failures.delete(key);
      return;
    }
    this.failures.set(key, n + 1);
    this.queue.add(key, Math.min(SYNC_BACKOFF_MS * 2 ** n, MAX_SYNC_BACKOFF_MS));
  }
}

/** addTriggerTimeAnnotation: set it, or clear it when no trigger changed. */
function annotate(s: Slice, triggerTime: string | undefined): Slice {
  const annotations = { ...(s.metadata.annotations ?? {}) };
  if (triggerTime) annotations[TRIGGER_TIME_ANNOTATION] = triggerTime;
  else delete annotations[TRIGGER_TIME_ANNOTATION];
  const { annotations: _previous, ...rest } = s.metadata;
  return { ...s, metadata: Object.keys(annotations).length ? { ...rest, annotations } : rest };
}

function rewrap(err: unknown, context: string): unknown {
  if (!(err instanceof ApiError)) return err;
  return new ApiError(err.status, err.reason, `${context}: ${err.message}`, err.causes);
}
