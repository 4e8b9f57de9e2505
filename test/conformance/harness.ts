/**
 * The conformance suite's plumbing: the cluster every backend is opened on, sections that each
 * open a backend of their own (so a fault injected in one cannot disturb another), known gaps, and
 * helpers that wait on the backend's own clock — never on a fixed sleep — so the same test holds
 * on virtual time (the simulator) and on wall time (a real or served cluster).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Backend, ClusterRequest } from '../../src/backend/contract';
import { ApiError } from '../../src/errors';
import type { KObject } from '../../src/kube/object';
import { clusterRequest } from '../../src/runner/cluster-request';
import { resolveCluster } from '../../src/scenario/defaults';

/** What `open` hands back: a started backend, and how to stop it (and anything around it). */
export interface OpenedBackend {
  backend: Backend;
  close(): Promise<void>;
}

/**
 * Starts a backend on `cluster` (pass it to `backend.start`). A backend that cannot choose its
 * cluster (a fixed served cluster) may ignore it, as long as the namespaces below exist.
 */
export type OpenBackend = (cluster: ClusterRequest) => Promise<OpenedBackend>;

/** The namespaces the suite writes to (besides none else): the scenario's own, mapped by the backend as it likes. */
export const NS = 'conformance-a';
export const OTHER_NS = 'conformance-b';

/** The default kind-like cluster of scenarios (control-plane + 2 workers, Kubernetes 1.35) with the suite's namespaces. */
export const CONFORMANCE_CLUSTER: ClusterRequest = clusterRequest(resolveCluster({ namespaces: [NS, OTHER_NS] }));

/**
 * A behaviour the backend is known to get wrong: the test still runs, as `test.failing`, so it is
 * listed in every run and turns red the day the backend is fixed (then drop the gap).
 */
export type KnownGap =
  /** a failed JSON patch op is answered with the jsonpatch library's text instead of the generic 422 message */
  | 'json-patch-failure-message'
  /** a status write resets labels on every kind, where upstream only some strategies (apps) do */
  | 'status-write-resets-labels'
  /** an update whose metadata.uid names another incarnation of the object is applied instead of 409 */
  | 'update-uid-precondition';

export interface ConformanceOptions {
  /** jest timeout of each test; default 120 s (nothing on the simulator, room for a real cluster) */
  testTimeoutMs?: number;
  knownGaps?: readonly KnownGap[];
  /** the cluster passed to `open`; default CONFORMANCE_CLUSTER */
  cluster?: ClusterRequest;
}

export interface Section {
  /** this section's backend, started in beforeAll */
  readonly backend: Backend;
  readonly cluster: ClusterRequest;
  /**
   * A test. With `gap`: expected to fail while the backend has that gap. `timeoutMs` overrides
   * the suite's per-test timeout (for the slow waits of a real cluster).
   */
  test(name: string, fn: () => Promise<void>, opts?: { gap?: KnownGap; timeoutMs?: number }): void;
}

export interface SuiteEnv {
  open: OpenBackend;
  options: ConformanceOptions;
}

/** A describe block with a backend of its own, opened once for its tests and closed after them. */
export function section(title: string, env: SuiteEnv, body: (s: Section) => void): void {
  const cluster = env.options.cluster ?? CONFORMANCE_CLUSTER;
  const timeout = env.options.testTimeoutMs ?? 120_000;
  const gaps = new Set(env.options.knownGaps ?? []);
  describe(title, () => {
    let opened: OpenedBackend | undefined;
    beforeAll(async () => {
      opened = await env.open(cluster);
    }, timeout);
    afterAll(async () => {
      await opened?.close();
    }, timeout);
    body({
      get backend(): Backend {
        if (!opened) throw new Error('conformance: the backend is not open (did open() fail?)');
        return opened.backend;
      },
      cluster,
      test(name, fn, opts = {}) {
        const ms = Math.max(opts.timeoutMs ?? 0, timeout);
        if (opts.gap && gaps.has(opts.gap)) test.failing(`${name} [known gap: ${opts.gap}]`, fn, ms);
        else test(name, fn, ms);
      },
    });
  });
}

// ---- waiting ----------------------------------------------------------------------------------

/** Lets the backend's time pass until `check` holds; fails the test with `what` when it does not within `timeoutMs`. */
export async function eventually(backend: Backend, what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const held = await backend.waitFor(check, timeoutMs);
  if (!held) throw new Error(`conformance: not within ${timeoutMs} ms of backend time: ${what}`);
}

// ---- errors -----------------------------------------------------------------------------------

/** The ApiError a request is rejected with; fails when it succeeds or throws anything else. */
export async function rejection(request: Promise<unknown>): Promise<ApiError> {
  let result: unknown;
  try {
    result = await request;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error(`conformance: expected the request to be rejected, it returned ${JSON.stringify(result)?.slice(0, 300)}`);
}

/** Status code, reason and (when given) the exact message of an ApiError. */
export function expectStatus(err: ApiError, status: number, reason: string, message?: string): void {
  expect({ status: err.status, reason: err.reason }).toEqual({ status, reason });
  if (message !== undefined) expect(err.message).toBe(message);
}

// ---- objects ----------------------------------------------------------------------------------

export const ref = (kind: string, name: string, namespace: string | undefined = NS) => ({ kind, name, namespace });

/** Names of the objects in `list`. */
export const names = (list: KObject[]): string[] => list.map((o) => o.metadata.name);

/** Pods (in `namespace`) whose ownerReferences name `ownerUid`. */
export async function podsOwnedBy(backend: Backend, ownerUid: string, namespace = NS): Promise<KObject[]> {
  return (await backend.list('Pod', namespace)).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === ownerUid));
}

type Condition = { type: string; status: string; reason?: string };

export function condition(o: KObject | undefined, type: string): Condition | undefined {
  return ((o?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
}

export function isPodReady(p: KObject | undefined): boolean {
  return condition(p, 'Ready')?.status === 'True';
}

export function isPodRunning(p: KObject | undefined): boolean {
  return (p?.status as { phase?: string } | undefined)?.phase === 'Running';
}

/** A unique name per call within a run (sections share nothing, but tests in a section share a backend). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
let counter = 0;

/**
 * Cluster-scoped objects outlive a scenario's namespaces on a shared cluster: their names carry a
 * token of this run, and tests delete them when done.
 */
export const RUN_TOKEN = Date.now().toString(36);
