/**
 * `kscenario serve`: a simulated cluster behind a real Kubernetes API endpoint (src/serve) until
 * SIGINT/SIGTERM. The cluster is the scenario format's default (control-plane, worker-1,
 * worker-2; kind's "standard" storage class), `--nodes N` nodes of that shape (control-plane,
 * worker-1 ... worker-N-1; a lone control-plane loses its NoSchedule taint, as kind's does), or
 * the cluster of `-f FILE`: a scenario (its spec.cluster and spec.seed) or a bare spec.cluster.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parse } from 'yaml';
import type { Node } from 'kubernetes-types/core/v1';
import type { ClusterSpec } from '../../generated/scenario';
import { InputError, KscenarioError } from '../errors';
import type { KObject } from '../kube/object';
import { isSupportedVersion, SUPPORTED_VERSIONS, supportedVersionsHint } from '../kube/version';
import { clusterRequest } from '../runner/cluster-request';
import { DEFAULT_NODES, DEFAULT_SEED, resolveCluster, type ResolvedCluster, type ResolvedNode } from '../scenario/defaults';
import { loadScenarioFile } from '../scenario/load';
import { validate } from '../scenario/schema';
import type { Speed } from '../serve';
import type { SimulatedCluster } from '../sim/cluster';
import type { Io } from './io';

export interface ServeCommandOptions {
  version?: string;
  nodes?: number;
  file?: string;
  port?: number;
  host?: string;
  kubeconfig?: string;
  speed: Speed;
  seed?: number;
  timestamps?: 'wall' | 'virtual';
  logRequests?: boolean;
}

const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';

function nodesOfCount(n: number): ResolvedNode[] {
  return [DEFAULT_NODES[0]!, ...Array.from({ length: n - 1 }, (_, i) => ({ name: `worker-${i + 1}`, role: 'worker' as const }))].map((x) => ({ ...x }));
}

/** The cluster (and seed) a file names: a scenario, or a bare spec.cluster checked against the schema. */
export async function clusterFromFile(file: string): Promise<{ cluster: ResolvedCluster; seed?: number }> {
  if (!existsSync(file)) throw new InputError('FILE_NOT_FOUND', `${file} not found`);
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  if (doc && typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('kscenario.dev/')) {
    const loaded = await loadScenarioFile(file);
    const seed = loaded.scenario.spec.seed;
    return { cluster: loaded.cluster, ...(seed !== undefined ? { seed } : {}) };
  }
  const errors = validate('/definitions/ClusterSpec', doc ?? {}).errors;
  if (errors.length) {
    const what = errors.slice(0, 5).map((e) => `${e.instancePath || '(top)'} ${e.message}`).join('; ');
    throw new InputError('SCHEMA', `${file} is neither a scenario nor a cluster spec (spec.cluster of a scenario): ${what}`, undefined,
      'a cluster file has kubernetesVersion, nodes, storageClasses, namespaces and images, as a scenario\'s spec.cluster');
  }
  return { cluster: resolveCluster(doc as ClusterSpec) };
}

async function resolveServedCluster(o: ServeCommandOptions): Promise<{ cluster: ResolvedCluster; seed: number }> {
  if (o.nodes !== undefined && o.file) throw new KscenarioError('USAGE', '--nodes and -f exclude each other');
  const fromFile = o.file ? await clusterFromFile(o.file) : undefined;
  const cluster = fromFile?.cluster ?? resolveCluster(undefined);
  if (o.nodes !== undefined) cluster.nodes = nodesOfCount(o.nodes);
  if (o.version !== undefined) {
    if (!isSupportedVersion(o.version)) {
      throw new KscenarioError('USAGE', `Kubernetes ${o.version} is not supported`, undefined, supportedVersionsHint());
    }
    cluster.kubernetesVersion = o.version;
  }
  return { cluster, seed: o.seed ?? fromFile?.seed ?? DEFAULT_SEED };
}

/** kind untaints the control plane of a cluster without workers, so pods can run on it. */
function untaintLoneControlPlane(c: SimulatedCluster, nodes: ResolvedNode[]): void {
  if (nodes.length !== 1 || nodes[0]!.role !== 'control-plane') return;
  const node = c.sim.api.get<Node & KObject>('Node', undefined, nodes[0]!.name);
  if (!node) return;
  const taints = (node.spec?.taints ?? []).filter((t) => t.key !== CONTROL_PLANE_TAINT);
  c.sim.api.update({ ...node, spec: { ...node.spec, taints: taints.length ? taints : undefined } } as KObject);
  c.sim.settle();
}

function onSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (sig: string) => {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
      resolve(sig);
    };
    const int = () => done('SIGINT');
    const term = () => done('SIGTERM');
    process.on('SIGINT', int);
    process.on('SIGTERM', term);
  });
}

/** Serves until `stop` settles (default: SIGINT or SIGTERM); removes the kubeconfig it wrote. */
export async function serveCommand(o: ServeCommandOptions, io: Io, stop: Promise<unknown> = onSignal()): Promise<number> {
  const { cluster, seed } = await resolveServedCluster(o);
  // the simulator and the server are loaded when serving, not for every command line
  const [{ buildCluster }, { startServer }] = await Promise.all([import('../sim/cluster'), import('../serve')]);
  const simulated = buildCluster(clusterRequest(cluster), seed);
  untaintLoneControlPlane(simulated, cluster.nodes);
  const served = await startServer(simulated, {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    speed: o.speed,
    timestamps: o.timestamps ?? 'wall',
    ...(o.logRequests ? { log: (line: string) => io.err(`${line}\n`) } : {}),
  });
  const kubeconfig = resolve(o.kubeconfig ?? join(tmpdir(), `kscenario-${served.port}.kubeconfig`));
  try {
    await served.writeKubeconfig(kubeconfig);
    const speed = o.speed === 'on-demand' ? 'on demand (only while a client waits)' : `at ${o.speed}× the wall clock`;
    io.out(
      `kscenario serve: simulated Kubernetes ${cluster.kubernetesVersion}, ${cluster.nodes.length} node${cluster.nodes.length === 1 ? '' : 's'} (${cluster.nodes.map((n) => n.name).join(', ')}), seed ${seed}, virtual time ${speed}\n` +
      `API server: ${served.url}\n` +
      `kubeconfig: ${kubeconfig}\n\n` +
      `  export KUBECONFIG=${kubeconfig}\n\n` +
      'Stop with Ctrl-C.\n',
    );
    await stop;
  } finally {
    await served.close();
    rmSync(kubeconfig, { force: true });
  }
  io.out('kscenario serve: stopped\n');
  return 0;
}

function parseSpeed(text: string): Speed {
  if (text === 'on-demand') return 'on-demand';
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("a positive number (times the wall clock) or 'on-demand'");
  return n;
}

function parseWhole(min: number, max: number, what: string): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${what}: a whole number from ${min} to ${max}`);
    return n;
  };
}

export function registerServeCommand(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('serve')
    .description('serve a simulated cluster as a Kubernetes API endpoint that kubectl can use (see docs/serve.md)')
    .option('--version <v>', `Kubernetes version (${SUPPORTED_VERSIONS.join(', ')}; default the file's or ${resolveCluster(undefined).kubernetesVersion})`)
    .option('--nodes <n>', 'n nodes: control-plane, worker-1 ... worker-<n-1> (default: control-plane, worker-1, worker-2)', parseWhole(1, 250, '--nodes'))
    .option('-f, --file <file>', "the cluster of a scenario (spec.cluster, spec.seed) or a cluster file (a scenario's spec.cluster)")
    .option('--port <port>', 'port on 127.0.0.1 (default: any free port)', parseWhole(0, 65535, '--port'))
    .option('--kubeconfig <file>', 'where to write the kubeconfig (default: <tmp>/kscenario-<port>.kubeconfig; removed on exit)')
    .option('--speed <x>', "virtual time at x × the wall clock, or 'on-demand': only while a client waits", parseSpeed, 1 as Speed)
    .option('--seed <n>', 'seed for the simulator (default: the scenario\'s spec.seed or 1)', parseWhole(0, 2 ** 32 - 1, '--seed'))
    .addOption(new Option('--timestamps <mode>', 'object timestamps: wall (shifted to the wall clock, so kubectl describe ages read right) or virtual (as the simulator stores them, from 2025-01-01)').choices(['wall', 'virtual']).default('wall'))
    .option('-v, --log-requests', 'log every request to stderr')
    .action(async (o: ServeCommandOptions) => {
      exit(await serveCommand(o, io));
    });
}
