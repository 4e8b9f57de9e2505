/**
 * Does an existing cluster have the nodes a scenario is written for? A scenario about a node
 * (cordon worker-1, kill worker-2, a pod pinned to a labelled node, a control-plane taint that
 * keeps pods off it) means something only on a cluster with those nodes, so the cluster backend
 * compares before running: node count and names, roles (the node-role.kubernetes.io/* labels),
 * the labels the scenario sets, taints (the control-plane taint a control-plane node has on kind
 * and kubeadm, plus the scenario's; the node lifecycle controller's transient node.kubernetes.io/*
 * taints are ignored) and any capacity the scenario states, as capacity and as allocatable.
 */
import type { NodeRequest } from '../../backend/contract';
import { KscenarioError } from '../../errors';
import type { KObject } from '../../kube/object';
import { parseQuantity } from '../../kube/quantity';

const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const LEGACY_MASTER = 'node-role.kubernetes.io/master';
const ROLE_PREFIX = 'node-role.kubernetes.io/';

interface TaintLike {
  key: string;
  value?: string;
  effect: string;
}

/** Taints the node lifecycle controller, the kubelet or a cloud provider put on and take off. */
function isTransient(t: TaintLike): boolean {
  return t.key.startsWith('node.kubernetes.io/') || t.key === 'node.cloudprovider.kubernetes.io/uninitialized' || t.key === 'ToBeDeletedByClusterAutoscaler';
}

function taintText(t: TaintLike): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

/** The roles a node shows, as `kubectl get nodes` prints them. */
export function nodeRoles(node: KObject): string[] {
  return Object.keys(node.metadata.labels ?? {}).filter((k) => k.startsWith(ROLE_PREFIX)).map((k) => k.slice(ROLE_PREFIX.length)).filter(Boolean);
}

/** What differs between the nodes asked for and the cluster's nodes; empty when they fit. */
export function nodeShapeDifferences(requested: readonly NodeRequest[], nodes: readonly KObject[]): string[] {
  const out: string[] = [];
  const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
  const wanted = new Set(requested.map((r) => r.name));
  if (requested.length !== nodes.length) out.push(`the scenario wants ${requested.length} node(s), the cluster has ${nodes.length}`);
  const missing = requested.filter((r) => !byName.has(r.name)).map((r) => r.name);
  if (missing.length) out.push(`node(s) missing from the cluster: ${missing.join(', ')}`);
  const extra = nodes.filter((n) => !wanted.has(n.metadata.name)).map((n) => n.metadata.name);
  if (extra.length) out.push(`node(s) the scenario does not describe: ${extra.join(', ')}`);
  for (const r of requested) {
    const node = byName.get(r.name);
    if (node) out.push(...nodeDifferences(r, node).map((d) => `node ${r.name}: ${d}`));
  }
  return out;
}

function nodeDifferences(r: NodeRequest, node: KObject): string[] {
  const out: string[] = [];
  const labels = node.metadata.labels ?? {};
  const controlPlane = r.role === 'control-plane';
  const isControlPlane = CONTROL_PLANE in labels || LEGACY_MASTER in labels;
  if (controlPlane !== isControlPlane) {
    const roles = nodeRoles(node);
    out.push(`the scenario wants a ${controlPlane ? 'control-plane' : 'worker'} node, the cluster's has role(s) ${roles.length ? roles.join(',') : '<none>'}`);
  }
  for (const [k, v] of Object.entries(r.labels ?? {})) {
    if (!(k in labels)) out.push(`label ${k}=${v} is missing`);
    else if (labels[k] !== v) out.push(`label ${k} is ${JSON.stringify(labels[k])}, the scenario wants ${JSON.stringify(v)}`);
  }
  const spec = (node.spec ?? {}) as { taints?: TaintLike[] };
  const actual = new Set((spec.taints ?? []).filter((t) => !isTransient(t)).map(taintText));
  const expected = new Set([
    ...(controlPlane ? [taintText({ key: CONTROL_PLANE, effect: 'NoSchedule' })] : []),
    ...(r.taints ?? []).map((t) => taintText(t)),
  ]);
  for (const t of expected) if (!actual.has(t)) out.push(`taint ${t} is missing`);
  for (const t of actual) if (!expected.has(t)) out.push(`has taint ${t}, which the scenario does not expect`);
  out.push(...resourceDifferences(r, node));
  return out;
}

/**
 * A stated capacity is compared with the node's capacity and with its allocatable: the scheduler
 * filters and scores on allocatable (NodeResourcesFit), which a kubelet makes smaller than
 * capacity by its reservations (kubeReserved, systemReserved, the hard eviction thresholds), while
 * on the simulator allocatable equals capacity. A scenario whose verdict depends on node size
 * states it, and a node with the same capacity but less allocatable does not fit.
 */
function resourceDifferences(r: NodeRequest, node: KObject): string[] {
  const out: string[] = [];
  const status = (node.status ?? {}) as { capacity?: Record<string, string>; allocatable?: Record<string, string> };
  for (const [k, v] of Object.entries(r.capacity ?? {})) {
    if (v === undefined) continue;
    for (const field of ['capacity', 'allocatable'] as const) {
      const have = status[field]?.[k];
      if (have === undefined) out.push(`${field} ${k}: the scenario wants ${v}, the node has none`);
      else if (parseQuantity(have) !== parseQuantity(v as string | number)) out.push(`${field} ${k} is ${have}, the scenario wants ${v}${field === 'allocatable' ? ' (what the scheduler counts; the kubelet reserves the difference from capacity)' : ''}`);
    }
  }
  return out;
}

export function nodeShapeError(differences: string[], where: string): KscenarioError {
  return new KscenarioError('BACKEND',
    `the cluster ${where} does not have the nodes the scenario is written for:\n${differences.map((d) => `  - ${d}`).join('\n')}`,
    undefined,
    'run it on a cluster with these nodes (e.g. kind with a matching config, or `kscenario serve` of the scenario), or change spec.cluster.nodes');
}

/** "v1.33.2" / {major: "1", minor: "33+"} → "1.33" */
export function minorVersion(info: { major?: string; minor?: string; gitVersion?: string }): string | undefined {
  const major = info.major?.replace(/\D+$/, '');
  const minor = info.minor?.replace(/\D+$/, '');
  if (major && minor) return `${major}.${minor}`;
  const m = /^v?(\d+)\.(\d+)/.exec(info.gitVersion ?? '');
  return m ? `${m[1]}.${m[2]}` : undefined;
}
