/** A check that keeps waiting reports what is still unmatched, on the backend's clock. */
import { describe, expect, test } from '@jest/globals';
import { SimulatorBackend } from '../../src/backends/simulator/index';
import { runScenario } from '../../src/runner/run-scenario';
import { loadScenarioPaths } from '../../src/scenario/load';
import { writeFiles } from '../support/inline';

const SCENARIO = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: waits}
spec:
  steps:
    - name: never there
      expect: {within: 30s, resources: [{kind: Pod, name: ghost, count: 1}]}
`;

describe('progress of a waiting check', () => {
  test('names the step, the time waited and the first mismatch', async () => {
    const dir = writeFiles({ 's.yaml': SCENARIO });
    const loaded = (await loadScenarioPaths([`${dir}/s.yaml`])).scenarios[0]!;
    const lines: string[] = [];
    const { result } = await runScenario(loaded, new SimulatorBackend({ seed: 1 }), 1, { progress: (l) => lines.push(l), progressEveryMs: 0 });
    expect(result.status).toBe('failed');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/^… never there: waited \d+(\.\d+)?s; still unmatched: Pod ghost: /);
  });
});
