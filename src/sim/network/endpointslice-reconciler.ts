/**
 * The EndpointSlice reconciler as a pure plan: given a Service, the pods it selects and the slices
 * it has, which slices to create, update and delete (k8s.io/endpointslice reconciler.go).
 * Minimal churn: endpoints stay in the slice that holds them; changed slices are filled up
 * first (fullest first); leftovers go to the unchanged slice that ends closest to full, else to
 * new slices of at most maxEndpointsPerSlice; a slice left empty is deleted, and a create paired
 * with a delete becomes an update of the deleted slice. A Service with no endpoints keeps one
 * empty "placeholder" slice. Where upstream iterates Go maps we use name/insertion order.
 * Topology hints (trafficDistribution, topology-mode annotation) are not simulated.
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1';
import { deepEqual } from '../../kube/equal';
import { clone } from '../../kube/object';
import {
  addressTypesFor, endpointKey, endpointPorts, endpointsEqualBeyondKey, newSlice, ownedBy, podToEndpoint, portsKey,
  sliceLabels, type AddressType, type Slice,
} from './endpointslice-object';
import { shouldPodBeInEndpoints } from './pod-endpoints';

export interface ReconcileInput {
  service: Service;
  /** pods the Service selects, in a stable order */
  pods: Pod[];
  /** slices labelled for this Service and managed by the controller, not being deleted, by name */
  existing: Slice[];
  nodeOf(name: string): Node | undefined;
  maxEndpointsPerSlice: number;
}

export interface ReconcilePlan {
  create: Slice[];
  update: Slice[];
  delete: Slice[];
  /** pods skipped because their Node object is missing (the sync is retried) */
  errors: string[];
}

export function planEndpointSlices(input: ReconcileInput): ReconcilePlan {
  const plan: ReconcilePlan = { create: [], update: [], delete: [], errors: [] };
  const types = addressTypesFor(input.service);
  const unsupported: Slice[] = [];
  for (const type of types) {
    const ofType = input.existing.filter((s) => s.addressType === type);
    const p = planAddressType(input, ofType, type);
    plan.create.push(...p.create);
    plan.update.push(...p.update);
    plan.delete.push(...p.delete);
    plan.errors.push(...p.errors);
  }
  // slices of a family the Service no longer has are deleted outright
  for (const s of input.existing) if (!types.includes(s.addressType)) unsupported.push(s);
  plan.delete.push(...unsupported);
  return plan;
}

interface Desired {
  ports: EndpointPort[];
  endpoints: Map<string, Endpoint>;
}

function planAddressType(input: ReconcileInput, existing: Slice[], type: AddressType): ReconcilePlan {
  const { service } = input;
  const errors: string[] = [];
  const existingByPorts = new Map<string, Slice[]>();
  const toDelete: Slice[] = [];
  for (const s of existing) {
    if (!ownedBy(s, service)) {
      toDelete.push(s);
      continue;
    }
    const key = portsKey(s.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), s]);
  }

  const desiredByPorts = new Map<string, Desired>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(service, pod);
    const key = portsKey(ports);
    if (!desiredByPorts.has(key)) desiredByPorts.set(key, { ports, endpoints: new Map() });
    const nodeName = pod.spec?.nodeName ?? '';
    const node = input.nodeOf(nodeName);
    if (!node && !service.spec?.publishNotReadyAddresses) {
      // keep the slice free of pods on vanished nodes, but retry later
      errors.push(`skipping Pod ${pod.metadata?.name} for Service ${service.metadata?.namespace}/${service.metadata?.name}: Node ${nodeName} Not Found`);
      continue;
    }
    const ep = podToEndpoint(pod, node, service, type);
    if (ep.addresses.length) desiredByPorts.get(key)!.endpoints.set(endpointKey(ep), ep);
  }

  const create: Slice[] = [];
  const update: Slice[] = [];
  for (const [key, desired] of desiredByPorts) {
    const p = planPortGroup(input, existingByPorts.get(key) ?? [], desired, type);
    create.push(...p.create);
    update.push(...p.update);
    toDelete.push(...p.delete);
  }
  for (const [key, slices] of existingByPorts) if (!desiredByPorts.has(key)) toDelete.push(...slices);

  if (existing.length === toDelete.length && create.length < 1) {
    const placeholder = newSlice(service, [], type);
    if (toDelete.length === 1 && samePlaceholder(toDelete[0]!, placeholder)) toDelete.length = 0;
    else create.push(placeholder);
  }
  return { ...pairCreatesWithDeletes(service, create, update, toDelete), errors };
}

/** reconcileByPortMapping for one set of ports. */
function planPortGroup(input: ReconcileInput, existing: Slice[], desired: Desired, type: AddressType): Omit<ReconcilePlan, 'errors'> {
  const max = input.maxEndpointsPerSlice;
  const wanted = desired.endpoints;
  const byName = new Map<string, Slice>();
  const unchanged: string[] = [];
  const toUpdate: string[] = [];
  const toDelete: string[] = [];

  // 1. keep desired endpoints where they are, refresh changed ones, drop the rest
  for (const s of existing) {
    const name = s.metadata.name!;
    byName.set(name, s);
    const kept: Endpoint[] = [];
    let changed = false;
    for (const ep of s.endpoints) {
      const key = endpointKey(ep);
      const want = wanted.get(key);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondKey(want, ep)) changed = true;
      wanted.delete(key);
    }
    const labels = sliceLabels(s.metadata.labels, input.service);
    if (changed || kept.length !== s.endpoints.length) {
      if (!kept.length) toDelete.push(name);
      else {
        byName.set(name, { ...clone(s), endpoints: kept, metadata: { ...clone(s.metadata), labels: labels.labels } });
        toUpdate.push(name);
      }
    } else if (labels.changed) {
      byName.set(name, { ...clone(s), metadata: { ...clone(s.metadata), labels: labels.labels } });
      toUpdate.push(name);
    } else {
      unchanged.push(name);
    }
  }

  // 2. fill the slices being updated anyway, fullest first
  if (wanted.size && toUpdate.length) {
    const slices = toUpdate.map((n) => byName.get(n)!).sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of slices) fill(s, wanted, max);
  }

  // 3. the rest into the unchanged slice that ends closest to full, else into new slices
  const create: Slice[] = [];
  while (wanted.size) {
    let target: Slice | undefined;
    if (wanted.size < max && unchanged.length) {
      const chosen = closestToFull(unchanged.map((n) => byName.get(n)!), wanted.size, max);
      if (chosen) {
        target = clone(chosen);
        byName.set(chosen.metadata.name!, target);
      }
    }
    target = target ?? newSlice(input.service, desired.ports, type);
    fill(target, wanted, max);
    if (target.metadata.name) {
      toUpdate.push(target.metadata.name);
      unchanged.splice(unchanged.indexOf(target.metadata.name), 1);
    } else {
      create.push(target);
    }
  }
  return { create, update: toUpdate.map((n) => byName.get(n)!), delete: toDelete.map((n) => byName.get(n)!) };
}

function fill(s: Slice, wanted: Map<string, Endpoint>, max: number): void {
  for (const [key, ep] of wanted) {
    if (s.endpoints.length >= max) return;
    s.endpoints = [...s.endpoints, ep];
    wanted.delete(key);
  }
}

/** getSliceToFill: the slice left with the fewest free places once `count` endpoints are added. */
function closestToFull(slices: Slice[], count: number, max: number): Slice | undefined {
  let best: Slice | undefined;
  let bestGap = max;
  for (const s of slices) {
    const gap = max - (count + s.endpoints.length);
    if (gap >= 0 && gap < bestGap) {
      best = s;
      bestGap = gap;
      if (gap === 0) break;
    }
  }
  return best;
}

/** An existing placeholder is kept rather than deleted and recreated (placeholderSliceCompare). */
function samePlaceholder(a: Slice, b: Slice): boolean {
  return (
    a.metadata.namespace === b.metadata.namespace &&
    deepEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {}) &&
    a.addressType === b.addressType &&
    !a.endpoints.length && !b.endpoints.length && !a.ports.length && !b.ports.length
  );
}

/** finalize: a create paired with a delete of the same family becomes an update of that slice. */
function pairCreatesWithDeletes(svc: Service, create: Slice[], update: Slice[], toDelete: Slice[]): Omit<ReconcilePlan, 'errors'> {
  const creates = [...create];
  const updates = [...update];
  const deletes = [...toDelete];
  for (let i = 0; i < deletes.length && creates.length; ) {
    const gone = deletes[i]!;
    const fresh = creates[creates.length - 1]!;
    if (gone.addressType === fresh.addressType && ownedBy(gone, svc)) {
      fresh.metadata = { ...fresh.metadata, name: gone.metadata.name };
      creates.pop();
      updates.push(fresh);
      deletes.splice(i, 1);
    } else {
      i++;
    }
  }
  return { create: creates, update: updates, delete: deletes };
}
