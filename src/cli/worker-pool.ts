/**
 * `kscenario run --workers N`: scenarios on worker threads, each worker running whole scenarios
 * (run-worker.ts). Results come back in any order and are handed on in scenario order, each as
 * soon as every scenario before it is done, so output and reports are those of a serial run.
 */
import type { SizeLimits } from '../kube/size-limits';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScenarioResult } from '../runner/result';
import { fromWire } from './result-wire';
import type { KubeVersion } from '../kube/version';
import type { ScenarioEvent } from '../runner/events';
import type { ScenarioTimeline } from '../report/timeline/model';

export interface ScenarioJob {
  index: number;
  file: string;
  seed: number;
  /** --history: the worker writes the scenario's history file itself */
  historyDir?: string;
  /** send the scenario's timeline with its result (the HTML report is written) */
  timeline: boolean;
  /** post the scenario's step events as they happen (some reporter listens) */
  events: boolean;
  /** --kubernetes-version: the minor of scenarios that pin none */
  kubernetesVersion?: KubeVersion;
  /** --max-objects, --max-pods, --max-nodes */
  limits?: Readonly<SizeLimits>;
}

export interface ScenarioDone {
  index: number;
  result: ScenarioResult;
  /** the history reduced for the HTML report where it was recorded (plain data, small) */
  timeline?: ScenarioTimeline;
}

/** What a worker tells of a running scenario: it began, or one of the runner's step events. */
export type WorkerEvent = { type: 'scenarioBegin' } | { type: 'scenarioEnd' } | ScenarioEvent;

/** Running the compiled CLI, not the TypeScript sources (under ts-jest). */
const COMPILED = __filename.endsWith('.js');

/**
 * The default --workers: one per core but one, for the compiled CLI. A serial run already keeps
 * a second core busy with V8's concurrent garbage collection and compilation, and every worker
 * thread warms up its own JIT: on a 2-core machine two workers took 30% more CPU than the serial
 * run (11.2 s against 8.5 s for the seed suite) and no less wall time, so there the default is
 * serial. Run from the sources (the tests) a worker must transpile every module before its first
 * scenario — seconds per thread on a cold cache — so there the default is serial too, and tests
 * that want threads ask for them with --workers.
 */
export function defaultWorkers(): number {
  return COMPILED ? Math.max(1, availableParallelism() - 1) : 1;
}

type WorkerAnswer = ScenarioDone | { index: number; failure: string } | { index: number; event: WorkerEvent };

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private terminated = false;

  constructor(count: number) {
    for (let i = 0; i < count; i++) this.workers.push(startWorker());
  }

  /**
   * Runs every job; `inOrder` gets each result in job order, `onEvent` each event as it comes (a
   * worker posts a scenario's events in order, before its result). Rejects when a worker breaks.
   */
  run(jobs: ScenarioJob[], inOrder: (done: ScenarioDone) => void, onEvent?: (index: number, event: WorkerEvent) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const arrived = new Map<number, ScenarioDone>();
      let handedOut = 0;
      let flushed = 0;
      const handOut = (w: Worker) => {
        if (handedOut < jobs.length) w.postMessage(jobs[handedOut++]);
      };
      const receive = (w: Worker, answer: WorkerAnswer) => {
        if ('event' in answer) return onEvent?.(answer.index, fromWire(answer.event));
        if ('failure' in answer) throw new Error(`a worker could not run ${jobs[answer.index]?.file}: ${answer.failure}`);
        onEvent?.(answer.index, { type: 'scenarioEnd' });
        arrived.set(answer.index, { ...answer, result: fromWire(answer.result) });
        for (let next = arrived.get(flushed); next; next = arrived.get(flushed)) {
          arrived.delete(flushed++);
          inOrder(next);
        }
        if (flushed === jobs.length) resolve();
        else handOut(w);
      };
      for (const w of this.workers) {
        w.on('message', (answer: WorkerAnswer) => {
          try {
            receive(w, answer);
          } catch (err) {
            reject(err);
          }
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (!this.terminated) reject(new Error(`a worker thread stopped (exit code ${code}) before the run ended`));
        });
        handOut(w);
      }
    });
  }

  async terminate(): Promise<void> {
    this.terminated = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * The compiled worker (dist/) runs as it is. Running from the TypeScript sources — the tests,
 * under ts-jest — the worker has no ts-jest: it loads the sources through scripts/register-ts.js,
 * which transpiles each file as it is required (cached on disk), so tests exercise the sources and
 * never a stale dist/.
 */
function startWorker(): Worker {
  if (COMPILED) return new Worker(join(__dirname, 'run-worker.js'));
  const hook = join(__dirname, '..', '..', 'scripts', 'register-ts.js');
  const entry = join(__dirname, 'run-worker.ts');
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(entry)});`, { eval: true });
}
