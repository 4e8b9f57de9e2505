/**
 * Node port allocation for one Service request (alloc.go initNodePorts, updateNodePorts,
 * allocHealthCheckNodePort, updateHealthCheckNodePort). Requested ports must be in
 * --service-node-port-range and free; missing ones are picked with the band allocator.
 * Mutates `svc`; ports released by the request are freed by the index once it is stored.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { KubeVersion } from '../../kube/version';
import type { Rng } from '../rng';
import { FieldPath, invalid } from '../../kube/validation/field-error';
import type { AllocationIndex } from './allocation-index';
import { PORT_BANDS, pickDynamic, staticBandSize } from './band-allocator';
import { NODE_PORT_RANGE } from './network-config';
import { internalError, PORT_ALLOCATED, portNotInRange, RANGE_FULL, serviceInvalid } from './service-errors';
import { needsHealthCheckNodePort, needsNodePorts, shouldAllocateNodePorts, type MutableService } from './service-fields';

const SIZE = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
const STATIC_BAND = staticBandSize(SIZE, PORT_BANDS);

/** One request's view: ports it took so far count as used (portallocator.PortAllocationOperation). */
export class NodePortRequest {
  private readonly taken = new Set<number>();

  constructor(
    private readonly index: AllocationIndex,
    private readonly rng: Rng,
    readonly version: KubeVersion,
  ) {}

  /** Reserves `port`; returns the reason it cannot be had, if any. */
  reserve(port: number): string | undefined {
    if (port < NODE_PORT_RANGE.min || port > NODE_PORT_RANGE.max) return portNotInRange(NODE_PORT_RANGE.min, NODE_PORT_RANGE.max);
    if (this.taken.has(port) || this.index.portOwner(port)) return PORT_ALLOCATED;
    this.taken.add(port);
    return undefined;
  }

  next(): number | undefined {
    const free = (i: number) => !this.taken.has(NODE_PORT_RANGE.min + i) && !this.index.portOwner(NODE_PORT_RANGE.min + i);
    const i = pickDynamic(SIZE, STATIC_BAND, free, this.rng);
    if (i === undefined) return undefined;
    this.taken.add(NODE_PORT_RANGE.min + i);
    return NODE_PORT_RANGE.min + i;
  }
}

/** Create: ports with the same port number (e.g. DNS over TCP and UDP) share one node port. */
export function allocateNodePorts(svc: MutableService, req: NodePortRequest): void {
  if (needsNodePorts(svc)) {
    const ports = svc.spec.ports ?? [];
    const byServicePort = new Map<number, number>();
    ports.forEach((sp, i) => {
      if (!sp.nodePort && !shouldAllocateNodePorts(svc)) return;
      const shared = byServicePort.get(sp.port);
      if (shared === undefined) {
        const requested = ports.find((p) => p.port === sp.port && p.nodePort)?.nodePort;
        sp.nodePort = requested ? reserveOrThrow(svc, i, requested, req) : nextOrThrow(req);
        byServicePort.set(sp.port, sp.nodePort);
      } else if (sp.nodePort !== shared) {
        if (!sp.nodePort) sp.nodePort = shared;
        else reserveOrThrow(svc, i, sp.nodePort, req);
      }
    });
  }
  if (needsHealthCheckNodePort(svc)) allocateHealthCheckNodePort(svc, req);
}

/** Update: keep ports the old object had, reserve new requested ones, pick the missing ones. */
export function updateNodePorts(svc: MutableService, old: Service, req: NodePortRequest): void {
  if (needsNodePorts(svc)) {
    const before = (old.spec?.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p > 0);
    const reservedNow = new Set<number>();
    (svc.spec.ports ?? []).forEach((sp, i) => {
      if (!sp.nodePort && !shouldAllocateNodePorts(svc)) return;
      if (!sp.nodePort) {
        sp.nodePort = nextOrThrow(req);
      } else if (!before.includes(sp.nodePort) && !reservedNow.has(sp.nodePort)) {
        reserveOrThrow(svc, i, sp.nodePort, req);
        reservedNow.add(sp.nodePort);
      }
    });
  }
  if (!needsHealthCheckNodePort(old) && needsHealthCheckNodePort(svc)) allocateHealthCheckNodePort(svc, req);
}

function allocateHealthCheckNodePort(svc: MutableService, req: NodePortRequest): void {
  const requested = svc.spec.healthCheckNodePort ?? 0;
  if (requested) {
    const reason = req.reserve(requested);
    if (reason) throw internalError(`failed to allocate requested HealthCheck NodePort ${requested}: ${reason}`);
    return;
  }
  const port = req.next();
  // upstream prints its (still zero) variable here
  if (port === undefined) throw internalError(`failed to allocate a HealthCheck NodePort 0: ${RANGE_FULL}`);
  svc.spec.healthCheckNodePort = port;
}

function reserveOrThrow(svc: Service, index: number, port: number, req: NodePortRequest): number {
  const reason = req.reserve(port);
  if (reason) {
    const err = invalid(FieldPath.of('spec', 'ports').index(index).child('nodePort'), port, reason);
    throw serviceInvalid(svc.metadata?.name ?? '', [err], req.version);
  }
  return port;
}

function nextOrThrow(req: NodePortRequest): number {
  const port = req.next();
  if (port === undefined) throw internalError(`failed to allocate a nodePort: ${RANGE_FULL}`);
  return port;
}
