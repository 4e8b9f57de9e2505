/**
 * What a fuzz case must do (issue 13): loading ends in a loaded scenario or in InputErrors, each
 * a KscenarioError with a file:line:col (every code the loader raises comes from a place in the
 * file); running ends in a result whose errors are the runner's words, never "internal error" or
 * a stack trace. Anything else is a finding.
 */
import { KscenarioError } from '../../src/errors';
import { SimulatorBackend } from '../../src/backends/simulator/index';
import { runScenario } from '../../src/runner/run-scenario';
import { unmetNeeds } from '../../src/runner/capabilities';
import { DEFAULT_SEED } from '../../src/scenario/defaults';
import { loadScenarioText } from '../../src/scenario/load';
import { dirname, join } from 'node:path';

export interface Finding {
  kind: 'crash' | 'unpositioned';
  detail: string;
}

/** Loads `text` as if it were `file` (so its relative manifests resolve) and runs it on the simulator. */
export async function judge(file: string, text: string): Promise<Finding | undefined> {
  let loaded;
  try {
    const result = await loadScenarioText(join(dirname(file), 'fuzzed.yaml'), text);
    for (const e of result.errors) {
      if (!(e instanceof KscenarioError)) return { kind: 'crash', detail: `loader: ${String(e)}` };
      if (!e.location) return { kind: 'unpositioned', detail: e.describe() };
    }
    loaded = result.scenario;
  } catch (err) {
    return { kind: 'crash', detail: `loader threw: ${err instanceof Error ? err.stack : String(err)}` };
  }
  if (!loaded) return undefined;
  const backend = new SimulatorBackend({ seed: DEFAULT_SEED });
  if (unmetNeeds(loaded, backend).length) return undefined;
  try {
    const { result } = await runScenario(loaded, backend, DEFAULT_SEED);
    const texts = [result.error ?? '', ...result.steps.map((s) => s.error ?? '')];
    const internal = texts.find((t) => /internal error|\n\s+at /.test(t));
    return internal ? { kind: 'crash', detail: `runner: ${internal}` } : undefined;
  } catch (err) {
    return { kind: 'crash', detail: `runner threw: ${err instanceof Error ? err.stack : String(err)}` };
  }
}
