/**
 * Every field of every kind the simulator serves, classified: implemented (and where), of no
 * observable effect (and why), or unimplemented (the feature, and from which release the API
 * server keeps the field). The field paths come from the generated field-type table
 * (kube/field-paths.ts over manifest-types.generated.ts); test/sim/field-inventory.test.ts fails
 * when a release's table has a path nothing here classifies, or when an entry names a path no
 * table has, so a new release's fields each need a decision here. docs/field-inventory.md is
 * written from this module (scripts/generate-field-inventory.js).
 *
 * A rule applies to its path and everything below it, unless a longer path has its own rule.
 * Paths use '.' between fields, `[*]` for a list's items and `{*}` for a map's values; '' is the
 * whole object. `see` hands the rest of the path to a section: shared struct types (object
 * metadata, the pod spec, a container...) are classified once.
 *
 * The unimplemented rules are the one source of the runner's up-front refusal
 * (sim/unimplemented.ts): a scenario whose manifest sets such a field does not run.
 */
import type { LifecycleHandler } from 'kubernetes-types/core/v1';
import type { KubeMinor } from '../kube/version';
import { hookRun } from './kubelet/process-model';

export type FieldRule =
  /** `by`: the modules (below src/) that act on the field */
  | { is: 'implemented'; by: string }
  /** stored and returned; nothing in the simulator or a scenario could tell it is there */
  | { is: 'no-effect'; why: string }
  /**
   * The simulator does not do what the field asks. `servedFrom`: the first release whose API
   * server keeps the field (before that its gate is off and upstream drops it on write, which the
   * simulator's dropping or ignoring matches); `when`: only the values it accepts are unimplemented.
   */
  | { is: 'unimplemented'; servedFrom: KubeMinor; feature: string; when?: ValueFilter }
  | { is: 'see'; section: SectionName };

export interface ValueFilter {
  /** `holder`: the object the field is in (its siblings) */
  accepts: (value: unknown, holder: Record<string, unknown>) => boolean;
  /** the values it accepts, for people: "values other than Always" */
  described: string;
}

export type Rules = Readonly<Record<string, FieldRule>>;

export type SectionName =
  | 'object metadata' | 'label selector' | 'node selector' | 'pod template' | 'pod spec' | 'container' | 'volume'
  | 'claim spec' | 'claim template' | 'job spec';

const impl = (by: string): FieldRule => ({ is: 'implemented', by });
const inert = (why: string): FieldRule => ({ is: 'no-effect', why });
const gap = (servedFrom: KubeMinor, feature: string, when?: ValueFilter): FieldRule =>
  ({ is: 'unimplemented', servedFrom, feature, ...(when ? { when } : {}) });
const see = (section: SectionName): FieldRule => ({ is: 'see', section });

// ---- reasons and features used more than once ---------------------------------------------------

const NO_TRAFFIC = 'no kube-proxy and no data plane: nothing carries traffic (docs/simulator.md, network), so no check can see it';
const NO_PROCESS = "nothing runs in a simulated container, and the runner cannot read a container's environment or output";
const NO_MOUNT = 'no mount is performed; a volume is a store of files keyed by its source (kubelet/volumes.ts)';
// kuberuntime startContainer runs the postStart hook before the container counts as started and
// kills the container when the hook fails (FailedPostStartHook); the simulator runs no postStart
// hook, which matches only a hook that ends at once with 0 (the process model's reading)
const POST_START = gap('1.29', "postStart hooks (the kubelet holding the container's start until the hook ends, and killing it when the hook fails)", {
  accepts: (hook) => !endsAtOnceWithZero(hook),
  described: 'hooks other than a command that ends at once with exit code 0',
});

function endsAtOnceWithZero(hook: unknown): boolean {
  const command = (hook as LifecycleHandler | undefined)?.exec?.command;
  if (!command) return false;
  const run = hookRun(command);
  return run.exitAfterMs === 0 && run.exitCode === 0;
}

/** Security settings: admission reads them; no runtime enforces them (nothing runs in a container). */
const SECURITY = impl('sim/apiserver/pod-security (PodSecurity admission); kube/validation/pod.ts');
// kuberuntime verifyRunAsNonRoot: with runAsNonRoot and no runAsUser the kubelet reads the
// image's user and fails the container (CreateContainerConfigError) when it is root or not
// numeric; the simulator knows no image's user. runAsUser 0 beside runAsNonRoot fails the same
// way and is not modelled either; it is left out here because a seed scenario admits such a pod
// (scenarios/k8s-docs/security-pod-security-versions.yaml, which checks admission only).
const RUN_AS_NON_ROOT = gap('1.29', "the kubelet's check of the image's user against runAsNonRoot (CreateContainerConfigError)", {
  accepts: (value, holder) => value === true && holder.runAsUser === undefined,
  described: 'true without a runAsUser beside it',
});
const WINDOWS = 'Windows nodes are not simulated (every node is linux); validation and PodSecurity read it';
const SYSTEM_SET = 'written by the API server, a value in a manifest is replaced or refused (sim/apiserver/store.ts)';
const ANNOTATIONS = 'stored and returned; the annotations the simulator acts on are ones it writes itself';
const NO_FLOW_CONTROL = 'API priority and fairness: the simulator serves every request at once, so no request is queued or refused by its priority level';
const RBAC = "every request of a scenario is the cluster admin's: no step acts as another user, so no authorization decision can be observed";
const VOLUME_ATTRIBUTES = 'volume attributes classes: VolumeAttributesClass';
const DRA = 'dynamic resource allocation: DynamicResourceAllocation';
const RESTART_RULES = 'container restart rules: ContainerRestartRules';
/** A field of a gate off in every emulated release: dropped on write, as upstream does. */
const dropped = (gate: string, by = 'kube/defaults/pod-disabled-fields.ts'): FieldRule =>
  impl(`${by} (${gate} is off in every emulated release: the field is dropped on write)`);
const STATUS_CLEARED = 'the API server ignores a manifest\'s status for this kind (PrepareForCreate); controllers write it';
const other = (value: string): ValueFilter => ({ accepts: (v) => v !== value, described: `values other than ${value}` });
/** the hostPath types that create what is missing: the others check the path first */
const CHECKED_HOST_PATH: ValueFilter = {
  accepts: (t) => t !== '' && t !== 'DirectoryOrCreate' && t !== 'FileOrCreate',
  described: 'types other than "", DirectoryOrCreate and FileOrCreate',
};
// pkg/volume/hostpath checkType: Directory, File, Socket, CharDevice and BlockDevice fail the
// mount when the node's path is not of that type; the simulator's nodes have no such file tree
const HOST_PATH_TYPE = gap('1.29', "hostPath type checks (the kubelet failing the mount when the node's path is missing or of another type)", CHECKED_HOST_PATH);
// AtomicWriteVolumeUserFields (alpha 1.37): the owner of the files the kubelet writes
const FILE_OWNER = dropped('AtomicWriteVolumeUserFields');

/** Volume sources of in-tree plugins (removed, or migrated to CSI drivers kind does not install). */
const IN_TREE_SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk',
  'glusterfs', 'iscsi', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
];
const VOLUME_HEALTH = 'volume health, reported through CSI drivers: none runs, so nothing writes it';
const inTreeVolume = (what: string): FieldRule =>
  gap('1.29', `${what} volumes (the kubelet's in-tree plugin or CSI migration driver; the simulator mounts nothing and would start the pod)`);

/** Shared struct types, classified once and reached with `see`. */
export const SECTIONS: Readonly<Record<SectionName, Rules>> = {
  'object metadata': {
    '': impl('sim/apiserver/store.ts'),
    annotations: inert(ANNOTATIONS),
    creationTimestamp: inert(SYSTEM_SET),
    deletionGracePeriodSeconds: inert(SYSTEM_SET),
    deletionTimestamp: inert(SYSTEM_SET),
    generation: inert(SYSTEM_SET),
    resourceVersion: impl('sim/apiserver/store.ts'),
    selfLink: inert('never written since 1.20 (RemoveSelfLink); stored as given'),
    uid: inert(SYSTEM_SET),
    finalizers: impl('sim/apiserver/store.ts, sim/controllers/gc'),
    ownerReferences: impl('sim/controllers/gc'),
    managedFields: gap('1.29', 'field management: managedFields tracking (server-side apply); the simulator never writes them'),
  },
  'label selector': { '': impl('kube/labels.ts') },
  'pod template': {
    '': impl('the owning kind\'s controller, which creates pods from it (sim/controllers)'),
    metadata: see('object metadata'),
    spec: see('pod spec'),
  },
  'pod spec': {
    '': impl('sim/kubelet, sim/scheduler'),
    activeDeadlineSeconds: impl('sim/kubelet/active-deadline.ts'),
    affinity: impl('sim/scheduler/plugins'),
    automountServiceAccountToken: impl('sim/apiserver/admission.ts'),
    containers: impl('sim/kubelet'),
    'containers[*]': see('container'),
    'containers[*].restartPolicy': gap('1.35', `per-container restart policies: ContainerRestartRules`),
    dnsConfig: impl('sim/kubelet/filesystem.ts'),
    dnsPolicy: impl('sim/kubelet/filesystem.ts, sim/network/dns.ts'),
    enableServiceLinks: impl('sim/kubelet/service-env.ts'),
    // validation refuses them on create (there is no ephemeralcontainers subresource); their
    // fields are a container's
    ephemeralContainers: impl('kube/validation/pod.ts'),
    'ephemeralContainers[*]': see('container'),
    'ephemeralContainers[*].restartPolicy': impl('kube/validation/pod.ts'),
    hostAliases: impl('sim/kubelet/filesystem.ts'),
    hostIPC: SECURITY,
    hostNetwork: impl('sim/kubelet/pod-worker.ts, sim/scheduler'),
    hostPID: SECURITY,
    hostUsers: SECURITY,
    hostname: impl('sim/kubelet/filesystem.ts, sim/network'),
    hostnameOverride: gap('1.35', 'hostname overrides: HostnameOverride'),
    imagePullSecrets: inert('images are pulled from the simulated registry without credentials (sim/kubelet/images.ts); admission reads the names'),
    initContainers: impl('sim/kubelet'),
    'initContainers[*]': see('container'),
    'initContainers[*].restartPolicy': gap('1.35', 'per-container restart policies: ContainerRestartRules', other('Always')),
    nodeName: impl('sim/scheduler, sim/kubelet'),
    nodeSelector: impl('sim/scheduler/node-selector.ts'),
    os: impl('sim/kubelet/admission.ts'),
    // the RuntimeClass admission plugin sets it from the pod's RuntimeClass and refuses a pod that
    // sets one its class does not define (plugin/pkg/admission/runtimeclass validateOverhead);
    // RuntimeClasses being refused, a pod's own overhead would be refused upstream
    overhead: gap('1.29', 'the RuntimeClass admission plugin (which refuses an overhead no RuntimeClass defines)'),
    preemptionPolicy: impl('sim/scheduler/preemption.ts'),
    priority: impl('sim/scheduler/queue.ts'),
    priorityClassName: impl('sim/apiserver/admission.ts'),
    readinessGates: impl('sim/kubelet/pod-conditions.ts'),
    resourceClaims: gap('1.34', DRA),
    resources: gap('1.34', 'pod-level resources: PodLevelResources'),
    restartPolicy: impl('sim/kubelet/pod-worker.ts'),
    runtimeClassName: gap('1.29', 'the RuntimeClass admission plugin and runtime handlers'),
    schedulerName: impl('sim/scheduler/scheduler.ts'),
    schedulingGates: impl('sim/scheduler/queue.ts'),
    securityContext: SECURITY,
    'securityContext.runAsNonRoot': RUN_AS_NON_ROOT,
    'securityContext.sysctls': gap('1.29', "the kubelet's sysctl admission"),
    'securityContext.windowsOptions': inert(WINDOWS),
    serviceAccount: impl('sim/apiserver/admission.ts'),
    serviceAccountName: impl('sim/apiserver/admission.ts'),
    setHostnameAsFQDN: impl('sim/kubelet/filesystem.ts'),
    shareProcessNamespace: inert(NO_PROCESS),
    subdomain: impl('sim/kubelet/filesystem.ts, sim/network'),
    terminationGracePeriodSeconds: impl('sim/kubelet/pod-worker.ts'),
    tolerations: impl('sim/scheduler, sim/controllers/tainteviction'),
    topologySpreadConstraints: impl('sim/scheduler/plugins/pod-topology-spread.ts'),
    volumes: impl('sim/kubelet/volumes.ts'),
    'volumes[*]': see('volume'),
    workloadRef: dropped('GenericWorkload'),
    schedulingGroup: dropped('GenericWorkload'),
    evictionResponders: dropped('EvictionRequestAPI'),
  },
  container: {
    // $(NAME) references to the container's variables are expanded before the process model reads them
    args: impl('sim/kubelet/environment.ts, sim/kubelet/process-model.ts'),
    command: impl('sim/kubelet/environment.ts, sim/kubelet/process-model.ts'),
    // makeEnvironmentVariables: the variables, and CreateContainerConfigError for a missing
    // ConfigMap, Secret or key that is not optional
    env: impl('sim/kubelet/environment.ts'),
    'env[*].valueFrom.fileKeyRef': gap('1.35', 'environment variables read from files: EnvFiles'),
    envFrom: impl('sim/kubelet/environment.ts'),
    image: impl('sim/kubelet/images.ts'),
    imagePullPolicy: impl('sim/kubelet/images.ts'),
    lifecycle: impl('sim/kubelet/prestop-hook.ts, sim/kubelet/pod-worker.ts'),
    'lifecycle.postStart': POST_START,
    'lifecycle.stopSignal': dropped('ContainerStopSignals'),
    'lifecycle.postStart.httpGet.protocol': dropped('H2CContainerProbe'),
    'lifecycle.preStop.httpGet.protocol': dropped('H2CContainerProbe'),
    livenessProbe: impl('sim/kubelet/probe-manager.ts, sim/kubelet/probes.ts'),
    'livenessProbe.httpGet.protocol': dropped('H2CContainerProbe'),
    'livenessProbe.grpc.mode': dropped('GRPCContainerProbeTLS'),
    readinessProbe: impl('sim/kubelet/probe-manager.ts, sim/kubelet/probes.ts'),
    'readinessProbe.httpGet.protocol': dropped('H2CContainerProbe'),
    'readinessProbe.grpc.mode': dropped('GRPCContainerProbeTLS'),
    startupProbe: impl('sim/kubelet/probe-manager.ts, sim/kubelet/probes.ts'),
    'startupProbe.httpGet.protocol': dropped('H2CContainerProbe'),
    'startupProbe.grpc.mode': dropped('GRPCContainerProbeTLS'),
    name: impl('sim/kubelet/runtime.ts'),
    ports: impl('sim/network/pod-endpoints.ts, sim/kubelet/probes.ts'),
    'ports[*].hostPort': impl('sim/scheduler/pod-info.ts'),
    'ports[*].hostIP': inert(NO_TRAFFIC),
    resizePolicy: impl('sim/kubelet/resize.ts, sim/apiserver/pod-resize.ts'),
    resources: impl('sim/scheduler/resources.ts, sim/kubelet/admission.ts'),
    'resources.claims': gap('1.34', DRA),
    // an ephemeral container's only (refused on create with the list)
    targetContainerName: impl('kube/validation/pod.ts'),
    // restartPolicy: the pod spec's rules for each container list
    restartPolicyRules: gap('1.35', RESTART_RULES),
    securityContext: SECURITY,
    'securityContext.runAsNonRoot': RUN_AS_NON_ROOT,
    // a writeFile step outside the container's writable mounts fails, as a write through exec does
    'securityContext.readOnlyRootFilesystem': impl('sim/kubelet/filesystem.ts'),
    'securityContext.windowsOptions': inert(WINDOWS),
    stdin: impl('sim/kubelet/process-model.ts'),
    stdinOnce: inert(`${NO_PROCESS}; no client attaches`),
    terminationMessagePath: inert('the kubelet reads the message a process writes there; simulated processes write none'),
    terminationMessagePolicy: inert('FallbackToLogsOnError reads the log of a failed container; simulated processes log nothing'),
    tty: impl('sim/kubelet/process-model.ts'),
    volumeDevices: impl('sim/kubelet/volumes.ts'),
    volumeMounts: impl('sim/kubelet/volumes.ts, sim/kubelet/filesystem.ts'),
    // a runtime's recursive read-only mounts (the kubelet reports Enabled in the container's
    // volumeMounts status, or fails the container when the runtime lacks them): not simulated
    'volumeMounts[*].recursiveReadOnly': gap('1.31', 'recursive read-only mounts: RecursiveReadOnlyMounts', other('Disabled')),
    'volumeMounts[*].mountPropagation': inert(NO_MOUNT),
    'volumeMounts[*].subPathExpr': impl('sim/kubelet/volume-mounts.ts'),
    'volumeMounts[*].bindMountOptions': dropped('VolumeBindMountOptions'),
    workingDir: inert(NO_PROCESS),
  },
  volume: {
    name: impl('sim/kubelet/volumes.ts'),
    configMap: impl('sim/kubelet/volumes.ts'),
    'configMap.defaultUser': FILE_OWNER,
    'configMap.items[*].user': FILE_OWNER,
    secret: impl('sim/kubelet/volumes.ts'),
    'secret.defaultUser': FILE_OWNER,
    'secret.items[*].user': FILE_OWNER,
    downwardAPI: impl('sim/kubelet/downward-api.ts'),
    'downwardAPI.defaultUser': FILE_OWNER,
    'downwardAPI.items[*].user': FILE_OWNER,
    projected: impl('sim/kubelet/downward-api.ts, sim/kubelet/volumes.ts'),
    'projected.defaultUser': FILE_OWNER,
    'projected.sources[*].configMap.items[*].user': FILE_OWNER,
    'projected.sources[*].secret.items[*].user': FILE_OWNER,
    'projected.sources[*].downwardAPI.items[*].user': FILE_OWNER,
    // ClusterTrustBundleProjection and PodCertificateRequest: beta and on in 1.37, dropped before
    'projected.sources[*].clusterTrustBundle': gap('1.37', 'ClusterTrustBundle projections: ClusterTrustBundleProjection'),
    'projected.sources[*].podCertificate': gap('1.37', 'pod certificates: PodCertificateRequest'),
    // the kubelet requests a token and writes it; the simulator writes no file (downward-api.ts)
    // and its own kube-api-access volume is the API server's, not a manifest's
    'projected.sources[*].serviceAccountToken': gap('1.29', 'service account token projections (the kubelet requesting a bound token and writing it)'),
    emptyDir: impl('sim/kubelet/volumes.ts'),
    'emptyDir.mode': dropped('EmptyDirVolumeMode'),
    hostPath: impl('sim/kubelet/volumes.ts, sim/storage/volume-data.ts'),
    'hostPath.type': HOST_PATH_TYPE,
    nfs: impl('sim/kubelet/volumes.ts, sim/storage/volume-data.ts'),
    persistentVolumeClaim: impl('sim/kubelet/volumes.ts'),
    ephemeral: impl('sim/kubelet/volumes.ts, kube/ephemeral-volume.ts'),
    'ephemeral.volumeClaimTemplate.metadata': see('object metadata'),
    'ephemeral.volumeClaimTemplate.spec': see('claim spec'),
    image: gap('1.35', 'image volumes (the kubelet pulling and mounting an OCI image): ImageVolume'),
    // served in every release: the kubelet clones the repository up to 1.32 and, GitRepoVolumeDriver
    // being off from 1.33, refuses to mount the volume after; the simulator does neither
    gitRepo: gap('1.29', 'gitRepo volumes (cloning up to 1.32, the kubelet refusing them from 1.33: GitRepoVolumeDriver)'),
    csi: gap('1.29', 'inline CSI volumes (a CSI driver mounting them; the simulator runs no CSI driver)'),
    ...Object.fromEntries(IN_TREE_SOURCES.map((source) => [source, inTreeVolume(source)])),
  },
  'claim spec': {
    '': impl('sim/controllers/volume'),
    accessModes: impl('sim/controllers/volume/matching.ts'),
    // unverified: what kind's local-path provisioner does with a claim that names a data source
    // (the simulator's provisioner ignores it and provisions an empty volume)
    dataSource: gap('1.29', 'volume populators and cloning (a provisioner filling the volume from a snapshot, claim or populator)'),
    dataSourceRef: gap('1.29', 'volume populators and cloning (a provisioner filling the volume from a snapshot, claim or populator)'),
    resources: impl('sim/controllers/volume/matching.ts'),
    selector: impl('sim/controllers/volume/matching.ts'),
    storageClassName: impl('sim/controllers/volume'),
    volumeAttributesClassName: gap('1.34', VOLUME_ATTRIBUTES),
    volumeMode: impl('sim/controllers/volume/matching.ts'),
    volumeName: impl('sim/controllers/volume/pv-controller.ts'),
  },
  'claim template': {
    apiVersion: inert('not read: the controller creates v1 PersistentVolumeClaims from the template'),
    kind: inert('not read: the controller creates v1 PersistentVolumeClaims from the template'),
    metadata: see('object metadata'),
    spec: see('claim spec'),
    status: inert('a template\'s status is never read: the controller creates claims from its metadata and spec'),
  },
  'node selector': { '': impl('sim/scheduler/node-selector.ts') },
  'job spec': {
    '': impl('sim/controllers/job'),
    selector: see('label selector'),
    template: see('pod template'),
    manualSelector: impl('kube/defaults, kube/validation/batch.ts'),
    scheduling: dropped('WorkloadWithJob', 'kube/defaults/disabled-fields.ts'),
  },
};


const TYPE_META = { apiVersion: impl('kube/registry.ts'), kind: impl('kube/registry.ts') } as const;
const OBJECT = { ...TYPE_META, metadata: see('object metadata') } as const;
/** A kind nothing acts on, stored and returned as a whole. */
const inertKind = (why: string): Rules => ({ '': inert(why), ...TYPE_META });

/** A workload kind: its controller acts on the spec, the selector and pod template, and writes the status. */
const workload = (controller: string, more: Rules = {}): Rules => ({
  ...OBJECT,
  spec: impl(`sim/controllers/${controller}`),
  'spec.selector': see('label selector'),
  'spec.template': see('pod template'),
  ...more,
  status: impl(`sim/controllers/${controller} (${STATUS_CLEARED})`),
});

/** Kinds by `apiVersion Kind`, as the table lists them. */
export const KINDS: Readonly<Record<string, Rules>> = {
  'v1 Pod': {
    ...OBJECT,
    spec: see('pod spec'),
    status: impl('sim/kubelet/pod-status.ts (the API server starts a new pod Pending: sim/apiserver/strategy.ts)'),
    // status of features the simulator refuses up front: nothing writes them, and the API
    // server ignores a manifest's status
    ...Object.fromEntries(['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses'].flatMap((list) => [
      [`status.${list}[*].allocatedResourcesStatus[*].resources[*].message`, inert('health of devices allocated through dynamic resource allocation, which is refused up front')],
      [`status.${list}[*].volumeMounts[*].volumeStatus`, inert('the image of an image volume, which is refused up front')],
    ])),
    'status.volumeHealth': inert(VOLUME_HEALTH),
    'status.nodeAllocatableResourceClaimStatuses': inert('node-allocatable resource claims (dynamic resource allocation), which are refused up front'),
  },
  'apps/v1 Deployment': workload('deployment'),
  'apps/v1 ReplicaSet': workload('replicaset'),
  'apps/v1 StatefulSet': workload('statefulset', { 'spec.volumeClaimTemplates[*]': see('claim template') }),
  'apps/v1 DaemonSet': workload('daemonset'),
  'apps/v1 ControllerRevision': {
    ...OBJECT,
    data: impl('sim/controllers/statefulset, sim/controllers/daemonset (their own revisions)'),
    revision: impl('sim/controllers/statefulset, sim/controllers/daemonset (their own revisions)'),
  },
  'batch/v1 Job': {
    ...OBJECT,
    spec: see('job spec'),
    status: impl(`sim/controllers/job (${STATUS_CLEARED})`),
  },
  'batch/v1 CronJob': {
    ...OBJECT,
    spec: impl('sim/controllers/cronjob'),
    'spec.jobTemplate.metadata': see('object metadata'),
    'spec.jobTemplate.spec': see('job spec'),
    status: impl(`sim/controllers/cronjob (${STATUS_CLEARED})`),
  },
  'v1 PodTemplate': {
    ...OBJECT,
    // nothing reads PodTemplate objects, upstream neither; its pod spec is checked like a pod's
    // all the same, so a gap is refused wherever a pod spec is written
    template: see('pod template'),
  },
  'v1 ReplicationController': {
    '': gap('1.29', 'the replication controller'),
    ...TYPE_META,
  },
  'autoscaling/v1 HorizontalPodAutoscaler': { '': gap('1.29', 'the horizontal pod autoscaler and a metrics pipeline'), ...TYPE_META },
  'autoscaling/v2 HorizontalPodAutoscaler': { '': gap('1.29', 'the horizontal pod autoscaler and a metrics pipeline'), ...TYPE_META },
  'v1 Service': {
    ...OBJECT,
    spec: impl('sim/network'),
    'spec.externalIPs': inert(NO_TRAFFIC),
    'spec.externalTrafficPolicy': impl('sim/network/service-fields.ts (healthCheckNodePort allocation)'),
    'spec.internalTrafficPolicy': inert(NO_TRAFFIC),
    'spec.loadBalancerIP': inert('kind has no load-balancer controller: nothing assigns the address, as on the simulator'),
    'spec.loadBalancerSourceRanges': inert(NO_TRAFFIC),
    'spec.sessionAffinity': inert(NO_TRAFFIC),
    'spec.sessionAffinityConfig': inert(NO_TRAFFIC),
    // the EndpointSlice controller's hints (forZones, and forNodes for PreferSameNode) are not simulated
    'spec.trafficDistribution': gap('1.31', 'EndpointSlice topology hints: ServiceTrafficDistribution'),
    status: inert('kind has no load-balancer controller: status.loadBalancer stays empty, as on the simulator'),
  },
  'v1 Endpoints': {
    ...OBJECT,
    // user-written Endpoints of a selector-less Service are mirrored into EndpointSlices
    // (pkg/controller/endpointslicemirroring), which DNS and the slices' readers then see
    subsets: gap('1.29', 'the EndpointSlice mirroring controller (Endpoints written for a Service without a selector)'),
  },
  'discovery.k8s.io/v1 EndpointSlice': {
    ...OBJECT,
    addressType: impl('sim/network/dns.ts'),
    endpoints: impl('sim/network/dns.ts'),
    ports: impl('sim/network/dns.ts'),
  },
  'v1 PersistentVolumeClaim': {
    ...OBJECT,
    spec: see('claim spec'),
    status: impl(`sim/controllers/volume (${STATUS_CLEARED})`),
    'status.healthStatus': inert(VOLUME_HEALTH),
  },
  'v1 PersistentVolume': {
    ...OBJECT,
    spec: impl('sim/controllers/volume'),
    'spec.nodeAffinity.required': see('node selector'),
    'spec.mountOptions': inert(NO_MOUNT),
    'spec.volumeAttributesClassName': gap('1.34', VOLUME_ATTRIBUTES),
    'spec.hostPath': impl('sim/storage/volume-data.ts'),
    'spec.hostPath.type': HOST_PATH_TYPE,
    'spec.local': impl('sim/storage/volume-data.ts'),
    'spec.nfs': impl('sim/storage/volume-data.ts'),
    // the other sources bind like any volume (the PV controller does not read the source), but a
    // real node mounts them through a plugin or driver that kind lacks, so the pod never starts
    'spec.csi': gap('1.29', 'CSI volumes (a CSI driver attaching and mounting them; the simulator runs no CSI driver)'),
    ...Object.fromEntries(IN_TREE_SOURCES.map((source) => [`spec.${source}`, inTreeVolume(source)])),
    status: impl(`sim/controllers/volume (${STATUS_CLEARED})`),
  },
  'storage.k8s.io/v1 StorageClass': {
    ...OBJECT,
    provisioner: impl('sim/controllers/volume'),
    parameters: impl('sim/controllers/volume/types.ts'),
    reclaimPolicy: impl('sim/controllers/volume'),
    volumeBindingMode: impl('sim/controllers/volume/storage-class.ts'),
    allowVolumeExpansion: impl('sim/apiserver/admission.ts'),
    allowedTopologies: impl('sim/scheduler/plugins/volume-binding.ts'),
    mountOptions: inert(NO_MOUNT),
  },
  'storage.k8s.io/v1 CSIDriver': inertKind('no CSI driver runs (CSI volumes are refused as unimplemented), so no driver object is read'),
  'storage.k8s.io/v1 CSINode': inertKind('no CSI driver runs: no node plugin registers, and nothing reads these objects'),
  'storage.k8s.io/v1 VolumeAttachment': inertKind('no attach/detach controller and no CSI driver: nothing creates or reads attachments'),
  'v1 Node': {
    ...OBJECT,
    spec: impl('sim/kubelet/node-object.ts, sim/scheduler'),
    'spec.taints': impl('sim/scheduler, sim/controllers/tainteviction, sim/controllers/nodelifecycle'),
    'spec.unschedulable': impl('sim/scheduler, sim/controllers/nodelifecycle'),
    'spec.configSource': inert('dynamic kubelet configuration was removed in 1.24; kubelets ignore the field'),
    'spec.externalID': inert('deprecated since 1.1 and read by no component'),
    'spec.podPreemptionPolicy': dropped('InPlacePodVerticalScalingSchedulerPreemption', 'kube/defaults/disabled-fields.ts'),
    status: impl('sim/kubelet/node-object.ts, sim/kubelet/node-conditions.ts'),
    'status.nodeInfo.runningInUserNamespace': inert('the simulated kubelets run in no user namespace and leave it out (false)'),
  },
  'v1 Namespace': {
    ...OBJECT,
    spec: impl('sim/controllers/namespace'),
    status: impl(`sim/controllers/namespace (${STATUS_CLEARED})`),
  },
  'v1 ConfigMap': {
    ...OBJECT,
    data: impl('sim/kubelet/volumes.ts'),
    // configMap volumes and projections write binaryData keys as files too (pkg/volume/configmap
    // MakePayload); the simulator's volumes read data only
    binaryData: gap('1.29', 'binaryData keys as files of configMap volumes'),
    immutable: impl('kube/validation/core-misc.ts'),
  },
  'v1 Secret': {
    ...OBJECT,
    data: impl('sim/kubelet/volumes.ts'),
    stringData: impl('kube/secret-string-data.ts'),
    immutable: impl('kube/validation/core-misc.ts'),
    type: impl('kube/validation/core-misc.ts'),
  },
  'v1 ServiceAccount': {
    ...OBJECT,
    automountServiceAccountToken: impl('sim/apiserver/admission.ts'),
    imagePullSecrets: impl('sim/apiserver/admission.ts (copied into pods that list none)'),
    secrets: inert('legacy token secrets: no token controller creates them since 1.24, and tokens are placeholders'),
  },
  'v1 LimitRange': { ...OBJECT, spec: impl('sim/apiserver/limit-ranger.ts') },
  'v1 ResourceQuota': {
    ...OBJECT,
    spec: impl('sim/apiserver/resource-quota.ts, sim/apiserver/quota-evaluators.ts'),
    status: impl(`sim/controllers/resourcequota (${STATUS_CLEARED})`),
  },
  'scheduling.k8s.io/v1 PriorityClass': {
    ...OBJECT,
    value: impl('sim/apiserver/admission.ts'),
    globalDefault: impl('sim/apiserver/admission.ts'),
    preemptionPolicy: impl('sim/apiserver/admission.ts'),
    description: inert('free text for people'),
  },
  'policy/v1 PodDisruptionBudget': {
    ...OBJECT,
    spec: impl('sim/controllers/disruption, sim/apiserver/eviction.ts'),
    'spec.selector': see('label selector'),
    status: impl(`sim/controllers/disruption (${STATUS_CLEARED})`),
  },
  'coordination.k8s.io/v1 Lease': {
    ...OBJECT,
    spec: inert('the simulator reads only the node leases its kubelets write (sim/kubelet/lease-renewal.ts); no other component elects a leader through the API'),
  },
  'v1 Event': inertKind('a record for people: stored and listed, no component acts on it'),
  'events.k8s.io/v1 Event': inertKind('a record for people: stored and listed, no component acts on it'),
  'flowcontrol.apiserver.k8s.io/v1 FlowSchema': inertKind(NO_FLOW_CONTROL),
  'flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration': inertKind(NO_FLOW_CONTROL),
  // served up to 1.31 and described by no OpenAPI document on disk: no field paths, one rule
  'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema': { '': inert(NO_FLOW_CONTROL) },
  'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration': { '': inert(NO_FLOW_CONTROL) },
  'networking.k8s.io/v1 Ingress': inertKind('kind runs no ingress controller: an Ingress is stored and nothing acts on it, as on the simulator'),
  'networking.k8s.io/v1 IngressClass': inertKind('kind runs no ingress controller: the class is stored and nothing acts on it, as on the simulator'),
  'networking.k8s.io/v1 NetworkPolicy': inertKind(NO_TRAFFIC),
  'node.k8s.io/v1 RuntimeClass': inertKind('a pod naming a RuntimeClass is refused as unimplemented, so nothing reads the class'),
  'rbac.authorization.k8s.io/v1 ClusterRole': inertKind(RBAC),
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding': inertKind(RBAC),
  'rbac.authorization.k8s.io/v1 Role': inertKind(RBAC),
  'rbac.authorization.k8s.io/v1 RoleBinding': inertKind(RBAC),
};
