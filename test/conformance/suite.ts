/**
 * The backend conformance suite: what every Backend (src/backend/contract.ts) must do, asserted
 * against real Kubernetes behaviour — the API server's answers and messages, watch semantics,
 * the garbage collector, eviction, the clock, the runner's history, and the optional capabilities
 * a backend claims. A backend's test file is one call:
 *
 *   describeConformance('simulator', async (cluster) => {
 *     const backend = new SimulatorBackend({ seed: 1 });
 *     await backend.start(cluster);
 *     return { backend, close: () => backend.stop() };
 *   }, { knownGaps: SIMULATOR_KNOWN_GAPS });
 *
 * Each section opens a backend of its own with `open` (on CONFORMANCE_CLUSTER: the scenarios'
 * default kind-like cluster plus the namespaces conformance-a and conformance-b) and closes it
 * after its tests. Nothing assumes virtual time: waits go through backend.waitFor with a timeout.
 */
import { describe } from '@jest/globals';
import { capabilityTests } from './capabilities';
import { clockTests } from './clock';
import { crudTests } from './crud';
import { evictionTests } from './eviction';
import type { ConformanceOptions, KnownGap, OpenBackend, SuiteEnv } from './harness';
import { historyTests } from './history';
import { patchTests } from './patch';
import { propagationTests } from './propagation';
import { validationTests } from './validation';
import { watchTests } from './watch';

export { CONFORMANCE_CLUSTER, NS, OTHER_NS } from './harness';
export type { ConformanceOptions, KnownGap, OpenBackend, OpenedBackend } from './harness';

/**
 * Where the simulator is known to differ from upstream (each runs as `test.failing`). A backend
 * that serves the simulator (`kscenario serve`) inherits them.
 */
export const SIMULATOR_KNOWN_GAPS: readonly KnownGap[] = ['json-patch-failure-message', 'status-write-resets-labels', 'update-uid-precondition'];

export function describeConformance(name: string, open: OpenBackend, options: ConformanceOptions = {}): void {
  const env: SuiteEnv = { open, options };
  describe(`backend conformance: ${name}`, () => {
    crudTests(env);
    patchTests(env);
    validationTests(env);
    watchTests(env);
    propagationTests(env);
    evictionTests(env);
    clockTests(env);
    historyTests(env);
    capabilityTests(env);
  });
}
