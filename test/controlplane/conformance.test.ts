/**
 * The backend conformance suite on the kwok backend: the cluster backend on a real control plane
 * (the default control-plane release, KWOK nodes), one control plane per section. Needs the binaries, as
 * control-plane.test.ts does (skipped without them unless KSCENARIO_REQUIRE_CONTROL_PLANE=1).
 *
 * The suite's node-fault test kills a node and then restarts it; the kwok backend refuses
 * restartNode (a reboot restarts containers, which KWOK does not emulate), so the suite runs here
 * without the nodeFaults capability. killNode, disconnectNode and reconnectNode are checked
 * against the real node lifecycle controller in control-plane.test.ts.
 */
import { describe, test } from '@jest/globals';
import type { Backend } from '../../src/backend/contract';
import { KwokBackend } from '../../src/controlplane/backend';
import { binariesAtHand } from '../../src/controlplane/install';
import { DEFAULT_CONTROL_PLANE_MINOR } from '../../src/controlplane/versions';
import { describeConformance } from '../conformance/suite';

const atHand = binariesAtHand({ version: DEFAULT_CONTROL_PLANE_MINOR });
const REQUIRED = process.env.KSCENARIO_REQUIRE_CONTROL_PLANE === '1';

/** The backend as the suite sees it: every call its own, capabilities without nodeFaults. */
function withoutNodeFaults(backend: Backend): Backend {
  const capabilities = { ...backend.capabilities, nodeFaults: undefined };
  return new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop === 'capabilities') return capabilities;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

if (atHand.missing.length === 0 || REQUIRED) {
  describeConformance('kwok (upstream control plane, KWOK nodes)', async (cluster) => {
    const backend = new KwokBackend({ build: false });
    await backend.start(cluster);
    return { backend: withoutNodeFaults(backend), close: () => backend.stop() };
  }, { testTimeoutMs: 240_000 });
} else {
  describe.skip('backend conformance: kwok', () => {
    test(`needs ${atHand.missing.join(', ')} (kscenario control-plane build)`, () => undefined);
  });
}
