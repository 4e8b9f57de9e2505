/**
 * rancher.io/local-path, the dynamic provisioner kind ships (kind pkg/build/nodeimage/
 * const_storage.go: storage under /var/local-path-provisioner, class "standard",
 * WaitForFirstConsumer, reclaimPolicy Delete), as run by sig-storage-lib-external-provisioner v8
 * (local-path-provisioner v0.0.28, the base of kind's image).
 *
 * Library side (controller.go): a claim is provisioned when it names this provisioner in
 * volume.kubernetes.io/storage-provisioner (set by the PV controller) and, for a
 * WaitForFirstConsumer class, carries volume.kubernetes.io/selected-node. Events Provisioning /
 * ProvisioningSucceeded / ProvisioningFailed go on the claim; failures retry with back-off 15s
 * doubling to 1000s, at most 15 times. A released volume with reclaimPolicy Delete is deleted,
 * storage first, then the PV object.
 *
 * Provisioner side (provisioner.go): ReadWriteOnce/ReadWriteOncePod only, no selector; the PV is a
 * hostPath directory `<base>/<pv>_<namespace>_<claim>` pinned to the selected node by required
 * node affinity on kubernetes.io/hostname, with the claim's request as capacity.
 */
import { ApiError } from '../../../errors';
import type { Component, SimContext } from '../../context';
import type { WatchEvent } from '../../apiserver/store';
import type { VolumeData } from '../../storage/volume-data';
import { WorkQueue } from '../../workqueue';
import { claimClass } from './storage-class';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  type ClaimObj,
  type NodeObj,
  type StorageClassObj,
  type VolumeObj,
  claimReference,
  storageKeyOfVolume,
} from './types';
import { queueKey, splitQueueKey } from '../shared/queue-key';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
/** kind's local-path-config: DEFAULT_PATH_FOR_NON_LISTED_NODES */
export const LOCAL_PATH_BASE = '/var/local-path-provisioner';
/** provisioner.go nodeNameAnnotationKey */
export const ANN_LOCAL_PATH_SELECTED_NODE = 'local.path.provisioner/selected-node';
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/**
 * Provision and delete each run a helper pod (helper-pod-create-<pv> / helper-pod-delete-<pv> in
 * local-path-storage: mkdir / rm -rf on the node) and poll it every second until it succeeds. The
 * simulator does not create those pods; 3s stands for pod start, the command and the next poll.
 */
export const DEFAULT_HELPER_POD_MS = 3_000;

/** controller.go: ItemExponentialFailureRateLimiter(15s, 1000s), FailedProvision/DeleteThreshold 15. */
const RETRY_BASE_MS = 15_000;
const RETRY_MAX_MS = 1_000_000;
const FAILURE_THRESHOLD = 15;

export interface LocalPathProvisionerOptions {
  provisionerName?: string;
  basePath?: string;
  helperPodMs?: number;
  /** event source; default `<name>_local-path-provisioner-<hash>-<suffix>_<uuid>` like the library's */
  identity?: string;
}

/** Work that completes later (a helper pod); it calls `done` when it has. */
type Operation = (done: () => void) => void;

/** A failure the library reports and retries (vs. one that stops provisioning for good). */
class ProvisionFailure extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

export class LocalPathProvisioner implements Component {
  private ctx!: SimContext;
  private identity = '';
  private claimQueue!: WorkQueue;
  private volumeQueue!: WorkQueue;
  /** keys whose helper pod is running; events meanwhile only mark them for another pass */
  private readonly busy = new Map<string, { again: boolean }>();
  private readonly failures = new Map<string, number>();
  private readonly name: string;
  private readonly basePath: string;
  private readonly helperPodMs: number;

  constructor(
    private readonly data: VolumeData,
    private readonly options: LocalPathProvisionerOptions = {},
  ) {
    this.name = options.provisionerName ?? LOCAL_PATH_PROVISIONER;
    this.basePath = options.basePath ?? LOCAL_PATH_BASE;
    this.helperPodMs = options.helperPodMs ?? DEFAULT_HELPER_POD_MS;
  }

  start(ctx: SimContext): void {
    this.ctx = ctx;
    const { rng } = ctx;
    this.identity = this.options.identity ?? `${this.name}_local-path-provisioner-${rng.suffix(10)}-${rng.suffix(5)}_${rng.uuid()}`;
    this.claimQueue = new WorkQueue(ctx.clock, (key) => this.run(`claim:${key}`, () => this.syncClaim(key)));
    this.volumeQueue = new WorkQueue(ctx.clock, (name) => this.run(`volume:${name}`, () => this.syncVolume(name)));
    ctx.api.watch((ev) => this.observe(ev), ['PersistentVolumeClaim', 'PersistentVolume']);
  }

  private observe(ev: WatchEvent): void {
    if (ev.type === 'DELETED') {
      // a claim key's failure count ends with the claim (upstream keys its queue by claim uid)
      if (ev.object.kind === 'PersistentVolumeClaim') this.failures.delete(`claim:${queueKey(ev.object)}`);
      return;
    }
    if (ev.object.kind === 'PersistentVolumeClaim') this.enqueue(this.claimQueue, 'claim:', queueKey(ev.object));
    else if (ev.object.kind === 'PersistentVolume') this.enqueue(this.volumeQueue, 'volume:', ev.object.metadata.name);
  }

  private enqueue(queue: WorkQueue, prefix: string, key: string, delayMs = 0): void {
    const busy = this.busy.get(prefix + key);
    if (busy) busy.again = true;
    else queue.add(key, delayMs);
  }

  /**
   * One work item. `sync` either finishes at once or returns an operation that reports when its
   * helper pod is done; until then the key is busy and new events for it wait (the library's
   * worker is blocked in Provision/Delete meanwhile). Failures retry with the library's back-off.
   */
  private run(key: string, sync: () => Operation | void): void {
    let operation: Operation | void;
    try {
      operation = sync();
    } catch (err) {
      return this.failed(key, err);
    }
    if (!operation) return void this.failures.delete(key);
    this.busy.set(key, { again: false });
    operation(() => {
      const again = this.busy.get(key)?.again;
      this.busy.delete(key);
      this.failures.delete(key);
      if (again) this.requeue(key, 0);
    });
  }

  private failed(key: string, err: unknown): void {
    if (err instanceof ProvisionFailure && !err.retry) return void this.failures.delete(key);
    if (!(err instanceof ProvisionFailure) && !(err instanceof ApiError)) throw err;
    const n = this.failures.get(key) ?? 0;
    if (n >= FAILURE_THRESHOLD) return; // "Giving up syncing": only a new event brings it back
    this.failures.set(key, n + 1);
    this.requeue(key, Math.min(RETRY_BASE_MS * 2 ** n, RETRY_MAX_MS));
  }

  private requeue(key: string, delayMs: number): void {
    const [kind, rest] = [key.slice(0, key.indexOf(':') + 1), key.slice(key.indexOf(':') + 1)];
    this.enqueue(kind === 'claim:' ? this.claimQueue : this.volumeQueue, kind, rest, delayMs);
  }

  // ---- provisioning ----------------------------------------------------------------------------

  /** syncClaim: shouldProvision, then provisionClaimOperation. */
  private syncClaim(key: string): Operation | void {
    const [namespace, name] = splitQueueKey(key);
    const claim = this.ctx.api.get<ClaimObj>('PersistentVolumeClaim', namespace, name);
    if (!claim || !this.shouldProvision(claim)) return;
    return this.provision(claim);
  }

  private shouldProvision(claim: ClaimObj): boolean {
    if (claim.spec?.volumeName) return false;
    const ann = claim.metadata.annotations ?? {};
    const requested = ann[ANN_STORAGE_PROVISIONER] ?? ann[ANN_BETA_STORAGE_PROVISIONER];
    if (requested !== this.name) return false;
    const sc = this.storageClass(claim);
    if (sc.volumeBindingMode === 'WaitForFirstConsumer') return !!ann[ANN_SELECTED_NODE];
    return true;
  }

  /** provisionClaimOperation */
  private provision(claim: ClaimObj): Operation | void {
    const pvName = `pvc-${claim.metadata.uid}`;
    if (this.ctx.api.get('PersistentVolume', undefined, pvName)) return; // already provisioned
    if (claim.spec?.volumeMode === 'Block') {
      this.event(claim, 'Warning', 'ProvisioningFailed', `${this.name} does not support block volume provisioning`);
      throw new ProvisionFailure('block', false);
    }
    const sc = this.storageClass(claim);
    if (sc.provisioner !== this.name) return;
    const node = this.selectedNode(claim);
    this.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${queueKey(claim)}"`);
    const invalid = this.unsupported(claim, node);
    if (invalid) {
      const message = `failed to provision volume with StorageClass "${claimClass(claim)}": ${invalid}`;
      this.event(claim, 'Warning', 'ProvisioningFailed', message);
      throw new ProvisionFailure(message, true);
    }
    return (done) =>
      this.ctx.clock.after(this.helperPodMs, () => {
        done();
        this.saveVolume(claim, sc, node!, pvName);
      });
  }

  /** The selected node, if the claim names one; a missing node is ProvisioningFailed and retried. */
  private selectedNode(claim: ClaimObj): NodeObj | undefined {
    const name = claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (!name) return undefined;
    const node = this.ctx.api.get<NodeObj>('Node', undefined, name);
    if (node) return node;
    const message = `failed to get target node: nodes "${name}" not found`;
    this.event(claim, 'Warning', 'ProvisioningFailed', message);
    throw new ProvisionFailure(message, true);
  }

  /** provisionFor's checks for NodePath (non-shared) storage. */
  private unsupported(claim: ClaimObj, node: NodeObj | undefined): string | undefined {
    if (claim.spec?.selector) return 'claim.Spec.Selector is not supported';
    const modes = claim.spec?.accessModes ?? [];
    if (modes.some((m) => m !== 'ReadWriteOnce' && m !== 'ReadWriteOncePod')) {
      return 'NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes';
    }
    if (!node) return 'configuration error, no node was specified';
    return undefined;
  }

  /** The helper pod made the directory: create the PV, bound to the claim by claimRef. */
  private saveVolume(claim: ClaimObj, sc: StorageClassObj, node: NodeObj, pvName: string): void {
    const nodeName = node.metadata.name;
    const hostname = node.metadata.labels?.[HOSTNAME_LABEL] ?? nodeName;
    const path = `${this.basePath}/${pvName}_${claim.metadata.namespace}_${claim.metadata.name}`;
    const pv: VolumeObj = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: pvName,
        annotations: { [ANN_LOCAL_PATH_SELECTED_NODE]: nodeName, [ANN_DYNAMICALLY_PROVISIONED]: sc.provisioner },
      },
      spec: {
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        accessModes: [...(claim.spec?.accessModes ?? [])],
        volumeMode: 'Filesystem',
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
        hostPath: { path, type: 'DirectoryOrCreate' },
        nodeAffinity: {
          required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [hostname] }] }] },
        },
        claimRef: claimReference(claim),
        storageClassName: claimClass(claim),
      },
    };
    this.data.files(storageKeyOfVolume(pv)); // mkdir -m 0777 -p
    try {
      this.ctx.api.create(pv);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.reason !== 'AlreadyExists') return this.abandon(claim, pv, err.message);
    }
    this.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
  }

  /**
   * The PV object could not be saved: the library reports it and deletes the storage again.
   * unverified: upstream first retries the create 5 times, 10s apart (BackoffStore).
   */
  private abandon(claim: ClaimObj, pv: VolumeObj, reason: string): void {
    this.event(claim, 'Warning', 'ProvisioningFailed', `Error creating provisioned PV object for claim ${queueKey(claim)}: ${reason}. Deleting the volume.`);
    this.data.destroy(storageKeyOfVolume(pv));
  }

  // ---- deletion --------------------------------------------------------------------------------

  /** syncVolume: shouldDelete, then deleteVolumeOperation. */
  private syncVolume(name: string): Operation | void {
    const pv = this.ctx.api.get<VolumeObj>('PersistentVolume', undefined, name);
    if (!pv || !this.shouldDelete(pv)) return;
    const location = this.location(pv);
    if (typeof location === 'string') {
      this.event(pv, 'Warning', 'VolumeFailedDelete', location);
      throw new ProvisionFailure(location, true);
    }
    return (done) =>
      this.ctx.clock.after(location.nodeExists ? this.helperPodMs : 0, () => {
        done();
        if (location.nodeExists) this.data.destroy(storageKeyOfVolume(pv));
        this.deleteObject(pv);
      });
  }

  /** shouldDelete (no finalizer option): Released, Delete, provisioned by us, not being deleted. */
  private shouldDelete(pv: VolumeObj): boolean {
    if (pv.metadata.deletionTimestamp) return false;
    if (pv.status?.phase !== 'Released') return false;
    if (pv.spec?.persistentVolumeReclaimPolicy !== 'Delete') return false;
    return pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] === this.name;
  }

  /**
   * getPathAndNodeForPV; a node that no longer exists means there is nothing to clean up. Errors
   * are wrapped twice ("failed to delete volume <pv>: ...") as deleteFor and getPathAndNodeForPV
   * each wrap them.
   */
  private location(pv: VolumeObj): { nodeExists: boolean } | string {
    const wrap = (msg: string) => `failed to delete volume ${pv.metadata.name}: failed to delete volume ${pv.metadata.name}: ${msg}`;
    const spec = pv.spec ?? {};
    if (!!spec.hostPath === !!spec.local) return wrap('no path set');
    if (!spec.nodeAffinity) return wrap('no NodeAffinity set');
    if (!spec.nodeAffinity.required) return wrap('no NodeAffinity.Required set');
    let node: string | undefined;
    for (const term of spec.nodeAffinity.required.nodeSelectorTerms) {
      const e = (term.matchExpressions ?? []).find((x) => x.key === HOSTNAME_LABEL && x.operator === 'In');
      if (!e) continue;
      if ((e.values ?? []).length !== 1) return wrap('multiple values for the node affinity');
      node = e.values![0];
      break;
    }
    if (!node) return wrap('cannot find affinited node');
    return { nodeExists: !!this.ctx.api.get('Node', undefined, node) };
  }

  private deleteObject(pv: VolumeObj): void {
    try {
      this.ctx.api.delete('PersistentVolume', undefined, pv.metadata.name, { uid: pv.metadata.uid });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** getStorageClass; a missing class is an error the library retries. */
  private storageClass(claim: ClaimObj): StorageClassObj {
    const name = claimClass(claim);
    const sc = this.ctx.api.get<StorageClassObj>('StorageClass', undefined, name);
    if (!sc) throw new ProvisionFailure(`storageclass.storage.k8s.io "${name}" not found`, true);
    return sc;
  }

  private event(obj: ClaimObj | VolumeObj, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(obj, type, reason, message, this.identity);
  }
}
