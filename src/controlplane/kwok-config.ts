/**
 * KWOK's configuration: the stages that stand in for the kubelet's status loop. KWOK applies a
 * stage to a Node or Pod of its node when the stage's selector matches, after the stage's delay;
 * each change it makes is a new watch event, which may match the next stage (KWOK's "Stages"
 * documentation). kscenario's stages follow what a kubelet reports, as far as a kubelet that runs
 * nothing can:
 *
 *   node-ready       a node not Ready becomes Ready (the kubelet's first status, and after KWOK
 *                    comes back from a stop): Ready, MemoryPressure, DiskPressure, PIDPressure
 *   node-heartbeat   a Ready node's conditions get a new heartbeat every 5 minutes (the kubelet's
 *                    nodeStatusReportFrequency; liveness itself is the Lease KWOK renews)
 *   pod-running      a Pending pod on the node starts a second later: containers running and ready, init
 *                    containers completed (sidecars running), IPs from the node's pod CIDR, PodScheduled
 *                    True (the kubelet reports it also for a pod bound by spec.nodeName); Ready
 *                    only when the readiness gates' conditions are True, as the kubelet decides
 *   pod-ready-again  a Running pod whose Ready is False (the node-lifecycle controller marks pods
 *                    of an unreachable node) becomes Ready again once its node's KWOK runs, as the
 *                    kubelet's status manager restores the status it owns; also a readiness gate
 *                    turning True
 *   pod-succeeded    a running pod owned by a Job completes with exit code 0 (KWOK cannot run the
 *                    command, so every Job pod succeeds at once)
 *   pod-delete       a pod being deleted is removed a second later (the kubelet's final delete with
 *                    grace period 0 once it has stopped the containers: about a second on kind for
 *                    a container that exits on SIGTERM; KWOK never waits for the grace period)
 *
 * The selectors are jq queries (KWOK's CEL environment cannot iterate over typed lists such as
 * conditions); a query that fails matches nothing, as KWOK evaluates them.
 */
import { stringify } from 'yaml';

interface Stage {
  name: string;
  kind: 'Node' | 'Pod' | 'PersistentVolumeClaim' | 'PersistentVolume';
  select: Requirement[];
  delayMs?: number;
  statusTemplate?: string;
  delete?: boolean;
  /**
   * Steps instead of `next`: objects to create (server-side apply) from Go templates, and events
   * about the object (KWOK's event messages are fixed text, not templates), in order.
   */
  steps?: StageStep[];
}

type StageStep = { apply: string } | { event: { type: 'Normal' | 'Warning'; reason: string; message: string } };

/** The kubelet's four node conditions, with its reasons and messages (pkg/kubelet/nodestatus). */
const NODE_CONDITIONS = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
] as const;

/**
 * Go template: the node's conditions, heartbeat now; a condition keeps its lastTransitionTime
 * while its status stays the same.
 */
const NODE_STATUS_TEMPLATE = [
  '{{ $now := Now }}',
  '{{ $old := or .status.conditions list }}',
  'conditions:',
  ...NODE_CONDITIONS.flatMap(([type, status, reason, message]) => [
    `{{ $since := $now }}{{ range $old }}{{ if and (eq .type "${type}") (eq .status "${status}") }}{{ $since = .lastTransitionTime }}{{ end }}{{ end }}`,
    `- type: ${type}`,
    `  status: "${status}"`,
    `  reason: ${reason}`,
    `  message: ${JSON.stringify(message)}`,
    '  lastHeartbeatTime: {{ $now | Quote }}',
    '  lastTransitionTime: {{ $since | Quote }}',
  ]),
].join('\n');

type Op = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
/** A jq selector requirement: the jq query's results compared with the values (KWOK's selector). */
interface Requirement {
  key: string;
  operator: Op;
  values?: string[];
}

const READY = '.status.conditions[]? | select(.type == "Ready") | .status';
const NOT_DELETING: Requirement = { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' };
/** Readiness gates all True (or none): the kubelet's condition for Ready besides the containers. */
const GATES_TRUE: Requirement = {
  key: '([.spec.readinessGates[]?.conditionType] - [.status.conditions[]? | select(.status == "True") | .type]) | length == 0',
  operator: 'In',
  values: ['true'],
};
const OWNED_BY_JOB = '[.metadata.ownerReferences[]? | select(.kind == "Job")] | length > 0';
const phase = (p: string): Requirement => ({ key: '.status.phase', operator: 'In', values: [p] });

const POD_RUNNING_TEMPLATE = `{{ $now := Now }}
{{ $scheduled := $now }}{{ range (or .status.conditions list) }}{{ if and (eq .type "PodScheduled") (eq .status "True") }}{{ $scheduled = .lastTransitionTime }}{{ end }}{{ end }}
{{ $gates := true }}
{{ range .spec.readinessGates }}{{ $gate := .conditionType }}{{ $ok := false }}{{ range (or $.status.conditions list) }}{{ if and (eq .type $gate) (eq .status "True") }}{{ $ok = true }}{{ end }}{{ end }}{{ if not $ok }}{{ $gates = false }}{{ end }}{{ end }}
conditions:
- type: PodScheduled
  status: "True"
  lastTransitionTime: {{ $scheduled | Quote }}
- type: PodReadyToStartContainers
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
- type: Initialized
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
- type: ContainersReady
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
{{ if $gates }}
- type: Ready
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
{{ else }}
- type: Ready
  status: "False"
  reason: ReadinessGatesNotReady
  message: "the status of pod readiness gates is not ready"
  lastTransitionTime: {{ $now | Quote }}
{{ end }}
containerStatuses:
{{ range .spec.containers }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  imageID: {{ printf "kwok://%s" .image | Quote }}
  ready: true
  started: true
  restartCount: 0
  state:
    running:
      startedAt: {{ $now | Quote }}
{{ end }}
{{ with .spec.initContainers }}
initContainerStatuses:
{{ range . }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  imageID: {{ printf "kwok://%s" .image | Quote }}
  restartCount: 0
{{ if eq (or .restartPolicy "") "Always" }}
  ready: true
  started: true
  state:
    running:
      startedAt: {{ $now | Quote }}
{{ else }}
  ready: true
  started: false
  state:
    terminated:
      exitCode: 0
      reason: Completed
      startedAt: {{ $now | Quote }}
      finishedAt: {{ $now | Quote }}
{{ end }}
{{ end }}
{{ end }}
{{ with NodeIPsWith .spec.nodeName }}
hostIP: {{ index . 0 | Quote }}
hostIPs:
{{ range . }}
- ip: {{ . | Quote }}
{{ end }}
{{ end }}
{{ with PodIPsWith .spec.nodeName (or .spec.hostNetwork false) (or .metadata.uid "") (or .metadata.name "") (or .metadata.namespace "") }}
podIP: {{ index . 0 | Quote }}
podIPs:
{{ range . }}
- ip: {{ . | Quote }}
{{ end }}
{{ end }}
phase: Running
startTime: {{ $now | Quote }}`;

const POD_READY_AGAIN_TEMPLATE = `{{ $now := Now }}
conditions:
- type: ContainersReady
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
- type: Ready
  status: "True"
  lastTransitionTime: {{ $now | Quote }}`;

const POD_SUCCEEDED_TEMPLATE = `{{ $now := Now }}
conditions:
- type: PodReadyToStartContainers
  status: "False"
  lastTransitionTime: {{ $now | Quote }}
- type: ContainersReady
  status: "False"
  reason: PodCompleted
  lastTransitionTime: {{ $now | Quote }}
- type: Ready
  status: "False"
  reason: PodCompleted
  lastTransitionTime: {{ $now | Quote }}
containerStatuses:
{{ range .spec.containers }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  imageID: {{ printf "kwok://%s" .image | Quote }}
  ready: false
  started: false
  restartCount: 0
  state:
    terminated:
      exitCode: 0
      reason: Completed
      startedAt: {{ $.status.startTime | Quote }}
      finishedAt: {{ $now | Quote }}
{{ end }}
phase: Succeeded`;

/**
 * How long the "kubelet" takes to stop a deleted pod's containers before its final delete. Not
 * zero: a pod that vanishes in the same instant as its deletion starts is something no kubelet
 * does, and clients racing the delete (kubectl delete --wait, reading the pod right after) would
 * see a replacement pod instead.
 */
export const POD_STOP_MS = 1000;

/**
 * How long the "kubelet" takes to start a pod it was given: the sandbox, then the containers, seen
 * at the next PLEG relist (1 s) — about a second on kind for images the node has (the simulator's
 * figures: sandbox 500 ms, container create and start 50 ms each, the relist). KWOK never pulls.
 */
export const POD_START_MS = 1000;

export const STAGES: readonly Stage[] = [
  {
    name: 'node-ready',
    kind: 'Node',
    select: [{ key: READY, operator: 'NotIn', values: ['True'] }],
    statusTemplate: NODE_STATUS_TEMPLATE,
  },
  {
    name: 'node-heartbeat',
    kind: 'Node',
    select: [{ key: READY, operator: 'In', values: ['True'] }],
    delayMs: 5 * 60_000,
    statusTemplate: NODE_STATUS_TEMPLATE,
  },
  {
    name: 'pod-running',
    kind: 'Pod',
    select: [NOT_DELETING, phase('Pending'), { key: '.spec.nodeName', operator: 'Exists' }],
    delayMs: POD_START_MS,
    statusTemplate: POD_RUNNING_TEMPLATE,
  },
  {
    name: 'pod-ready-again',
    kind: 'Pod',
    // a Job's pod is about to succeed instead
    select: [NOT_DELETING, phase('Running'), { key: READY, operator: 'In', values: ['False'] }, GATES_TRUE, { key: OWNED_BY_JOB, operator: 'In', values: ['false'] }],
    statusTemplate: POD_READY_AGAIN_TEMPLATE,
  },
  {
    name: 'pod-succeeded',
    kind: 'Pod',
    select: [NOT_DELETING, phase('Running'), { key: OWNED_BY_JOB, operator: 'In', values: ['true'] }],
    statusTemplate: POD_SUCCEEDED_TEMPLATE,
  },
  {
    name: 'pod-delete',
    kind: 'Pod',
    // not once the deletion's grace period is 0 (KWOK's own delete): KWOK v0.8.0 would queue the
    // delete again, fail it (the pod is gone) and retry it by name — on a new pod of that name
    select: [{ key: '.metadata.deletionTimestamp', operator: 'Exists' }, { key: '.metadata.deletionGracePeriodSeconds > 0', operator: 'In', values: ['true'] }],
    delayMs: POD_STOP_MS,
    delete: true,
  },
];

function stageDocument(s: Stage): unknown {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name: `kscenario-${s.name}` },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: s.kind },
      selector: { matchExpressions: s.select.map((jq) => ({ jq })) },
      ...(s.delayMs ? { delay: { durationMilliseconds: s.delayMs } } : {}),
      ...(s.steps
        ? { steps: s.steps.map((step) => ('apply' in step ? { apply: { template: step.apply } } : step)) }
        : { next: s.delete ? { delete: true } : { statusTemplate: s.statusTemplate } }),
    },
  };
}

/** The kwok.yaml every node's KWOK reads (--config). */
export function kwokConfigText(stages: readonly Stage[] = STAGES): string {
  return stages.map((s) => stringify(stageDocument(s), { lineWidth: 0 })).join('---\n');
}

// ---- storage: kind's local-path provisioner --------------------------------------------------

/** kind's dynamic provisioner (its only one), and where it keeps volumes on the node. */
export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
const LOCAL_PATH_BASE = '/var/local-path-provisioner';
/**
 * The provisioner makes a volume's directory with a helper pod on the node, which it polls every
 * second: about 3 s from the claim being ready to provision to the PV (the simulator's figure).
 */
export const HELPER_POD_MS = 3000;

export interface StorageClassLike {
  name: string;
  provisioner?: string;
  reclaimPolicy?: string;
}

/**
 * rancher.io/local-path as kind runs it (local-path-provisioner on sig-storage-lib-external-
 * provisioner), for the API server's eyes: a claim the PV controller has handed to it
 * (volume.kubernetes.io/storage-provisioner) and the scheduler has placed (selected-node) gets a
 * hostPath PV pinned to that node, with the claim's request as capacity and the class's reclaim
 * policy, bound to the claim by claimRef; the real PV controller does the binding. A Released
 * volume with reclaimPolicy Delete is deleted. Its refusals (a block volume, a selector, access
 * modes other than ReadWriteOnce(Pod)) leave the claim Pending with its ProvisioningFailed event
 * (once; the provisioner retries and repeats it). Its Provisioning and ProvisioningSucceeded
 * events are not made: they name the claim and the volume, and KWOK's event messages are fixed.
 * One set of stages per local-path class, since a stage cannot read the class.
 */
export function storageStages(classes: readonly StorageClassLike[]): Stage[] {
  const local = classes.filter((c) => (c.provisioner ?? LOCAL_PATH_PROVISIONER) === LOCAL_PATH_PROVISIONER);
  if (!local.length) return [];
  const stages: Stage[] = local.flatMap((c) => {
    const handedOver: Requirement[] = [
      NOT_DELETING,
      { key: '.spec.storageClassName', operator: 'In', values: [c.name] },
      { key: '.metadata.annotations["volume.kubernetes.io/storage-provisioner"]', operator: 'In', values: [LOCAL_PATH_PROVISIONER] },
      { key: '.metadata.annotations["volume.kubernetes.io/selected-node"]', operator: 'Exists' },
      { key: '.spec.volumeName', operator: 'DoesNotExist' },
    ];
    const block: Requirement = { key: '.spec.volumeMode', operator: 'In', values: ['Block'] };
    const notBlock: Requirement = { ...block, operator: 'NotIn' };
    const selector: Requirement = { key: '.spec.selector', operator: 'Exists' };
    const noSelector: Requirement = { ...selector, operator: 'DoesNotExist' };
    const modesOk: Requirement = { key: '[.spec.accessModes[]? | select(. != "ReadWriteOnce" and . != "ReadWriteOncePod")] | length == 0', operator: 'In', values: ['true'] };
    const failed = (message: string) => ({ type: 'Warning' as const, reason: 'ProvisioningFailed', message });
    const refused = (why: string) => failed(`failed to provision volume with StorageClass "${c.name}": ${why}`);
    const provisioning = { apply: claimEventTemplate('provisioning', 'Normal', 'Provisioning', 'External provisioner is provisioning volume for claim \\"{{ .metadata.namespace }}/{{ .metadata.name }}\\"') };
    return [
      {
        name: `local-path-provision-${c.name}`,
        kind: 'PersistentVolumeClaim' as const,
        select: [...handedOver, notBlock, noSelector, modesOk],
        delayMs: HELPER_POD_MS,
        steps: [
          provisioning,
          { apply: localPathVolumeTemplate(c.reclaimPolicy ?? 'Delete') },
          { apply: claimEventTemplate('provisioned', 'Normal', 'ProvisioningSucceeded', 'Successfully provisioned volume pvc-{{ .metadata.uid }}') },
        ],
      },
      // the provisioner's refusals, in its order (one event; the library would retry and repeat it)
      { name: `local-path-block-${c.name}`, kind: 'PersistentVolumeClaim' as const, select: [...handedOver, block], steps: [{ event: failed(`${LOCAL_PATH_PROVISIONER} does not support block volume provisioning`) }] },
      { name: `local-path-selector-${c.name}`, kind: 'PersistentVolumeClaim' as const, select: [...handedOver, notBlock, selector], steps: [provisioning, { event: refused('claim.Spec.Selector is not supported') }] },
      {
        name: `local-path-access-modes-${c.name}`,
        kind: 'PersistentVolumeClaim' as const,
        select: [...handedOver, notBlock, noSelector, { ...modesOk, values: ['false'] }],
        steps: [provisioning, { event: refused('NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes') }],
      },
    ];
  });
  stages.push({
    name: 'local-path-delete',
    kind: 'PersistentVolume',
    select: [
      NOT_DELETING,
      { key: '.metadata.annotations["pv.kubernetes.io/provisioned-by"]', operator: 'In', values: [LOCAL_PATH_PROVISIONER] },
      { key: '.status.phase', operator: 'In', values: ['Released'] },
      { key: '.spec.persistentVolumeReclaimPolicy', operator: 'In', values: ['Delete'] },
    ],
    delayMs: HELPER_POD_MS,
    delete: true,
  });
  return stages;
}

/**
 * An Event about the claim, as the provisioner's event recorder writes it (core/v1, source
 * `rancher.io/local-path`), for the events whose message names the claim or the volume. Its name
 * is the claim's plus a hash of the claim's uid and `tag`, so that a replayed stage writes the
 * same Event again instead of a second one.
 */
function claimEventTemplate(tag: string, type: 'Normal' | 'Warning', reason: string, message: string): string {
  return `{{ $now := Now }}
apiVersion: v1
kind: Event
metadata:
  name: {{ printf "%s.%s" .metadata.name (sha256sum (printf "%s/${tag}" .metadata.uid) | trunc 16) | Quote }}
  namespace: {{ .metadata.namespace | Quote }}
involvedObject:
  apiVersion: v1
  kind: PersistentVolumeClaim
  namespace: {{ .metadata.namespace | Quote }}
  name: {{ .metadata.name | Quote }}
  uid: {{ .metadata.uid | Quote }}
  resourceVersion: {{ .metadata.resourceVersion | Quote }}
type: ${type}
reason: ${reason}
message: "${message}"
source:
  component: ${LOCAL_PATH_PROVISIONER}
firstTimestamp: {{ $now | Quote }}
lastTimestamp: {{ $now | Quote }}
count: 1`;
}

function localPathVolumeTemplate(reclaimPolicy: string): string {
  return `{{ $node := index .metadata.annotations "volume.kubernetes.io/selected-node" }}
apiVersion: v1
kind: PersistentVolume
metadata:
  name: {{ printf "pvc-%s" .metadata.uid | Quote }}
  annotations:
    local.path.provisioner/selected-node: {{ $node | Quote }}
    pv.kubernetes.io/provisioned-by: ${LOCAL_PATH_PROVISIONER}
spec:
  persistentVolumeReclaimPolicy: ${reclaimPolicy}
  accessModes: [{{ range $i, $m := .spec.accessModes }}{{ if $i }}, {{ end }}{{ $m | Quote }}{{ end }}]
  volumeMode: Filesystem
  capacity:
    storage: {{ .spec.resources.requests.storage | Quote }}
  hostPath:
    path: {{ printf "${LOCAL_PATH_BASE}/pvc-%s_%s_%s" .metadata.uid .metadata.namespace .metadata.name | Quote }}
    type: DirectoryOrCreate
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions:
            - key: kubernetes.io/hostname
              operator: In
              values: [{{ $node | Quote }}]
  claimRef:
    apiVersion: v1
    kind: PersistentVolumeClaim
    namespace: {{ .metadata.namespace | Quote }}
    name: {{ .metadata.name | Quote }}
    uid: {{ .metadata.uid | Quote }}
    resourceVersion: {{ .metadata.resourceVersion | Quote }}
  storageClassName: {{ .spec.storageClassName | Quote }}`;
}

/** The kwok-storage.yaml of the KWOK that plays the local-path provisioner; undefined when no class needs it. */
export function kwokStorageConfigText(classes: readonly StorageClassLike[]): string | undefined {
  const stages = storageStages(classes);
  return stages.length ? kwokConfigText(stages) : undefined;
}
