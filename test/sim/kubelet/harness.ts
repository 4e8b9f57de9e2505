/**
 * A real API server, clock and random generator with the kubelets started on them, plus helpers
 * to create pods already bound to a node and read what happened.
 */
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { NodeRequest } from '../../../src/kube/cluster-request';
import type { KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../src/sim/apiserver/store';
import { Clock } from '../../../src/sim/clock';
import type { ActionHandler, ImageBehaviour, SimContext } from '../../../src/sim/context';
import { EventRecorder } from '../../../src/sim/events';
import { Kubelets } from '../../../src/sim/kubelet/kubelets';
import { Rng } from '../../../src/sim/rng';
import { VolumeData } from '../../../src/sim/storage/volume-data';

export interface Harness {
  api: ApiServer;
  clock: Clock;
  kubelets: Kubelets;
  volumeData: VolumeData;
  act(verb: string, args: unknown): void;
  /** creates a pod bound to `node` (default worker-1) */
  pod(spec: Record<string, unknown>, meta?: Record<string, unknown>, node?: string): Pod;
  get(name: string, ns?: string): Pod | undefined;
  /** runs the clock to `ms` after the start */
  at(ms: number): void;
  /** events about the named object, oldest first */
  events(name: string): Array<{ reason: string; message: string; type: string; count: number; fieldPath?: string }>;
  /** virtual ms at which the history first shows `predicate` true for the pod */
  firstTime(name: string, predicate: (p: Pod) => boolean): number | undefined;
  /** when the pod was deleted from the API, and its last state */
  deleted(name: string): { t: number; last: Pod } | undefined;
  /** the same, looking only at changes at or after `after` */
  firstTimeAfter(after: number, name: string, predicate: (p: Pod) => boolean): number | undefined;
}

export function harness(opts: { version?: KubeVersion; images?: Record<string, ImageBehaviour>; nodes?: NodeRequest[] } = {}): Harness {
  const version = opts.version ?? '1.35';
  const clock = new Clock();
  const rng = new Rng(7);
  const api = new ApiServer(version, clock, rng);
  const events = new EventRecorder(api, clock);
  const history: Array<{ t: number; type: string; obj: KObject }> = [];
  api.watch((ev) => history.push({ t: clock.now(), type: ev.type, obj: ev.object }));
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const actions = new Map<string, ActionHandler>();
  const ctx: SimContext = {
    api,
    clock,
    rng,
    events,
    config: { version, seed: 7, images: opts.images ?? {} },
    registerAction: (verb, h) => actions.set(verb, h),
  };
  const volumeData = new VolumeData();
  const kubelets = new Kubelets(volumeData);
  kubelets.start(ctx);
  for (const n of opts.nodes ?? [{ name: 'worker-1' }]) actions.get('addNode')!(n);
  return {
    api,
    clock,
    kubelets,
    volumeData,
    act: (verb, args) => actions.get(verb)!(args),
    pod: (spec, meta = {}, node = 'worker-1') =>
      api.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', ...meta }, spec: { nodeName: node, ...spec } }),
    get: (name, ns = 'default') => api.get<Pod>('Pod', ns, name),
    at: (ms) => clock.runUntil(ms),
    events: (name) =>
      api.list<KObject>('Event')
        .filter((e) => (e.involvedObject as { name: string }).name === name)
        .map((e) => ({
          reason: e.reason as string,
          message: e.message as string,
          type: e.type as string,
          count: e.count as number,
          fieldPath: (e.involvedObject as { fieldPath?: string }).fieldPath,
        })),
    firstTime: (name, predicate) =>
      history.find((h) => h.obj.kind === 'Pod' && h.obj.metadata.name === name && predicate(h.obj as unknown as Pod))?.t,
    deleted: (name) => {
      const d = history.find((h) => h.type === 'DELETED' && h.obj.kind === 'Pod' && h.obj.metadata.name === name);
      return d && { t: d.t, last: d.obj as unknown as Pod };
    },
    firstTimeAfter: (after, name, predicate) =>
      history.find((h) => h.t >= after && h.obj.kind === 'Pod' && h.obj.metadata.name === name && predicate(h.obj as unknown as Pod))?.t,
  };
}

export const nginx = { name: 'nginx', image: 'nginx:1.27' };

export function ready(p: Pod | undefined): boolean {
  return !!p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function container(p: Pod | undefined, name = 'nginx') {
  return p?.status?.containerStatuses?.find((c) => c.name === name);
}

/** A hostPath PV and a claim bound to it, as the PV controller would leave them. */
export function boundClaim(h: Harness, claim = 'data', pv = 'pv-data'): void {
  h.api.create({
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: pv },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/mnt/${pv}` }, storageClassName: '' },
  });
  const pvc = h.api.create<PersistentVolumeClaim>({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '', volumeName: pv },
  });
  bind(h, pvc, pv);
}

export function bind(h: Harness, pvc: PersistentVolumeClaim, pv: string): void {
  const current = h.api.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', pvc.metadata!.name!)!;
  h.api.updateStatus({ ...(current as never as Record<string, unknown>), status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } } as never);
  const v = h.api.get<Record<string, unknown> & { spec: Record<string, unknown> }>('PersistentVolume', undefined, pv)!;
  h.api.update({ ...v, spec: { ...v.spec, claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: pvc.metadata!.name, uid: current.metadata!.uid } } } as never);
}

