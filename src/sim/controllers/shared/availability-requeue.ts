/**
 * The requeue a workload controller's updatePod adds when one of its pods turns Ready under
 * minReadySeconds, so the owner counts the pod available once the wait is over with no other
 * event in between. Upstream first added a second "to avoid milliseconds skew in AddAfter"
 * (kubernetes#39785); the ReplicaSet (kubernetes#132121, 1.35) and StatefulSet (#135428, 1.36)
 * controllers dropped it when their sync learned to schedule the exact availability check; the
 * DaemonSet controller keeps it (v1.37.2 daemon_controller.go updatePod).
 */
export function readyPodRequeueMs(minReadySeconds: number, addSecond: boolean): number {
  return (minReadySeconds + (addSecond ? 1 : 0)) * 1000;
}
