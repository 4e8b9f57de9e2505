/**
 * What every simulated component (controller, scheduler, kubelet, DNS) is given, and the one
 * interface it implements. Components never call each other directly except through the API
 * server and the few named services below, as their upstream counterparts do.
 */
import type { SizeLimits } from '../kube/size-limits';
import type { KubeVersion } from '../kube/version';
import type { Clock } from './clock';
import type { Rng } from './rng';
import type { ApiServer } from './apiserver/store';
import type { EventRecorder } from './events';

/** How the simulated container runtime treats an image (scenario spec.cluster.images). */
export interface ImageBehaviour {
  /** seconds a pull takes (default DEFAULT_PULL_SECONDS) */
  pullSeconds?: number;
  /** `fail`: every pull fails (ErrImagePull, then ImagePullBackOff) */
  pull?: 'succeed' | 'fail';
}

export interface SimConfig {
  version: KubeVersion;
  seed: number;
  images: Record<string, ImageBehaviour>;
  /** how much the scenario may create (default DEFAULT_SIZE_LIMITS) */
  limits?: Readonly<SizeLimits>;
}

/**
 * A user-facing action a component performs (killNode, writeFile, failProbe...). Arguments are
 * the verb's value from the scenario; errors are thrown as KscenarioError or ApiError.
 */
export type ActionHandler = (args: unknown) => void;

export interface SimContext {
  readonly api: ApiServer;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly events: EventRecorder;
  readonly config: SimConfig;
  /** Makes `verb` available to scenarios on the simulator backend. */
  registerAction(verb: string, handler: ActionHandler): void;
  /**
   * Something a check can see changed outside the API (the files of a volume the kubelet
   * rewrote), so that checks reading more than objects are evaluated again. Test benches without
   * a runner may leave it out.
   */
  readonly contentChanged?: () => void;
}

export interface Component {
  /** Subscribe to watches, register admission hooks and actions. Called once, before any object exists. */
  start(ctx: SimContext): void;
}
