/**
 * A run keeps its history only when someone reads it: the caller (--history) or an expectHistory
 * step. Otherwise nothing is recorded, so a large run holds no copy of every object version.
 */
import { describe, expect, test } from '@jest/globals';
import { SimulatorBackend } from '../../src/backends/simulator';
import { runScenario } from '../../src/runner/run-scenario';
import { loadScenarioText } from '../../src/scenario';

const CONFIG_MAP = `apiVersion: v1
          kind: ConfigMap
          metadata: {name: c}`;

function scenario(extraStep = ''): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: keeping}
spec:
  steps:
    - apply: |
          ${CONFIG_MAP}
    - expect: {resources: [{kind: ConfigMap, name: c}]}
${extraStep}`;
}

async function run(text: string, keepHistory: boolean | undefined) {
  const { scenario: loaded, errors } = await loadScenarioText('s.yaml', text);
  expect(errors).toEqual([]);
  return runScenario(loaded!, new SimulatorBackend({ seed: 1 }), 1, { keepHistory });
}

describe('history keeping', () => {
  test('kept by default: the ConfigMap and the step markers are there', async () => {
    const { result, history } = await run(scenario(), undefined);
    expect(result.status).toBe('passed');
    expect(history.some((e) => e.type === 'ADDED' && e.kind === 'ConfigMap' && e.name === 'c')).toBe(true);
    expect(history.some((e) => e.type === 'STEP_START')).toBe(true);
  });

  test('not wanted and not judged: nothing is recorded, and the verdict is the same', async () => {
    const { result, history } = await run(scenario(), false);
    expect(result.status).toBe('passed');
    expect(history).toEqual([]);
  });

  test('not wanted but judged by expectHistory: recorded all the same', async () => {
    const judged = scenario(`    - expectHistory:
        never:
          - {kind: ConfigMap, name: c, match: {data: {broken: "yes"}}}
`);
    const { result, history } = await run(judged, false);
    expect(result.status).toBe('passed');
    expect(history.some((e) => 'kind' in e && e.kind === 'ConfigMap')).toBe(true);
  });
});
