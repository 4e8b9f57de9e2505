/** Several reporters heard as one: every lifecycle event goes to each, in the order given. */
import type { ScenarioEvent, ScenarioObserver } from '../runner/events';
import type { ScenarioResult } from '../runner/result';
import type { InvalidFile } from './invalid';
import type { Reporter, ScenarioStart } from './reporter';
import type { ScenarioTimeline } from './timeline/model';

export class Reporters {
  constructor(readonly all: readonly Reporter[]) {}

  runBegin(scenarios: readonly ScenarioStart[]): void {
    for (const r of this.all) r.runBegin?.(scenarios);
  }

  scenarioBegin(scenario: ScenarioStart): void {
    for (const r of this.all) r.scenarioBegin?.(scenario);
  }

  /** A step event of `scenario`, as the runner emits it, handed to each reporter's hook. */
  event(scenario: string, e: ScenarioEvent): void {
    for (const r of this.all) {
      if (e.type === 'stepBegin') r.stepBegin?.(scenario, e.step);
      else if (e.type === 'stepEnd') r.stepEnd?.(scenario, e.step);
      else r.waiting?.(scenario, e.waiting);
    }
  }

  /** Whether any reporter hears step events (else the runner need not emit them). */
  get listens(): boolean {
    return this.all.some((r) => r.stepBegin || r.stepEnd || r.waiting);
  }

  /** The observer to give the runner for one scenario (undefined when no reporter listens). */
  observer(scenario: string): ScenarioObserver | undefined {
    return this.listens ? (e) => this.event(scenario, e) : undefined;
  }

  scenarioEnd(scenario: string): void {
    for (const r of this.all) r.scenarioEnd?.(scenario);
  }

  /** Whether any reporter takes timelines (then the run records each scenario's history). */
  get wantTimelines(): boolean {
    return this.all.some((r) => r.scenarioTimeline);
  }

  scenarioTimeline(timeline: ScenarioTimeline): void {
    for (const r of this.all) r.scenarioTimeline?.(timeline);
  }

  scenarioDone(result: ScenarioResult): void {
    for (const r of this.all) r.scenarioDone?.(result);
  }

  /** Each reporter's whole report (undefined: it printed everything already), in order. */
  finish(results: ScenarioResult[], invalid: readonly InvalidFile[]): Array<string | undefined> {
    return this.all.map((r) => r.finish(results, invalid));
  }
}
