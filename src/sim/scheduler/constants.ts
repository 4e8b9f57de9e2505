/**
 * Names, timings and limits of kube-scheduler's default profile, each from its upstream source.
 */

/** The default profile's schedulerName; also the events' reporting component. */
export const DEFAULT_SCHEDULER = 'default-scheduler';

/** v1.MaxNodeScore (staging kube-scheduler framework): every score plugin normalises to 0..100. */
export const MAX_NODE_SCORE = 100;

/**
 * Scheduling queue timings (pkg/scheduler/backend/queue/scheduling_queue.go defaults):
 * podInitialBackoffDurationSeconds 1, podMaxBackoffDurationSeconds 10, the unschedulable pool
 * flushed every 30s of pods that waited longer than 5 minutes (flushUnschedulablePodsLeftover).
 */
export const INITIAL_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10_000;
export const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;
export const MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
/** backoffQ is flushed on a 1s ticker (flushBackoffQCompleted; 1.33+ aligns expiries to a 1s window). */
export const BACKOFF_FLUSH_PERIOD_MS = 1_000;

/**
 * VolumeBinding PreBind (volumebinding/binder.go BindPodVolumes): after its API updates the binder
 * polls every second (first check after one second) until the claims are bound, for at most
 * VolumeBindingArgs.bindTimeoutSeconds (default 600).
 */
export const VOLUME_BIND_POLL_MS = 1_000;
export const VOLUME_BIND_TIMEOUT_MS = 600_000;

/**
 * numFeasibleNodesToFind (schedule_one.go): with 100+ nodes the scheduler stops filtering once it
 * found max(100, n * (50 - n/125)%, n * 5%) feasible nodes.
 */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what scoring assumes for a container without requests. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** InterPodAffinityArgs.hardPodAffinityWeight default (apis/config/v1/defaults.go). */
export const HARD_POD_AFFINITY_WEIGHT = 1;

/** ImageLocality thresholds (imagelocality/image_locality.go): 23MB and 1000MB per container. */
export const IMAGE_MIN_THRESHOLD = 23 * 1024 * 1024;
export const IMAGE_MAX_CONTAINER_THRESHOLD = 1000 * 1024 * 1024;

/** validation.NoteLengthLimit: event notes longer than this are cut and end with " ...". */
export const EVENT_NOTE_LIMIT = 1024;

/** Well-known labels, taints and annotations (k8s.io/api core/v1 well_known_*.go, storage helpers). */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_ZONE_BETA = 'failure-domain.beta.kubernetes.io/zone';
export const LABEL_REGION_BETA = 'failure-domain.beta.kubernetes.io/region';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
