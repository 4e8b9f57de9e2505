/**
 * The two check verbs. `expect` polls the backend until every expectation holds (`within`), then
 * optionally requires it to keep holding (`for`); `expectHistory` judges the recorded history.
 * Matching itself lives in src/check; this module only fetches what to match against.
 */
import type { Backend, ObjectRef } from '../backend/contract';
import { describeMismatches } from '../check/diff';
import { checkHistory, type HistoryFailure } from '../check/history';
import { matchValue } from '../check/match';
import { checkResources, resourcesMayHold } from '../check/resources';
import type { ResourceExpectation } from '../check/types';
import { describeSelection, selectorText } from '../check/selection';
import type { SourceLocation } from '../errors';
import { KscenarioError } from '../errors';
import type { HistoryEntry } from '../history/entry';
import type { KObject } from '../kube/object';
import type { LoadedStep, YamlPath } from '../scenario/loaded';
import type { DnsExpectation, Expect, ExpectHistory, FileExpectation } from '../../generated/scenario';
import { DEFAULT_EXPECT_WITHIN } from '../scenario/defaults';
import { parseDuration } from '../scenario/duration';
import { durationMs, type MutationContext } from '../kubectl/verbs';
import type { CheckFailure } from './result';
import type { StepOutcome } from './steps';
import { selectPods } from '../kubectl/pod-selection';
import type { HistoryRecorder } from './history-recorder';
import { capability } from './pod-actions';
import { WAITING_EVERY_MS, type ScenarioObserver } from './events';
import { kindOf } from '../kubectl/targets';
import { checkEvents } from './event-checks';


export interface StepContext extends MutationContext {
  /** the run's history so far (expectHistory judges it) */
  history: HistoryRecorder;
  /** told what a waiting check still misses (real clusters take real minutes) */
  observe?: ScenarioObserver;
  /** wall time between two `waiting` events of one check (default WAITING_EVERY_MS) */
  waitingEveryMs?: number;
  locate(path: YamlPath): SourceLocation;
  /** marker of the first step of `steps`: where a history window starts by default */
  storyStart?: string;
}

export async function runExpect(ctx: StepContext, spec: Expect, step: LoadedStep): Promise<StepOutcome> {
  const { backend } = ctx;
  const start = backend.now();
  // the last evaluation: the one that held when the step passes, else the one that failed
  let last: Evaluation | undefined;
  const report = waitingReporter(ctx, step, start);
  const holds = async () => {
    last = await evaluate(ctx, spec, step);
    if (!last.ok) report(last);
    return last.ok;
  };
  const reads = kindsRead(spec);
  if (!(await backend.waitFor(holds, parseDuration(spec.within ?? DEFAULT_EXPECT_WITHIN), reads))) {
    return { status: 'failed', failures: failuresOf(last), waitedMs: backend.now() - start };
  }
  const waitedMs = backend.now() - start;
  const { captures } = last!;
  const forMs = durationMs(spec.for, 0);
  if (forMs > 0 && (await backend.waitFor(async () => !(await holds()), forMs, reads))) {
    const heldFor = backend.now() - start - waitedMs;
    const note = `held after ${waitedMs}ms, but stopped holding ${heldFor}ms later (it had to hold for ${forMs}ms)`;
    return { status: 'failed', failures: failuresOf(last).map((f) => ({ ...f, mismatches: [note, ...f.mismatches] })), waitedMs };
  }
  return Object.keys(captures).length ? { status: 'passed', waitedMs, captures } : { status: 'passed', waitedMs };
}

/**
 * A check that has not held after `waitingEveryMs` of wall time tells the observer, and again at
 * that interval: how long it has waited on the backend's clock and in wall time, and the first
 * mismatch of each unmatched expectation. Reporters decide how often to show it.
 */
function waitingReporter(ctx: StepContext, step: LoadedStep, start: number): (evaluation: Evaluation) => void {
  const wallStart = performance.now();
  let last = wallStart;
  return (evaluation) => {
    if (!ctx.observe || performance.now() - last < (ctx.waitingEveryMs ?? WAITING_EVERY_MS)) return;
    last = performance.now();
    const waiting = {
      step: step.step.name ?? `${step.section}[${step.index}]`,
      unmatched: failuresOf(evaluation).map((f) => `${f.subject}: ${f.mismatches[0] ?? 'not yet'}`),
      virtualMs: ctx.backend.now() - start,
      wallMs: last - wallStart,
    };
    ctx.observe({ type: 'waiting', waiting });
  };
}

/**
 * The kinds an expectation reads, so a backend can skip re-checking it after changes of other
 * kinds; undefined when it reads more than objects of known kinds (file contents, DNS answers).
 */
function kindsRead(spec: Expect): string[] | undefined {
  if (spec.files?.length || spec.dns?.length) return undefined;
  const kinds = (spec.resources ?? []).map((r) => kindOf(r.kind));
  if (spec.events?.length) kinds.push('Event');
  for (const e of spec.events ?? []) if (e.kind !== undefined) kinds.push(kindOf(e.kind));
  return [...new Set(kinds)];
}

/**
 * One look at everything an `expect` names. Most looks happen while the cluster is still on its
 * way, and then only "not yet" matters: resource expectations are first judged quickly
 * (resourcesMayHold), and the failures with their messages and diff documents are built only
 * when they are shown (failuresOf), from the objects this look listed.
 */
interface Evaluation {
  ok: boolean;
  /** the bindings found (complete when ok) */
  captures: Record<string, unknown>;
  /** each resource expectation that may not hold, with the objects it was judged on */
  unmet: Array<{ index: number; expectation: ResourceExpectation; objects: readonly KObject[] }>;
  /** failures of files, dns and events, built as they were found */
  others: CheckFailure[];
  at: (...p: Array<string | number>) => SourceLocation;
}

async function evaluate(ctx: StepContext, spec: Expect, step: LoadedStep): Promise<Evaluation> {
  const at = (...p: Array<string | number>) => ctx.locate([...step.path, 'expect', ...p]);
  const captures: Record<string, unknown> = {};
  const unmet: Evaluation['unmet'] = [];
  for (const [index, expectation] of (spec.resources ?? []).entries()) {
    const objects = await ctx.backend.list(kindOf(expectation.kind), expectation.namespace ?? 'default');
    if (!resourcesMayHold(expectation, objects)) {
      unmet.push({ index, expectation, objects });
      continue;
    }
    const o = checkResources(expectation, objects);
    if (o.ok) Object.assign(captures, o.captured);
    else unmet.push({ index, expectation, objects });
  }
  const others: CheckFailure[] = [];
  for (const [i, f] of (spec.files ?? []).entries()) others.push(...(await checkFile(ctx.backend, f, at('files', i))));
  for (const [i, d] of (spec.dns ?? []).entries()) others.push(...(await checkDns(ctx.backend, d, at('dns', i))));
  for (const [i, e] of (spec.events ?? []).entries()) others.push(...(await checkEvents(ctx.backend, e, at('events', i))));
  return { ok: unmet.length === 0 && others.length === 0, captures, unmet, others, at };
}

/** The failures of an evaluation, resource expectations first, in the order they are written. */
function failuresOf(evaluation: Evaluation | undefined): CheckFailure[] {
  if (!evaluation) return [];
  const resources = evaluation.unmet.map(({ index, expectation, objects }): CheckFailure => {
    const o = checkResources(expectation, objects);
    return { subject: describeSelection(expectation), mismatches: describeMismatches(o.mismatches), expected: o.expected, observed: o.observed, location: evaluation.at('resources', index) };
  });
  return [...resources, ...evaluation.others];
}

/**
 * A file check names one pod, or selects pods by labels: then every selected pod (not being
 * deleted) must pass, and selecting none is a failure rather than a vacuous pass.
 */
async function checkFile(backend: Backend, f: FileExpectation, location: SourceLocation): Promise<CheckFailure[]> {
  if (f.selector === undefined) return checkFileInPod(backend, f, f.pod!, location);
  const namespace = f.namespace ?? 'default';
  const pods = await selectPods(backend, f.selector, namespace);
  if (!pods.length) {
    const subject = `file ${f.path} in pods selected by ${selectorText(f.selector)}`;
    return [{ subject, mismatches: [`no pod in namespace ${namespace} matches the selector`], location }];
  }
  const out: CheckFailure[] = [];
  for (const pod of pods) out.push(...(await checkFileInPod(backend, f, pod.metadata.name, location)));
  return out;
}

async function checkFileInPod(backend: Backend, f: FileExpectation, podName: string, location: SourceLocation): Promise<CheckFailure[]> {
  const pod: ObjectRef = { kind: 'Pod', name: podName, namespace: f.namespace ?? 'default' };
  const subject = `file ${f.path} in pod ${podName}${f.container ? ` (container ${f.container})` : ''}`;
  const unreadable = whyUnreadable(await backend.get(pod), f.container);
  if (unreadable) return [{ subject, mismatches: [unreadable], location }];
  const content = await capability(backend, 'podIO').readFile({ namespace: pod.namespace, pod: podName, container: f.container }, f.path);
  const problems: string[] = [];
  if (f.absent) {
    if (content !== undefined) problems.push(`expected no such file, but it exists with content ${JSON.stringify(content)}`);
  } else if (content === undefined) {
    problems.push('the file does not exist');
  } else {
    if (f.content !== undefined) problems.push(...matchValue(f.content, content).map((m) => m.message));
    if (f.contains !== undefined && !content.includes(f.contains)) problems.push(`expected it to contain ${JSON.stringify(f.contains)}`);
  }
  if (!problems.length) return [];
  const expected = f.absent ? { exists: false } : { content: f.content ?? `…${f.contains}…` };
  const observed = content === undefined ? { exists: false } : { content };
  return [{ subject, mismatches: problems, expected, observed, location }];
}

/**
 * A file can only be looked at in a running container (`kubectl exec` refuses a pod that does not
 * exist or a container that is not running), so "absent" must not pass just because nobody could
 * look: a pod that is gone, still starting or stopped fails the check with the reason.
 */
function whyUnreadable(pod: KObject | undefined, container: string | undefined): string | undefined {
  if (!pod) return 'the pod does not exist';
  const spec = pod.spec as { containers?: Array<{ name: string }> } | undefined;
  const name = container ?? spec?.containers?.[0]?.name;
  const statuses = (pod.status as { containerStatuses?: Array<{ name: string; state?: { running?: unknown } }> } | undefined)?.containerStatuses;
  const running = statuses?.some((c) => c.name === name && c.state?.running !== undefined);
  return running ? undefined : `container ${name ?? '(none)'} is not running, so the file cannot be read`;
}

async function checkDns(backend: Backend, d: DnsExpectation, location: SourceLocation): Promise<CheckFailure[]> {
  const type = d.type ?? 'A';
  const ns = d.namespace ?? 'default';
  const answer = await capability(backend, 'podIO').resolveDns(d.name, type, ns);
  const subject = `dns ${type} ${d.name}`;
  if (d.nxdomain) {
    return answer.found ? [{ subject, mismatches: [`expected NXDOMAIN, got ${describeAnswer(answer)}`], location }] : [];
  }
  if (!answer.found) return [{ subject, mismatches: ['NXDOMAIN: the name does not resolve'], location }];
  const observed = type === 'SRV' ? await srvAddresses(backend, answer.srv.map((s) => s.target), ns) : answer.addresses;
  const problems: string[] = [];
  const want = d.resolvesTo;
  let expected: string[] | undefined;
  if (want?.pods || want?.service || want?.ips) expected = await expectedAddresses(backend, d, problems);
  if (expected && !sameSet(expected, observed)) {
    problems.push(`expected ${expected.join(', ') || 'no addresses'}, got ${observed.join(', ') || 'no addresses'}`);
  }
  if (want?.count !== undefined) problems.push(...matchValue(want.count, observed.length, ['count']).map((m) => m.message));
  if (!problems.length) return [];
  return [{ subject, mismatches: problems, expected: { addresses: expected?.slice().sort() ?? [] }, observed: { addresses: observed.slice().sort() }, location }];
}

/**
 * Pod IPs (for `pods`), the Service's cluster IP (for `service`), or the IPs written. Pods and the
 * Service are looked up in the namespace the name is resolved from, unless written as
 * `<namespace>/<name>`: a pod in `quux` resolving `foo.bar` expects the Service bar/foo
 * (kubernetes.io "DNS for Services and Pods").
 */
async function expectedAddresses(backend: Backend, d: DnsExpectation, problems: string[]): Promise<string[]> {
  const ns = d.namespace ?? 'default';
  const want = d.resolvesTo!;
  const out = [...(want.ips ?? [])];
  for (const written of want.pods ?? []) {
    const ref = namespacedRef('Pod', written, ns);
    const pod = await backend.get(ref);
    const ip = (pod?.status as { podIP?: string } | undefined)?.podIP;
    if (!ip) problems.push(`pod ${written} ${pod ? 'has no IP' : missingIn(ref.namespace, written)}`);
    else out.push(ip);
  }
  if (want.service) {
    const ref = serviceRef(want.service, ns);
    const svc = await backend.get(ref);
    const ip = (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP;
    if (!ip || ip === 'None') problems.push(`service ${want.service} ${svc ? 'has no cluster IP' : missingIn(ref.namespace, want.service)}`);
    else out.push(ip);
  }
  return out;
}

/** `name` in `namespace`, or `<namespace>/<name>` as written (names hold no slash). */
export function namespacedRef(kind: string, written: string, namespace: string): ObjectRef {
  const slash = written.indexOf('/');
  return slash < 0 ? { kind, name: written, namespace } : { kind, name: written.slice(slash + 1), namespace: written.slice(0, slash) };
}

/**
 * A Service written as its name, `<namespace>/<name>`, or the DNS name a pod uses to reach a
 * Service of another namespace: `<name>.<namespace>`, `<name>.<namespace>.svc` or
 * `<name>.<namespace>.svc.cluster.local` (kubernetes.io "DNS for Services and Pods"; the schema
 * admits only these forms, and the cluster domain is kind's cluster.local).
 */
export function serviceRef(written: string, namespace: string): ObjectRef {
  if (!written.includes('.')) return namespacedRef('Service', written, namespace);
  const [name, ns] = written.replace(/\.svc(\.cluster\.local)?$/, '').split('.');
  return { kind: 'Service', name: name!, namespace: ns! };
}

function missingIn(namespace: string | undefined, written: string): string {
  const hint = /[/.]/.test(written) ? '' : ' (write <namespace>/<name> for an object in another namespace)';
  return `does not exist in namespace ${namespace}${hint}`;
}

/** SRV targets are host names: what they resolve to is what clients reach. */
async function srvAddresses(backend: Backend, targets: string[], namespace: string): Promise<string[]> {
  const out: string[] = [];
  for (const t of targets) out.push(...(await capability(backend, 'podIO').resolveDns(t, 'A', namespace)).addresses);
  return out;
}

function describeAnswer(a: { addresses: string[]; srv: Array<{ target: string }> }): string {
  return [...a.addresses, ...a.srv.map((s) => s.target)].join(', ') || 'an empty answer';
}

function sameSet(a: string[], b: string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export async function runExpectHistory(ctx: StepContext, spec: ExpectHistory, step: LoadedStep): Promise<StepOutcome> {
  if (ctx.history.broken) {
    throw new KscenarioError('BACKEND', `the recorded history is incomplete, so it cannot be judged: ${ctx.history.broken.message}`);
  }
  const entries = ctx.history.entries;
  // By default the window is the story: setup builds the world, the claims are about what follows.
  const from = spec.window?.from ?? ctx.storyStart ?? 'start';
  const window = { from: windowStart(entries, from), to: windowEnd(entries, spec.window?.to) };
  const outcome = checkHistory(spec as Parameters<typeof checkHistory>[0], entries, window);
  if (outcome.ok) return { status: 'passed' };
  return { status: 'failed', failures: outcome.failures.map((f) => historyFailure(ctx, step, f)) };
}

function historyFailure(ctx: StepContext, step: LoadedStep, f: HistoryFailure): CheckFailure {
  return {
    subject: `${f.section}[${f.index}]`,
    mismatches: [f.message, ...f.objects.map((o) => `  ${o}`), ...f.details],
    location: ctx.locate([...step.path, 'expectHistory', f.section, f.index]),
  };
}

function windowStart(entries: readonly HistoryEntry[], from: string): number {
  if (from === 'start') return 0;
  const i = entries.findIndex((e) => e.type === 'STEP_START' && e.step === from);
  if (i < 0) throw new KscenarioError('BAD_REFERENCE', `history window starts at step '${from}', which has not run yet`);
  return i;
}

function windowEnd(entries: readonly HistoryEntry[], to: string | undefined): number {
  if (to === undefined || to === 'end') return entries.length;
  const i = entries.findIndex((e) => e.type === 'STEP_END' && e.step === to);
  if (i < 0) throw new KscenarioError('BAD_REFERENCE', `history window ends at step '${to}', which has not finished yet`);
  return i + 1;
}

export type { KObject };
