/** The backend conformance suite on the embedded simulator. */
import { SimulatorBackend } from '../../src/backends/simulator/index';
import { SIMULATOR_KNOWN_GAPS, describeConformance } from './suite';

describeConformance('simulator', async (cluster) => {
  const backend = new SimulatorBackend({ seed: 1 });
  await backend.start(cluster);
  return { backend, close: () => backend.stop() };
}, { knownGaps: SIMULATOR_KNOWN_GAPS });
