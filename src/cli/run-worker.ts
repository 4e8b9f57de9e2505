/**
 * The body of a `kscenario run --workers N` worker thread: it runs whole scenarios on the
 * simulator, one at a time, as the main thread hands them out. The scenario's events (it began,
 * each step began and ended, a check still waits) are posted as they happen, so the main thread
 * shows progress live; the result follows them, and the main thread reports results in order.
 */
import { parentPort } from 'node:worker_threads';
import { SimulatorBackend } from '../backends/simulator';
import { runScenario } from '../runner/run-scenario';
import { loadScenarioFile } from '../scenario/load';
import { toWire } from './result-wire';
import { writeRecord } from './history-file';
import { buildTimeline } from '../report/timeline/build';
import type { ScenarioJob, ScenarioDone, WorkerEvent } from './worker-pool';

async function run(job: ScenarioJob): Promise<ScenarioDone> {
  const post = (event: WorkerEvent) => parentPort?.postMessage({ index: job.index, event: toWire(event) });
  // The file was loaded (and checked) by the main thread already; a worker loads it again because a
  // loaded scenario holds functions and Matchers that cannot be sent to another thread.
  const loaded = await loadScenarioFile(job.file, { kubernetesVersion: job.kubernetesVersion });
  if (job.events) post({ type: 'scenarioBegin' });
  const observe = job.events ? post : undefined;
  const { result, history } = await runScenario(loaded, new SimulatorBackend({ seed: job.seed, limits: job.limits }), job.seed, { observe, keepHistory: !!job.historyDir || job.timeline });
  if (job.historyDir) await writeRecord(job.historyDir, result, history);
  // the timeline, not the history, crosses to the main thread: it is what the report keeps
  const done: ScenarioDone = { index: job.index, result: toWire(result) };
  if (job.timeline) done.timeline = buildTimeline(history, result);
  return done;
}

parentPort?.on('message', (job: ScenarioJob) => {
  run(job).then(
    (done) => parentPort?.postMessage(done),
    (err: unknown) => parentPort?.postMessage({ index: job.index, failure: err instanceof Error ? err.message : String(err) }),
  );
});
