/**
 * `expect.events`: the events about one object (`involved: kind/name`) or about every object of a
 * kind that a label selector chooses (`kind` with `selector`: a Deployment's pods, whose names are
 * random). Events are matched by the involved object's kind and name, whatever its uid, so events
 * of an earlier object of the same name count; with a selector, the objects are those that exist
 * when the check runs.
 */
import type { Backend } from '../backend/contract';
import { matches, matchValue } from '../check/match';
import { describeSelection } from '../check/selection';
import type { SourceLocation } from '../errors';
import type { KObject } from '../kube/object';
import { kindOf, parseTarget } from '../kubectl/targets';
import { selectRefs } from '../kubectl/verbs';
import type { EventExpectation } from '../../generated/scenario';
import type { CheckFailure } from './result';

/** The objects whose events count: a kind, their names, and how to name them in a report. */
interface Subjects {
  kind: string;
  names: Set<string>;
  label: string;
  /** why nothing can match, when no object is chosen */
  none?: string;
}

export async function checkEvents(backend: Backend, e: EventExpectation, location: SourceLocation): Promise<CheckFailure[]> {
  const namespace = e.namespace ?? 'default';
  const subjects = await subjectsOf(backend, e, namespace);
  const events = (await backend.list('Event', namespace)).filter((ev) => {
    const io = ev.involvedObject as { kind?: string; name?: string } | undefined;
    return io?.kind === subjects.kind && io.name !== undefined && subjects.names.has(io.name);
  });
  const want: Record<string, unknown> = {};
  if (e.type !== undefined) want.type = e.type;
  if (e.reason !== undefined) want.reason = e.reason;
  if (e.message !== undefined) want.message = e.message;
  const matching = events.filter((ev) => matches(want, ev));
  const occurrences = matching.reduce((n, ev) => n + occurrencesOf(ev), 0);
  const problems: string[] = [];
  if (e.count !== undefined) {
    problems.push(...matchValue(e.count, occurrences, ['count']).map((m) => `${m.message} (occurrences of matching events)`));
    if (problems.length && subjects.none) problems.push(subjects.none);
  } else if (!matching.length) problems.push(subjects.none ?? (events.length ? `no event of ${subjects.label} matches` : `${subjects.label} has no events`));
  if (!problems.length) return [];
  const seen = events.map((ev) => ({ ...(e.involved ? {} : { object: (ev.involvedObject as { name?: string }).name }), type: ev.type, reason: ev.reason, message: ev.message, count: occurrencesOf(ev) }));
  return [{ subject: `events of ${subjects.label}`, mismatches: problems, expected: [want], observed: seen, location }];
}

async function subjectsOf(backend: Backend, e: EventExpectation, namespace: string): Promise<Subjects> {
  if (e.involved !== undefined) {
    const ref = parseTarget(e.involved, namespace);
    return { kind: ref.kind, names: new Set([ref.name]), label: e.involved };
  }
  const kind = kindOf(String(e.kind));
  const chosen = await selectRefs(backend, { kind, selector: e.selector, namespace });
  const label = describeSelection({ kind, selector: e.selector });
  const none = chosen.length ? undefined : `no ${kind} in namespace ${namespace} matches the selector`;
  return { kind, names: new Set(chosen.map((o) => o.name)), label, none };
}

/** How often an event happened as the API shows it: core/v1 `count`, or an events.k8s.io `series`. */
function occurrencesOf(ev: KObject): number {
  const series = ev.series as { count?: number } | undefined;
  return series?.count ?? (ev.count as number | undefined) ?? 1;
}
