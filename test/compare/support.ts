/**
 * Helpers of the compare tests: the real CLI in-process in a given directory (so that two runs
 * and their comparison share one), and a small builder of hand-made histories.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main';
import type { HistoryEntry } from '../../src/history/entry';
import type { KObject } from '../../src/kube/object';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kscenario-compare-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** `kscenario <args>` run in `dir`. */
export async function cli(dir: string, args: string[]): Promise<CliRun> {
  const cwd = process.cwd();
  let stdout = '';
  let stderr = '';
  process.chdir(dir);
  try {
    const code = await main(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), color: false });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

export interface PodState {
  node?: string;
  phase?: string;
  ready?: boolean;
  terminating?: boolean;
  unschedulable?: boolean;
  restarts?: number;
}

/** A hand-made history: objects change as the test says, at increasing times, between step markers. */
export class HistoryBuilder {
  readonly entries: HistoryEntry[] = [];
  private t = 0;
  private uids = 0;
  private readonly uidOf = new Map<string, string>();
  private readonly live = new Set<string>();
  private open?: string;

  constructor() {
    this.node('control-plane', { 'node-role.kubernetes.io/control-plane': '' });
    this.node('worker-1');
    this.node('worker-2');
  }

  step(name: string): this {
    if (this.open) this.entries.push({ t: this.t, type: 'STEP_END', step: this.open });
    this.entries.push({ t: this.t, type: 'STEP_START', step: name });
    this.open = name;
    return this;
  }

  node(name: string, labels: Record<string, string> = {}, extra: { ready?: string; unschedulable?: boolean; taints?: { key: string; effect: string }[] } = {}): this {
    const obj: KObject = {
      apiVersion: 'v1', kind: 'Node', metadata: { name, uid: this.uid(`Node//${name}`), labels: { 'kubernetes.io/hostname': name, ...labels } },
      spec: { ...(extra.unschedulable ? { unschedulable: true } : {}), ...(extra.taints ? { taints: extra.taints } : {}) },
      status: { conditions: [{ type: 'Ready', status: extra.ready ?? 'True' }] },
    };
    return this.record(`Node//${name}`, obj);
  }

  /** A pod in the given state; the first call adds it. */
  pod(name: string, state: PodState = {}, meta: Partial<KObject['metadata']> = {}, namespace = 'default'): this {
    const key = `Pod/${namespace}/${name}`;
    const conditions: Record<string, unknown>[] = [];
    if (state.unschedulable) conditions.push({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' });
    else if (state.node) conditions.push({ type: 'PodScheduled', status: 'True' });
    if (state.node) conditions.push({ type: 'Ready', status: state.ready ? 'True' : 'False' });
    const obj: KObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name, namespace, uid: this.uid(key), resourceVersion: String(this.entries.length + 1),
        ...(state.terminating ? { deletionTimestamp: '2025-01-01T00:01:00Z' } : {}), ...meta,
      },
      spec: { ...(state.node ? { nodeName: state.node } : {}), containers: [{ name: 'c', image: 'nginx' }] },
      status: {
        phase: state.phase ?? 'Pending', podIP: `10.244.1.${this.entries.length % 250}`, conditions,
        containerStatuses: [{ name: 'c', restartCount: state.restarts ?? 0 }],
      },
    };
    return this.record(key, obj);
  }

  /** Created → scheduled to `node` → Running → Ready, one change each. */
  podUp(name: string, node = 'worker-1', meta: Partial<KObject['metadata']> = {}): this {
    return this.pod(name, {}, meta).pod(name, { node }, meta).pod(name, { node, phase: 'Running' }, meta).pod(name, { node, phase: 'Running', ready: true }, meta);
  }

  /** Any object, as given; ADDED the first time its kind/namespace/name is seen. */
  object(obj: KObject): this {
    const key = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    obj.metadata.uid ??= this.uid(key);
    return this.record(key, obj);
  }

  delete(kind: string, name: string, namespace: string | undefined = kind === 'Node' ? undefined : 'default'): this {
    const key = `${kind}/${namespace ?? ''}/${name}`;
    const last = [...this.entries].reverse().find((e) => 'object' in e && e.kind === kind && e.name === name && e.namespace === namespace);
    this.uidOf.delete(key);
    this.live.delete(key);
    this.t += 100;
    this.entries.push({ t: this.t, type: 'DELETED', kind, namespace, name, object: (last as { object: KObject }).object });
    return this;
  }

  done(): HistoryEntry[] {
    if (this.open) this.entries.push({ t: this.t, type: 'STEP_END', step: this.open });
    this.open = undefined;
    return this.entries;
  }

  jsonl(): string {
    return this.done().map((e) => JSON.stringify(e)).join('\n') + '\n';
  }

  private uid(key: string): string {
    const known = this.uidOf.get(key);
    if (known) return known;
    const uid = `00000000-0000-4000-8000-${String(++this.uids).padStart(12, '0')}`;
    this.uidOf.set(key, uid);
    return uid;
  }

  private record(key: string, obj: KObject): this {
    const type = this.live.has(key) ? 'MODIFIED' : 'ADDED';
    this.live.add(key);
    this.t += 100;
    this.entries.push({ t: this.t, type, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, object: structuredClone(obj) });
    return this;
  }
}
