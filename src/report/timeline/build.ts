/**
 * A scenario's timeline (model.ts) from its recorded history and, when there is one, its result:
 * node lanes, pod bars, step/fault/check markers with the console's diffs, events and the object
 * history. Pure: the same history and result give the same timeline.
 */
import { renderDiff } from '../../check/diff';
import { formatLocation } from '../../errors';
import { isObjectChange, type HistoryEntry } from '../../history/entry';
import type { CheckFailure, ScenarioResult, StepResult } from '../../runner/result';
import type { ScenarioTimeline, StepMark, CheckFailureView, Omitted } from './model';
import { nodeLanes } from './nodes';
import { events, objectHistories } from './objects';
import { podBars } from './pods';

/** Steps that break or mend nodes and pods: drawn as markers across every lane. */
export const FAULT_VERBS: ReadonlySet<string> = new Set([
  'killNode', 'restartNode', 'disconnectNode', 'reconnectNode', 'cordon', 'uncordon', 'drain', 'taint', 'untaint',
  'addNode', 'removeNode', 'failProbe', 'healProbe', 'crashContainer', 'evict',
]);
const CHECK_VERBS: ReadonlySet<string> = new Set(['expect', 'expectHistory']);

/**
 * Limits that keep the page of a big scenario (thousands of pods, hours of changes) small enough
 * to open: what is beyond them is counted on the page instead of drawn.
 */
export interface TimelineLimits {
  podBars: number;
  events: number;
  objects: number;
}
export const LIMITS: Readonly<TimelineLimits> = { podBars: 3000, events: 2000, objects: 3000 };

/** Which scenario a history file belongs to, when there is no result to say more. */
export interface ScenarioIdentity {
  name: string;
  /** the history file */
  file: string;
}

export function buildTimeline(history: readonly HistoryEntry[], result: ScenarioResult | ScenarioIdentity, limits: Readonly<TimelineLimits> = LIMITS): ScenarioTimeline {
  const changes = history.filter(isObjectChange);
  const full = isResult(result) ? result : undefined;
  const endMs = Math.max(full?.virtualMs ?? 0, history.at(-1)?.t ?? 0);
  const omitted: Omitted = { pods: 0, events: 0, objects: 0 };
  const cap = <T>(items: T[], limit: number, what: keyof Omitted): T[] => {
    omitted[what] = Math.max(0, items.length - limit);
    return items.slice(0, limit);
  };
  const timeline: ScenarioTimeline = {
    name: result.name, file: result.file, backend: full?.backend ?? 'unknown', seed: full?.seed ?? 0,
    status: full?.status ?? 'passed', clock: !full ? 'backend' : full.backend === 'simulator' ? 'virtual' : 'wall',
    endMs, wallMs: full?.wallMs ?? 0, hasResult: full !== undefined,
    nodes: nodeLanes(changes, endMs),
    pods: cap(podBars(changes, endMs), limits.podBars, 'pods'),
    steps: full ? full.steps.filter((s) => s.status !== 'skipped').map(stepMark) : stepsFromMarkers(history),
    events: cap(events(changes), limits.events, 'events'),
    objects: cap(objectHistories(changes), limits.objects, 'objects'),
    omitted,
  };
  if (full?.title) timeline.title = full.title;
  if (full?.error) timeline.error = full.error;
  return timeline;
}

function isResult(r: ScenarioResult | ScenarioIdentity): r is ScenarioResult {
  return 'steps' in r;
}

function stepMark(s: StepResult): StepMark {
  const mark: StepMark = {
    title: s.title, verb: s.verb, section: s.section, status: s.status, startMs: s.startMs, endMs: s.endMs,
    fault: FAULT_VERBS.has(s.verb), check: CHECK_VERBS.has(s.verb), location: formatLocation(s.location),
    failures: (s.failures ?? []).map(failureView),
  };
  if (s.claim) mark.claim = s.claim;
  if (s.waitedMs !== undefined) mark.waitedMs = s.waitedMs;
  if (s.error) mark.error = s.error;
  return mark;
}

/** A failed expectation as the console shows it: subject, mismatches, the uncoloured diff. */
function failureView(f: CheckFailure): CheckFailureView {
  const view: CheckFailureView = { subject: f.subject, mismatches: f.mismatches, diff: f.expected === undefined ? '' : renderDiff(f.expected, f.observed, { color: false }) };
  if (f.location) view.location = formatLocation(f.location);
  return view;
}

/**
 * Without a result (a history file alone) the steps are known by their markers only: title and
 * times; no verb, so none is drawn as a fault or a check, and no verdicts.
 */
function stepsFromMarkers(history: readonly HistoryEntry[]): StepMark[] {
  const open = new Map<string, number>();
  const steps: StepMark[] = [];
  for (const e of history) {
    if (isObjectChange(e)) continue;
    if (e.type === 'STEP_START') open.set(e.step, e.t);
    else {
      const startMs = open.get(e.step) ?? e.t;
      open.delete(e.step);
      steps.push({ title: e.step, verb: '', section: 'steps', status: 'passed', startMs, endMs: e.t, fault: false, check: false, location: '', failures: [] });
    }
  }
  return steps.sort((a, b) => a.startMs - b.startMs);
}

