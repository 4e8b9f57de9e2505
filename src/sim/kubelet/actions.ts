/**
 * Arguments of the kubelet's scenario actions, checked before anything happens: a mistake in a
 * scenario gets a message naming the field, not a crash deep in the simulator.
 */
import type { NodeRequest } from '../../kube/cluster-request';
import { KscenarioError } from '../../errors';

export interface PodTarget {
  pod: string;
  namespace?: string;
  container?: string;
}

type ProbeKind = 'readiness' | 'liveness' | 'startup';

export function parseWriteFile(args: unknown): PodTarget & { path: string; content: string } {
  const a = record('writeFile', args);
  return { ...podTarget('writeFile', a), path: absolutePath('writeFile', a.path), content: text('writeFile', 'content', a.content) };
}

export function parseProbeAction(verb: string, args: unknown): PodTarget & { probe: ProbeKind; message?: string } {
  const a = record(verb, args);
  const probe = a.probe;
  if (probe !== 'readiness' && probe !== 'liveness' && probe !== 'startup') {
    throw usage(verb, `probe must be readiness, liveness or startup (got ${JSON.stringify(probe)})`);
  }
  const message = a.message === undefined ? undefined : text(verb, 'message', a.message);
  return { ...podTarget(verb, a), probe, ...(message === undefined ? {} : { message }) };
}

export function parseCrash(args: unknown): PodTarget & { exitCode: number } {
  const a = record('crashContainer', args);
  const code = a.exitCode ?? 1;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 255) {
    throw usage('crashContainer', `exitCode must be an integer from 0 to 255 (got ${JSON.stringify(a.exitCode)})`);
  }
  return { ...podTarget('crashContainer', a), exitCode: code };
}

export function parseNodeRequest(args: unknown): NodeRequest {
  const a = record('addNode', args);
  if (typeof a.name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(a.name)) {
    throw usage('addNode', `name must be a DNS subdomain (got ${JSON.stringify(a.name)})`);
  }
  if (a.role !== undefined && a.role !== 'control-plane' && a.role !== 'worker') {
    throw usage('addNode', `role must be control-plane or worker (got ${JSON.stringify(a.role)})`);
  }
  return a as unknown as NodeRequest;
}

/** The value of killNode, restartNode, disconnectNode, reconnectNode, removeNode: a node name. */
export function parseNodeName(verb: string, args: unknown): string {
  if (typeof args !== 'string' || args === '') throw usage(verb, `expects a node name (got ${JSON.stringify(args)})`);
  return args;
}

function podTarget(verb: string, a: Record<string, unknown>): PodTarget {
  const pod = text(verb, 'pod', a.pod);
  const namespace = a.namespace === undefined ? undefined : text(verb, 'namespace', a.namespace);
  const container = a.container === undefined ? undefined : text(verb, 'container', a.container);
  return { pod, ...(namespace ? { namespace } : {}), ...(container ? { container } : {}) };
}

function record(verb: string, args: unknown): Record<string, unknown> {
  if (!args || typeof args !== 'object' || Array.isArray(args)) throw usage(verb, 'expects a map of arguments');
  return args as Record<string, unknown>;
}

function text(verb: string, field: string, v: unknown): string {
  if (typeof v !== 'string' || (field !== 'content' && field !== 'message' && v === '')) {
    throw usage(verb, `${field} must be a${field === 'content' ? '' : ' non-empty'} string (got ${JSON.stringify(v)})`);
  }
  return v;
}

function absolutePath(verb: string, v: unknown): string {
  const p = text(verb, 'path', v);
  if (!p.startsWith('/')) throw usage(verb, `path must be absolute (got ${JSON.stringify(p)})`);
  return p;
}

function usage(verb: string, what: string): KscenarioError {
  return new KscenarioError('USAGE', `${verb}: ${what}`);
}
