/**
 * The body of a `kscenario run --workers N` worker thread: it runs whole scenarios on the
 * simulator, one at a time, as the main thread hands them out. What the serial run would print
 * while a scenario runs is kept and sent back with its result, so the main thread can print
 * everything in scenario order.
 */
import { parentPort } from 'node:worker_threads';
import { SimulatorBackend } from '../backends/simulator';
import { runScenario } from '../runner/run-scenario';
import { loadScenarioFile } from '../scenario/load';
import { toWire } from './result-wire';
import { writeHistory } from './history-file';
import type { ScenarioJob, ScenarioDone } from './worker-pool';

async function run(job: ScenarioJob): Promise<ScenarioDone> {
  const stderr: string[] = [];
  // The file was loaded (and checked) by the main thread already; a worker loads it again because a
  // loaded scenario holds functions and Matchers that cannot be sent to another thread.
  const loaded = await loadScenarioFile(job.file, { kubernetesVersion: job.kubernetesVersion });
  const name = loaded.scenario.metadata.name;
  const progress = job.progress ? (line: string) => void stderr.push(`${name}: ${line}\n`) : undefined;
  const { result, history } = await runScenario(loaded, new SimulatorBackend({ seed: job.seed, limits: job.limits }), job.seed, { progress, keepHistory: !!job.historyDir });
  if (job.historyDir) await writeHistory(job.historyDir, result.name, history);
  return { index: job.index, result: toWire(result), stderr };
}

parentPort?.on('message', (job: ScenarioJob) => {
  run(job).then(
    (done) => parentPort?.postMessage(done),
    (err: unknown) => parentPort?.postMessage({ index: job.index, failure: err instanceof Error ? err.message : String(err) }),
  );
});
