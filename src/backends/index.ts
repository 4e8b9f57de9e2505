/** The backends a user can choose with --backend. */
import type { Backend } from '../backend/contract';
import { KscenarioError } from '../errors';
import type { LoadedScenario } from '../scenario/loaded';
import { createClusterBackend } from './cluster';
import { SimulatorBackend } from './simulator';

export const BACKENDS = ['simulator', 'cluster'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendOptions {
  /** the simulator's seed */
  seed: number;
  /** cluster backend: the kubeconfig file (kubectl's defaults when omitted) */
  kubeconfig?: string;
  /** cluster backend: the kubeconfig context (its current context when omitted) */
  context?: string;
  /** cluster backend: the scenario about to run (its name goes into the generated namespace names) */
  scenario?: LoadedScenario;
  /** cluster backend: where notes about the cluster go */
  notice?: (line: string) => void;
}

export async function createBackend(name: string, options: BackendOptions): Promise<Backend> {
  switch (name) {
    case 'simulator':
      return new SimulatorBackend({ seed: options.seed });
    case 'cluster':
      return createClusterBackend(options);
    default:
      throw new KscenarioError('USAGE', `unknown backend '${name}'`, undefined, `available backends: ${BACKENDS.join(', ')}`);
  }
}
