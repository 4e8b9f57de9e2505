/**
 * Test bench for the storage controllers: a real ApiServer, Clock, Rng, EventRecorder and
 * VolumeData with the components under test. The scheduler and the kubelet are not here: tests
 * play their part by hand (set spec.nodeName, write the selected-node annotation, delete pods).
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import type { Component, SimContext } from '../../../../src/sim/context';
import { EventRecorder } from '../../../../src/sim/events';
import { Rng } from '../../../../src/sim/rng';
import { VolumeData, storageKeyOfPv } from '../../../../src/sim/storage/volume-data';
import { clone, type KObject } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import {
  LocalPathProvisioner,
  PersistentVolumeController,
  PvProtectionController,
  PvcProtectionController,
  type LocalPathProvisionerOptions,
  type PersistentVolumeControllerOptions,
} from '../../../../src/sim/controllers/volume';

export type PvK = KObject & PersistentVolume;
export type PvcK = KObject & PersistentVolumeClaim;
export type PodK = KObject & Pod;
export type EventK = KObject & { involvedObject: { kind: string; name: string }; reason: string; message: string; type: string; count: number; source: { component: string } };

export interface BenchOptions {
  version?: KubeVersion;
  pv?: PersistentVolumeControllerOptions | false;
  provisioner?: LocalPathProvisionerOptions | false;
  protection?: boolean;
  extra?: Component[];
}

export class Bench {
  readonly clock = new Clock();
  readonly rng = new Rng(7);
  readonly api: ApiServer;
  readonly events: EventRecorder;
  readonly data = new VolumeData();

  constructor(o: BenchOptions = {}) {
    const version = o.version ?? '1.35';
    this.api = new ApiServer(version, this.clock, this.rng);
    this.events = new EventRecorder(this.api, this.clock);
    for (const ns of SYSTEM_NAMESPACES) this.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const ctx: SimContext = {
      api: this.api,
      clock: this.clock,
      rng: this.rng,
      events: this.events,
      config: { version, seed: 7, images: {} },
      registerAction: () => undefined,
    };
    const components: Component[] = [];
    if (o.pv !== false) components.push(new PersistentVolumeController(this.data, o.pv || {}));
    if (o.provisioner !== false) components.push(new LocalPathProvisioner(this.data, { identity: 'rancher.io/local-path_test', ...(o.provisioner || {}) }));
    if (o.protection !== false) components.push(new PvcProtectionController(), new PvProtectionController());
    components.push(...(o.extra ?? []));
    for (const c of components) c.start(ctx);
  }

  /** Runs the clock forward by ms. */
  run(ms: number): void {
    this.clock.runUntil(this.clock.now() + ms);
  }

  create<T = KObject>(obj: KObject): T {
    return this.api.create<T>(obj);
  }

  pv(name: string): PvK | undefined {
    return this.api.get<PvK>('PersistentVolume', undefined, name);
  }

  pvc(name: string, ns = 'default'): PvcK | undefined {
    return this.api.get<PvcK>('PersistentVolumeClaim', ns, name);
  }

  /** Events about an object: "<reason>: <message>" in creation order. */
  eventsAbout(name: string): string[] {
    return this.eventObjects(name).map((e) => `${e.reason}: ${e.message}`);
  }

  eventObjects(name: string): EventK[] {
    return this.api.list<EventK>('Event').filter((e) => e.involvedObject.name === name);
  }

  /** Deletes a PVC or PV as kubectl does (finalizers then decide when it is gone). */
  deleteClaim(name: string, ns = 'default'): void {
    this.api.delete('PersistentVolumeClaim', ns, name);
  }

  /** Applies a change to a copy of the stored object and writes it back. */
  edit<T extends KObject>(obj: T | undefined, change: (o: T) => void): T {
    const next = clone(obj!);
    change(next);
    return this.api.update<T>(next);
  }

  /** The files on a volume's storage. */
  files(pv: PvK): Map<string, string> {
    return this.data.files(storageKeyOfPv(pv));
  }

  /** Plays the scheduler's volume binder: picks a node for a WaitForFirstConsumer claim. */
  selectNode(claim: string, node: string, ns = 'default'): void {
    this.edit(this.pvc(claim, ns), (c) => {
      c.metadata.annotations = { ...c.metadata.annotations, 'volume.kubernetes.io/selected-node': node };
    });
  }

  node(name: string, labels: Record<string, string> = {}): void {
    this.create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } });
  }
}

/** A static PersistentVolume as the seed tutorials write them. */
export function pv(name: string, o: {
  size?: string;
  modes?: string[];
  policy?: string;
  className?: string;
  legacyClass?: string;
  labels?: Record<string, string>;
  source?: Record<string, unknown>;
  volumeMode?: string;
  claimRef?: { name: string; namespace?: string };
} = {}): KObject {
  const spec: Record<string, unknown> = {
    capacity: { storage: o.size ?? '1Gi' },
    accessModes: o.modes ?? ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: o.policy ?? 'Retain',
    ...(o.source ?? { hostPath: { path: `/tmp/${name}` } }),
  };
  if (o.className !== undefined) spec.storageClassName = o.className;
  if (o.volumeMode) spec.volumeMode = o.volumeMode;
  if (o.claimRef) spec.claimRef = { namespace: 'default', ...o.claimRef };
  const metadata: Record<string, unknown> = { name };
  if (o.labels) metadata.labels = o.labels;
  if (o.legacyClass !== undefined) metadata.annotations = { 'volume.beta.kubernetes.io/storage-class': o.legacyClass };
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: metadata as KObject['metadata'], spec };
}

/** A claim; `className: null` leaves spec.storageClassName out. */
export function pvc(name: string, o: {
  size?: string;
  modes?: string[];
  className?: string | null;
  legacyClass?: string;
  selector?: Record<string, unknown>;
  volumeName?: string;
  volumeMode?: string;
  namespace?: string;
} = {}): KObject {
  const spec: Record<string, unknown> = {
    accessModes: o.modes ?? ['ReadWriteOnce'],
    resources: { requests: { storage: o.size ?? '1Gi' } },
  };
  if (o.className !== undefined && o.className !== null) spec.storageClassName = o.className;
  if (o.selector) spec.selector = o.selector;
  if (o.volumeName) spec.volumeName = o.volumeName;
  if (o.volumeMode) spec.volumeMode = o.volumeMode;
  const metadata: Record<string, unknown> = { name, namespace: o.namespace ?? 'default' };
  if (o.legacyClass !== undefined) metadata.annotations = { 'volume.beta.kubernetes.io/storage-class': o.legacyClass };
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: metadata as KObject['metadata'], spec };
}

export function storageClass(name: string, o: { provisioner?: string; mode?: string; policy?: string; isDefault?: boolean } = {}): KObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, ...(o.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    provisioner: o.provisioner ?? 'rancher.io/local-path',
    volumeBindingMode: o.mode ?? 'WaitForFirstConsumer',
    reclaimPolicy: o.policy ?? 'Delete',
  };
}

/** A pod mounting claims, optionally already bound to a node. */
export function podUsing(name: string, claims: string[], nodeName?: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: 'app', image: 'busybox:1.36', volumeMounts: claims.map((c) => ({ name: c, mountPath: `/data/${c}` })) }],
      volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })),
    },
  };
}
