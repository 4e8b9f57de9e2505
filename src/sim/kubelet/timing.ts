/**
 * Every duration the simulated kubelet uses, in virtual milliseconds. Upstream values carry their
 * source; values marked "chosen" stand for work that takes real time on a kind node (creating a
 * sandbox, starting a container) and have no upstream constant: they are plausible kind timings.
 */

/** genericPlegRelistPeriod (pkg/kubelet/kubelet.go): container state changes are seen at the next relist. */
export const PLEG_RELIST_MS = 1_000;

/** backOffPeriod (pkg/kubelet/kubelet.go): a pod worker retries a failed sync after this, jittered. */
export const POD_WORKER_BACKOFF_MS = 10_000;

/** workerBackOffPeriodJitterFactor (pkg/kubelet/pod_workers.go): wait.Jitter(10s, 0.5) = 10s..15s. */
export const POD_WORKER_JITTER_FACTOR = 0.5;

/**
 * syncFrequency default (kubelet config, 1m): a pod is synced again this long after a successful
 * sync, jittered by workerResyncIntervalJitterFactor (pkg/kubelet/pod_workers.go, 0.5: 60-90 s);
 * it also caps the crash-loop requeue of 1.35's pod worker.
 */
export const POD_RESYNC_MS = 60_000;

/** allocation_manager.go retryDelay: the ticker that retries Deferred resizes. */
export const RESIZE_RETRY_MS = 180_000;
export const POD_WORKER_RESYNC_JITTER_FACTOR = 0.5;

/** initialCrashLoopBackOff / MaxCrashLoopBackOff (pkg/kubelet/kubelet.go). */
export const CRASHLOOP_INITIAL_MS = 10_000;
export const CRASHLOOP_MAX_MS = 300_000;

/**
 * The crash-loop back-off starts over when a container exits more than 10 minutes after its last
 * (re)start: kubelet.go sets HasExpiredFunc to `eventTime - lastUpdate > 600s` (before that
 * HasExpiredFunc existed the flowcontrol default, 2 x max = 600s, gave the same result).
 */
export const CRASHLOOP_RESET_MS = 600_000;

/** imageBackOffPeriod / MaxImageBackOff (pkg/kubelet/kubelet.go). */
export const IMAGE_BACKOFF_INITIAL_MS = 10_000;
export const IMAGE_BACKOFF_MAX_MS = 300_000;

/**
 * podAttachAndMountRetryInterval (pkg/kubelet/volumemanager/volume_manager.go). Its timeout,
 * podAttachAndMountTimeout (2m3s), is not needed: every failure the simulator has is an error the
 * second poll returns (see PodWorker.waitForVolumes).
 */
export const VOLUME_POLL_MS = 300;

/** minimumGracePeriodInSeconds (pkg/kubelet/kuberuntime/kuberuntime_manager.go). */
export const MIN_GRACE_SECONDS = 2;

/**
 * nodeStatusUpdateFrequency default (kubelet config): the kubelet computes its node status this
 * often and writes it when it changed (pulled images, conditions another component overwrote).
 * The unchanged status is re-sent only every nodeStatusReportFrequency (5m), after a change
 * with a random delay of ±50% of it (kubelet_node_status.go isUpdateStatusPeriodExpired,
 * calculateDelay): that heartbeat-only write is not simulated — it would move nothing but
 * lastHeartbeatTime, and the node lifecycle controller reads the Lease first (see
 * src/sim/node-heartbeats.ts). A stopped or cut-off kubelet posts nothing; a started one posts
 * at once (its lastStatusReportTime is zero).
 */
export const NODE_STATUS_UPDATE_MS = 10_000;

/**
 * nodeLeaseDurationSeconds default (kubelet config, 40s); the kubelet renews its Lease every
 * quarter of it (kubelet.go: renewInterval = leaseDuration x nodeLeaseRenewIntervalFraction 0.25),
 * starting when it starts (lease controller Run: wait.JitterUntil runs its sync at once). The
 * 4% jitter of JitterUntil is left out.
 */
export const NODE_LEASE_DURATION_MS = 40_000;
export const NODE_LEASE_RENEW_INTERVAL_MS = NODE_LEASE_DURATION_MS / 4;

/**
 * syncPeriod of the status manager (pkg/kubelet/status/status_manager.go, 10s): syncBatch writes
 * every pod status the API server does not have yet, e.g. what a cut-off kubelet could not send.
 */
export const STATUS_SYNC_MS = 10_000;

/**
 * chosen: from `docker start` of a kind node container to its kubelet running (entrypoint,
 * systemd, containerd, then the kubelet) on a CI machine.
 */
export const NODE_BOOT_MS = 5_000;

/** chosen: RunPodSandbox with the pause image and kindnet's ptp CNI on a kind node. */
export const SANDBOX_START_MS = 500;

/** chosen: StopPodSandbox plus the CNI DEL that releases the pod IP. */
export const SANDBOX_STOP_MS = 200;

/** chosen: CRI CreateContainer, then StartContainer. */
export const CONTAINER_CREATE_MS = 50;
export const CONTAINER_START_MS = 50;

/** chosen: how long a process that handles SIGTERM (nginx, mysqld, ...) takes to exit. */
export const SIGTERM_EXIT_MS = 500;

/**
 * chosen: default image pull time when the scenario does not set images[image].pullSeconds
 * (a small image from Docker Hub on a CI machine).
 */
export const DEFAULT_PULL_SECONDS = 3;

/** chosen: how long a pull that fails (unknown tag or repository) takes before the error. */
export const FAILED_PULL_SECONDS = 1;
