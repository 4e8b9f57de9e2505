/**
 * A simulated cluster as kind would give it: the control-plane components and controllers of a
 * default kube-controller-manager, kube-scheduler, a kubelet per node, CoreDNS-style DNS, the
 * scenario's storage classes and nodes.
 */
import type { ClusterRequest, StorageClassRequest } from '../kube/cluster-request';
import type { KObject } from '../kube/object';
import type { SizeLimits } from '../kube/size-limits';
import { GarbageCollector } from './controllers/gc';
import { JobController, TtlAfterFinishedController } from './controllers/job';
import { NamespaceController, SystemNamespacesController } from './controllers/namespace';
import { rootCaCertPublisher, serviceAccountsController } from './controllers/namespace-defaults';
import { CronJobController } from './controllers/cronjob';
import { DaemonSetController } from './controllers/daemonset';
import { DeploymentController } from './controllers/deployment';
import { DisruptionController } from './controllers/disruption';
import { NodeLifecycleController } from './controllers/nodelifecycle';
import { PodGarbageCollector } from './controllers/podgc';
import { ReplicaSetController } from './controllers/replicaset';
import { ResourceQuotaController } from './controllers/resourcequota';
import { StatefulSetController } from './controllers/statefulset';
import { TaintEvictionController } from './controllers/tainteviction';
import { EphemeralVolumeController, ExpandController, LocalPathProvisioner, PersistentVolumeController, PvcProtectionController, PvProtectionController } from './controllers/volume';
import { Kubelets } from './kubelet/kubelets';
import { Dns, EndpointSliceController, EndpointsController, ServiceRegistry } from './network';
import { Scheduler } from './scheduler';
import { InvariantChecker } from './invariants';
import { Simulator } from './simulator';
import { SystemWorkloads } from './system';
import { VolumeData } from './storage/volume-data';

export interface SimulatedCluster {
  sim: Simulator;
  kubelets: Kubelets;
  dns: Dns;
}

/** The annotation that marks the default StorageClass (DefaultStorageClass admission reads it). */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export interface BuildOptions {
  /** how much the scenario may create (default DEFAULT_SIZE_LIMITS) */
  limits?: Readonly<SizeLimits>;
  /** check the cluster's invariants at the end of every instant (src/sim/invariants): tests turn it on */
  checkInvariants?: boolean;
}

export function buildCluster(request: ClusterRequest, seed: number, options: BuildOptions = {}): SimulatedCluster {
  const cluster = constructCluster(request, seed, options);
  bootCluster(cluster, request);
  return cluster;
}

/** The components of the cluster, started, with the system namespaces but no node yet. */
export function constructCluster(request: ClusterRequest, seed: number, { limits, checkInvariants }: BuildOptions = {}): SimulatedCluster {
  const volumeData = new VolumeData();
  const kubelets = new Kubelets(volumeData, request.podSubnet);
  const sim = new Simulator(
    { version: request.version, seed, images: request.images, limits },
    [
      // The Service registry first: its admission hook must exist before any Service is created.
      new ServiceRegistry(),
      new EndpointSliceController(),
      new EndpointsController(),
      new Scheduler(),
      kubelets,
      new ReplicaSetController(),
      new DeploymentController(),
      new StatefulSetController(),
      new DaemonSetController(),
      new JobController(),
      new CronJobController(),
      new TtlAfterFinishedController(),
      new DisruptionController(),
      new NodeLifecycleController(kubelets.heartbeats()),
      new TaintEvictionController(),
      new PodGarbageCollector(),
      new PersistentVolumeController(volumeData),
      new LocalPathProvisioner(volumeData),
      new PvcProtectionController(),
      new PvProtectionController(),
      new EphemeralVolumeController(),
      new ExpandController(),
      new GarbageCollector(),
      new ResourceQuotaController(),
      new NamespaceController(),
      new SystemNamespacesController(),
      serviceAccountsController(),
      rootCaCertPublisher(),
      new SystemWorkloads(),
      // last: it reads what the others wrote at an instant
      ...(checkInvariants ? [new InvariantChecker()] : []),
    ],
    request.namespaces,
  );
  return { sim, kubelets, dns: new Dns(sim.api) };
}

/** What `kind create cluster` does once the control plane runs: storage classes, then the nodes join. */
function bootCluster({ sim }: SimulatedCluster, request: ClusterRequest): void {
  for (const sc of request.storageClasses) sim.api.create(storageClassObject(sc));
  // kind's order (create.go): kubeadm init on the control plane, the CNI and storage manifests
  // (SystemWorkloads), then the workers join, so CoreDNS lands on the control plane as on kind
  for (const node of request.nodes) if (node.role === 'control-plane') sim.act('addNode', node);
  sim.settle();
  for (const node of request.nodes) if (node.role !== 'control-plane') sim.act('addNode', node);
  sim.settle();
}

function storageClassObject(sc: StorageClassRequest): KObject {
  const obj: KObject = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: sc.name, ...(sc.default ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}) },
    provisioner: sc.provisioner,
  };
  if (sc.volumeBindingMode) obj.volumeBindingMode = sc.volumeBindingMode;
  if (sc.reclaimPolicy) obj.reclaimPolicy = sc.reclaimPolicy;
  if (sc.allowVolumeExpansion !== undefined) obj.allowVolumeExpansion = sc.allowVolumeExpansion;
  if (sc.parameters) obj.parameters = sc.parameters;
  return obj;
}
