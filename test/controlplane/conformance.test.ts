/**
 * The backend conformance suite on the kwok backend: the cluster backend on a real control plane
 * (Kubernetes 1.35, KWOK nodes), one control plane per section. Needs the binaries, as
 * control-plane.test.ts does (skipped without them unless KSCENARIO_REQUIRE_CONTROL_PLANE=1).
 */
import { describe, test } from '@jest/globals';
import { KwokBackend } from '../../src/controlplane/backend';
import { binariesAtHand } from '../../src/controlplane/install';
import { describeConformance } from '../conformance/suite';

const atHand = binariesAtHand({ version: '1.35' });
const REQUIRED = process.env.KSCENARIO_REQUIRE_CONTROL_PLANE === '1';

if (atHand.missing.length === 0 || REQUIRED) {
  describeConformance('kwok (upstream control plane, KWOK nodes)', async (cluster) => {
    const backend = new KwokBackend({ build: false });
    await backend.start(cluster);
    return { backend, close: () => backend.stop() };
  }, { testTimeoutMs: 240_000 });
} else {
  describe.skip('backend conformance: kwok', () => {
    test(`needs ${atHand.missing.join(', ')} (kscenario control-plane build)`, () => undefined);
  });
}
