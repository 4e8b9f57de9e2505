/**
 * The pods/resize subresource (pkg/registry/core/pod/strategy.go podResizeStrategy,
 * pkg/apis/core/validation ValidatePodResize), served while InPlacePodVerticalScaling is on by
 * default (beta 1.33, GA 1.35).
 *
 * - PrepareForUpdate (dropNonResizeUpdates): only the containers' and init containers' `resources`
 *   and `resizePolicy` are taken from the request; everything else, metadata and status included
 *   (ResetObjectMetaForStatus), stays as stored — unless containers were added, removed, renamed
 *   or reordered, when the request is kept as sent for validation to refuse.
 * - ValidateUpdate: the pod must stay valid, keep its QoS class and change only cpu and memory
 *   requests and limits of regular containers and sidecars; requests and limits may not be
 *   removed; mirror (static) pods and Windows pods cannot be resized.
 * Not modelled: pod-level resources (spec.resources is refused up front, sim/unimplemented.ts)
 * and the version-skew check "Pod running on node without support for resize" (every simulated
 * kubelet reports containerStatuses[].resources while the gate is on). From 1.36 upstream also
 * lets non-sidecar init containers be resized (kubernetes#137458 and its neighbours); the
 * simulator refuses such a request as not implemented rather than guess those rules.
 */
import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import { deepEqual } from '../../kube/equal';
import { parseQuantity } from '../../kube/quantity';
import type { KObject } from '../../kube/object';
import { FieldPath, forbidden, invalid, type FieldError } from '../../kube/validation/field-error';
import { validateObjectMetaUpdate } from '../../kube/validation/meta';
import { podMetadataAndSpec } from '../../kube/validation/pod';
import { atLeast, type KubeVersion } from '../../kube/version';
import { KscenarioError } from '../../errors';
import { qosClass } from './strategy';
import { podRequest } from '../kubelet/admission';

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const FIELDS = ['containers', 'initContainers'] as const;
type ContainerField = (typeof FIELDS)[number];

/** Whether the emulated API server serves pods/resize (InPlacePodVerticalScaling on by default). */
export function resizeServed(v: KubeVersion): boolean {
  return atLeast(v, '1.33');
}

function containersOf(pod: KObject | Pod, field: ContainerField): Container[] {
  return ((pod as Pod).spec?.[field] ?? []) as Container[];
}

function sameShape(a: KObject, b: KObject): boolean {
  return FIELDS.every((f) => {
    const x = containersOf(a, f);
    const y = containersOf(b, f);
    return x.length === y.length && x.every((c, i) => c.name === y[i]!.name);
  });
}

/** dropNonResizeUpdates: the stored pod with the request's container resources and resize policies. */
export function resizeRequest(input: KObject, old: KObject): KObject {
  if (!sameShape(input, old)) return { ...old, spec: input.spec };
  const spec = { ...(old.spec as Record<string, unknown>) };
  for (const f of FIELDS) {
    const wanted = containersOf(input, f);
    if (!containersOf(old, f).length) continue;
    spec[f] = containersOf(old, f).map((c, i) => withResize(c, wanted[i]!));
  }
  return { ...old, spec };
}

function withResize(stored: Container, wanted: Container): Container {
  const out: Container = { ...stored };
  delete out.resources;
  delete out.resizePolicy;
  if (wanted.resources !== undefined) out.resources = wanted.resources;
  if (wanted.resizePolicy !== undefined) out.resizePolicy = wanted.resizePolicy;
  return out;
}

/** ValidatePodResize for a request already through resizeRequest. */
export function validatePodResize(pod: KObject, old: KObject, v: KubeVersion): FieldError[] {
  if (old.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) return [forbidden(FieldPath.of(''), 'static pods cannot be resized')];
  if ((old as unknown as Pod).spec?.os?.name === 'windows') return [forbidden(FieldPath.of(''), 'windows pods cannot be resized')];
  const sp = FieldPath.of('spec');
  const errs = [...validateObjectMetaUpdate(pod.metadata, old.metadata, v), ...podMetadataAndSpec(pod, v)];
  const before = qosClass(old as unknown as Pod);
  if (((old.status as Pod['status'])?.qosClass ?? before) !== qosClass(pod as unknown as Pod)) {
    errs.push(invalid(sp, (pod.status as Pod['status'])?.qosClass ?? before, 'Pod QOS Class may not change as a result of resizing'));
  }
  const ordering = containerOrdering(pod, old, sp);
  if (ordering.length) return [...errs, ...ordering];
  const errsBefore = errs.length;
  containersOf(old, 'initContainers').forEach((c, i) => {
    if (c.restartPolicy !== 'Always') return;
    errs.push(...removedResources(containersOf(pod, 'initContainers')[i]!, c, sp.child('initContainers').index(i).child('resources')));
  });
  containersOf(old, 'containers').forEach((c, i) => {
    const now = containersOf(pod, 'containers')[i]!;
    errs.push(...removedResources(now, c, sp.child('containers').index(i).child('resources')));
    errs.push(...memoryLimitDecrease(now, c, sp.child('containers').index(i).child('resources'), v));
  });
  containersOf(pod, 'containers').forEach((c, i) => {
    if (!deepEqual(withoutCpuMemoryChange(c, containersOf(old, 'containers')[i]!), containersOf(old, 'containers')[i])) {
      errs.push(forbidden(sp, 'only cpu and memory resources are mutable'));
    }
  });
  containersOf(pod, 'initContainers').forEach((c, i) => {
    const stored = containersOf(old, 'initContainers')[i]!;
    if (c.restartPolicy === 'Always') {
      if (!deepEqual(withoutCpuMemoryChange(c, stored), stored)) errs.push(forbidden(sp, 'only cpu and memory resources for sidecar containers are mutable'));
    } else if (!deepEqual(c, stored)) {
      if (atLeast(v, '1.36')) throw new KscenarioError('UNSUPPORTED', `the simulator does not implement resizing the non-sidecar init container ${c.name} (allowed from 1.36)`);
      errs.push(forbidden(sp, 'resources for non-sidecar init containers are immutable'));
    }
  });
  if (errs.length > errsBefore) return errs;
  // resizePolicy may be written but not changed: the final comparison catches it
  const masked = FIELDS.every((f) => containersOf(pod, f).every((c, i) => deepEqual(withoutCpuMemoryChange(c, containersOf(old, f)[i]!), containersOf(old, f)[i])));
  if (!masked) errs.push(forbidden(sp, 'only cpu and memory resources are mutable'));
  return errs;
}

/** validatePodResizeContainerOrdering */
function containerOrdering(pod: KObject, old: KObject, sp: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const label: Record<ContainerField, string> = { containers: 'containers', initContainers: 'initContainers' };
  for (const f of FIELDS) {
    const now = containersOf(pod, f);
    const before = containersOf(old, f);
    if (now.length !== before.length) {
      errs.push(forbidden(sp.child(f), `${label[f]} may not be added or removed on resize`));
      continue;
    }
    before.forEach((c, i) => {
      if (now[i]!.name !== c.name) errs.push(forbidden(sp.child(f).index(i).child('name'), `${label[f]} may not be renamed or reordered on resize`));
    });
  }
  return errs;
}

/** validateContainerResize: resources may not be removed from requests or limits. */
function removedResources(now: Container, before: Container, p: FieldPath): FieldError[] {
  const removed = (a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined) =>
    Object.keys(b ?? {}).length > Object.keys(a ?? {}).length || Object.keys(b ?? {}).some((k) => !(k in (a ?? {})));
  const errs: FieldError[] = [];
  if (removed(now.resources?.requests, before.resources?.requests)) errs.push(forbidden(p.child('requests'), 'resource requests cannot be removed'));
  if (removed(now.resources?.limits, before.resources?.limits)) errs.push(forbidden(p.child('limits'), 'resource limits cannot be removed'));
  return errs;
}

/**
 * 1.33 only (kubernetes#130183; lifted in 1.34 by #133012, where the kubelet instead checks the
 * usage, which the simulator does not model): a memory limit may shrink only with a
 * RestartContainer memory policy.
 */
function memoryLimitDecrease(now: Container, before: Container, p: FieldPath, v: KubeVersion): FieldError[] {
  if (atLeast(v, '1.34')) return [];
  const limit = (c: Container) => parseQuantity(c.resources?.limits?.memory ?? '');
  const was = limit(before);
  const is = limit(now);
  if (was === undefined || is === undefined || is >= was) return [];
  if (now.resizePolicy?.find((r) => r.resourceName === 'memory')?.restartPolicy === 'RestartContainer') return [];
  return [forbidden(p.child('limits').key('memory'), 'memory limits cannot be decreased unless resizePolicy is RestartContainer')];
}

/** dropCPUMemoryResourcesFromContainer: the container with cpu and memory as they were before. */
function withoutCpuMemoryChange(c: Container, before: Container): Container {
  const list = (now: Record<string, unknown> | undefined, old: Record<string, unknown> | undefined) => {
    if (now === undefined && old === undefined) return undefined;
    const out: Record<string, unknown> = { ...(now ?? {}) };
    delete out.cpu;
    delete out.memory;
    for (const k of ['cpu', 'memory']) if (old?.[k] !== undefined) out[k] = old[k];
    return out;
  };
  const requests = list(c.resources?.requests, before.resources?.requests);
  const limits = list(c.resources?.limits, before.resources?.limits);
  const out: Container = { ...c };
  // an emptied list compares like an absent one (Semantic.DeepEqual of nil and empty maps differs,
  // but the stored pod never holds an empty list: defaulting drops it)
  const resources = { ...(limits && Object.keys(limits).length ? { limits } : {}), ...(requests && Object.keys(requests).length ? { requests } : {}) };
  if (Object.keys(resources).length || c.resources !== undefined) out.resources = resources as Container['resources'];
  if (before.resources === undefined && !Object.keys(resources).length) delete out.resources;
  return out;
}

/**
 * The PodResizeValidator admission plugin (plugin/pkg/admission/podresize, 1.36+, kubernetes#136043):
 * a resize of a bound pod whose spec changed is refused up front when its requests exceed its
 * node's allocatable cpu or memory, or the node is not Linux — what the kubelet marked Infeasible
 * before. Returns the refusal's text, or undefined.
 */
export function podResizeAdmission(pod: Pod, old: Pod, node: Node | undefined, v: KubeVersion): string | undefined {
  // upstream skips a request that leaves the generation as it was, i.e. changes no spec field
  if (!atLeast(v, '1.36') || !pod.spec?.nodeName || deepEqual(pod.spec, old.spec)) return undefined;
  if (!node) return `node "${pod.spec.nodeName}" not found`;
  const os = node.metadata?.labels?.['kubernetes.io/os'];
  if (os !== undefined && os !== 'linux') return `pod resize is only supported on linux nodes, node "${node.metadata?.name}" is "${os}"`;
  const allocatable = node.status?.allocatable ?? {};
  const cpu = { requested: podRequest(pod, 'cpu'), allocatable: Math.ceil((parseQuantity(allocatable.cpu ?? 0) ?? 0) * 1000) };
  const memory = { requested: podRequest(pod, 'memory'), allocatable: Math.ceil(parseQuantity(allocatable.memory ?? 0) ?? 0) };
  const over: string[] = [];
  if (cpu.requested > cpu.allocatable) over.push(`cpu, requested: ${cpu.requested}, allocatable: ${cpu.allocatable}`);
  if (memory.requested > memory.allocatable) over.push(`memory, requested: ${memory.requested}, allocatable: ${memory.allocatable}`);
  return over.length ? `node didn't have enough allocatable resources: ${over.join('; ')}` : undefined;
}
