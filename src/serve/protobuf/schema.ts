/**
 * Field numbers of the Kubernetes protobuf messages that kubectl's typed clients send when
 * `kubectl create namespace|configmap|secret|serviceaccount|service|deployment|job|cronjob|pdb|
 * quota|role|clusterrole|rolebinding|clusterrolebinding|priorityclass` or `kubectl autoscale` creates an
 * object, and DeleteOptions (k8s.io/api <group>/<version>/generated.proto, apimachinery meta/v1, intstr,
 * resource). Only these messages are decoded; a field not listed here makes the request 415, so
 * nothing is ever stored half-read.
 *
 * Go's protobuf marshalling writes every non-pointer field, zero values included; JSON leaves
 * them out. `ptr` marks the pointer fields, whose zero values are real values (replicas: 0).
 */

export type FieldType =
  | 'string' | 'bytes' | 'int32' | 'int64' | 'bool'
  /** metav1.Time {seconds, nanos} → RFC 3339 */
  | 'time'
  /** intstr.IntOrString {type, intVal, strVal} */
  | 'intOrString'
  /** resource.Quantity {string} */
  | 'quantity'
  /** status and other server-owned parts: skipped */
  | 'ignore'
  | { message: string }
  | { map: 'string' | 'bytes' | 'quantity' };

export interface FieldDef {
  name: string;
  type: FieldType;
  repeated?: boolean;
  ptr?: boolean;
}

type Fields = Record<number, FieldDef>;

const f = (name: string, type: FieldType, opts: { repeated?: boolean; ptr?: boolean } = {}): FieldDef => ({ name, type, ...opts });
const msg = (message: string): FieldType => ({ message });
const strings = (name: string) => f(name, 'string', { repeated: true });

export const MESSAGES: Record<string, Fields> = {
  // runtime.Unknown, the envelope after the "k8s\0" magic
  Unknown: { 1: f('typeMeta', msg('TypeMeta')), 2: f('raw', 'bytes'), 3: f('contentEncoding', 'string'), 4: f('contentType', 'string') },
  TypeMeta: { 1: f('apiVersion', 'string'), 2: f('kind', 'string') },

  ObjectMeta: {
    1: f('name', 'string'), 2: f('generateName', 'string'), 3: f('namespace', 'string'), 4: f('selfLink', 'string'), 5: f('uid', 'string'),
    6: f('resourceVersion', 'string'), 7: f('generation', 'int64'), 8: f('creationTimestamp', 'time'), 9: f('deletionTimestamp', 'time'),
    10: f('deletionGracePeriodSeconds', 'int64', { ptr: true }), 11: f('labels', { map: 'string' }), 12: f('annotations', { map: 'string' }),
    14: strings('finalizers'),
  },
  LabelSelector: { 1: f('matchLabels', { map: 'string' }), 2: f('matchExpressions', msg('LabelSelectorRequirement'), { repeated: true }) },
  LabelSelectorRequirement: { 1: f('key', 'string'), 2: f('operator', 'string'), 3: strings('values') },
  ObjectReference: {
    1: f('kind', 'string'), 2: f('namespace', 'string'), 3: f('name', 'string'), 4: f('uid', 'string'), 5: f('apiVersion', 'string'),
    6: f('resourceVersion', 'string'), 7: f('fieldPath', 'string'),
  },
  LocalObjectReference: { 1: f('name', 'string') },

  Namespace: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('NamespaceSpec')), 3: f('status', 'ignore') },
  NamespaceSpec: { 1: strings('finalizers') },
  ConfigMap: { 1: f('metadata', msg('ObjectMeta')), 2: f('data', { map: 'string' }), 3: f('binaryData', { map: 'bytes' }), 4: f('immutable', 'bool', { ptr: true }) },
  Secret: {
    1: f('metadata', msg('ObjectMeta')), 2: f('data', { map: 'bytes' }), 3: f('type', 'string'), 4: f('stringData', { map: 'string' }),
    5: f('immutable', 'bool', { ptr: true }),
  },
  ServiceAccount: {
    1: f('metadata', msg('ObjectMeta')), 2: f('secrets', msg('ObjectReference'), { repeated: true }),
    3: f('imagePullSecrets', msg('LocalObjectReference'), { repeated: true }), 4: f('automountServiceAccountToken', 'bool', { ptr: true }),
  },

  Service: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('ServiceSpec')), 3: f('status', 'ignore') },
  ServiceSpec: {
    1: f('ports', msg('ServicePort'), { repeated: true }), 2: f('selector', { map: 'string' }), 3: f('clusterIP', 'string'), 4: f('type', 'string'),
    5: strings('externalIPs'), 7: f('sessionAffinity', 'string'), 8: f('loadBalancerIP', 'string'), 9: strings('loadBalancerSourceRanges'),
    10: f('externalName', 'string'), 11: f('externalTrafficPolicy', 'string'), 12: f('healthCheckNodePort', 'int32'),
    13: f('publishNotReadyAddresses', 'bool'), 17: f('ipFamilyPolicy', 'string', { ptr: true }), 18: strings('clusterIPs'), 19: strings('ipFamilies'),
    20: f('allocateLoadBalancerNodePorts', 'bool', { ptr: true }), 21: f('loadBalancerClass', 'string', { ptr: true }),
    22: f('internalTrafficPolicy', 'string', { ptr: true }), 23: f('trafficDistribution', 'string', { ptr: true }),
  },
  ServicePort: {
    1: f('name', 'string'), 2: f('protocol', 'string'), 3: f('port', 'int32'), 4: f('targetPort', 'intOrString'), 5: f('nodePort', 'int32'),
    6: f('appProtocol', 'string', { ptr: true }),
  },

  ResourceQuota: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('ResourceQuotaSpec')), 3: f('status', 'ignore') },
  ResourceQuotaSpec: { 1: f('hard', { map: 'quantity' }), 2: strings('scopes') },

  PodTemplateSpec: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('PodSpec')) },
  PodSpec: {
    2: f('containers', msg('Container'), { repeated: true }), 3: f('restartPolicy', 'string'), 4: f('terminationGracePeriodSeconds', 'int64', { ptr: true }),
    5: f('activeDeadlineSeconds', 'int64', { ptr: true }), 6: f('dnsPolicy', 'string'), 7: f('nodeSelector', { map: 'string' }),
    8: f('serviceAccountName', 'string'), 9: f('serviceAccount', 'string'), 10: f('nodeName', 'string'), 11: f('hostNetwork', 'bool'),
    12: f('hostPID', 'bool'), 13: f('hostIPC', 'bool'), 15: f('imagePullSecrets', msg('LocalObjectReference'), { repeated: true }),
    16: f('hostname', 'string'), 17: f('subdomain', 'string'), 19: f('schedulerName', 'string'), 20: f('initContainers', msg('Container'), { repeated: true }),
    21: f('automountServiceAccountToken', 'bool', { ptr: true }), 22: f('tolerations', msg('Toleration'), { repeated: true }),
    24: f('priorityClassName', 'string'), 30: f('enableServiceLinks', 'bool', { ptr: true }),
  },
  Container: {
    1: f('name', 'string'), 2: f('image', 'string'), 3: strings('command'), 4: strings('args'), 5: f('workingDir', 'string'),
    6: f('ports', msg('ContainerPort'), { repeated: true }), 7: f('env', msg('EnvVar'), { repeated: true }), 8: f('resources', msg('ResourceRequirements')),
    9: f('volumeMounts', msg('VolumeMount'), { repeated: true }), 13: f('terminationMessagePath', 'string'), 14: f('imagePullPolicy', 'string'),
    16: f('stdin', 'bool'), 17: f('stdinOnce', 'bool'), 18: f('tty', 'bool'), 20: f('terminationMessagePolicy', 'string'),
    24: f('restartPolicy', 'string', { ptr: true }),
  },
  ContainerPort: { 1: f('name', 'string'), 2: f('hostPort', 'int32'), 3: f('containerPort', 'int32'), 4: f('protocol', 'string'), 5: f('hostIP', 'string') },
  EnvVar: { 1: f('name', 'string'), 2: f('value', 'string') },
  ResourceRequirements: { 1: f('limits', { map: 'quantity' }), 2: f('requests', { map: 'quantity' }) },
  VolumeMount: { 1: f('name', 'string'), 2: f('readOnly', 'bool'), 3: f('mountPath', 'string'), 4: f('subPath', 'string'), 6: f('subPathExpr', 'string') },
  Toleration: { 1: f('key', 'string'), 2: f('operator', 'string'), 3: f('value', 'string'), 4: f('effect', 'string'), 5: f('tolerationSeconds', 'int64', { ptr: true }) },

  Deployment: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('DeploymentSpec')), 3: f('status', 'ignore') },
  DeploymentSpec: {
    1: f('replicas', 'int32', { ptr: true }), 2: f('selector', msg('LabelSelector')), 3: f('template', msg('PodTemplateSpec')),
    4: f('strategy', msg('DeploymentStrategy')), 5: f('minReadySeconds', 'int32'), 6: f('revisionHistoryLimit', 'int32', { ptr: true }),
    7: f('paused', 'bool'), 9: f('progressDeadlineSeconds', 'int32', { ptr: true }),
  },
  DeploymentStrategy: { 1: f('type', 'string'), 2: f('rollingUpdate', msg('RollingUpdateDeployment')) },
  RollingUpdateDeployment: { 1: f('maxUnavailable', 'intOrString', { ptr: true }), 2: f('maxSurge', 'intOrString', { ptr: true }) },

  Job: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('JobSpec')), 3: f('status', 'ignore') },
  JobSpec: {
    1: f('parallelism', 'int32', { ptr: true }), 2: f('completions', 'int32', { ptr: true }), 3: f('activeDeadlineSeconds', 'int64', { ptr: true }),
    4: f('selector', msg('LabelSelector')), 5: f('manualSelector', 'bool', { ptr: true }), 6: f('template', msg('PodTemplateSpec')),
    7: f('backoffLimit', 'int32', { ptr: true }), 8: f('ttlSecondsAfterFinished', 'int32', { ptr: true }), 9: f('completionMode', 'string', { ptr: true }),
    10: f('suspend', 'bool', { ptr: true }), 12: f('backoffLimitPerIndex', 'int32', { ptr: true }), 13: f('maxFailedIndexes', 'int32', { ptr: true }),
    14: f('podReplacementPolicy', 'string', { ptr: true }), 15: f('managedBy', 'string', { ptr: true }),
  },
  JobTemplateSpec: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('JobSpec')) },
  CronJob: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('CronJobSpec')), 3: f('status', 'ignore') },
  CronJobSpec: {
    1: f('schedule', 'string'), 2: f('startingDeadlineSeconds', 'int64', { ptr: true }), 3: f('concurrencyPolicy', 'string'),
    4: f('suspend', 'bool', { ptr: true }), 5: f('jobTemplate', msg('JobTemplateSpec')), 6: f('successfulJobsHistoryLimit', 'int32', { ptr: true }),
    7: f('failedJobsHistoryLimit', 'int32', { ptr: true }), 8: f('timeZone', 'string', { ptr: true }),
  },

  Role: { 1: f('metadata', msg('ObjectMeta')), 2: f('rules', msg('PolicyRule'), { repeated: true }) },
  ClusterRole: { 1: f('metadata', msg('ObjectMeta')), 2: f('rules', msg('PolicyRule'), { repeated: true }), 3: f('aggregationRule', msg('AggregationRule')) },
  AggregationRule: { 1: f('clusterRoleSelectors', msg('LabelSelector'), { repeated: true }) },
  PolicyRule: { 1: strings('verbs'), 2: strings('apiGroups'), 3: strings('resources'), 4: strings('resourceNames'), 5: strings('nonResourceURLs') },
  RoleBinding: { 1: f('metadata', msg('ObjectMeta')), 2: f('subjects', msg('Subject'), { repeated: true }), 3: f('roleRef', msg('RoleRef')) },
  Subject: { 1: f('kind', 'string'), 2: f('apiGroup', 'string'), 3: f('name', 'string'), 4: f('namespace', 'string') },
  RoleRef: { 1: f('apiGroup', 'string'), 2: f('kind', 'string'), 3: f('name', 'string') },

  PriorityClass: {
    1: f('metadata', msg('ObjectMeta')), 2: f('value', 'int32'), 3: f('globalDefault', 'bool'), 4: f('description', 'string'),
    5: f('preemptionPolicy', 'string', { ptr: true }),
  },

  // kubectl autoscale: autoscaling/v1, or v2 with one resource metric
  HorizontalPodAutoscalerV1: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('HorizontalPodAutoscalerSpecV1')), 3: f('status', 'ignore') },
  HorizontalPodAutoscalerSpecV1: {
    1: f('scaleTargetRef', msg('CrossVersionObjectReference')), 2: f('minReplicas', 'int32', { ptr: true }), 3: f('maxReplicas', 'int32'),
    4: f('targetCPUUtilizationPercentage', 'int32', { ptr: true }),
  },
  HorizontalPodAutoscalerV2: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('HorizontalPodAutoscalerSpecV2')), 3: f('status', 'ignore') },
  HorizontalPodAutoscalerSpecV2: {
    1: f('scaleTargetRef', msg('CrossVersionObjectReference')), 2: f('minReplicas', 'int32', { ptr: true }), 3: f('maxReplicas', 'int32'),
    4: f('metrics', msg('MetricSpec'), { repeated: true }),
  },
  CrossVersionObjectReference: { 1: f('kind', 'string'), 2: f('name', 'string'), 3: f('apiVersion', 'string') },
  MetricSpec: { 1: f('type', 'string'), 4: f('resource', msg('ResourceMetricSource')) },
  ResourceMetricSource: { 1: f('name', 'string'), 2: f('target', msg('MetricTarget')) },
  MetricTarget: { 1: f('type', 'string'), 2: f('value', 'quantity'), 3: f('averageValue', 'quantity'), 4: f('averageUtilization', 'int32', { ptr: true }) },

  // metav1.DeleteOptions, registered in every group version (kubectl drain --disable-eviction deletes with it)
  DeleteOptions: {
    1: f('gracePeriodSeconds', 'int64', { ptr: true }), 2: f('preconditions', msg('Preconditions')), 3: f('orphanDependents', 'bool', { ptr: true }),
    4: f('propagationPolicy', 'string', { ptr: true }), 5: strings('dryRun'), 6: f('ignoreStoreReadErrorWithClusterBreakingPotential', 'bool', { ptr: true }),
  },
  Preconditions: { 1: f('uid', 'string', { ptr: true }), 2: f('resourceVersion', 'string', { ptr: true }) },

  PodDisruptionBudget: { 1: f('metadata', msg('ObjectMeta')), 2: f('spec', msg('PodDisruptionBudgetSpec')), 3: f('status', 'ignore') },
  PodDisruptionBudgetSpec: {
    1: f('minAvailable', 'intOrString', { ptr: true }), 2: f('selector', msg('LabelSelector')), 3: f('maxUnavailable', 'intOrString', { ptr: true }),
    4: f('unhealthyPodEvictionPolicy', 'string', { ptr: true }),
  },
};

/** Kinds every group version has (metav1), whatever apiVersion the client encodes them with. */
export const ANY_VERSION_KINDS: Record<string, string> = { DeleteOptions: 'DeleteOptions' };

/** The top-level message of each kind a typed client may send. */
export const KINDS: Record<string, string> = {
  'v1/Namespace': 'Namespace',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/ServiceAccount': 'ServiceAccount',
  'v1/Service': 'Service',
  'v1/ResourceQuota': 'ResourceQuota',
  'apps/v1/Deployment': 'Deployment',
  'batch/v1/Job': 'Job',
  'batch/v1/CronJob': 'CronJob',
  'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  'rbac.authorization.k8s.io/v1/Role': 'Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'RoleBinding',
  'scheduling.k8s.io/v1/PriorityClass': 'PriorityClass',
  'autoscaling/v1/HorizontalPodAutoscaler': 'HorizontalPodAutoscalerV1',
  'autoscaling/v2/HorizontalPodAutoscaler': 'HorizontalPodAutoscalerV2',
};
