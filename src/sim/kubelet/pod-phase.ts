/**
 * The pod phase from its container statuses (pkg/kubelet/kubelet_pods.go getPhase).
 */
import type { Container, ContainerStatus, PodSpec } from 'kubernetes-types/core/v1';

/** An init container with restartPolicy Always: a sidecar (KEP-753). */
export function isRestartableInit(c: Container): boolean {
  return (c as { restartPolicy?: string }).restartPolicy === 'Always';
}

export function podPhase(spec: PodSpec, statuses: readonly ContainerStatus[], podIsTerminal: boolean): string {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of spec.initContainers ?? []) {
    if (isRestartableInit(c)) continue;
    const s = byName.get(c.name);
    if (!s || s.state?.running) pendingInit++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInit++;
      } else pendingInit++;
    } else pendingInit++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    if (!isRestartableInit(c)) continue;
    const s = byName.get(c.name);
    if (!s) {
      unknown++;
    } else if (s.state?.running) {
      if (!s.started) pendingInit++;
      running++;
    } else if (s.state?.waiting && !s.lastState?.terminated) {
      pendingInit++;
      waiting++;
    } else if (!s.state?.terminated && !s.state?.waiting) {
      pendingInit++;
      unknown++;
    }
  }
  for (const c of spec.containers) {
    const s = byName.get(c.name);
    if (!s) unknown++;
    else if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  if (failedInit > 0 && spec.restartPolicy === 'Never') return 'Failed';
  if ((pendingInit > 0 && !anyRegularStarted(spec, byName)) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    // a terminal pod's containers are not restarted whatever the policy
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (spec.restartPolicy === 'Always' || spec.restartPolicy === undefined) return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (spec.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** kubecontainer.HasAnyRegularContainerStarted: a regular container is running or terminated. */
export function anyRegularStarted(spec: PodSpec, byName: ReadonlyMap<string, ContainerStatus>): boolean {
  return spec.containers.some((c) => {
    const s = byName.get(c.name);
    return !!(s?.state?.running || s?.state?.terminated);
  });
}
