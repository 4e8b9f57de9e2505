/**
 * `kscenario compare`: line up two runs of the same scenarios (two backends, two seeds, two
 * Kubernetes versions). Pure: the two runs as plain data in, the comparison as plain data out.
 *
 * For every scenario of either run: its verdict on each; the first step whose status differs
 * (with the first mismatch of its failures on each side); and, where both runs have the
 * scenario's history, the first divergence of each object's story (see story.ts) and, per step,
 * the first pair of changes that happened in opposite orders.
 */
import type { HistoryEntry } from '../history/entry';
import type { Status } from '../runner/result';
import type { ReportScenario, ReportStep } from './input';
import { storiesOf, type Stories, type StoryEvent } from './story';

export interface RunData {
  /** what the output calls this run: `A`, `B`, or a --names name */
  label: string;
  /** the report file */
  source: string;
  /** the history directory, when there is one */
  historyDir?: string;
  scenarios: ReportScenario[];
  /** scenario name → its history; undefined when the run has no history directory */
  histories?: ReadonlyMap<string, readonly HistoryEntry[]>;
}

export interface CompareOptions {
  /** compare the histories of every scenario, also of those whose verdicts and steps agree */
  all?: boolean;
}

export type VerdictAgreement = 'agree' | 'differ' | 'only-a' | 'only-b';

export interface StepSide {
  status: Status | 'not run';
  /** the first mismatch of the first failure (`subject: mismatch`), or the first line of the error */
  detail?: string;
}

export interface StepDifference {
  /** the step's title: its name, or a summary such as `scale statefulset/web` */
  step: string;
  section: string;
  index: number;
  /** file:line:col of the step */
  location?: string;
  a: StepSide;
  b: StepSide;
}

export interface Divergence {
  /** `story`: one object's changes differ; `order`: two changes came in opposite orders */
  type: 'story' | 'order';
  /** the step it is in: its history marker (the step's name, or `section[index]`; `#2` for a second run of it) */
  step: string;
  /** story: the object (`Pod web-1`) */
  object?: string;
  /** story: the change both runs saw just before, in this step */
  after?: string;
  /** story: the object's changes in this step from the divergence on; order: [first, second] as `Object token` */
  a: string[];
  b: string[];
  message: string;
}

export interface HistoryComparison {
  compared: boolean;
  /** why not compared (a run without history, a missing file) */
  reason?: string;
  divergences: Divergence[];
}

export interface ScenarioComparison {
  name: string;
  title?: string;
  claims: string[];
  a: Status | null;
  b: Status | null;
  verdicts: VerdictAgreement;
  /** the first step whose status differs (also when both verdicts are the same) */
  firstStepDifference?: StepDifference;
  /** the scenario's own error (not a step's) on each side, first line */
  errors?: { a?: string; b?: string };
  /** the runs' step lists differ (the scenario was edited between them?) */
  stepsNote?: string;
  /** present when the histories were looked at: verdicts or steps differ, or `all` */
  history?: HistoryComparison;
}

export interface RunSummary {
  label: string;
  source: string;
  historyDir?: string;
  backends: string[];
  /** the seeds of its simulator scenarios */
  seeds: number[];
  scenarios: number;
}

export interface Comparison {
  a: RunSummary;
  b: RunSummary;
  summary: { scenarios: number; agree: number; differ: number; onlyA: number; onlyB: number; stepsDiffer: number; divergent: number };
  scenarios: ScenarioComparison[];
}

export function compareRuns(a: RunData, b: RunData, options: CompareOptions = {}): Comparison {
  // a scenario skipped for its version range gave no verdict: it counts as absent from that run
  const byName = (run: RunData) => new Map(run.scenarios.filter((s) => s.status !== 'skipped').map((s) => [s.name, s] as const));
  const inA = byName(a);
  const inB = byName(b);
  const names = [...inA.keys(), ...[...inB.keys()].filter((n) => !inA.has(n))];
  const scenarios = names.map((name) => compareScenario(name, inA.get(name), inB.get(name), a, b, options));
  const count = (f: (s: ScenarioComparison) => boolean) => scenarios.filter(f).length;
  return {
    a: runSummary(a),
    b: runSummary(b),
    summary: {
      scenarios: scenarios.length,
      agree: count((s) => s.verdicts === 'agree'),
      differ: count((s) => s.verdicts === 'differ'),
      onlyA: count((s) => s.verdicts === 'only-a'),
      onlyB: count((s) => s.verdicts === 'only-b'),
      stepsDiffer: count((s) => s.verdicts === 'agree' && s.firstStepDifference !== undefined),
      divergent: count((s) => (s.history?.divergences.length ?? 0) > 0),
    },
    scenarios,
  };
}

/** 0 when every scenario both runs have has the same verdict on both, 1 when one differs. */
export function compareExitCode(c: Comparison): 0 | 1 {
  return c.summary.differ > 0 ? 1 : 0;
}

function runSummary(run: RunData): RunSummary {
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  return {
    label: run.label,
    source: run.source,
    historyDir: run.historyDir,
    backends: unique(run.scenarios.map((s) => s.backend).filter((x) => x !== '')),
    seeds: unique(run.scenarios.flatMap((s) => (s.backend === 'simulator' && s.seed !== undefined ? [s.seed] : []))),
    scenarios: run.scenarios.length,
  };
}

function compareScenario(name: string, sa: ReportScenario | undefined, sb: ReportScenario | undefined, a: RunData, b: RunData, options: CompareOptions): ScenarioComparison {
  const any = (sa ?? sb)!;
  const claims = [...new Set([...(sa?.claims ?? []), ...(sb?.claims ?? [])])];
  const verdicts: VerdictAgreement = !sa ? 'only-b' : !sb ? 'only-a' : sa.status === sb.status ? 'agree' : 'differ';
  const out: ScenarioComparison = { name, title: any.title, claims, a: sa?.status ?? null, b: sb?.status ?? null, verdicts };
  if (!sa || !sb) return out;
  const steps = firstStepDifference(sa, sb);
  if (steps.difference) out.firstStepDifference = steps.difference;
  if (steps.note) out.stepsNote = steps.note;
  if (sa.error || sb.error) out.errors = { a: firstLine(sa.error), b: firstLine(sb.error) };
  if (verdicts === 'differ' || steps.difference || options.all) out.history = compareHistories(sa, sb, a, b);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Steps

function firstStepDifference(sa: ReportScenario, sb: ReportScenario): { difference?: StepDifference; note?: string } {
  const key = (s: ReportStep) => `${s.section}[${s.index}]`;
  const stepsA = new Map(sa.steps.map((s) => [key(s), s] as const));
  const stepsB = new Map(sb.steps.map((s) => [key(s), s] as const));
  const keys = [...stepsA.keys(), ...[...stepsB.keys()].filter((k) => !stepsA.has(k))];
  const edited = sa.steps.length !== sb.steps.length || sa.steps.some((s) => stepsB.has(key(s)) && stepsB.get(key(s))!.title !== s.title);
  const note = edited ? 'the two runs have different steps for this scenario (was it edited between them?); steps are lined up by position' : undefined;
  for (const k of keys) {
    const x = stepsA.get(k);
    const y = stepsB.get(k);
    const statusA = x?.status ?? 'not run';
    const statusB = y?.status ?? 'not run';
    if (statusA === statusB) continue;
    const step = (x ?? y)!;
    const loc = step.location;
    return {
      note,
      difference: {
        step: step.title,
        section: step.section,
        index: step.index,
        location: loc ? `${loc.file}:${loc.line}:${loc.column}` : undefined,
        a: stepSide(x),
        b: stepSide(y),
      },
    };
  }
  return { note };
}

function stepSide(step: ReportStep | undefined): StepSide {
  if (!step) return { status: 'not run' };
  const failure = step.failures?.[0];
  const detail = failure ? `${failure.subject}${failure.mismatches[0] ? `: ${failure.mismatches[0]}` : ''}` : firstLine(step.error);
  return detail ? { status: step.status, detail } : { status: step.status };
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n')[0];
}

// ---------------------------------------------------------------------------------------------
// Histories

/** Changes listed per side in a divergence before the rest is elided. */
const MAX_TOKENS = 6;

function compareHistories(sa: ReportScenario, sb: ReportScenario, a: RunData, b: RunData): HistoryComparison {
  const missing = (run: RunData) =>
    !run.histories ? `${run.label} has no history directory (give one with --histories, or a run directory)`
      : !run.histories.has(sa.name) ? `no ${sa.name}.history.jsonl in ${run.label}'s history directory${run.historyDir ? ` ${run.historyDir}` : ''}`
        : undefined;
  const reason = missing(a) ?? missing(b);
  if (reason) return { compared: false, reason, divergences: [] };
  const storyA = storiesOf(a.histories!.get(sa.name)!);
  const storyB = storiesOf(b.histories!.get(sb.name)!);
  return { compared: true, divergences: divergences(storyA, storyB, a.label, b.label, windowNamer(sa.steps, sb.steps)) };
}

/** How a step window is named in messages: the step's name, or its title and `section[index]`. */
function windowNamer(...stepLists: ReportStep[][]): (marker: string | undefined, key: string) => string {
  return (marker, key) => {
    if (marker === undefined) return 'before the first step';
    const repeat = key.slice(marker.length);
    const m = /^(setup|steps|cleanup)\[(\d+)\]$/.exec(marker);
    if (m) {
      const step = stepLists.flat().find((s) => s.section === m[1] && s.index === Number(m[2]));
      if (step) return `step '${step.title}' (${marker})${repeat}`;
    }
    return `step '${marker}'${repeat}`;
  };
}

interface Ranked extends StoryEvent {
  rank: number;
}

/** Every object's first divergence, and per step the first two changes seen in opposite orders. */
export function divergences(sa: Stories, sb: Stories, la: string, lb: string, name: (marker: string | undefined, key: string) => string): Divergence[] {
  const order = mergeOrder(sa.windows.map((w) => w.key), sb.windows.map((w) => w.key));
  const rankOf = new Map(order.map((k, i) => [k, i] as const));
  const windowAt = new Map([...sa.windows, ...sb.windows].map((w) => [w.key, w] as const));
  const display = (rank: number) => {
    const w = windowAt.get(order[rank]!)!;
    return name(w.marker, w.key);
  };
  const ranked = (s: Stories): Ranked[] => s.events.map((e) => ({ ...e, rank: rankOf.get(s.windows[e.window]!.key)! }));
  const eventsA = ranked(sa);
  const siblings = pairSiblings(sa, sb, eventsA, ranked(sb), lb);
  const eventsB = ranked(sb).map((e) => ({ ...e, object: siblings.key(e.object) }));
  const shown = siblings.shown;
  const generated = new Set([...Object.keys(sa.groups), ...Object.keys(sb.groups).map(siblings.key)]);
  const ranAt = (s: Stories) => new Set(s.windows.map((w) => rankOf.get(w.key)!));
  const ranA = ranAt(sa);
  const ranB = ranAt(sb);

  const found: { rank: number; seq: number; d: Divergence }[] = [];
  const objectsB = sb.objects.map(siblings.key);
  const objects = [...sa.objects, ...objectsB.filter((o) => !sa.objects.includes(o))];
  const group = (events: Ranked[]) => {
    const m = new Map<string, Ranked[]>();
    for (const e of events) (m.get(e.object) ?? m.set(e.object, []).get(e.object)!).push(e);
    return m;
  };
  const storiesA = group(eventsA);
  const storiesB = group(eventsB);
  objects.forEach((object, seq) => {
    const x = storiesA.get(object) ?? [];
    const y = storiesB.get(object) ?? [];
    let i = 0;
    while (i < x.length && i < y.length && x[i]!.rank === y[i]!.rank && x[i]!.token === y[i]!.token) i++;
    if (i === x.length && i === y.length) return;
    const rank = Math.min(x[i]?.rank ?? Infinity, y[i]?.rank ?? Infinity);
    const restA = x.slice(i).filter((e) => e.rank === rank).map((e) => e.token);
    const restB = y.slice(i).filter((e) => e.rank === rank).map((e) => e.token);
    const after = i > 0 && x[i - 1]!.rank === rank ? x[i - 1]!.token : undefined;
    const times = after ? x.slice(0, i).filter((e) => e.rank === rank && e.token === after).length : 0;
    const afterText = after ? `, after it ${phrase(after)}${times > 1 ? ` (the ${ordinal(times)} time)` : ''}` : '';
    const side = (label: string, rest: string[], story: Ranked[], ran: Set<number>) => {
      if (!ran.has(rank)) return `on ${label} the step did not run`;
      if (rest.length) return `on ${label} it ${listed(rest)}`;
      const next = story[i];
      if (next) return `on ${label} nothing more in this step (it ${phrase(next.token)} in ${display(next.rank)})`;
      return story.length ? `on ${label} nothing more happened to it` : `on ${label} it never existed`;
    };
    const message = `in ${display(rank)}: ${shown(object)}${afterText}: ${side(la, restA, x, ranA)}; ${side(lb, restB, y, ranB)}`;
    found.push({ rank, seq, d: { type: 'story', step: order[rank]!, object: shown(object), ...(after ? { after } : {}), a: restA, b: restB, message } });
  });

  for (const rank of order.keys()) {
    if (!ranA.has(rank) || !ranB.has(rank)) continue;
    const named = (e: Ranked) => !generated.has(e.object);
    const swap = firstSwap(eventsA.filter((e) => e.rank === rank && named(e)), eventsB.filter((e) => e.rank === rank && named(e)));
    if (!swap) continue;
    const [first, second] = swap;
    const said = (e: StoryEvent) => `${shown(e.object)} ${phrase(e.token)}`;
    const message = `in ${display(rank)}: on ${la} ${said(first)} before ${said(second)}; on ${lb} ${said(second)} before ${said(first)}`;
    const as = (e: StoryEvent) => `${shown(e.object)} ${e.token}`;
    found.push({ rank, seq: objects.length, d: { type: 'order', step: order[rank]!, a: [as(first), as(second)], b: [as(second), as(first)], message } });
  }
  return found.sort((p, q) => p.rank - q.rank || p.seq - q.seq).map((f) => f.d);
}

/**
 * The first two changes of one window that both runs saw but in opposite orders: walking B's
 * changes in order, the first one (y) that B saw before a change (x) A had seen earlier; of those
 * earlier changes the one A saw last (the closest to it). Returns [x, y].
 *
 * Only changes of objects with names of their own (web-0, a Node, a Deployment) are compared:
 * pods a ReplicaSet or Job made are interchangeable, and which of them a change comes to first is
 * up to timing (their stories are compared, after pairing; see pairSiblings). And only changes of
 * objects of one kind: each kind is watched on a stream of its own
 * (in the API server's order), and a real cluster delivers two streams in no fixed order relative
 * to each other. Not divergences: two changes of one object (that is the story comparison's), the same change on
 * two objects (two pods becoming Ready at about the same time come in either order on a real
 * cluster), and a race between two objects: when y's kind of change happened to x's object and
 * y's object in one order on A and in the other on B (web-1 was scheduled before web-0 on B, so
 * its running before web-0 ran says nothing more).
 */
function firstSwap(a: StoryEvent[], b: StoryEvent[]): [StoryEvent, StoryEvent] | undefined {
  const ids = (events: StoryEvent[]) => {
    const seen = new Map<string, number>();
    return events.map((e) => {
      const base = `${e.object}\u0000${e.token}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return `${base}\u0000${n}`;
    });
  };
  const idsA = ids(a);
  const idsB = ids(b);
  const posA = new Map(idsA.map((id, i) => [id, i] as const));
  const posB = new Map(idsB.map((id, i) => [id, i] as const));
  const firstOf = (object: string, token: string) => `${object}\u0000${token}\u00001`;
  /** whether objects p and q had `token` in one order on A and in the other on B */
  const raced = (p: string, q: string, token: string) => {
    const [ap, aq, bp, bq] = [posA.get(firstOf(p, token)), posA.get(firstOf(q, token)), posB.get(firstOf(p, token)), posB.get(firstOf(q, token))];
    if (ap === undefined || aq === undefined || bp === undefined || bq === undefined) return false;
    return ap < aq !== bp < bq;
  };
  const listB = b.map((e, j) => ({ e, id: idsB[j]! })).filter((x) => posA.has(x.id));
  for (let j = 0; j < listB.length; j++) {
    const y = listB[j]!;
    const py = posA.get(y.id)!;
    let best: { e: StoryEvent; p: number } | undefined;
    for (let k = j + 1; k < listB.length; k++) {
      const x = listB[k]!;
      const px = posA.get(x.id)!;
      if (px > py || x.e.object === y.e.object || x.e.token === y.e.token || kindOf(x.e.object) !== kindOf(y.e.object)) continue;
      if (raced(x.e.object, y.e.object, y.e.token)) continue;
      if (!best || px > best.p) best = { e: x.e, p: px };
    }
    if (best) return [best.e, y.e];
  }
  return undefined;
}

function kindOf(object: string): string {
  return object.slice(0, object.indexOf(' '));
}

/**
 * Pairs B's objects with generated names with A's of the same group (kind, name with `*`, owner):
 * first those whose whole stories are the same (the same number preferred), then the rest in the
 * order they were first seen; B's objects left over are numbered on from A's. Which pod of a
 * ReplicaSet a drain or a scale-down picked is no divergence; one more pod, or one that never
 * became Ready, is.
 * Returns B's key → the key used in the comparison, and how a key is shown (`Pod web-*#3 (#5 on B)`
 * where the paired objects' numbers differ).
 */
function pairSiblings(sa: Stories, sb: Stories, eventsA: Ranked[], eventsB: Ranked[], lb: string): { key: (b: string) => string; shown: (k: string) => string } {
  const signature = (events: Ranked[]) => {
    const m = new Map<string, string[]>();
    for (const e of events) (m.get(e.object) ?? m.set(e.object, []).get(e.object)!).push(`${e.rank}:${e.token}`);
    return (o: string) => (m.get(o) ?? []).join('\n');
  };
  const sigA = signature(eventsA);
  const sigB = signature(eventsB);
  const members = (s: Stories) => {
    const m = new Map<string, string[]>();
    for (const o of s.objects) {
      const g = s.groups[o];
      if (g !== undefined) (m.get(g) ?? m.set(g, []).get(g)!).push(o);
    }
    return m;
  };
  const groupsA = members(sa);
  const groupsB = members(sb);
  const toA = new Map<string, string>();
  const numberOf = (k: string) => /#(\d+)$/.exec(k)?.[1];
  const used = new Set(sa.objects);
  for (const [g, bs] of groupsB) {
    const as = groupsA.get(g) ?? [];
    const free = new Set(bs);
    const pair = (a: string, b: string) => {
      toA.set(b, a);
      free.delete(b);
    };
    const unpaired = () => as.filter((a) => ![...toA.values()].includes(a));
    for (const a of as) if (free.has(a) && sigA(a) === sigB(a)) pair(a, a);
    for (const a of unpaired()) {
      const b = [...free].find((x) => sigB(x) === sigA(a));
      if (b) pair(a, b);
    }
    for (const a of unpaired()) {
      const b = [...free][0];
      if (b) pair(a, b);
    }
    for (const b of free) {
      const base = b.replace(/#\d+$/, '');
      let n = 1;
      while (used.has(`${base}#${n}`)) n++;
      used.add(`${base}#${n}`);
      toA.set(b, `${base}#${n}`);
    }
  }
  const fromB = new Map([...toA].filter(([b, a]) => numberOf(b) !== numberOf(a) && sa.objects.includes(a)).map(([b, a]) => [a, b] as const));
  return {
    key: (b) => toA.get(b) ?? b,
    shown: (k) => {
      const b = fromB.get(k);
      return b ? `${k} (#${numberOf(b)} on ${lb})` : k;
    },
  };
}

/** Both runs' window keys in one order: each run's order kept, windows of one run only put after their predecessor. */
function mergeOrder(a: string[], b: string[]): string[] {
  const out: string[] = [];
  const inA = new Set(a);
  const inB = new Set(b);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (j < b.length && !inA.has(b[j]!)) out.push(b[j++]!);
    else if (i < a.length && !inB.has(a[i]!)) out.push(a[i++]!);
    else if (i < a.length) {
      // the same windows in different orders: keep A's order, B's copy is skipped when met
      if (!out.includes(a[i]!)) out.push(a[i]!);
      i++;
    } else {
      if (!out.includes(b[j]!)) out.push(b[j]!);
      j++;
    }
  }
  return [...new Set(out)];
}

function listed(tokens: string[]): string {
  const shown = tokens.slice(0, MAX_TOKENS).map(phrase);
  return shown.join(', then ') + (tokens.length > MAX_TOKENS ? `, … (${tokens.length - MAX_TOKENS} more)` : '');
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A story token as words after the object: `Pod web-1` + `became Ready`. */
export function phrase(token: string): string {
  const fixed: Record<string, string> = {
    Created: 'was created',
    Deleted: 'was deleted',
    Terminating: 'started terminating',
    Unschedulable: 'could not be scheduled',
    Succeeded: 'succeeded',
    Failed: 'failed',
    Restarted: 'restarted a container',
    Cordoned: 'was cordoned',
    Uncordoned: 'was uncordoned',
    'all ready': 'had all replicas ready',
    'not all ready': 'no longer had all replicas ready',
  };
  if (fixed[token]) return fixed[token]!;
  let m: RegExpExecArray | null;
  if ((m = /^Scheduled to (.+)$/.exec(token))) return `was scheduled to a${/^[aeiou]/.test(m[1]!) ? 'n' : ''} ${m[1]} node`;
  if ((m = /^replicas (\d+)$/.exec(token))) return `wanted ${m[1]} replica${m[1] === '1' ? '' : 's'}`;
  if ((m = /^disruptionsAllowed (\d+)$/.exec(token))) return `allowed ${m[1]} disruption${m[1] === '1' ? '' : 's'}`;
  if ((m = /^tainted (.+)$/.exec(token))) return `was tainted ${m[1]}`;
  if ((m = /^untainted (.+)$/.exec(token))) return `lost its taint ${m[1]}`;
  if (/^\w+=\w+$/.test(token)) return `got ${token}`;
  return `became ${token}`;
}
