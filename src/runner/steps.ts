/** One step: find its verb, run it, and judge `expectError` when the step carries one. */
import { ApiError, KscenarioError } from '../errors';
import { isMatcher } from '../check/matchers';
import { matchValue } from '../check/match';
import type { LoadedStep } from '../scenario/loaded';
import { STEP_VERBS, type Step } from '../../generated/scenario';
import { runExpect, runExpectHistory, type StepContext } from './checks';
import * as m from './mutations';
import { drain, evict } from './drain';
import type { CheckFailure, Status } from './result';

export interface StepOutcome {
  status: Status;
  /** API warnings to show, as kubectl does */
  warnings?: string[];
  failures?: CheckFailure[];
  error?: string;
  waitedMs?: number;
}

const VERB_SET = new Set<string>(STEP_VERBS);

export function stepVerb(step: Step): string {
  return Object.keys(step).find((k) => VERB_SET.has(k)) ?? 'unknown';
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
  writeFile: (ctx, v) => m.writeFile(ctx.backend, v),
  evict: (ctx, v) => evict(ctx.backend, v),
  drain: (ctx, v) => drain(ctx, v).then(({ warnings }) => (warnings.length ? { status: 'passed', warnings } : pass)),
  expect: (ctx, v, step) => runExpect(ctx, v, step),
  expectHistory: (ctx, v, step) => runExpectHistory(ctx, v, step),
};

export async function runStep(step: LoadedStep, ctx: StepContext): Promise<StepOutcome> {
  const verb = stepVerb(step.step);
  const value = (step.step as Record<string, unknown>)[verb];
  const run = VERBS[verb] ?? ((c: m.MutationContext, v: unknown) => backendAction(c, verb, v));
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

/** Faults, node operations and pod actions: the backend's own business. */
async function backendAction(ctx: m.MutationContext, verb: string, value: unknown): Promise<void> {
  if (verb === 'kubectl' && !ctx.backend.actions().includes('kubectl')) {
    throw new KscenarioError('BACKEND', `the ${ctx.backend.name} backend has no API endpoint for kubectl steps`, undefined, 'run this scenario with a real-cluster backend, or express the step with apply/patch/delete');
  }
  await ctx.backend.act(verb, value);
}

async function applyManifests(ctx: m.MutationContext, step: LoadedStep, mode: 'apply' | 'create'): Promise<StepOutcome> {
  const warnings: string[] = [];
  for (const manifest of step.manifests ?? []) {
    try {
      warnings.push(...(await ctx.backend.apply(manifest.object, mode)).warnings);
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
