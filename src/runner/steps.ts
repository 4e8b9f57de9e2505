/** One step: find its verb, run it, and judge `expectError` when the step carries one. */
import { ApiError, KscenarioError } from '../errors';
import { isMatcher } from '../check/matchers';
import { matchValue } from '../check/match';
import type { LoadedStep } from '../scenario/loaded';
import { apply, create } from '../kubectl/apply';
import { drain, evict } from '../kubectl/drain';
import * as m from '../kubectl/verbs';
import { runExpect, runExpectHistory, type StepContext } from './checks';
import { runKubectl } from './kubectl-step';
import { capability, crashContainer, setProbe, writeFile } from './pod-actions';
import type { CheckFailure, Status } from './result';
import { stepVerb } from './step-verb';

export interface StepOutcome {
  status: Status;
  /** API warnings to show, as kubectl does */
  warnings?: string[];
  failures?: CheckFailure[];
  error?: string;
  waitedMs?: number;
  /** what a kubectl step printed */
  output?: string;
  /** what the step's `!capture` tags found, by binding name (a passed expect step) */
  captures?: Record<string, unknown>;
}

type Verb = (ctx: StepContext, value: any, step: LoadedStep) => Promise<StepOutcome | void>;

const pass = undefined;

const VERBS: Record<string, Verb> = {
  apply: (ctx, _v, step) => applyManifests(ctx, step, 'apply'),
  create: (ctx, _v, step) => applyManifests(ctx, step, 'create'),
  delete: (ctx, v) => m.deleteObjects(ctx, v).then(() => pass),
  patch: (ctx, v) => m.patchObject(ctx.backend, v),
  scale: (ctx, v) => m.scale(ctx.backend, v),
  setImage: (ctx, v) => m.setImage(ctx.backend, v),
  setPartition: (ctx, v) => m.setPartition(ctx.backend, v),
  rollout: (ctx, v) => m.rollout(ctx.backend, v),
  label: (ctx, v) => m.setMetadata(ctx.backend, 'labels', v),
  annotate: (ctx, v) => m.setMetadata(ctx.backend, 'annotations', v),
  sleep: (ctx, v) => ctx.backend.sleep(m.durationMs(v, 0)),
  cordon: (ctx, v) => m.cordon(ctx.backend, String(v), true),
  uncordon: (ctx, v) => m.cordon(ctx.backend, String(v), false),
  taint: (ctx, v) => m.taint(ctx.backend, v, true),
  untaint: (ctx, v) => m.taint(ctx.backend, v, false),
  writeFile: (ctx, v) => writeFile(ctx.backend, v),
  failProbe: (ctx, v) => setProbe(ctx.backend, v, false),
  healProbe: (ctx, v) => setProbe(ctx.backend, v, true),
  crashContainer: (ctx, v) => crashContainer(ctx.backend, v),
  killNode: (ctx, v) => capability(ctx.backend, 'nodeFaults').killNode(v),
  restartNode: (ctx, v) => capability(ctx.backend, 'nodeFaults').restartNode(v),
  disconnectNode: (ctx, v) => capability(ctx.backend, 'nodeFaults').disconnectNode(v),
  reconnectNode: (ctx, v) => capability(ctx.backend, 'nodeFaults').reconnectNode(v),
  addNode: (ctx, v) => capability(ctx.backend, 'nodeFaults').addNode(v),
  removeNode: (ctx, v) => capability(ctx.backend, 'nodeFaults').removeNode(v),
  kubectl: (ctx, v) => runKubectl(ctx, v),
  evict: (ctx, v) => evict(ctx.backend, v),
  drain: (ctx, v) => drain(ctx, v).then(({ warnings }) => (warnings.length ? { status: 'passed', warnings } : pass)),
  expect: (ctx, v, step) => runExpect(ctx, v, step),
  expectHistory: (ctx, v, step) => runExpectHistory(ctx, v, step),
};

export async function runStep(step: LoadedStep, ctx: StepContext): Promise<StepOutcome> {
  const verb = stepVerb(step.step);
  const value = (step.step as Record<string, unknown>)[verb];
  const run = VERBS[verb];
  if (!run) throw new KscenarioError('UNSUPPORTED', `unknown verb '${verb}'`, step.location);
  const expected = step.step.expectError;
  if (expected === undefined) return (await run(ctx, value, step)) ?? { status: 'passed' };
  try {
    await run(ctx, value, step);
  } catch (err) {
    if (!(err instanceof ApiError || (err instanceof KscenarioError && err.code === 'BACKEND'))) throw err;
    return judgeExpectedError(expected, err.message, step);
  }
  return failed(step, 'expected error', [`expected the request to be rejected with ${describeExpected(expected)}, but it was accepted`]);
}

async function applyManifests(ctx: m.MutationContext, step: LoadedStep, mode: 'apply' | 'create'): Promise<StepOutcome> {
  const warnings: string[] = [];
  for (const manifest of step.manifests ?? []) {
    try {
      warnings.push(...(await (mode === 'apply' ? apply : create)(ctx.backend, manifest.object)).warnings);
    } catch (err) {
      if (err instanceof ApiError) throw Object.assign(err, { location: manifest.location });
      throw err;
    }
  }
  // kubectl's warning writer deduplicates within one invocation; one step is one invocation.
  const unique = [...new Set(warnings)];
  return unique.length ? { status: 'passed', warnings: unique } : { status: 'passed' };
}

function judgeExpectedError(expected: unknown, message: string, step: LoadedStep): StepOutcome {
  const ok = isMatcher(expected) ? matchValue(expected, message).length === 0 : message.includes(String(expected));
  if (ok) return { status: 'passed' };
  return failed(step, 'expected error', [`expected an error ${describeExpected(expected)}`, `got: ${message}`]);
}

function describeExpected(expected: unknown): string {
  return isMatcher(expected) ? `matching ${expected.toString()}` : `containing "${String(expected)}"`;
}

function failed(step: LoadedStep, subject: string, mismatches: string[]): StepOutcome {
  return { status: 'failed', failures: [{ subject, mismatches, location: step.location }] };
}
