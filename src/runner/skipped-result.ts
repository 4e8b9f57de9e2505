/** The result of a scenario that does not run here (its Kubernetes version range excludes the cluster). */
import type { LoadedScenario } from '../scenario/loaded';
import type { ScenarioResult } from './result';

export function skippedResult(s: LoadedScenario, backend: string, seed: number, reason: string): ScenarioResult {
  const m = s.scenario.metadata;
  return {
    name: m.name, ...(m.title ? { title: m.title } : {}), file: s.file, claims: m.claims ?? [], backend, seed,
    status: 'skipped', steps: [], virtualMs: 0, wallMs: 0, skipped: reason,
  };
}
