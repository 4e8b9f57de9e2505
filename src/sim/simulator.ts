/**
 * The simulator: a small Kubernetes in one process. It owns the clock, the seeded generator and
 * the API server, starts the components (controllers, scheduler, kubelets) and dispatches user
 * actions to the component that registered them. It keeps no history of object versions: whoever
 * needs one watches the API server (the runner's history recorder, `kscenario serve`'s watch
 * cache), so a run holds each version once at most.
 */
import { KscenarioError } from '../errors';
import { EventExpiry } from './apiserver/event-ttl';
import { ApiServer, SYSTEM_NAMESPACES } from './apiserver/store';
import { Clock } from './clock';
import type { ActionHandler, Component, SimConfig, SimContext } from './context';
import { EventRecorder } from './events';
import { Rng } from './rng';

/** Wall-clock milliseconds of simulation between two turns of the event loop. */
const PAUSE_EVERY_MS = 50;

export class Simulator {
  readonly clock = new Clock();
  readonly rng: Rng;
  readonly api: ApiServer;
  readonly events: EventRecorder;
  /** kept so that everything the simulator is made of is reachable from it (a fork copies it: sim/fork.ts) */
  readonly components: readonly Component[];
  readonly eventExpiry: EventExpiry;
  private readonly actions = new Map<string, ActionHandler>();
  /** changes outside the API that checks can observe (SimContext.contentChanged) */
  private contentRevision = 0;
  /** wall time (Date.now) of the last turn given to the event loop */
  private lastPause = Date.now();

  constructor(
    readonly config: SimConfig,
    components: Component[],
    /** extra namespaces the scenario asks for, besides the system ones */
    namespaces: string[] = [],
  ) {
    this.rng = new Rng(config.seed);
    this.api = new ApiServer(config.version, this.clock, this.rng, config.limits);
    this.clock.describeLivelock = () => this.api.churn.describe();
    this.events = new EventRecorder(this.api, this.clock);
    this.eventExpiry = new EventExpiry(this.api, this.clock);
    this.components = components;
    for (const ns of [...SYSTEM_NAMESPACES, ...namespaces.filter((n) => !SYSTEM_NAMESPACES.includes(n))]) {
      this.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
    const ctx: SimContext = {
      api: this.api,
      clock: this.clock,
      rng: this.rng,
      events: this.events,
      config,
      registerAction: (verb, handler) => this.actions.set(verb, handler),
      contentChanged: () => this.contentRevision++,
    };
    for (const c of components) c.start(ctx);
  }

  act(verb: string, args: unknown): void {
    const handler = this.actions.get(verb);
    if (!handler) {
      throw new KscenarioError('UNSUPPORTED', `the simulator does not support '${verb}' yet`, undefined,
        `supported actions: ${this.supportedActions().join(', ')}`);
    }
    handler(args);
  }

  supportedActions(): string[] {
    return [...this.actions.keys()].sort();
  }

  /** Runs everything due now (what controllers do "at once" after a write). */
  settle(): void {
    this.clock.runUntil(this.clock.now());
  }

  advance(ms: number): void {
    this.clock.runUntil(this.clock.now() + ms);
  }

  /** advance(), letting the event loop run now and then (see pause) so a long wait stays interruptible. */
  async advanceInterruptibly(ms: number): Promise<void> {
    const deadline = this.clock.now() + ms;
    for (let next = this.clock.nextTime(); next !== undefined && next <= deadline; next = this.clock.nextTime()) {
      this.clock.runInstant(next);
      await this.pause();
    }
    this.clock.runUntil(deadline);
  }

  /**
   * Gives the event loop a turn when PAUSE_EVERY_MS of wall time went by since the last one: the
   * simulation otherwise runs on microtasks alone, and a Ctrl-C (SIGINT) or a closed pipe would
   * not be seen until the scenario ends, hours of virtual time later.
   */
  private async pause(): Promise<void> {
    if (Date.now() - this.lastPause < PAUSE_EVERY_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.lastPause = Date.now();
  }

  /**
   * Advances until `check` holds or `timeoutMs` passes, evaluating it after every instant in
   * which an object changed — of a kind in `reads`, when given; else also when content outside
   * the API did (file contents): the cost follows the number of events, not the virtual time.
   */
  async waitFor(check: () => Promise<boolean>, timeoutMs: number, reads?: readonly string[]): Promise<boolean> {
    this.settle();
    const deadline = this.clock.now() + timeoutMs;
    if (await check()) return true;
    const revision = reads ? () => this.api.kindsRevision(reads) : () => this.api.revision() + this.contentRevision;
    for (;;) {
      const next = this.clock.nextTime();
      if (next === undefined || next > deadline) {
        this.clock.runUntil(deadline);
        return false;
      }
      const before = revision();
      this.clock.runInstant(next);
      if (revision() !== before && (await check())) return true;
      await this.pause();
    }
  }
}
