/**
 * The resource quota controller (pkg/controller/resourcequota/resource_quota_controller.go and
 * resource_quota_monitor.go): it writes a quota's status.hard (its spec.hard) and status.used
 * (what the namespace's objects count for, pkg/quota/v1 CalculateUsage).
 * A quota is synced when it is created, when its spec.hard changes, and when an object it counts
 * is replenished: deleted, or updated in a way DefaultUpdateFilter (pkg/quota/v1/install)
 * reports — a pod turning terminal or moving between the Terminating scopes, a service changing
 * between NodePort/LoadBalancer/other types, a claim's status.allocatedResources storage changing.
 * Creates are not watched: the ResourceQuota admission plugin charged them already. Every
 * --resource-quota-sync-period (5 min) all quotas are recalculated, which corrects what no event
 * reports (a pod past its deletion grace period; a create charged and then refused by storage);
 * the loop only runs while a quota exists. Not emulated: the in-place resize update filter.
 */
import type { PersistentVolumeClaim, Pod, ResourceQuota, Service } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../kube/object';
import { kindForResourceName } from '../../../kube/registry';
import { addLists, equalLists, mask, toQList, toRaw, type QList } from '../../../kube/resource-list';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';
import { chargedPod, evaluatorFor, isTerminatingPod, scopeSelectors } from '../../apiserver/quota-evaluators';
import { WorkQueue } from '../../workqueue';
import { PeriodicLoop } from '../nodelifecycle/period';
import { queueKey } from '../shared/queue-key';

/** --resource-quota-sync-period default (config/v1alpha1/defaults.go) */
export const QUOTA_RESYNC_MS = 5 * 60_000;

type RawList = Record<string, string>;

/** The kinds whose evaluator might track one of these quota resource names. */
function candidateKinds(hard: readonly string[]): string[] {
  const kinds = new Set(['Pod', 'Service', 'PersistentVolumeClaim']);
  for (const name of hard) {
    const kind = kindForResourceName(name.replace(/^count\//, ''));
    if (kind) kinds.add(kind);
  }
  return [...kinds];
}

/**
 * CalculateUsage for one quota over a namespace's objects: each tracked resource starts at 0, and
 * every object inside the quota's scopes adds its usage. `list` gives a kind's objects in the
 * namespace.
 */
export function calculateUsage(quota: ResourceQuota, hard: readonly string[], list: (kind: string) => KObject[], nowMs: number, parseTime: (t: string) => number): QList {
  let used: QList = {};
  const scopes = scopeSelectors(quota);
  for (const kind of candidateKinds(hard)) {
    const e = evaluatorFor(kind);
    const matched = e?.matchingResources(hard) ?? [];
    if (!e || !matched.length) continue;
    for (const name of matched) used[name] ??= { value: 0, format: 'DecimalSI' };
    for (const obj of list(kind)) {
      if (!scopes.every((s) => e.matchesScope(s, obj))) continue;
      used = addLists(used, mask(e.usage(obj, nowMs, parseTime), matched));
    }
  }
  return used;
}

/** syncResourceQuota's new status, or undefined when the stored one is current. */
export function quotaStatus(quota: ResourceQuota, list: (kind: string) => KObject[], nowMs: number, parseTime: (t: string) => number): ResourceQuota['status'] | undefined {
  const hard = toQList(quota.spec?.hard as RawList);
  const names = Object.keys(hard);
  const previous = toQList(quota.status?.used as RawList);
  const used = mask(addLists(previous, {}), names);
  Object.assign(used, calculateUsage(quota, names, list, nowMs, parseTime));
  const statusHard = toQList(quota.status?.hard as RawList);
  const dirty = !quota.status?.hard || !quota.status?.used || !equalLists(hard, statusHard) || !equalLists(used, previous);
  return dirty ? { hard: toRaw(hard), used: toRaw(used) } : undefined;
}

/** DefaultUpdateFilter: whether an update can change what quotas count. */
function replenishesOnUpdate(obj: KObject, old: KObject, nowMs: number, parseTime: (t: string) => number): boolean {
  if (obj.kind === 'Pod') {
    const [p, o] = [obj as unknown as Pod, old as unknown as Pod];
    return isTerminatingPod(p) !== isTerminatingPod(o) || (chargedPod(o, nowMs, parseTime) && !chargedPod(p, nowMs, parseTime));
  }
  if (obj.kind === 'Service') {
    const type = (s: KObject) => ['NodePort', 'LoadBalancer'].find((t) => t === (s as unknown as Service).spec?.type) ?? '';
    return type(obj) !== type(old);
  }
  if (obj.kind === 'PersistentVolumeClaim') {
    const allocated = (c: KObject) => (c as unknown as PersistentVolumeClaim).status?.allocatedResources?.storage;
    return allocated(obj) !== allocated(old);
  }
  return false;
}

export class ResourceQuotaController implements Component {
  private ctx!: SimContext;
  private queue!: WorkQueue;
  private resync!: PeriodicLoop;

  start(ctx: SimContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    this.resync = new PeriodicLoop(ctx.clock, QUOTA_RESYNC_MS, () => this.enqueueAll());
    ctx.api.watch((ev) => this.observe(ev));
  }

  private observe(ev: WatchEvent): void {
    const obj = ev.object;
    if (obj.kind === 'ResourceQuota') return this.observeQuota(ev);
    const ns = obj.metadata.namespace;
    if (!ns || ev.type === 'ADDED') return;
    const parseTime = (t: string) => this.ctx.api.parseTime(t);
    if (ev.type === 'MODIFIED' && !replenishesOnUpdate(obj, ev.old!, this.ctx.clock.now(), parseTime)) return;
    this.replenish(obj.kind, ns);
  }

  /** Quota add: sync; update: sync only when spec.hard changed (status writes are the controller's own). */
  private observeQuota(ev: WatchEvent): void {
    if (ev.type === 'DELETED') return;
    const spec = (o: KObject) => (o as unknown as ResourceQuota).spec?.hard as RawList | undefined;
    if (ev.type === 'MODIFIED' && equalLists(toQList(spec(ev.object)), toQList(spec(ev.old!)))) return;
    this.queue.add(queueKey(ev.object));
    this.resync.soon();
  }

  /** replenishQuota: the namespace's quotas that track something of this kind. */
  private replenish(kind: string, ns: string): void {
    const e = evaluatorFor(kind);
    if (!e) return;
    for (const quota of this.ctx.api.list<ResourceQuota>('ResourceQuota', ns)) {
      if (e.matchingResources(Object.keys(quota.status?.hard ?? {})).length) this.queue.add(queueKey(quota as unknown as KObject));
    }
  }

  private enqueueAll(): void {
    const quotas = this.ctx.api.list('ResourceQuota');
    for (const quota of quotas) this.queue.add(queueKey(quota));
    if (quotas.length) this.resync.soon();
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const quota = this.ctx.api.get<ResourceQuota>('ResourceQuota', ns, name);
    if (!quota) return;
    const list = (kind: string) => this.ctx.api.list(kind, ns);
    const status = quotaStatus(quota, list, this.ctx.clock.now(), (t) => this.ctx.api.parseTime(t));
    if (status) this.ctx.api.updateStatus({ ...(quota as unknown as KObject), status });
  }
}
