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
 *   pod-running      a Pending pod on the node starts at once: containers running and ready, init
 *                    containers completed (sidecars running), IPs from the node's pod CIDR; Ready
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
  kind: 'Node' | 'Pod';
  select: Requirement[];
  delayMs?: number;
  statusTemplate?: string;
  delete?: boolean;
}

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
{{ $gates := true }}
{{ range .spec.readinessGates }}{{ $gate := .conditionType }}{{ $ok := false }}{{ range (or $.status.conditions list) }}{{ if and (eq .type $gate) (eq .status "True") }}{{ $ok = true }}{{ end }}{{ end }}{{ if not $ok }}{{ $gates = false }}{{ end }}{{ end }}
conditions:
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
    select: [{ key: '.metadata.deletionTimestamp', operator: 'Exists' }],
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
      next: s.delete ? { delete: true } : { statusTemplate: s.statusTemplate },
    },
  };
}

/** The kwok.yaml every KWOK process of the control plane reads (--config). */
export function kwokConfigText(stages: readonly Stage[] = STAGES): string {
  return stages.map((s) => stringify(stageDocument(s), { lineWidth: 0 })).join('---\n');
}
