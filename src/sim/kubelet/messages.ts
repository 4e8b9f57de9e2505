/**
 * Texts the kubelet writes into events and container statuses. Users match on them, so they are
 * reproduced exactly, per emulated version where upstream changed them.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { atLeast, type KubeVersion } from '../../kube/version';
import { formatGoDuration } from '../../kube/go-duration';

/** format.Pod (pkg/kubelet/util/format): `name_namespace(uid)`. */
export function podDescription(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
}

/**
 * Created event (kuberuntime_container.go startContainer): "Created container x" until 1.31,
 * "Created container: x" from 1.32 (unverified: the exact release of the colon), and from 1.35
 * "Container created" (kubernetes#134043: the name is in involvedObject.fieldPath).
 */
export function createdMessage(v: KubeVersion, container: string): string {
  if (atLeast(v, '1.35')) return 'Container created';
  return atLeast(v, '1.32') ? `Created container: ${container}` : `Created container ${container}`;
}

/** Started event: "Started container x" until 1.34, "Container started" from 1.35 (kubernetes#134043). */
export function startedMessage(v: KubeVersion, container: string): string {
  return atLeast(v, '1.35') ? 'Container started' : `Started container ${container}`;
}

export function pullingMessage(image: string): string {
  return `Pulling image "${image}"`;
}

/**
 * Pulled event after a pull (images/image_manager.go pullImage): pull time, time including the
 * wait in the serial puller's queue, and from 1.30 the image size (unverified: 1.29 vs 1.30).
 */
export function pulledMessage(v: KubeVersion, image: string, pullMs: number, totalMs: number, sizeBytes: number): string {
  const head = `Successfully pulled image "${image}" in ${formatGoDuration(pullMs)} (${formatGoDuration(totalMs)} including waiting)`;
  return atLeast(v, '1.30') ? `${head}. Image size: ${sizeBytes} bytes.` : head;
}

/**
 * Pulled event when no pull is needed. KubeletEnsureSecretPulledImages (beta, on by default from
 * 1.35) checks the pod may use the cached image and says so.
 */
export function alreadyPresentMessage(v: KubeVersion, image: string): string {
  const base = `Container image "${image}" already present on machine`;
  return atLeast(v, '1.35') ? `${base} and can be accessed by the pod` : base;
}

export function neverPullMessage(image: string): string {
  return `Container image "${image}" is not present with pull policy of Never`;
}

export function failedPullMessage(image: string, error: string): string {
  return `Failed to pull image "${image}": ${error}`;
}

export function backOffPullMessage(image: string): string {
  return `Back-off pulling image "${image}"`;
}

/**
 * Waiting message of a container in ImagePullBackOff: from 1.32 the last pull error is appended
 * (kubernetes#127918, `<reason>: <message>`); before, the bare back-off sentence.
 */
export function imagePullBackOffWaiting(v: KubeVersion, image: string, lastPullError: string | undefined): string {
  const base = backOffPullMessage(image);
  return atLeast(v, '1.32') && lastPullError ? `${base}: ErrImagePull: ${lastPullError}` : base;
}

/**
 * What containerd answers for a tag or repository that does not exist (the CRI error the kubelet
 * copies into the Failed event and the ErrImagePull waiting message).
 */
export function pullNotFoundError(normalizedImage: string): string {
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${normalizedImage}": ` +
    `failed to resolve reference "${normalizedImage}": ${normalizedImage}: not found`;
}

/** BackOff event of doBackOff (kuberuntime_manager.go), with the container name since 1.26. */
export function crashBackOffEvent(container: string, pod: Pod): string {
  return `Back-off restarting failed container ${container} in pod ${podDescription(pod)}`;
}

/** The CrashLoopBackOff waiting message: the current back-off as a Go duration. */
export function crashBackOffWaiting(backoffMs: number, container: string, pod: Pod): string {
  return `back-off ${formatGoDuration(backoffMs)} restarting failed container=${container} pod=${podDescription(pod)}`;
}

/** Killing event (kuberuntime_container.go killContainer): the reason, or "Stopping container x". */
export function stoppingMessage(container: string): string {
  return `Stopping container ${container}`;
}

/** computePodActions kill reasons; `, will be restarted` is appended when the restart policy restarts it. */
export function killReason(container: string, cause: 'liveness' | 'startup' | 'changed', restart: boolean): string {
  const what = cause === 'changed' ? 'definition changed' : `failed ${cause} probe`;
  return `Container ${container} ${what}${restart ? ', will be restarted' : ''}`;
}

/** Killing event of a container restarted for its resize policy (computePodResizeAction). */
export function resizeRestartReason(container: string): string {
  return `Container ${container} resize requires restart`;
}

/** Unhealthy event of the prober (prober/prober.go): "<Type> probe failed: <output>". */
export function probeFailedMessage(type: 'readiness' | 'liveness' | 'startup', output: string): string {
  return `${type[0]!.toUpperCase()}${type.slice(1)} probe failed: ${output}`;
}

/**
 * FailedMount event of SyncPod when WaitForAttachAndMount fails with the populator's errors
 * (kubelet.go, volume_manager.go): the volumes not mounted, the attachable ones not attached (none:
 * the simulator's volumes are not attachable), the used volumes the populator could not add, and
 * the errors joined by "; ". Lists print as Go's %v of a []string.
 */
export function failedMountMessage(unmounted: readonly string[], notProcessed: readonly string[], errors: readonly string[]): string {
  const list = (xs: readonly string[]) => `[${xs.join(' ')}]`;
  return `Unable to attach or mount volumes: unmounted volumes=${list(unmounted)}, unattached volumes=[], failed to process volumes=${list(notProcessed)}: ${errors.join('; ')}`;
}
