/** The backends a user can choose with --backend. */
import { KscenarioError } from '../errors';
import type { Backend } from './backend';
import { SimulatorBackend } from './simulator/simulator-backend';

export const BACKENDS = ['simulator'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function createBackend(name: string): Backend {
  switch (name) {
    case 'simulator':
      return new SimulatorBackend();
    default:
      throw new KscenarioError('USAGE', `unknown backend '${name}'`, undefined, `available backends: ${BACKENDS.join(', ')} (kind and cluster backends are planned)`);
  }
}
