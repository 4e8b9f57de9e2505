/**
 * Serving one stored object at every version of its kind. The simulator stores a kind once
 * (keyed by kind); the API server converts between the versions it serves. Most served
 * alternatives here share the stored shape (autoscaling/v1 and v2 HorizontalPodAutoscaler for
 * the fields the simulator uses, flowcontrol v1beta3 and v1), so the apiVersion is rewritten;
 * events.k8s.io/v1 Event renames the core Event's fields (pkg/apis/events/v1 conversion:
 * involvedObject → regarding, message → note, source → deprecatedSource, count, firstTimestamp,
 * lastTimestamp → deprecated*).
 */
import type { KObject } from '../kube/object';
import { apiVersionOf } from '../kube/registry';
import type { RestResource } from './resources';

function coreEventToEventsV1(o: KObject): KObject {
  const { involvedObject, message, source, count, firstTimestamp, lastTimestamp, reportingComponent, reportingInstance, ...rest } = o as Record<string, unknown> & KObject;
  const out: KObject = { ...rest, apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: o.metadata };
  if (involvedObject !== undefined) out.regarding = involvedObject;
  if (message !== undefined) out.note = message;
  if (source !== undefined) out.deprecatedSource = source;
  if (count !== undefined) out.deprecatedCount = count;
  if (firstTimestamp !== undefined) out.deprecatedFirstTimestamp = firstTimestamp;
  if (lastTimestamp !== undefined) out.deprecatedLastTimestamp = lastTimestamp;
  if (reportingComponent !== undefined) out.reportingController = reportingComponent;
  if (reportingInstance !== undefined) out.reportingInstance = reportingInstance;
  return out;
}

/** The object as the resource's group/version presents it. */
export function present(o: KObject, r: Pick<RestResource, 'group' | 'version' | 'kind'>): KObject {
  const apiVersion = apiVersionOf(r);
  if (o.apiVersion === apiVersion) return o;
  if (r.kind === 'Event' && r.group === 'events.k8s.io' && o.apiVersion === 'v1') return coreEventToEventsV1(o);
  return { ...o, apiVersion };
}
