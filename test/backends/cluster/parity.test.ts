/**
 * Same verdicts on both backends: scenarios of scenarios/ run on the simulator backend and, through
 * the cluster backend, on a cluster served by `kscenario serve` (in-process, one fresh served
 * cluster per scenario, built from the scenario's cluster and seed), and every verdict must be the
 * same. Only scenarios that need no simulator-only control (failProbe, healProbe, crashContainer,
 * image pull timing) can run on a cluster.
 *
 * The served clocks (docs/backends.md, "Time"):
 * - ON_DEMAND: the served clock moves only while the runner waits, so requests take no virtual
 *   time and a run means what it means on the simulator whatever the machine's load. 42 scenarios.
 * - AT_SPEED (speed 20): virtual time runs at 20× the wall clock, so every request costs virtual
 *   time (~20 ms per ms); chosen where that changes nothing. 8 scenarios.
 * KSCENARIO_PARITY=all runs every eligible scenario on demand (87 of the 92 now: all the same, ~7 min).
 */
import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { SimulatorBackend } from '../../../src/backends/simulator';
import { capabilityNeeds } from '../../../src/runner/capabilities';
import { runScenario } from '../../../src/runner/run-scenario';
import { DEFAULT_SEED, loadScenarioPaths, type LoadedScenario } from '../../../src/scenario';
import type { Speed } from '../../../src/serve';
import { scenarioFiles } from '../../scenarios/scenario-names';
import { runOnServed } from './parity-run';

const SCENARIOS = join(__dirname, '../../../scenarios');

const ON_DEMAND = [
  'scheduling/required-node-affinity-1.33.yaml',
  'storage/binding-one-to-one.yaml',
  'storage/pv-available-until-claimed.yaml',
  'petset/petset-not-served.yaml',
  'petset/static-pvs-bind.yaml',
  'petset/tutorial-claims-no-default-class.yaml',
  'storage/class-matching.yaml',
  'storage/deployment-shared-rwx.yaml',
  'statefulset-storage/claim-templates-static-pvs.yaml',
  'petset/tutorial-claims-default-class.yaml',
  'pod-controllers/job-runs-to-completion.yaml',
  'storage/reclaim-delete.yaml',
  'zookeeper/third-pod-pending-1.33.yaml',
  'petset/kubectl-delete-pet.yaml',
  'storage/binding-requirements.yaml',
  'storage/dynamic-provisioning.yaml',
  'statefulset-storage/claim-template-default-class.yaml',
  'statefulset-storage/ordered-ready.yaml',
  'storage/reclaim-recycle.yaml',
  'nodes/remove-node-statefulset.yaml',
  'petset/stable-network-identity.yaml',
  'scheduling/preferred-node-affinity.yaml',
  'zookeeper/parallel-pod-creation.yaml',
  'nodes/disconnect-node.yaml',
  'statefulset-storage/mysql-data-survives-recreate.yaml',
  'disruption/zk-pdb-api.yaml',
  'pod-controllers/deployment-names.yaml',
  'pod-controllers/deployment-blue-green.yaml',
  'scheduling/dedicated-node.yaml',
  'petset/manual-image-update.yaml',
  'petset/pet-recreated-keeps-data.yaml',
  'pod-controllers/probes-pod-phases.yaml',
  'k8s-docs/nodes-non-graceful-shutdown.yaml',
  'k8s-docs/pv-hostpath-task.yaml',
  'storage/reclaim-retain.yaml',
  'nodes/kill-node-deployment.yaml',
  'statefulset-ops/reverse-rolling-update.yaml',
  'pod-controllers/daemonset-proxy.yaml',
  'statefulset/identity-and-dns.yaml',
  'k8s-docs/disruption-pdb-status.yaml',
  'k8s-docs/disruption-eviction-api.yaml',
  'k8s-docs/disruption-drain-budget.yaml',
];

const AT_SPEED = [
  'disruption/zk-pdb-api.yaml',
  'petset/stable-network-identity.yaml',
  'petset/kubectl-delete-pet.yaml',
  'pod-controllers/daemonset-proxy.yaml',
  'storage/reclaim-recycle.yaml',
  'scheduling/dedicated-node.yaml',
  'k8s-docs/disruption-eviction-api.yaml',
  'statefulset-ops/ordered-scale.yaml',
];
const SPEED = 20;

/** Scenarios whose verdict differs between the backends, with why. None so far. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

function canRunOnACluster(s: LoadedScenario): boolean {
  return !capabilityNeeds(s).some((n) => n.capability === 'simulator');
}

async function load(file: string): Promise<LoadedScenario> {
  const { scenarios, errors } = await loadScenarioPaths([join(SCENARIOS, file)]);
  expect(errors.map((e) => e.describe())).toEqual([]);
  return scenarios[0]!;
}

async function sameVerdict(file: string, speed: Speed): Promise<void> {
  const s = await load(file);
  expect(canRunOnACluster(s)).toBe(true);
  const seed = s.scenario.spec.seed ?? DEFAULT_SEED;
  const onSimulator = (await runScenario(s, new SimulatorBackend({ seed }), seed)).result;
  const onCluster = await runOnServed(s, speed);
  const expected = KNOWN_DIFFERENCES[file] ? `${onSimulator.status} (known difference: ${KNOWN_DIFFERENCES[file]})` : onSimulator.status;
  const got = KNOWN_DIFFERENCES[file] ? expected : onCluster.result.status;
  // the reports say where the runs parted
  expect({ verdict: got, report: onCluster.report }).toEqual({ verdict: expected, report: onCluster.report });
  expect(onCluster.result.steps.map((st) => `${st.title}: ${st.status}`)).toEqual(onSimulator.steps.map((st) => `${st.title}: ${st.status}`));
  // and the cluster backend left nothing of the scenario on the served cluster
  expect(onCluster.leftover).toEqual([]);
}

const all = process.env.KSCENARIO_PARITY === 'all';

describe('the same verdicts on the simulator and on a served cluster', () => {
  test('the lists name eligible scenarios only, and at least 30 of them', async () => {
    const names = new Set(scenarioFiles(SCENARIOS).map((f) => f.slice(SCENARIOS.length + 1)));
    for (const f of [...ON_DEMAND, ...AT_SPEED]) expect(names.has(f) ? f : `${f} (missing)`).toBe(f);
    expect(new Set(ON_DEMAND).size).toBe(ON_DEMAND.length);
    expect(ON_DEMAND.length).toBeGreaterThanOrEqual(30);
  });

  const onDemand = all ? scenarioFiles(SCENARIOS).map((f) => f.slice(SCENARIOS.length + 1)) : ON_DEMAND;
  test.each(onDemand)('on demand: %s', async (file) => {
    if (all && !canRunOnACluster(await load(file))) return;
    await sameVerdict(file, 'on-demand');
  }, 180_000);

  test.each(AT_SPEED)(`at speed ${SPEED}: %s`, async (file) => {
    await sameVerdict(file, SPEED);
  }, 180_000);
});
