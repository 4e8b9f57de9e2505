/* eslint-disable */
/**
 * GENERATED from schema/scenario.schema.json by scripts/generate-types.js (npm run generate).
 * Do not edit: change the schema and regenerate.
 */

/**
 * A DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "DnsLabel".
 */
export type DnsLabel = string;
/**
 * A length of time: a number with a unit (ms, s, m, h), several combined (1m30s), or 0.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Duration".
 */
export type Duration = string | number;
/**
 * The Kubernetes release whose behaviour and served APIs are emulated, quoted: a minor ("1.35": its newest emulated patch release, 1.35.4) or one of its patch releases ("1.35.0") where behaviour changed inside a minor.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "KubernetesVersion".
 */
export type KubernetesVersion =
  | '1.29'
  | '1.30'
  | '1.31'
  | '1.32'
  | '1.33'
  | '1.34'
  | '1.35'
  | '1.36'
  | '1.37'
  | '1.29.0'
  | '1.30.0'
  | '1.31.0'
  | '1.32.0'
  | '1.33.0'
  | '1.34.0'
  | '1.35.0'
  | '1.35.1'
  | '1.35.2'
  | '1.35.3'
  | '1.35.4'
  | '1.36.0'
  | '1.36.1'
  | '1.36.2'
  | '1.36.3'
  | '1.37.0'
  | '1.37.1'
  | '1.37.2';
/**
 * The name of a node of the scenario's cluster (a DNS-1123 subdomain).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "NodeName".
 */
export type NodeName = string;
/**
 * NoSchedule: new pods without a toleration are not scheduled; PreferNoSchedule: avoided if possible; NoExecute: running pods without a toleration are evicted too.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "TaintEffect".
 */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
/**
 * A Kubernetes resource quantity: 4, 500m, 8Gi, 1.5G.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Quantity".
 */
export type Quantity = string | number;
/**
 * A namespace name (a DNS-1123 label).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Namespace".
 */
export type Namespace = string;
/**
 * The Kubernetes releases the scenario holds on, as comparators separated by spaces (all must hold) and alternatives joined by `||`: ">=1.33", ">=1.31 <1.35", "1.35 || >=1.37". A bare minor means that minor, any patch; a bound may name a patch release (">=1.35.0 <1.35.4"). On the simulator a bare minor is its newest emulated patch release (1.35 is 1.35.4). Quote it.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "KubernetesVersionRange".
 */
export type KubernetesVersionRange = string;
/**
 * A value written with a YAML tag matches instead of equalling: !regex "^web-", !gte 2, !lte 1Gi, !gt, !lt, !oneOf [a, b], !not x, !contains [a], !exists, !absent, !any. Bindings: !capture pv records the value found (in expect.resources: match, each, count); !same $(pv) and !differs $(pv) compare with a value an earlier step captured. (The loader checks each tagged value against this placeholder.)
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Matcher".
 */
export type Matcher = import('../src/check/matchers').Matcher;
/**
 * Objects to send to the API server: a path to a YAML file relative to the scenario (several documents allowed), an inline YAML text with one or more documents, one object, or a list of objects.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Manifests".
 */
export type Manifests = string | Manifest | Manifest[];
/**
 * An object as kind/name, like kubectl: statefulset/web, pod/web-0, deployment.apps/nginx.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Target".
 */
export type Target = string;
/**
 * Which objects: a map of labels that must all be present (matchLabels), a selector string like kubectl -l: "app=nginx,tier!=db", "env in (a,b)", or a full label selector {matchLabels, matchExpressions} as in a manifest.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Selector".
 */
export type Selector =
  | string
  | {
      [k: string]: string;
    }
  | {
      matchLabels?: {
        [k: string]: string;
      };
      matchExpressions?: {
        key: string;
        operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
        values?: string[];
      }[];
    };
/**
 * A number of objects: an exact number or a matcher (!gte 2, !lt 3).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Count".
 */
export type Count = number | Matcher;
/**
 * A text that must be equal, or a matcher (!regex "^0/3 nodes").
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Text".
 */
export type Text = string | Matcher;
/**
 * A moment in an object's life: Created, Scheduled, Running, Ready, NotReady, Terminating, Deleted, Succeeded, Failed (pods); Bound, Released, Available (volumes and claims).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "LifecycleWord".
 */
export type LifecycleWord =
  | 'Created'
  | 'Scheduled'
  | 'Running'
  | 'Ready'
  | 'NotReady'
  | 'Terminating'
  | 'Deleted'
  | 'Succeeded'
  | 'Failed'
  | 'Bound'
  | 'Released'
  | 'Available';

/**
 * A scenario: a cluster, steps that change it and checks of what it does. Put "# yaml-language-server: $schema=<path to this file>" on the first line of a scenario for completion in editors.
 */
export interface Scenario {
  /**
   * kscenario.dev/v1alpha1
   */
  apiVersion: 'kscenario.dev/v1alpha1';
  /**
   * Scenario
   */
  kind: 'Scenario';
  metadata: Metadata;
  spec: ScenarioSpec;
}
/**
 * Name and description of the scenario.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Metadata".
 */
export interface Metadata {
  /**
   * Unique name of the scenario (DNS-1123 label), shown in reports.
   */
  name: DnsLabel;
  /**
   * One line saying what the scenario shows.
   */
  title?: string;
  /**
   * Longer explanation.
   */
  description?: string;
  /**
   * Ids of the claims (from the claim catalogue) this scenario checks.
   */
  claims?: string[];
  /**
   * Free tags for selecting scenarios.
   */
  tags?: string[];
}
/**
 * The cluster, the steps and the cleanup.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "ScenarioSpec".
 */
export interface ScenarioSpec {
  /**
   * Limit for the whole scenario (virtual time on the simulator). Default: 10m.
   */
  timeout?: Duration;
  /**
   * Seed of the simulator's random choices (generated names, IPs); the same seed gives the same history. Default: 1.
   */
  seed?: number;
  cluster?: ClusterSpec;
  requires?: Requirements;
  /**
   * Steps that prepare the cluster; a failure here is an error in the scenario, not a failed claim.
   */
  setup?: Step[];
  /**
   * The story and its checks, run in order.
   *
   * @minItems 1
   */
  steps: Step[];
  /**
   * Steps that always run at the end, also after a failure.
   */
  cleanup?: Step[];
}
/**
 * The cluster the scenario runs on. Default: nodes control-plane (tainted), worker-1, worker-2; storage class "standard"; namespace default.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "ClusterSpec".
 */
export interface ClusterSpec {
  kubernetesVersion?: KubernetesVersion;
  /**
   * The nodes. Default: control-plane (role control-plane), worker-1, worker-2.
   *
   * @minItems 1
   */
  nodes?: NodeSpec[];
  /**
   * The cluster's pod network, as kind's networking.podSubnet: an IPv4 CIDR from /8 to /24 that kube-controller-manager cuts into a /24 per node (a /16 holds 256 nodes, a /8 65,536 less the service range 10.96.0.0/16 when it lies inside). A node that finds it full gets no pod CIDR (event CIDRNotAvailable) and its pods cannot start. Default: 10.244.0.0/16, kind's.
   */
  podSubnet?: string;
  /**
   * Storage classes. Default: "standard" (default class, provisioner rancher.io/local-path, WaitForFirstConsumer, Delete), as kind ships. [] means none.
   */
  storageClasses?: StorageClassSpec[];
  /**
   * Simulator only: how pulling each image behaves, by image reference ("nginx:1.16.1"). Images not listed pull successfully.
   */
  images?: {
    [k: string]: ImageBehaviour;
  };
  /**
   * Namespaces created before setup, besides default.
   */
  namespaces?: Namespace[];
}
/**
 * A node of the cluster.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "NodeSpec".
 */
export interface NodeSpec {
  /**
   * Name of the node, unique in the cluster.
   */
  name: NodeName;
  /**
   * control-plane nodes carry the taint node-role.kubernetes.io/control-plane:NoSchedule. Default: worker.
   */
  role?: 'control-plane' | 'worker';
  /**
   * Extra node labels (kubernetes.io/hostname and the role label are set automatically).
   */
  labels?: LabelMap;
  /**
   * Node annotations.
   */
  annotations?: AnnotationMap;
  /**
   * Taints besides the control-plane taint.
   */
  taints?: Taint[];
  capacity?: NodeCapacity;
}
/**
 * Label keys and values.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "LabelMap".
 */
export interface LabelMap {
  [k: string]: string;
}
/**
 * Annotation keys and values.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "AnnotationMap".
 */
export interface AnnotationMap {
  [k: string]: string;
}
/**
 * A node taint.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Taint".
 */
export interface Taint {
  /**
   * Taint key, e.g. dedicated.
   */
  key: string;
  /**
   * Taint value (may be empty).
   */
  value?: string;
  effect: TaintEffect;
}
/**
 * What the node offers (allocatable = capacity on the simulator). Default: cpu 8, memory 16Gi, pods 110, ephemeral-storage 100Gi. Extended resources are written with a domain: example.com/gpu. State it only where a verdict depends on node size: on a real cluster each key given must equal the node's capacity and its allocatable, or the scenario is refused.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "NodeCapacity".
 */
export interface NodeCapacity {
  /**
   * CPU cores, e.g. 4 or 3500m.
   */
  cpu?: Quantity;
  /**
   * Memory, e.g. 8Gi.
   */
  memory?: Quantity;
  /**
   * Maximum number of pods.
   */
  pods?: Quantity;
  /**
   * Local ephemeral storage, e.g. 100Gi.
   */
  'ephemeral-storage'?: Quantity;
  [k: string]: Quantity | undefined;
}
/**
 * A StorageClass created with the cluster.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "StorageClassSpec".
 */
export interface StorageClassSpec {
  /**
   * Name of the class.
   */
  name: string;
  /**
   * Mark it the default class (annotation storageclass.kubernetes.io/is-default-class).
   */
  default?: boolean;
  /**
   * Provisioner name. Default: rancher.io/local-path (what kind ships).
   */
  provisioner?: string;
  /**
   * When volumes are bound and provisioned. Default: Immediate (the API server's default).
   */
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  /**
   * What happens to a provisioned PV when its claim is deleted. Default: Delete. (Recycle is not allowed for storage classes.)
   */
  reclaimPolicy?: 'Delete' | 'Retain';
  /**
   * Claims of this class may grow.
   */
  allowVolumeExpansion?: boolean;
  /**
   * Provisioner parameters.
   */
  parameters?: {
    [k: string]: string;
  };
}
/**
 * How pulling an image behaves on the simulator.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "ImageBehaviour".
 */
export interface ImageBehaviour {
  /**
   * How long the pull takes, in seconds.
   */
  pullSeconds?: number;
  /**
   * fail: the pull fails (ErrImagePull, then ImagePullBackOff). Default: succeed.
   */
  pull?: 'succeed' | 'fail';
}
/**
 * Conditions of the cluster the scenario's verdicts depend on. A backend whose cluster does not meet them skips the scenario and says why; on the simulator the scenario's own kubernetesVersion must meet them.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Requirements".
 */
export interface Requirements {
  kubernetesVersion?: KubernetesVersionRange;
}
/**
 * One action or check: exactly one verb (apply, create, delete, patch, scale, setImage, setPartition, rollout, label, annotate, evict, writeFile, sleep, kubectl, killNode, restartNode, disconnectNode, reconnectNode, cordon, uncordon, drain, taint, untaint, addNode, removeNode, failProbe, healProbe, crashContainer, expect, expectHistory) plus optional name, claim, at, after and expectError.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Step".
 */
export interface Step {
  /**
   * Shown in reports; history windows refer to it. Unique in the scenario.
   */
  name?: string;
  /**
   * The sentence this step checks, shown in reports.
   */
  claim?: string;
  /**
   * Do not start before this long after the scenario's start.
   */
  at?: Duration;
  /**
   * Wait this long after the previous step ends.
   */
  after?: Duration;
  /**
   * The step must fail with an error (the API server rejecting an object, an eviction refused by a PodDisruptionBudget, ...): a text the error message contains, or a matcher such as !regex.
   */
  expectError?: string | Matcher;
  /**
   * Create or update objects, like kubectl apply. A path to a YAML file (relative to this scenario; several documents allowed), an inline YAML text (a block with one or more documents), one object, or a list of objects.
   */
  apply?: Manifests;
  /**
   * Create objects, like kubectl create: fails if an object already exists. Takes the same values as apply.
   */
  create?: Manifests;
  delete?: DeleteAction;
  patch?: PatchAction;
  scale?: ScaleAction;
  setImage?: SetImageAction;
  setPartition?: SetPartitionAction;
  rollout?: RolloutAction;
  label?: LabelAction;
  annotate?: AnnotateAction;
  evict?: EvictAction;
  writeFile?: WriteFileAction;
  /**
   * Let this much time pass (virtual time on the simulator).
   */
  sleep?: Duration;
  /**
   * A kubectl command line without the leading "kubectl", run against the backend (backends with an API endpoint only), e.g. "get pods -o wide".
   */
  kubectl?: string;
  /**
   * The node's machine stops: kubelet and containers die, heartbeats stop (kind: docker stop).
   */
  killNode?: NodeName;
  /**
   * A killed node boots again (kind: docker start); its containers start afresh.
   */
  restartNode?: NodeName;
  /**
   * Network partition between the node and the control plane; containers keep running.
   */
  disconnectNode?: NodeName;
  /**
   * Ends the network partition started by disconnectNode.
   */
  reconnectNode?: NodeName;
  /**
   * Mark the node unschedulable, like kubectl cordon.
   */
  cordon?: NodeName;
  /**
   * Mark the node schedulable again, like kubectl uncordon.
   */
  uncordon?: NodeName;
  drain?: DrainAction;
  taint?: TaintAction;
  untaint?: UntaintAction;
  /**
   * Add a node to the cluster; it registers and becomes Ready.
   */
  addNode?: NodeSpec;
  /**
   * Delete the node from the cluster.
   */
  removeNode?: NodeName;
  /**
   * The probe starts failing.
   */
  failProbe?: ProbeAction;
  /**
   * The probe stops failing.
   */
  healProbe?: ProbeAction;
  crashContainer?: CrashContainerAction;
  expect?: Expect;
  expectHistory?: ExpectHistory;
}
/**
 * A Kubernetes object as in kubectl apply -f.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Manifest".
 */
export interface Manifest {
  /**
   * e.g. v1, apps/v1.
   */
  apiVersion: string;
  /**
   * e.g. Pod, StatefulSet.
   */
  kind: string;
  /**
   * name, namespace, labels, ...
   */
  metadata?: {
    [k: string]: unknown;
  };
  [k: string]: unknown;
}
/**
 * Delete objects like kubectl delete: one target, or every object of a kind matching a selector.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "DeleteAction".
 */
export interface DeleteAction {
  /**
   * The object to delete, as kind/name (e.g. statefulset/web).
   */
  target?: Target;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * With selector: the kind of the objects to delete (e.g. pod).
   */
  kind?: string;
  /**
   * With kind: delete the objects with these labels.
   */
  selector?: Selector;
  /**
   * What happens to dependents: background (default; the garbage collector deletes them afterwards), foreground (the object stays until its dependents are gone), orphan (dependents are kept).
   */
  cascade?: 'background' | 'foreground' | 'orphan';
  /**
   * Seconds a pod gets to shut down; 0 with force deletes at once. Default: the pod's terminationGracePeriodSeconds.
   */
  gracePeriodSeconds?: number;
  /**
   * Remove the object from the API at once, without waiting for the kubelet (with gracePeriodSeconds: 0).
   */
  force?: boolean;
  /**
   * true (default): wait until each deleted object is gone, as kubectl does. false: the step ends as soon as the API server accepted the deletion (kubectl delete --wait=false), so later steps run while the object is still terminating.
   */
  wait?: boolean;
}
/**
 * Patch an object like kubectl patch.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "PatchAction".
 */
export interface PatchAction {
  /**
   * The object to patch, as kind/name (e.g. statefulset/web).
   */
  target: Target;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * status: write the status subresource, as a controller does (kubectl patch --subresource=status). The patch may then change only status (and metadata): the API server keeps spec as it is. resize (pods only, Kubernetes 1.33+): resize containers in place (kubectl patch --subresource=resize), changing only spec.containers[*].resources (cpu and memory) and resizePolicy.
   */
  subresource?: 'status' | 'resize';
  /**
   * strategic (default, like kubectl), merge (RFC 7386) or json (RFC 6902 operations).
   */
  type?: 'strategic' | 'merge' | 'json';
  /**
   * A map for strategic and merge patches; a list of operations for json patches.
   */
  patch:
    | {
        [k: string]: unknown;
      }
    | JsonPatchOperation[];
}
/**
 * One RFC 6902 operation.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "JsonPatchOperation".
 */
export interface JsonPatchOperation {
  /**
   * What to do.
   */
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  /**
   * JSON pointer to the field, e.g. /spec/replicas.
   */
  path: string;
  /**
   * The value for add, replace and test.
   */
  value?: unknown;
  /**
   * Source pointer for move and copy.
   */
  from?: string;
}
/**
 * Set the replicas of a Deployment, ReplicaSet or StatefulSet, like kubectl scale.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "ScaleAction".
 */
export interface ScaleAction {
  /**
   * The object to scale, as kind/name (e.g. statefulset/web).
   */
  target: Target;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * The new number of replicas.
   */
  replicas: number;
}
/**
 * Change a container image, like kubectl set image.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "SetImageAction".
 */
export interface SetImageAction {
  /**
   * The object to update, as kind/name (e.g. statefulset/web).
   */
  target: Target;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * Name of the container in the pod template ("*" for all).
   */
  container: string;
  /**
   * The new image, e.g. nginx:1.16.1.
   */
  image: string;
}
/**
 * Set spec.updateStrategy.rollingUpdate.partition of a StatefulSet.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "SetPartitionAction".
 */
export interface SetPartitionAction {
  /**
   * The object to update (a StatefulSet), as kind/name (e.g. statefulset/web).
   */
  target: Target;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * Pods with an ordinal >= partition are updated.
   */
  partition: number;
}
/**
 * Like kubectl rollout undo|pause|resume|restart.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "RolloutAction".
 */
export interface RolloutAction {
  /**
   * The object to roll out, as kind/name (e.g. statefulset/web).
   */
  target: Target;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * undo: go back to the previous (or toRevision) revision; pause/resume: a Deployment's rollout; restart: replace every pod.
   */
  action: 'undo' | 'pause' | 'resume' | 'restart';
  /**
   * With undo: the revision to go back to; default: the previous one.
   */
  toRevision?: number;
}
/**
 * Set or remove labels, like kubectl label --overwrite.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "LabelAction".
 */
export interface LabelAction {
  /**
   * The object to label, as kind/name (e.g. statefulset/web).
   */
  target: Target;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  labels: LabelChanges;
}
/**
 * Labels to set; null removes a label.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "LabelChanges".
 */
export interface LabelChanges {
  [k: string]: string | null;
}
/**
 * Set or remove annotations, like kubectl annotate --overwrite.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "AnnotateAction".
 */
export interface AnnotateAction {
  /**
   * The object to annotate, as kind/name (e.g. statefulset/web).
   */
  target: Target;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  annotations: AnnotationChanges;
}
/**
 * Annotations to set; null removes an annotation.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "AnnotationChanges".
 */
export interface AnnotationChanges {
  [k: string]: string | null;
}
/**
 * Evict a pod through the Eviction API: refused (HTTP 429) when a PodDisruptionBudget forbids it; expectError asserts that.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "EvictAction".
 */
export interface EvictAction {
  /**
   * The pod, as pod/<name>.
   */
  target: string;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * Seconds the pod gets to shut down; default: its terminationGracePeriodSeconds.
   */
  gracePeriodSeconds?: number;
}
/**
 * Write a file in a pod's container (it lands on a volume if path is under a volume mount). Name the pod, or give a selector to write in one of the pods it selects: the first Running one in name order (for pods with generated names, e.g. a Deployment's).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "WriteFileAction".
 */
export interface WriteFileAction {
  /**
   * Name of the pod.
   */
  pod?: string;
  /**
   * Instead of pod: write in the first Running pod (in name order) with these labels.
   */
  selector?: Selector;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * Name of the container; default: the pod's first container.
   */
  container?: string;
  /**
   * Absolute path in the container.
   */
  path: string;
  /**
   * The file's content.
   */
  content: string;
}
/**
 * Like kubectl drain: cordon the node, then evict every pod, retrying evictions a PodDisruptionBudget refuses until timeout.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "DrainAction".
 */
export interface DrainAction {
  /**
   * The node to drain.
   */
  node: NodeName;
  /**
   * Leave DaemonSet pods (otherwise their presence fails the drain). Default: false.
   */
  ignoreDaemonSets?: boolean;
  /**
   * Allow evicting pods with emptyDir volumes (their data is lost). Default: false.
   */
  deleteEmptyDirData?: boolean;
  /**
   * Also delete pods that no controller manages. Default: false.
   */
  force?: boolean;
  /**
   * Seconds each pod gets to shut down; default: its terminationGracePeriodSeconds.
   */
  gracePeriodSeconds?: number;
  /**
   * Give up after this long; 0 or absent: wait for ever (within the scenario timeout).
   */
  timeout?: Duration;
}
/**
 * Add a taint to a node (or all nodes), like kubectl taint.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "TaintAction".
 */
export interface TaintAction {
  /**
   * The node to taint.
   */
  node?: NodeName;
  /**
   * Taint every node.
   */
  nodes?: 'all';
  /**
   * Taint key.
   */
  key: string;
  /**
   * Taint value.
   */
  value?: string;
  effect: TaintEffect;
}
/**
 * Remove a taint from a node (or all nodes), like kubectl taint key[:effect]-.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "UntaintAction".
 */
export interface UntaintAction {
  /**
   * The node.
   */
  node?: NodeName;
  /**
   * Every node.
   */
  nodes?: 'all';
  /**
   * Taint key.
   */
  key: string;
  /**
   * Remove only the taint with this effect; default: every taint with the key.
   */
  effect?: TaintEffect;
}
/**
 * A probe of a container.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "ProbeAction".
 */
export interface ProbeAction {
  /**
   * Name of the pod.
   */
  pod: string;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * Name of the container; default: the pod's first container.
   */
  container?: string;
  /**
   * Which probe.
   */
  probe: 'readiness' | 'liveness' | 'startup';
  /**
   * failProbe only: the probe's output, shown in the Unhealthy event (default: an HTTP 503 failure).
   */
  message?: string;
}
/**
 * The container exits; the pod's restartPolicy applies.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "CrashContainerAction".
 */
export interface CrashContainerAction {
  /**
   * Name of the pod.
   */
  pod: string;
  /**
   * Namespace of the target; default: default.
   */
  namespace?: Namespace;
  /**
   * Name of the container; default: the pod's first container.
   */
  container?: string;
  /**
   * The exit code. Default: 1.
   */
  exitCode?: number;
}
/**
 * Check the cluster's state: poll until everything holds (within), then optionally keep checking (for).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "Expect".
 */
export interface Expect {
  /**
   * Poll until everything below holds; 0 means "now". Default: 30s.
   */
  within?: Duration;
  /**
   * After it holds, it must keep holding this long.
   */
  for?: Duration;
  /**
   * Objects and their fields.
   *
   * @minItems 1
   */
  resources?: ResourceExpectation[];
  /**
   * Files in pods.
   *
   * @minItems 1
   */
  files?: FileExpectation[];
  /**
   * DNS answers inside the cluster.
   *
   * @minItems 1
   */
  dns?: DnsExpectation[];
  /**
   * Events recorded.
   *
   * @minItems 1
   */
  events?: EventExpectation[];
}
/**
 * One object (name) or a set of objects (selector, or every object of the kind).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "ResourceExpectation".
 */
export interface ResourceExpectation {
  /**
   * Kind of the objects, e.g. Pod, StatefulSet, PersistentVolumeClaim.
   */
  kind: string;
  /**
   * Only when the kind is ambiguous.
   */
  apiVersion?: string;
  /**
   * One object by name.
   */
  name?: string;
  /**
   * The objects with these labels.
   */
  selector?: Selector;
  /**
   * Namespace; default: default (ignored for cluster-scoped kinds).
   */
  namespace?: Namespace;
  /**
   * Fields the named object must have (subset match); with count, the filter: count is then the number of selected objects that match.
   */
  match?: MatchMap;
  /**
   * Fields every selected object must have (subset match).
   */
  each?: MatchMap;
  /**
   * How many objects are selected; with match, how many of them match it.
   */
  count?: Count;
  /**
   * true: the object (or every selected object) must not exist.
   */
  absent?: boolean;
}
/**
 * Fields the object must have (subset match): every key written must be present and match; other keys are ignored. Lists of maps with name (containers, ports) or type (conditions) match by that key. Values may be matchers. Shorthands: phase: X means status.phase; ready: true on a Pod means condition Ready is True.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "MatchMap".
 */
export interface MatchMap {
  [k: string]: unknown;
}
/**
 * A file in a pod's container; with selector, in every selected pod (at least one must be selected).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "FileExpectation".
 */
export interface FileExpectation {
  /**
   * Name of the pod.
   */
  pod?: string;
  /**
   * Instead of pod: every pod with these labels must have the file (and at least one must exist).
   */
  selector?: Selector;
  /**
   * Namespace of the pod; default: default.
   */
  namespace?: Namespace;
  /**
   * Name of the container; default: the pod's first container.
   */
  container?: string;
  /**
   * Absolute path in the container.
   */
  path: string;
  /**
   * The whole content (or a matcher).
   */
  content?: Text;
  /**
   * A text the content must contain.
   */
  contains?: string;
  /**
   * The file must not exist.
   */
  absent?: true;
}
/**
 * What a name resolves to inside the cluster (like CoreDNS answers a pod).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "DnsExpectation".
 */
export interface DnsExpectation {
  /**
   * The name to look up, e.g. web-0.nginx.default.svc.cluster.local; short names are resolved with the search path of a pod in namespace.
   */
  name: string;
  /**
   * Namespace whose search path resolves short names; default: default.
   */
  namespace?: Namespace;
  /**
   * A (default) or SRV.
   */
  type?: 'A' | 'SRV';
  resolvesTo?: DnsAnswer;
  /**
   * The name must not exist.
   */
  nxdomain?: true;
}
/**
 * The expected answer: the IPs (A) or targets (SRV) of these pods, of this service, or these IPs.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "DnsAnswer".
 */
export interface DnsAnswer {
  /**
   * The answer is exactly the addresses of these pods (order ignored); `ns/name` names a pod in another namespace than the expectation's.
   */
  pods?: string[];
  /**
   * The answer is the ClusterIP of this service: its name (in the expectation's namespace), `ns/name`, or its DNS name in another namespace: `name.ns`, `name.ns.svc` or `name.ns.svc.cluster.local`.
   */
  service?: string;
  /**
   * The answer is exactly these IPs.
   */
  ips?: string[];
  /**
   * Number of records in the answer.
   */
  count?: Count;
}
/**
 * Events about an object (involved), or about the objects of a kind that a label selector chooses (kind with selector).
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "EventExpectation".
 */
export interface EventExpectation {
  /**
   * The object the event is about, as kind/name (pod/zk-2).
   */
  involved?: Target;
  /**
   * With selector: the kind of the objects whose events count (e.g. pod).
   */
  kind?: string;
  /**
   * With kind: the events of every object of that kind in namespace with these labels (the way to reach a Deployment's pods).
   */
  selector?: Selector;
  /**
   * Namespace of the object; default: default.
   */
  namespace?: Namespace;
  /**
   * Normal or Warning.
   */
  type?: 'Normal' | 'Warning';
  /**
   * Reason, e.g. FailedScheduling.
   */
  reason?: Text;
  /**
   * Message, usually a !regex.
   */
  message?: Text;
  /**
   * How many times matching events happened, repeats included, added up over every chosen object; default: at least one.
   */
  count?: Count;
}
/**
 * Check the recorded history: every observed change of every object, with its time.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "ExpectHistory".
 */
export interface ExpectHistory {
  window?: HistoryWindow;
  /**
   * Each entry's first occurrence in the window happens in this order.
   *
   * @minItems 1
   */
  order?: OrderEntry[];
  /**
   * Predicates false in every recorded state of the window.
   *
   * @minItems 1
   */
  never?: StatePredicate[];
  /**
   * Predicates true in every recorded state of the window.
   *
   * @minItems 1
   */
  always?: StatePredicate[];
}
/**
 * The part of the history to check. Default: from the start of the story (the first step of `steps`, so setup is left out) to the moment of the check.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "HistoryWindow".
 */
export interface HistoryWindow {
  /**
   * Start of the named step, or "start" (the start of the scenario, setup included). Default: the first step of `steps`.
   */
  from?: string;
  /**
   * End of the named step, or "end".
   */
  to?: string;
}
/**
 * An object (pod, target, or kind and name) that becomes a lifecycle state or matches fields.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "OrderEntry".
 */
export interface OrderEntry {
  /**
   * A pod by name.
   */
  pod?: string;
  /**
   * Any object as kind/name.
   */
  target?: Target;
  /**
   * With name: the kind of the object.
   */
  kind?: string;
  /**
   * With kind: the name of the object.
   */
  name?: string;
  /**
   * Namespace; default: default.
   */
  namespace?: Namespace;
  becomes?: LifecycleWord;
  /**
   * The first state in which the object has these fields.
   */
  match?: MatchMap;
}
/**
 * A statement about the objects selected in one recorded state; with several conditions, all must hold.
 *
 * This interface was referenced by `Scenario`'s JSON-Schema
 * via the `definition` "StatePredicate".
 */
export interface StatePredicate {
  /**
   * Kind of the objects.
   */
  kind: string;
  /**
   * Only when the kind is ambiguous.
   */
  apiVersion?: string;
  /**
   * One object by name.
   */
  name?: string;
  /**
   * The objects with these labels.
   */
  selector?: Selector;
  /**
   * Namespace; default: default.
   */
  namespace?: Namespace;
  /**
   * Every selected object has these fields.
   */
  match?: MatchMap;
  /**
   * Number of selected objects.
   */
  count?: Count;
  /**
   * Number of selected objects that are ready.
   */
  readyCount?: Count;
  /**
   * Fewer than this many selected objects are ready.
   */
  readyCountBelow?: number;
}

/** The verbs a step can have; a step has exactly one. */
export const STEP_VERBS = ['apply', 'create', 'delete', 'patch', 'scale', 'setImage', 'setPartition', 'rollout', 'label', 'annotate', 'evict', 'writeFile', 'sleep', 'kubectl', 'killNode', 'restartNode', 'disconnectNode', 'reconnectNode', 'cordon', 'uncordon', 'drain', 'taint', 'untaint', 'addNode', 'removeNode', 'failProbe', 'healProbe', 'crashContainer', 'expect', 'expectHistory'] as const;
export type StepVerb = (typeof STEP_VERBS)[number];

/** The fields any step may have beside its verb. */
export const STEP_COMMON_FIELDS = ['name', 'claim', 'at', 'after', 'expectError'] as const;
