/**
 * The story of a run, as `kscenario compare` lines two of them up: from a recorded history
 * (`--history`), the sequence of meaningful state changes of each object, each in the step window
 * it happened in. A small projection that keeps what a scenario is about and drops what always
 * differs between backends (uids, resourceVersions, timestamps, IPs, generated name suffixes, which
 * node of a role a pod landed on). Pure: history entries in, plain data out.
 *
 * Which objects: Pods, Nodes, Namespaces, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs,
 * CronJobs, PersistentVolumeClaims, PersistentVolumes, PodDisruptionBudgets and Services, outside
 * the system namespaces (kube-system, kube-public, kube-node-lease, local-path-storage: on a real
 * cluster these hold the cluster's own components). Events, Leases, EndpointSlices, ConfigMaps,
 * ControllerRevisions and the like are left out: they are bookkeeping whose details differ between
 * implementations without the scenario's story differing.
 *
 * Names: a generated suffix becomes `*` — the 5 random characters the API server appends to a
 * generateName, a pod-template-hash / controller-revision-hash, the scheduled time in a CronJob's
 * Job name, the uid in a provisioned volume's `pvc-<uid>` (named after its claim instead) — so
 * `web-7d9f8c-xk2lp` is `web-*`. Objects whose name was generated are numbered in the order they
 * were first seen: `web-*#1`, `web-*#2`. Fixed names (`web-0`) keep one story across incarnations.
 *
 * What changes (the tokens, in the order they are listed for one recorded change):
 * - every object: `Created`, `Terminating` (deletionTimestamp set), `Deleted`; once an object is
 *   terminating only its deletion is recorded (how containers stop differs between kubelets).
 * - Pod: `Unschedulable` (PodScheduled False, reason Unschedulable), `Scheduled to <role>` (the
 *   node's `node-role.kubernetes.io/*` labels, `worker` when it has none: node names are not
 *   compared), `Running` / `Succeeded` / `Failed` (phase), `Ready` / `NotReady` (condition Ready,
 *   not for a pod that just finished), `Restarted` (a container's restart count went up).
 * - Node: `Ready` / `NotReady` / `Ready Unknown` (condition Ready), `Cordoned` / `Uncordoned`,
 *   `tainted <key>:<effect>` / `untainted <key>:<effect>`.
 * - Deployment, ReplicaSet, StatefulSet, DaemonSet: `replicas <n>` (spec.replicas; a DaemonSet's
 *   desiredNumberScheduled; counts moving one way within a step are one change, to where they
 *   ended), and conditions (a Deployment's Available). StatefulSet and DaemonSet also `all ready` /
 *   `not all ready` (ready replicas reach the desired count / drop below it). Intermediate ready
 *   counts are not compared: controllers on different backends batch status updates differently,
 *   and a Deployment's ready count dips during a rollout or not depending on timing.
 * - Job, PodDisruptionBudget: conditions as `<Type>=<Status>`; PDB also `disruptionsAllowed <n>`.
 * - PersistentVolumeClaim, PersistentVolume, Namespace: `status.phase` (`Bound`, `Released`...),
 *   except the phase an object starts in (Pending, Active).
 *
 * Step windows: a step's window runs from its STEP_START marker to the next step's STEP_START (so
 * it includes what follows the step until the next one starts). What comes before the first marker
 * is the cluster as the recorder found it (nodes, namespaces, the `kubernetes` Service, which a
 * cluster backend does not show because it maps `default`): it sets each object's starting state
 * but is not part of any story. A step that runs more than once has one window per run (`name`,
 * `name#2`...).
 */
import type { HistoryEntry, ObjectChange } from '../history/entry';
import type { KObject } from '../kube/object';

/** The namespaces of the cluster's own components (as the cluster backend shows them unmapped). */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

export const STORY_KINDS: readonly string[] = [
  'Pod', 'Node', 'Namespace', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob',
  'PersistentVolumeClaim', 'PersistentVolume', 'PodDisruptionBudget', 'Service',
];

export interface StoryWindow {
  /** the step marker plus `#n` for a repeated step; '' before the first step */
  key: string;
  /** the step marker as recorded (a step's name, or `section[index]`); undefined before the first step */
  marker?: string;
}

export interface StoryEvent {
  /** index into `windows` */
  window: number;
  /** `Kind name`, `Kind namespace/name` outside `default`; generated names normalised */
  object: string;
  token: string;
}

export interface Stories {
  windows: StoryWindow[];
  events: StoryEvent[];
  /** objects in the order first seen */
  objects: string[];
  /**
   * objects whose names were generated → their group: kind, namespace, name with `*` and owner
   * (the pods of one ReplicaSet). Members of a group are interchangeable: which of them a
   * controller picked is not the story.
   */
  groups: Record<string, string>;
}

const KINDS = new Set(STORY_KINDS);
const SYSTEM = new Set(SYSTEM_NAMESPACES);
const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const WITH_CONDITIONS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'PodDisruptionBudget']);
const WITH_PHASE = new Set(['PersistentVolumeClaim', 'PersistentVolume', 'Namespace']);
/** The phase an object is created in: not a change. */
const INITIAL_PHASE: Record<string, string> = { Pod: 'Pending', PersistentVolumeClaim: 'Pending', PersistentVolume: 'Pending', Namespace: 'Active' };
const HASH_LABELS = ['pod-template-hash', 'controller-revision-hash', 'controller.kubernetes.io/hash'];
/** k8s.io/apimachinery/pkg/util/rand: the alphabet of a generateName suffix (no vowels, no 0, 1, 3). */
const GENERATED_SUFFIX = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/;
/** names.SimpleNameGenerator: the prefix is cut to 58 characters before the 5 random ones. */
const MAX_GENERATED_PREFIX = 58;
const UID_NAME = /^pvc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The projected state of one object: only what its tokens are made from. */
interface State {
  terminating: boolean;
  phase?: string;
  conditions: Record<string, string>;
  scheduledTo?: string;
  unschedulable: boolean;
  ready: boolean;
  restarts: number;
  replicas?: number;
  allReady: boolean;
  nodeReady?: string;
  cordoned: boolean;
  taints: string[];
  disruptionsAllowed?: number;
}

/** Projects a recorded history onto step windows and object stories. */
export function storiesOf(history: readonly HistoryEntry[]): Stories {
  const windows: StoryWindow[] = [{ key: '' }];
  const seenMarkers = new Map<string, number>();
  const events: (StoryEvent | undefined)[] = [];
  const objects: string[] = [];
  /** per object: its last event, and the replica-count run it ends (see collapse below) */
  const lastEvent = new Map<string, number>();
  const runs = new Map<string, { event: number; from: number; to: number }>();
  const known = new Set<string>();
  const names = new Namer();
  const roles = new Map<string, string>();
  const states = new Map<string, State>();
  const groups: Record<string, string> = {};

  for (const e of history) {
    if (e.type === 'STEP_START') {
      const n = (seenMarkers.get(e.step) ?? 0) + 1;
      seenMarkers.set(e.step, n);
      windows.push({ key: n === 1 ? e.step : `${e.step}#${n}`, marker: e.step });
      continue;
    }
    if (e.type === 'STEP_END') continue;
    const change = e as ObjectChange;
    if (change.kind === 'Node') roles.set(change.name, roleOf(change.object));
    if (!KINDS.has(change.kind) || !change.object?.metadata) continue;
    if (change.namespace && SYSTEM.has(change.namespace)) continue;
    if (change.kind === 'Namespace' && SYSTEM.has(change.name)) continue;

    const object = names.identify(change);
    const group = names.groupOf(object);
    if (group !== undefined) groups[object] = group;
    if (!known.has(object) && windows.length > 1) {
      known.add(object);
      objects.push(object);
    }
    const previous = states.get(object);
    const window = windows.length - 1;
    // Before the first step is the cluster as the run found it: its state is kept, not told.
    const push = (token: string) => {
      if (window === 0) return;
      // Replica counts moving one way within a step are one change, to where they ended: a
      // controller scales 3 → 2 → 1 → 0 or 3 → 1 → 0 depending on when it syncs.
      const m = /^replicas (\d+)$/.exec(token);
      const run = runs.get(object);
      if (m && run && lastEvent.get(object) === run.event && events[run.event]!.window === window) {
        const to = Number(m[1]);
        if (Math.sign(to - run.to) === Math.sign(run.to - run.from)) {
          events[run.event] = undefined;
          runs.set(object, { event: events.length, from: run.from, to });
          lastEvent.set(object, events.length);
          events.push({ window, object, token });
          return;
        }
      }
      if (m) runs.set(object, { event: events.length, from: previous?.replicas ?? 0, to: Number(m[1]) });
      lastEvent.set(object, events.length);
      events.push({ window, object, token });
    };
    if (change.type === 'DELETED') {
      states.delete(object);
      push('Deleted');
      continue;
    }
    const next = project(change.object, roles);
    // A MODIFIED of an object not seen yet (a recorder that started late) counts as its creation.
    if (!previous) push('Created');
    for (const token of tokens(change.kind, previous ?? baseline(change.kind), next)) push(token);
    states.set(object, next);
  }
  return { windows, events: events.filter((e): e is StoryEvent => e !== undefined), objects, groups };
}

/** A node's role: its `node-role.kubernetes.io/<role>` labels, `worker` when it has none. */
export function roleOf(node: KObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter((r) => r !== '')
    .sort();
  return roles.length ? roles.join('+') : 'worker';
}

function baseline(kind: string): State {
  return { terminating: false, phase: INITIAL_PHASE[kind], conditions: {}, unschedulable: false, ready: false, restarts: 0, allReady: false, cordoned: false, taints: [] };
}

function project(obj: KObject, roles: ReadonlyMap<string, string>): State {
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const conditions = Array.isArray(status.conditions) ? (status.conditions as { type?: unknown; status?: unknown; reason?: unknown }[]) : [];
  const condition = (type: string) => conditions.find((c) => c.type === type);
  const state = baseline(obj.kind);
  state.terminating = !!obj.metadata.deletionTimestamp;
  switch (obj.kind) {
    case 'Pod': {
      state.phase = typeof status.phase === 'string' ? status.phase : 'Pending';
      const nodeName = typeof spec.nodeName === 'string' && spec.nodeName ? spec.nodeName : undefined;
      if (nodeName) state.scheduledTo = roles.get(nodeName) ?? 'unknown-node';
      const scheduled = condition('PodScheduled');
      state.unschedulable = !nodeName && scheduled?.status === 'False' && scheduled.reason === 'Unschedulable';
      state.ready = condition('Ready')?.status === 'True';
      const containers = [status.containerStatuses, status.initContainerStatuses].flatMap((l) => (Array.isArray(l) ? l : [])) as { restartCount?: unknown }[];
      state.restarts = containers.reduce((sum, c) => sum + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0);
      break;
    }
    case 'Node': {
      const ready = condition('Ready')?.status;
      state.nodeReady = typeof ready === 'string' ? ready : undefined;
      state.cordoned = spec.unschedulable === true;
      const taints = Array.isArray(spec.taints) ? (spec.taints as { key?: unknown; effect?: unknown }[]) : [];
      state.taints = [...new Set(taints.map((t) => `${String(t.key)}:${String(t.effect)}`))].sort();
      break;
    }
    case 'DaemonSet': {
      const desired = typeof status.desiredNumberScheduled === 'number' ? status.desiredNumberScheduled : undefined;
      state.replicas = desired;
      state.allReady = desired !== undefined && desired > 0 && num(status.numberReady) >= desired;
      break;
    }
    case 'PodDisruptionBudget':
      state.disruptionsAllowed = typeof status.disruptionsAllowed === 'number' ? status.disruptionsAllowed : undefined;
      break;
    default:
      if (WORKLOADS.has(obj.kind)) {
        const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
        state.replicas = replicas;
        // A Deployment tells readiness by its Available condition; during a rollout its (and its
        // ReplicaSets') ready count dips or not depending on timing.
        state.allReady = obj.kind === 'StatefulSet' && replicas > 0 && num(status.readyReplicas) >= replicas;
      }
  }
  if (WITH_PHASE.has(obj.kind) && typeof status.phase === 'string') state.phase = status.phase;
  if (WITH_CONDITIONS.has(obj.kind)) {
    for (const c of conditions) if (typeof c.type === 'string' && typeof c.status === 'string') state.conditions[c.type] = c.status;
  }
  return state;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** The tokens of one change from `prev` to `next` (see the file comment). */
function tokens(kind: string, prev: State, next: State): string[] {
  if (prev.terminating) return [];
  const out: string[] = [];
  if (kind === 'Pod') {
    if (next.unschedulable && !prev.unschedulable) out.push('Unschedulable');
    if (next.scheduledTo && next.scheduledTo !== prev.scheduledTo) out.push(`Scheduled to ${next.scheduledTo}`);
    if (next.phase !== prev.phase && next.phase !== 'Pending') out.push(next.phase!);
    const finished = next.phase === 'Succeeded' || next.phase === 'Failed';
    if (next.ready !== prev.ready && !finished) out.push(next.ready ? 'Ready' : 'NotReady');
    if (next.restarts > prev.restarts) out.push('Restarted');
  }
  if (kind === 'Node') {
    if (next.nodeReady !== prev.nodeReady && next.nodeReady !== undefined) {
      out.push(next.nodeReady === 'True' ? 'Ready' : next.nodeReady === 'False' ? 'NotReady' : `Ready ${next.nodeReady}`);
    }
    if (next.cordoned !== prev.cordoned) out.push(next.cordoned ? 'Cordoned' : 'Uncordoned');
    for (const t of next.taints) if (!prev.taints.includes(t)) out.push(`tainted ${t}`);
    for (const t of prev.taints) if (!next.taints.includes(t)) out.push(`untainted ${t}`);
  }
  if (WITH_PHASE.has(kind) && next.phase !== prev.phase && next.phase !== undefined && !(next.phase === 'Terminating' && next.terminating)) {
    out.push(next.phase);
  }
  if (next.replicas !== undefined && next.replicas !== prev.replicas) out.push(`replicas ${next.replicas}`);
  if (next.allReady !== prev.allReady) out.push(next.allReady ? 'all ready' : 'not all ready');
  for (const type of Object.keys(next.conditions).sort()) {
    if (next.conditions[type] !== prev.conditions[type]) out.push(`${type}=${next.conditions[type]}`);
  }
  if (next.disruptionsAllowed !== undefined && next.disruptionsAllowed !== prev.disruptionsAllowed) out.push(`disruptionsAllowed ${next.disruptionsAllowed}`);
  if (next.terminating) out.push('Terminating');
  return out;
}

/** Stable names for the objects of one history: generated parts as `*`, generated objects numbered. */
class Namer {
  /** `Kind/namespace/raw name` → normalised base name (for dependents named after their owner) */
  private readonly bases = new Map<string, string>();
  /** uid (or `Kind/namespace/raw name` without one) → the object's key */
  private readonly keys = new Map<string, string>();
  /** `Kind/namespace/base` → how many generated objects of that base were seen */
  private readonly counts = new Map<string, number>();
  /** object key → its group (generated objects only) */
  private readonly groups = new Map<string, string>();
  /** `Kind/namespace/raw name` → object key */
  private readonly byRawName = new Map<string, string>();

  groupOf(key: string): string | undefined {
    return this.groups.get(key);
  }

  identify(change: ObjectChange): string {
    const obj = change.object;
    const ns = change.namespace ?? obj.metadata.namespace;
    const rawKey = `${change.kind}/${ns ?? ''}/${change.name}`;
    const id = obj.metadata.uid ?? rawKey;
    const known = this.keys.get(id);
    if (known) return known;
    const { base, generated } = this.normalise(change.kind, ns, change.name, obj);
    this.bases.set(rawKey, base);
    let name = base;
    if (generated) {
      const group = `${change.kind}/${ns ?? ''}/${base}`;
      const n = (this.counts.get(group) ?? 0) + 1;
      this.counts.set(group, n);
      name = `${base}#${n}`;
    }
    const key = `${change.kind} ${ns && ns !== 'default' ? `${ns}/` : ''}${name}`;
    this.keys.set(id, key);
    this.byRawName.set(rawKey, key);
    if (generated) {
      const owner = obj.metadata.ownerReferences?.find((r) => r.controller) ?? obj.metadata.ownerReferences?.[0];
      const ownerKey = owner ? this.byRawName.get(`${owner.kind}/${ns ?? ''}/${owner.name}`) ?? `${owner.kind} ${owner.name}` : '';
      this.groups.set(key, `${change.kind} ${ns ?? ''} ${base} ${ownerKey}`);
    }
    return key;
  }

  private normalise(kind: string, ns: string | undefined, raw: string, obj: KObject): { base: string; generated: boolean } {
    let generated = false;
    if (kind === 'PersistentVolume' && UID_NAME.test(raw)) {
      const claim = (obj.spec as { claimRef?: { name?: unknown; namespace?: unknown } } | undefined)?.claimRef;
      if (typeof claim?.name === 'string') {
        const where = typeof claim.namespace === 'string' && claim.namespace !== 'default' ? `${claim.namespace}/` : '';
        return { base: `pvc-* (claim ${where}${claim.name})`, generated: false };
      }
      return { base: 'pvc-*', generated: true };
    }
    // Named after an owner whose own name was generated (a CronJob's Job, that Job's pods).
    let name = raw;
    let prefix = obj.metadata.generateName;
    for (const ref of obj.metadata.ownerReferences ?? []) {
      if (ref.kind === 'CronJob' && new RegExp(`^${escape(ref.name)}-\\d+$`).test(raw)) return { base: `${ref.name}-*`, generated: true };
      const ownerBase = this.bases.get(`${ref.kind}/${ns ?? ''}/${ref.name}`);
      if (ownerBase === undefined || ownerBase === ref.name) continue;
      if (name.startsWith(`${ref.name}-`)) {
        name = ownerBase + name.slice(ref.name.length);
        generated = true;
      }
      if (prefix?.startsWith(`${ref.name}-`)) prefix = ownerBase + prefix.slice(ref.name.length);
      break;
    }
    const gen = obj.metadata.generateName;
    if (gen && prefix !== undefined) {
      const cut = gen.slice(0, MAX_GENERATED_PREFIX);
      if (raw.length === cut.length + 5 && raw.startsWith(cut) && GENERATED_SUFFIX.test(raw.slice(cut.length))) {
        name = `${prefix}*`;
        generated = true;
      }
    }
    for (const label of HASH_LABELS) {
      const hash = obj.metadata.labels?.[label];
      if (!hash) continue;
      const replaced = name.replace(new RegExp(`-${escape(hash)}(?=-|$)`), '-*');
      if (replaced !== name) {
        name = replaced;
        generated = true;
      }
    }
    return { base: name.replace(/\*(?:-\*)+/g, '*'), generated };
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
