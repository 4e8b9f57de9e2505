/**
 * Runs one scenario on one backend: start the cluster, run setup, steps and cleanup in order
 * (honouring `at` and `after`), and turn each step's outcome into a StepResult. Cleanup always
 * runs and the backend is always stopped.
 */
import type { Backend } from '../backend/contract';
import { ApiError, KscenarioError } from '../errors';
import type { HistoryEntry } from '../history/entry';
import type { LoadedScenario, LoadedStep, ResolvedManifest } from '../scenario/loaded';
import { parseDuration } from '../scenario/duration';
import { DEFAULT_SCENARIO_TIMEOUT } from '../scenario/defaults';
import { bindStep, recordCaptures, type Bindings } from './bindings';
import { clusterRequest } from './cluster-request';
import { HistoryRecorder } from './history-recorder';
import type { StepContext } from './checks';
import { runStep, type StepOutcome } from './steps';
import { stepVerb } from './step-verb';
import type { ScenarioResult, Status, StepResult } from './result';
import type { ScenarioObserver } from './events';

export interface ScenarioRun {
  result: ScenarioResult;
  history: HistoryEntry[];
}

export interface RunOptions {
  /** told as each step begins and ends, and while a check waits (events.ts); reporters show it */
  observe?: ScenarioObserver;
  /** wall time between two `waiting` events of one check (default WAITING_EVERY_MS) */
  waitingEveryMs?: number;
  /**
   * Whether the caller wants the run's history (e.g. for --history; default true). When it does
   * not and no step judges it (expectHistory), nothing is recorded: a large run then holds no
   * copy of every object version.
   */
  keepHistory?: boolean;
}

export async function runScenario(loaded: LoadedScenario, backend: Backend, seed: number, options: RunOptions = {}): Promise<ScenarioRun> {
  const { scenario } = loaded;
  const wallStart = performance.now();
  const result: ScenarioResult = {
    name: scenario.metadata.name,
    title: scenario.metadata.title,
    file: loaded.file,
    claims: scenario.metadata.claims ?? [],
    backend: backend.name,
    seed,
    status: 'passed',
    steps: [],
    virtualMs: 0,
    wallMs: 0,
  };
  let recorder: HistoryRecorder | undefined;
  try {
    const request = clusterRequest(loaded.cluster);
    await backend.start(request);
    recorder = options.keepHistory === false && !judgesHistory(loaded)
      ? HistoryRecorder.idle(backend)
      : await HistoryRecorder.start(backend, request.version);
    const deadline = backend.now() + parseDuration(scenario.spec.timeout ?? DEFAULT_SCENARIO_TIMEOUT);
    const story = loaded.steps.find((s) => s.section === 'steps');
    const storyStart = story && stepMarker(story);
    let stop = false;
    const bindings: Bindings = new Map();
    for (const step of loaded.steps) {
      if (stop && step.section !== 'cleanup') {
        const r = skipped(step, backend.now());
        result.steps.push(r);
        options.observe?.({ type: 'stepEnd', step: r });
        continue;
      }
      const ctx: StepContext = { backend, deadline, locate: loaded.locate, storyStart, history: recorder, observe: options.observe, waitingEveryMs: options.waitingEveryMs };
      const r = await timedStep(step, ctx, bindings);
      result.steps.push(r);
      options.observe?.({ type: 'stepEnd', step: r });
      if (r.status === 'passed') recordCaptures(bindings, r.captures);
      if (r.status !== 'passed' && step.section !== 'cleanup') stop = true;
    }
    result.virtualMs = backend.now();
  } catch (err) {
    result.error = errorText(err);
  } finally {
    recorder?.stop();
    await backend.stop().catch((err) => {
      result.error = (result.error ? result.error + '\n' : '') + `stopping the ${backend.name} backend failed: ${errorText(err)}`;
    });
  }
  result.status = scenarioStatus(result);
  result.wallMs = performance.now() - wallStart;
  return { result, history: recorder?.entries ?? [] };
}

async function timedStep(step: LoadedStep, ctx: StepContext, bindings: Bindings): Promise<StepResult> {
  const { backend, deadline } = ctx;
  const s = step.step;
  if (s.at) {
    const at = parseDuration(s.at);
    if (backend.now() < at) await backend.sleep(at - backend.now());
  }
  if (s.after) await backend.sleep(parseDuration(s.after));
  const marker = stepMarker(step);
  const startMs = backend.now();
  const wallStart = performance.now();
  ctx.history.mark(marker, 'STEP_START');
  let outcome: StepOutcome;
  let shown = step; // with its bindings filled in, once they are: `delete pod/web-0`, not `pod/$(pod)`
  try {
    shown = bindStep(step, bindings, ctx.locate);
    ctx.observe?.({ type: 'stepBegin', step: { section: step.section, index: step.index, title: stepTitle(shown), verb: stepVerb(s), location: step.location, startMs } });
    outcome = await runStep(shown, ctx);
  } catch (err) {
    outcome = classifyError(step, err);
  }
  if (backend.now() > deadline && outcome.status === 'passed') {
    outcome = { status: 'error', error: `the scenario's timeout was reached during this step` };
  }
  ctx.history.mark(marker, 'STEP_END');
  return {
    section: step.section,
    index: step.index,
    title: stepTitle(shown),
    verb: stepVerb(s),
    claim: s.claim,
    location: step.location,
    startMs,
    endMs: backend.now(),
    wallMs: performance.now() - wallStart,
    ...outcome,
  };
}

/**
 * An API rejection during `steps` means the cluster did not do what the story expected: a failed
 * claim. In `setup` (and for anything that is not an API answer) it is an error in the scenario.
 */
function classifyError(step: LoadedStep, err: unknown): StepOutcome {
  if (err instanceof ApiError && step.section === 'steps') {
    return { status: 'failed', failures: [{ subject: 'API request', mismatches: [`the API server rejected it: ${err.message}`], location: step.location }] };
  }
  return { status: 'error', error: errorText(err) };
}

export function errorText(err: unknown): string {
  if (err instanceof KscenarioError) return err.describe();
  if (err instanceof ApiError) return `the API server rejected it: ${err.message}`;
  if (err instanceof Error) return process.env.KSCENARIO_DEBUG ? String(err.stack) : `internal error: ${err.message} (set KSCENARIO_DEBUG=1 for details)`;
  return String(err);
}

function judgesHistory(loaded: LoadedScenario): boolean {
  return loaded.steps.some((s) => 'expectHistory' in s.step);
}

/** The name history windows use for a step. */
export function stepMarker(step: LoadedStep): string {
  return step.step.name ?? `${step.section}[${step.index}]`;
}

export function stepTitle(step: LoadedStep): string {
  if (step.step.name) return step.step.name;
  const verb = stepVerb(step.step);
  const value = (step.step as Record<string, unknown>)[verb];
  const detail = typeof value === 'string' && !value.includes('\n') ? value
    : step.manifests ? objectsTitle(step.manifests)
    : value && typeof value === 'object' && 'target' in value ? String((value as { target: unknown }).target)
    : value && typeof value === 'object' && 'node' in value ? String((value as { node: unknown }).node)
    : '';
  return detail ? `${verb} ${detail}` : verb;
}

/** Objects shown in an inline apply/create step's title; the others are counted. */
const TITLE_OBJECTS = 3;

/** `StatefulSet/web, Service/nginx` (and `and 2 more`): what an inline apply or create step makes. */
function objectsTitle(manifests: readonly ResolvedManifest[]): string {
  const names = manifests.map((m) => `${m.object.kind}/${m.object.metadata.name ?? m.object.metadata.generateName ?? '?'}`);
  const more = names.length - TITLE_OBJECTS;
  return more > 0 ? `${names.slice(0, TITLE_OBJECTS).join(', ')} and ${more} more` : names.join(', ');
}

function skipped(step: LoadedStep, now: number): StepResult {
  return {
    section: step.section, index: step.index, title: stepTitle(step), verb: stepVerb(step.step), claim: step.step.claim,
    status: 'skipped', location: step.location, startMs: now, endMs: now, wallMs: 0,
  };
}

function scenarioStatus(r: ScenarioResult): Status {
  if (r.error) return 'error';
  const setupBroken = r.steps.some((s) => s.section === 'setup' && s.status !== 'passed' && s.status !== 'skipped');
  if (setupBroken || r.steps.some((s) => s.status === 'error')) return 'error';
  if (r.steps.some((s) => s.status === 'failed')) return 'failed';
  return 'passed';
}
