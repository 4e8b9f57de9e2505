/** The backends a user can choose with --backend. */
import type { Backend } from '../backend/contract';
import { KscenarioError } from '../errors';
import type { LoadedScenario } from '../scenario/loaded';
import type { SizeLimits } from '../kube/size-limits';
import { createClusterBackend } from './cluster';
import { KindRun, withKindNodeFaults, ZxRunner, type KindRunOptions } from './kind';
import { SimulatorBackend } from './simulator';
import { KwokBackend } from '../controlplane/backend';
import { BACKENDS } from './names';

export { BACKENDS, type BackendName } from './names';

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
  /** simulator: how much one scenario may create */
  limits?: Readonly<SizeLimits>;
  /** kind backend: the run that owns the kind clusters (openKindRun) */
  kind?: KindRun;
}

export async function createBackend(name: string, options: BackendOptions): Promise<Backend> {
  switch (name) {
    case 'simulator':
      return new SimulatorBackend({ seed: options.seed, limits: options.limits });
    case 'cluster':
      // a kind cluster (its nodes' provider IDs say so) gets Docker node faults
      return withKindNodeFaults(await createClusterBackend(options), { runner: new ZxRunner(), notice: options.notice });
    case 'kind':
      if (!options.kind) throw new KscenarioError('USAGE', 'the kind backend needs the run that owns its clusters (openKindRun)');
      return options.kind.backendFor(options.scenario, options.notice);
    case 'kwok':
      // a real control plane with KWOK nodes per scenario (src/controlplane), the cluster backend on it
      return new KwokBackend({ scenario: options.scenario, notice: options.notice });
    default:
      throw new KscenarioError('USAGE', `unknown backend '${name}'`, undefined, `available backends: ${BACKENDS.join(', ')}`);
  }
}

/** A kind run whose scenarios run through the cluster backend on the kind clusters it creates. */
export function openKindRun(options: Omit<KindRunOptions, 'openCluster'> & Partial<Pick<KindRunOptions, 'openCluster'>>): KindRun {
  return new KindRun({
    openCluster: ({ kubeconfig, context, scenario, notice }) => createClusterBackend({ kubeconfig, context, scenario, notice }),
    ...options,
  });
}
