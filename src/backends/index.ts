/** The backends a user can choose with --backend. */
import type { Backend } from '../backend/contract';
import { KscenarioError } from '../errors';
import { SimulatorBackend } from './simulator';

export const BACKENDS = ['simulator'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendOptions {
  /** the simulator's seed */
  seed: number;
}

export async function createBackend(name: string, options: BackendOptions): Promise<Backend> {
  switch (name) {
    case 'simulator':
      return new SimulatorBackend({ seed: options.seed });
    default:
      throw new KscenarioError('USAGE', `unknown backend '${name}'`, undefined, `available backends: ${BACKENDS.join(', ')}`);
  }
}
