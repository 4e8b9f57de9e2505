/**
 * A running control plane: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and one
 * KWOK per node, on 127.0.0.1, in one data directory (layout.ts). `ControlPlane.up` starts it and
 * waits until it is usable (API server ready, nodes Ready, the default service account made);
 * `down` stops every process group and removes the directory. A failed start stops what it
 * started and keeps only the logs, whose place the error names.
 *
 * state.json in the directory records the processes, so that `kscenario control-plane down` or
 * `status` from another process (after `up --detach`) find them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { KscenarioError } from '../errors';
import type { NodeRequest, StorageClassRequest } from '../kube/cluster-request';
import type { BinaryName } from './binaries';
import {
  ADMIN, CONTROLLER_MANAGER, KWOK, SCHEDULER, caFromServingBundle, kubeconfigText, newToken, servingBundleCa, serviceAccountKeyPair,
  tokenFileLine,
} from './credentials';
import { answersOk, httpCall } from './http';
import { kwokConfigText, kwokStorageConfigText } from './kwok-config';
import {
  API_SERVER_NAME, STORAGE_KWOK, apiserverArgs, controllerManagerArgs, etcdArgs, kwokArgs, kwokKubeconfig, kwokStorageArgs, layout, logFile,
  schedulerArgs, type Layout, type Ports,
} from './layout';
import { nodeAddressing, nodeObject } from './nodes';
import {
  alive, freePorts, freezeGroup, killGroupNow, logTail, registerForEmergencyStop, sleep, startProcess, stopGroup,
  thawGroup, type ProcessSpec, type StartedProcess,
} from './processes';

export type Binaries = Record<BinaryName, string>;

export interface UpOptions {
  /** 'v1.35.4' */
  kubernetes: string;
  /** 'v0.8.0' */
  kwok: string;
  binaries: Binaries;
  nodes: NodeRequest[];
  /** kind's networking.podSubnet: kcm's --cluster-cidr and the nodes' pod CIDRs (default 10.244.0.0/16) */
  podSubnet?: string;
  /**
   * Storage classes to create (as kind ships `standard`); those of rancher.io/local-path get
   * volumes from a KWOK that plays kind's local-path provisioner.
   */
  storageClasses?: StorageClassRequest[];
  /** the data directory (created; default: one per user under the temporary directory) */
  dir?: string;
  log?: (line: string) => void;
  /** how long to wait for each component and for the nodes (default 180 s) */
  readyTimeoutMs?: number;
  /** keep running when this process ends (no emergency stop); `down` from anywhere stops it */
  detach?: boolean;
  /**
   * Whether SIGINT, SIGTERM and SIGHUP kill the control plane at once (default true). The CLI
   * handles them itself, to stop it gracefully; an exit of the process still stops it.
   */
  handleSignals?: boolean;
}

export type NodeRun = 'running' | 'stopped' | 'frozen';

export interface NodeState {
  name: string;
  index: number;
  internalIP: string;
  /** KWOK's process for the node while it has one */
  pid?: number;
  run: NodeRun;
}

export interface ComponentState {
  name: string;
  pid: number;
  log: string;
}

export interface ControlPlaneState {
  kubernetes: string;
  kwok: string;
  dir: string;
  server: string;
  ports: Ports;
  startedAt: string;
  /** the process that started it; 0 once detached */
  owner: number;
  components: ComponentState[];
  nodes: NodeState[];
  kwokBinary: string;
  /** the pod subnet the nodes' CIDRs come from (absent: kind's default) */
  podSubnet?: string;
}

/** The default data directory: one per user, so that `status` and `down` need no --dir. */
export function defaultDir(): string {
  let user = 'user';
  try {
    user = String(userInfo().uid);
  } catch {
    // no passwd entry: keep the generic name
  }
  return join(tmpdir(), `kscenario-control-plane-${user}`);
}

function readState(dir: string): ControlPlaneState | undefined {
  const file = layout(dir).state;
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ControlPlaneState;
  } catch {
    return undefined;
  }
}

function statePids(s: ControlPlaneState): number[] {
  return [...s.nodes.flatMap((n) => (n.pid ? [n.pid] : [])), ...s.components.map((c) => c.pid)];
}

/** Refuses a directory a new control plane cannot use: one in use, or holding other files. */
export function assertDirUsable(dir: string): void {
  if (!existsSync(dir)) return;
  const state = readState(dir);
  if (state && statePids(state).some((pid) => alive(-pid))) {
    throw new KscenarioError('USAGE', `a control plane runs in ${dir}`, undefined,
      `stop it first: kscenario control-plane down --dir ${dir}`);
  }
  const entries = readdirSync(dir);
  const ours = new Set(['state.json', 'logs', 'pki', 'etcd', 'kubeconfig', 'kwok', 'kwok.yaml', 'kwok-storage.yaml', 'kube-controller-manager.kubeconfig', 'kube-scheduler.kubeconfig']);
  const foreign = entries.filter((e) => !ours.has(e));
  if (foreign.length) {
    throw new KscenarioError('USAGE', `${dir} is not empty (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''})`, undefined,
      'name a new or empty directory with --dir');
  }
}

/** Makes `dir` ready for a new control plane (what an earlier, stopped one left is removed). */
function prepareDir(dir: string): void {
  assertDirUsable(dir);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    return;
  }
  for (const e of readdirSync(dir)) rmSync(join(dir, e), { recursive: true, force: true });
}

interface Tokens {
  admin: string;
  controllerManager: string;
  scheduler: string;
  kwok: string;
}

export class ControlPlane {
  private readonly l: Layout;
  private unregister: (() => void) | undefined;
  private processes = new Map<string, StartedProcess>();
  private caPem = '';
  private stopping = false;
  /** made by attach(): its processes belong to another process */
  private attached = false;

  private constructor(
    private state: ControlPlaneState,
    private readonly tokens: Tokens | undefined,
    private readonly log: (line: string) => void,
  ) {
    this.l = layout(state.dir);
  }

  /** The kubeconfig for users and for kubectl. */
  get kubeconfig(): string {
    return this.l.kubeconfig;
  }

  get dir(): string {
    return this.state.dir;
  }

  get logsDir(): string {
    return this.l.logs;
  }

  get server(): string {
    return this.state.server;
  }

  /** A copy of the recorded state (processes, ports, nodes). */
  snapshot(): ControlPlaneState {
    return JSON.parse(JSON.stringify(this.state)) as ControlPlaneState;
  }

  /** Starts a control plane and waits until it is usable. */
  static async up(o: UpOptions): Promise<ControlPlane> {
    const dir = o.dir ?? defaultDir();
    const log = o.log ?? (() => undefined);
    prepareDir(dir);
    const l = layout(dir);
    for (const d of [l.logs, l.pki, join(dir, 'kwok')]) mkdirSync(d, { recursive: true });
    const [etcdClient, etcdPeer, apiserver, controllerManager, scheduler] = await freePorts(5);
    const ports: Ports = { etcdClient: etcdClient!, etcdPeer: etcdPeer!, apiserver: apiserver!, controllerManager: controllerManager!, scheduler: scheduler! };
    const state: ControlPlaneState = {
      kubernetes: o.kubernetes,
      kwok: o.kwok,
      dir,
      server: `https://127.0.0.1:${ports.apiserver}`,
      ports,
      startedAt: new Date().toISOString(),
      owner: o.detach ? 0 : process.pid,
      components: [],
      nodes: [],
      kwokBinary: o.binaries.kwok,
      ...(o.podSubnet ? { podSubnet: o.podSubnet } : {}),
    };
    const tokens: Tokens = { admin: newToken(), controllerManager: newToken(), scheduler: newToken(), kwok: newToken() };
    const cp = new ControlPlane(state, tokens, log);
    if (!o.detach) {
      cp.unregister = registerForEmergencyStop({ pids: () => statePids(cp.state), dir: () => cp.state.dir }, o.handleSignals ?? true);
    }
    try {
      await cp.start(o);
    } catch (err) {
      await cp.stopAll();
      cp.removeAllButLogs();
      cp.unregister?.();
      const where = `logs: ${l.logs}`;
      if (err instanceof KscenarioError) throw new KscenarioError(err.code, `${err.message}\n${where}`, err.location, err.hint);
      throw new KscenarioError('BACKEND', `the control plane did not start: ${err instanceof Error ? err.message : String(err)}\n${where}`);
    }
    return cp;
  }

  /** A control plane started elsewhere (by `up --detach`), from its directory. */
  static attach(dir: string = defaultDir()): ControlPlane | undefined {
    const state = readState(dir);
    if (!state) return undefined;
    const cp = new ControlPlane(state, readTokens(layout(dir)), () => undefined);
    cp.attached = true;
    return cp;
  }

  private async start(o: UpOptions): Promise<void> {
    const l = this.l;
    const timeout = o.readyTimeoutMs ?? 180_000;
    const t = this.tokens!;
    writeFileSync(l.tokenFile, [
      tokenFileLine(t.admin, ADMIN),
      tokenFileLine(t.controllerManager, CONTROLLER_MANAGER),
      tokenFileLine(t.scheduler, SCHEDULER),
      tokenFileLine(t.kwok, KWOK),
    ].join('\n') + '\n', { mode: 0o600 });
    const sa = serviceAccountKeyPair();
    writeFileSync(l.saKey, sa.privateKeyPem, { mode: 0o600 });
    writeFileSync(l.saPub, sa.publicKeyPem);
    writeFileSync(l.kwokConfig, kwokConfigText());
    const p = this.state.ports;
    const started = Date.now();

    this.log(`starting etcd on 127.0.0.1:${p.etcdClient}`);
    const etcd = this.spawn({ name: 'etcd', bin: o.binaries.etcd, args: etcdArgs(l, p), log: logFile(l, 'etcd') });
    await this.waitFor('etcd', etcd, () => answersOk(`http://127.0.0.1:${p.etcdClient}/health`), timeout);

    this.log(`starting kube-apiserver on ${this.state.server}`);
    const apiserver = this.spawn({ name: 'kube-apiserver', bin: o.binaries['kube-apiserver'], args: apiserverArgs(l, p, advertiseAddress(o.nodes)), log: logFile(l, 'kube-apiserver') });
    await this.waitFor('kube-apiserver', apiserver, async () => {
      if (!existsSync(l.servingCert)) return false;
      // the file appears before kube-apiserver has written the CA after the serving certificate
      if (!this.caPem) this.caPem = servingBundleCa(readFileSync(l.servingCert, 'utf8')) ?? '';
      if (!this.caPem) return false;
      return answersOk(`${this.state.server}/readyz`, { ca: this.caPem, servername: API_SERVER_NAME, token: t.admin });
    }, timeout);

    const kc = (token: string, user: string): string => kubeconfigText({ server: this.state.server, caPem: this.caPem, token, user });
    writeFileSync(l.kubeconfig, kc(t.admin, ADMIN.user), { mode: 0o600 });
    writeFileSync(l.controllerManagerKubeconfig, kc(t.controllerManager, CONTROLLER_MANAGER.user), { mode: 0o600 });
    writeFileSync(l.schedulerKubeconfig, kc(t.scheduler, SCHEDULER.user), { mode: 0o600 });

    this.log('starting kube-controller-manager and kube-scheduler');
    const kcm = this.spawn({ name: 'kube-controller-manager', bin: o.binaries['kube-controller-manager'], args: controllerManagerArgs(l, p, this.state.podSubnet), log: logFile(l, 'kube-controller-manager') });
    const sched = this.spawn({ name: 'kube-scheduler', bin: o.binaries['kube-scheduler'], args: schedulerArgs(l, p), log: logFile(l, 'kube-scheduler') });
    await Promise.all([
      this.waitFor('kube-controller-manager', kcm, () => answersOk(`https://127.0.0.1:${p.controllerManager}/healthz`), timeout),
      this.waitFor('kube-scheduler', sched, () => answersOk(`https://127.0.0.1:${p.scheduler}/healthz`), timeout),
    ]);

    this.log(`registering ${o.nodes.length} node(s) with KWOK: ${o.nodes.map((n) => n.name).join(', ')}`);
    for (const node of o.nodes) await this.registerNode(node);
    await this.waitForNodesReady(o.nodes.map((n) => n.name), timeout);
    await this.startStorage(o.storageClasses ?? [], o.binaries.kwok);
    // pods cannot be created in a namespace before its default service account exists
    await this.waitUntil('the default service account', async () => (await this.api('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200, timeout);
    this.saveState();
    this.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  // ---- the API ---------------------------------------------------------------------------------

  /** One request to the API server as the admin. */
  async api(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
    if (!this.tokens) throw new KscenarioError('BACKEND', `no admin token in ${this.l.tokenFile}`);
    if (!this.caPem) this.caPem = caFromServingBundle(readFileSync(this.l.servingCert, 'utf8'));
    return httpCall(`${this.state.server}${path}`, { method, body, ca: this.caPem, servername: API_SERVER_NAME, token: this.tokens.admin });
  }

  /** The nodes' Ready condition status ('True', 'False', 'Unknown', or '' when not reported), by name. */
  async nodeReadiness(): Promise<Record<string, string>> {
    const res = await this.api('GET', '/api/v1/nodes');
    if (res.status !== 200) throw new KscenarioError('BACKEND', `listing nodes: HTTP ${res.status}: ${res.body.slice(0, 200)}`);
    const list = JSON.parse(res.body) as { items: Array<{ metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } }> };
    const out: Record<string, string> = {};
    for (const n of list.items) out[n.metadata.name] = n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? '';
    return out;
  }

  // ---- nodes -----------------------------------------------------------------------------------

  private async registerNode(req: NodeRequest): Promise<void> {
    if (this.state.nodes.some((n) => n.name === req.name)) {
      throw new KscenarioError('USAGE', `node "${req.name}" exists already`);
    }
    const used = new Set(this.state.nodes.map((n) => n.index));
    let index = 0;
    while (used.has(index)) index++;
    const addr = nodeAddressing(index, this.state.podSubnet);
    const res = await this.api('POST', '/api/v1/nodes', nodeObject(req, addr, { kubernetes: this.state.kubernetes, kwok: this.state.kwok }));
    if (res.status !== 201) throw new KscenarioError('BACKEND', `creating node ${req.name}: HTTP ${res.status}: ${statusMessage(res.body)}`);
    const node: NodeState = { name: req.name, index, internalIP: addr.internalIP, run: 'stopped' };
    this.state.nodes.push(node);
    this.startKwok(node);
  }

  /** The storage classes, and the KWOK that provisions local-path volumes when one needs it. */
  private async startStorage(classes: StorageClassRequest[], kwokBinary: string): Promise<void> {
    for (const sc of classes) {
      const body = {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: sc.name, ...(sc.default ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
        provisioner: sc.provisioner ?? 'rancher.io/local-path',
        ...(sc.reclaimPolicy ? { reclaimPolicy: sc.reclaimPolicy } : {}),
        ...(sc.volumeBindingMode ? { volumeBindingMode: sc.volumeBindingMode } : {}),
        ...(sc.allowVolumeExpansion !== undefined ? { allowVolumeExpansion: sc.allowVolumeExpansion } : {}),
      };
      const res = await this.api('POST', '/apis/storage.k8s.io/v1/storageclasses', body);
      if (res.status !== 201 && res.status !== 409) throw new KscenarioError('BACKEND', `creating storage class ${sc.name}: HTTP ${res.status}: ${statusMessage(res.body)}`);
    }
    const config = kwokStorageConfigText(classes);
    if (!config) return;
    writeFileSync(this.l.kwokStorageConfig, config);
    writeFileSync(kwokKubeconfig(this.l, STORAGE_KWOK), kubeconfigText({ server: this.state.server, caPem: this.caPem, token: this.tokens!.kwok, user: KWOK.user }), { mode: 0o600 });
    this.spawn({ name: STORAGE_KWOK, bin: kwokBinary, args: kwokStorageArgs(this.l), log: logFile(this.l, STORAGE_KWOK) });
  }

  private startKwok(node: NodeState): void {
    const t = this.tokens!;
    writeFileSync(kwokKubeconfig(this.l, node.name), kubeconfigText({ server: this.state.server, caPem: this.caPem, token: t.kwok, user: KWOK.user }), { mode: 0o600 });
    const proc = this.spawn({
      name: `kwok-${node.name}`,
      bin: this.state.kwokBinary,
      args: kwokArgs(this.l, node.name, node.internalIP),
      log: logFile(this.l, `kwok-${node.name}`),
    }, false);
    node.pid = proc.pid;
    node.run = 'running';
  }

  private nodeState(name: string, verb: string): NodeState {
    const n = this.state.nodes.find((x) => x.name === name);
    if (!n) {
      throw new KscenarioError('BAD_REFERENCE', `${verb}: node "${name}" not found`, undefined,
        `nodes: ${this.state.nodes.map((x) => x.name).join(', ') || 'none'}`);
    }
    return n;
  }

  /** A node joins: its Node object is created and its KWOK started (a kubelet registering). */
  async addNode(req: NodeRequest): Promise<void> {
    await this.registerNode(req);
    this.saveState();
  }

  /** The machine stops: KWOK is killed, so the Lease and the node's status are no longer renewed. */
  async killNode(name: string): Promise<void> {
    const n = this.nodeState(name, 'killNode');
    if (n.run === 'stopped') throw new KscenarioError('USAGE', `killNode: node "${name}" is already down`);
    if (n.pid) {
      killGroupNow(n.pid);
      thawGroup(n.pid);
      await this.processes.get(`kwok-${name}`)?.exited;
    }
    n.pid = undefined;
    n.run = 'stopped';
    this.saveState();
  }

  /** Network partition: KWOK is frozen (SIGSTOP): it sends and handles nothing until reconnectNode. */
  async disconnectNode(name: string): Promise<void> {
    const n = this.nodeState(name, 'disconnectNode');
    if (n.run !== 'running' || !n.pid) throw new KscenarioError('USAGE', `disconnectNode: node "${name}" is ${n.run === 'frozen' ? 'already disconnected' : 'down'}`);
    freezeGroup(n.pid);
    n.run = 'frozen';
    this.saveState();
  }

  /** The partition ends: KWOK continues (SIGCONT); its watches resume or relist. */
  async reconnectNode(name: string): Promise<void> {
    const n = this.nodeState(name, 'reconnectNode');
    if (n.run !== 'frozen' || !n.pid) throw new KscenarioError('USAGE', `reconnectNode: node "${name}" is not disconnected`);
    thawGroup(n.pid);
    n.run = 'running';
    this.saveState();
  }

  /** The node goes: KWOK stopped and the Node object deleted; its pods wait for the pod GC. */
  async removeNode(name: string): Promise<void> {
    const n = this.nodeState(name, 'removeNode');
    if (n.pid) {
      await stopGroup(n.pid);
      n.pid = undefined;
    }
    this.state.nodes = this.state.nodes.filter((x) => x !== n);
    this.saveState();
    const res = await this.api('DELETE', `/api/v1/nodes/${encodeURIComponent(name)}`);
    if (res.status !== 200 && res.status !== 404) throw new KscenarioError('BACKEND', `deleting node ${name}: HTTP ${res.status}: ${statusMessage(res.body)}`);
  }

  // ---- processes -------------------------------------------------------------------------------

  private spawn(spec: ProcessSpec, component = true): StartedProcess {
    // a process started for a detached control plane, or from another process, must outlive us
    const proc = startProcess({ ...spec, dieWithParent: !this.attached && this.state.owner !== 0 });
    this.processes.set(spec.name, proc);
    if (component) this.state.components.push({ name: spec.name, pid: proc.pid, log: spec.log });
    this.saveState();
    return proc;
  }

  private saveState(): void {
    if (existsSync(this.state.dir)) writeFileSync(this.l.state, JSON.stringify(this.state, null, 2) + '\n');
  }

  private async waitFor(what: string, proc: StartedProcess, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    await this.waitUntil(what, ready, timeoutMs, proc);
  }

  private async waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number, proc?: StartedProcess): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (proc?.exit !== undefined) {
        throw new KscenarioError('BACKEND', `${proc.name} ended while starting (${proc.exit}); the end of ${proc.log}:\n${logTail(proc.log)}`);
      }
      if (await ready()) return;
      if (Date.now() > deadline) {
        const tail = proc ? `; the end of ${proc.log}:\n${logTail(proc.log)}` : '';
        throw new KscenarioError('BACKEND', `${what} not ready after ${Math.round(timeoutMs / 1000)} s${tail}`);
      }
      await sleep(250);
    }
  }

  private async waitForNodesReady(names: string[], timeoutMs: number): Promise<void> {
    let last: Record<string, string> = {};
    try {
      await this.waitUntil('nodes', async () => {
        const ended = names.map((n) => this.processes.get(`kwok-${n}`)).find((p) => p?.exit !== undefined);
        if (ended) throw new KscenarioError('BACKEND', `${ended.name} ended (${ended.exit})`);
        last = await this.nodeReadiness();
        return names.every((n) => last[n] === 'True');
      }, timeoutMs);
    } catch (err) {
      const pending = names.filter((n) => last[n] !== 'True');
      const logs = pending.map((n) => `${logFile(this.l, `kwok-${n}`)}:\n${logTail(logFile(this.l, `kwok-${n}`), 5)}`).join('\n');
      const why = err instanceof KscenarioError && err.message.startsWith('kwok-') ? err.message : `not Ready after ${Math.round(timeoutMs / 1000)} s`;
      throw new KscenarioError('BACKEND', `nodes ${pending.join(', ')}: ${why}\n${logs}`);
    }
  }

  /** Resolves with a message when a component (not a node's KWOK) ends while the control plane runs. */
  async unexpectedExit(): Promise<string> {
    const components = this.state.components.map((c) => this.processes.get(c.name)).filter((p): p is StartedProcess => !!p);
    return Promise.race(components.map(async (p) => {
      const how = await p.exited;
      return `${p.name} ended (${how}); the end of ${p.log}:\n${logTail(p.log)}`;
    }));
  }

  /** Whether each component's process is alive, by name. */
  processStates(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const c of this.state.components) out[c.name] = alive(-c.pid);
    for (const n of this.state.nodes) out[`kwok-${n.name}`] = n.pid !== undefined && alive(-n.pid);
    return out;
  }

  private async stopAll(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // KWOK first (no more writes), then the clients of the API server, the API server, etcd
    await Promise.all(this.state.nodes.map((n) => (n.pid ? stopGroup(n.pid) : Promise.resolve())));
    const byName = new Map(this.state.components.map((c) => [c.name, c]));
    const storage = byName.get(STORAGE_KWOK);
    if (storage) await stopGroup(storage.pid);
    const order = [STORAGE_KWOK, 'kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd'];
    await Promise.all(order.slice(1, 3).map((n) => byName.get(n)).filter((c): c is ComponentState => !!c).map((c) => stopGroup(c.pid)));
    for (const n of order.slice(3)) {
      const c = byName.get(n);
      if (c) await stopGroup(c.pid);
    }
    for (const c of this.state.components) if (!order.includes(c.name)) await stopGroup(c.pid);
  }

  private removeAllButLogs(): void {
    if (!existsSync(this.state.dir)) return;
    for (const e of readdirSync(this.state.dir)) if (e !== 'logs') rmSync(join(this.state.dir, e), { recursive: true, force: true });
  }

  /** Stops every process and removes the data directory (all of it, or all but the logs). */
  async down(o: { keepLogs?: boolean } = {}): Promise<void> {
    await this.stopAll();
    if (o.keepLogs) this.removeAllButLogs();
    else rmSync(this.state.dir, { recursive: true, force: true });
    this.unregister?.();
    this.unregister = undefined;
  }
}

/** The first control-plane node's address (nodes are addressed in order), else the network's gateway. */
export function advertiseAddress(nodes: readonly NodeRequest[]): string {
  const i = nodes.findIndex((n) => n.role === 'control-plane');
  return i >= 0 ? nodeAddressing(i).internalIP : '172.18.0.1';
}

function readTokens(l: Layout): Tokens | undefined {
  if (!existsSync(l.tokenFile)) return undefined;
  const byUser = new Map(readFileSync(l.tokenFile, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [token, user] = line.split(',');
    return [user!, token!] as const;
  }));
  const admin = byUser.get(ADMIN.user);
  const kwok = byUser.get(KWOK.user);
  if (!admin || !kwok) return undefined;
  return { admin, kwok, controllerManager: byUser.get(CONTROLLER_MANAGER.user) ?? '', scheduler: byUser.get(SCHEDULER.user) ?? '' };
}

function statusMessage(body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}
