'use strict';
/**
 * One size of the pods benchmark, run by bench/run.js in a child process of its own so its heap
 * figure belongs to that size alone: `node bench/pods.js <pods> <nodes>`.
 *
 * A Deployment of N replicas on M nodes is created and the simulator advanced until every pod is
 * Ready; then its image is changed and the simulator advanced until the rollout is complete
 * (updatedReplicas = availableReplicas = N, the old ReplicaSet at 0). Each phase is reported to the
 * parent over IPC when it ends, so a size that runs out of time still reports the phases it did.
 */
const { performance } = require('node:perf_hooks');
const { getHeapStatistics } = require('node:v8');
const { join } = require('node:path');
const dist = join(__dirname, '..', 'dist', 'src');
const { buildCluster } = require(join(dist, 'sim', 'cluster'));
const { DEFAULT_VERSION } = require(join(dist, 'kube', 'version'));

const NAMESPACE = 'default';
const NAME = 'bench';
/** virtual time a phase may take before it counts as stuck (the wall-time limit is the parent's) */
const PHASE_TIMEOUT_MS = 24 * 3600 * 1000;
/** heap is sampled at most this often (wall ms): reading it after every simulated instant would cost more than it tells */
const HEAP_SAMPLE_MS = 20;
/** how often (wall ms) a phase tells the parent how far it got: what a size that times out reports */
const PROGRESS_EVERY_MS = 1000;

let peakHeap = 0;
let lastSample = 0;
function sampleHeap(force = false) {
  const now = performance.now();
  if (!force && now - lastSample < HEAP_SAMPLE_MS) return;
  lastSample = now;
  peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
}

/** Resolves once the parent has the message: exiting before that would lose it. */
function send(message) {
  if (!process.send) return Promise.resolve(void console.log(JSON.stringify(message)));
  return new Promise((resolve) => process.send(message, () => resolve()));
}

function clusterRequest(nodeCount) {
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    name: `node-${i}`, role: 'worker', capacity: { cpu: '64', memory: '256Gi', pods: '1000' },
  }));
  // podSubnet as kind's networking.podSubnet: a /8 leaves a /24 for each of 65,536 nodes (the
  // default cluster CIDR has room for 256). Simulators that do not know the field ignore it.
  return { version: DEFAULT_VERSION, nodes, storageClasses: [], namespaces: [], images: {}, podSubnet: '10.0.0.0/8' };
}

/**
 * The simulator's size limits (docs/simulator.md#size-limits) raised to this size, as
 * `--max-objects`/`--max-pods`/`--max-nodes` would: the bench measures how far the simulator
 * scales, the limits protect scenario runs. A roll holds up to twice the pods (surge and the
 * terminating old ones); a pod brings about 8 objects (Events mostly), a node about 10.
 */
function benchLimits(pods, nodes) {
  // the bench's pods, the roll's surge and the old ones terminating, plus the system DaemonSets'
  // pods (kube-proxy and kindnet on every node) and the static and system pods
  return { maxPods: 3 * pods + 3 * nodes + 100, maxObjects: 20 * pods + 20 * nodes + 1000, maxNodes: nodes };
}

function deployment(replicas) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: NAME, namespace: NAMESPACE },
    spec: {
      replicas, selector: { matchLabels: { app: NAME } },
      template: { metadata: { labels: { app: NAME } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } },
    },
  };
}

function created(sim, n) {
  const d = sim.api.get('Deployment', NAMESPACE, NAME);
  const s = d?.status ?? {};
  return s.readyReplicas === n && s.updatedReplicas === n;
}

function rolled(sim, n) {
  const d = sim.api.get('Deployment', NAMESPACE, NAME);
  const s = d?.status ?? {};
  if ((s.observedGeneration ?? 0) < d.metadata.generation) return false;
  if (s.updatedReplicas !== n || s.availableReplicas !== n || s.replicas !== n) return false;
  const current = d.metadata.annotations?.['deployment.kubernetes.io/revision'];
  return sim.api.list('ReplicaSet', NAMESPACE)
    .filter((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] !== current)
    .every((rs) => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0);
}

/** Pods started so far: Ready ones of the create, then the Ready ones of the roll's new ReplicaSet on top. */
function podsStarted(sim, stage, n) {
  const d = sim.api.get('Deployment', NAMESPACE, NAME);
  if (stage === 'create') return d?.status?.readyReplicas ?? 0;
  const revision = d?.metadata.annotations?.['deployment.kubernetes.io/revision'];
  const rs = sim.api.list('ReplicaSet', NAMESPACE).find((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision);
  return n + (rs?.status?.readyReplicas ?? 0);
}

/**
 * Advances the simulator until `done` holds; returns the wall and CPU ms it took. Every PROGRESS_EVERY_MS
 * it tells the parent how many pods have started since the create began (`sinceMs` is that
 * span), so a size killed at the time limit still reports its rate so far.
 */
async function phase(sim, done, progress) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let lastProgress = start;
  const held = await sim.waitFor(async () => {
    sampleHeap();
    const now = performance.now();
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      // not awaited: the message goes while the simulation goes on
      void send({ phase: 'progress', ...progress(), peakHeap });
    }
    return done();
  }, PHASE_TIMEOUT_MS);
  if (!held) throw new Error(`not done after ${PHASE_TIMEOUT_MS / 3600_000} h of virtual time`);
  sampleHeap(true);
  return { ms: performance.now() - start, cpuMs: cpuMsSince(cpuStart) };
}

/**
 * CPU time of the whole process since `start` (user and system, every thread: the collector's
 * helpers too). On a shared machine it moves less than wall time, so stops compare it.
 */
function cpuMsSince(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Heap in use after a full collection: what the cluster itself holds, without garbage. */
function liveHeap() {
  if (typeof global.gc !== 'function') return undefined;
  global.gc();
  return getHeapStatistics().used_heap_size;
}

async function main() {
  const pods = Number(process.argv[2]);
  const nodes = Number(process.argv[3]);
  const buildStart = performance.now();
  const { sim } = buildCluster(clusterRequest(nodes), 1, { limits: benchLimits(pods, nodes) });
  sim.settle();
  await send({ phase: 'build', ms: performance.now() - buildStart });

  const virtualStart = sim.clock.now();
  const createStart = performance.now();
  const progress = (stage) => () => ({ stage, podsStarted: podsStarted(sim, stage, pods), sinceMs: performance.now() - createStart });
  sim.api.create(deployment(pods));
  const create = await phase(sim, () => created(sim, pods), progress('create'));
  await send({ phase: 'create', ...create, virtualMs: sim.clock.now() - virtualStart, peakHeap });

  const rollStart = sim.clock.now();
  const d = sim.api.get('Deployment', NAMESPACE, NAME);
  const changed = structuredClone(d);
  changed.spec.template.spec.containers[0].image = 'nginx:1.26';
  sim.api.update(changed);
  const roll = await phase(sim, () => rolled(sim, pods), progress('roll'));
  await send({ phase: 'roll', ...roll, virtualMs: sim.clock.now() - rollStart, peakHeap, liveHeap: liveHeap(), writes: sim.api.revision() });
}

main()
  // An error of the simulator (e.g. no pod CIDR left) is this size's result, not a crash of the bench.
  .catch((err) => send({ phase: 'error', error: err instanceof Error ? err.message : String(err) }))
  .then(() => process.exit(0));
