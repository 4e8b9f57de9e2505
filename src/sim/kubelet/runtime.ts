/**
 * What the simulated container runtime (containerd) knows about a pod: its sandbox and every
 * container it created, newest last, as CRI ListContainers would report them.
 */
import type { ContainerMount } from './volume-mounts';
import type { Container, ResourceRequirements } from 'kubernetes-types/core/v1';
import type { TimerHandle } from '../clock';
import type { Files } from '../storage/volume-data';
import type { ProcessModel } from './process-model';
import type { Wake } from './task';

export type ContainerRole = 'init' | 'regular';
export type RuntimeState = 'created' | 'running' | 'exited';

export interface ContainerInstance {
  name: string;
  role: ContainerRole;
  /** 64 hex characters; the API shows `containerd://<id>` */
  id: string;
  /** the restart count this instance was created with (CRI metadata attempt) */
  attempt: number;
  /** the container spec it was created from (the pod's, frozen) */
  spec: Container;
  /** hash of that spec (a change means kill and recreate) */
  specHash: string;
  /** normalized image name and digest reference */
  image: string;
  imageRef: string;
  state: RuntimeState;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** Completed, Error... */
  reason?: string;
  /** files written outside any volume: the container's writable layer, gone with the instance (made on the first write) */
  layer?: Files;
  /** the configMap and secret volume files when it started (what its subPath mounts show) */
  projectedAtStart: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** the kubelet's variables it was created with (kubelet/environment.ts); its command and args are expanded with them */
  env: ReadonlyMap<string, string>;
  /**
   * the runtime's HOSTNAME (the sandbox's, the node's for a hostNetwork pod): with `env` what its
   * process sees, processEnvironment(env, hostname), built when read rather than kept twice
   */
  hostname: string;
  /** its volume mounts as resolved at creation (subPathExpr expanded, volume-mounts.ts) */
  mounts: readonly ContainerMount[];
  /** what its process does (process-model.ts), read from `spec` when it started */
  process?: ProcessModel;
  /** the cpu and memory the runtime gave it (its cgroups), updated by an in-place resize */
  resources?: ResourceRequirements;
  /** the process exiting by itself, or SIGKILL at the end of a grace period */
  exitTimer?: TimerHandle;
  /** set while the kubelet is stopping it or runs an exec in it: woken once it has exited */
  onExit?: Wake[];
}

export interface Sandbox {
  id: string;
  ip?: string;
  ready: boolean;
}

/** Newest instance of a container, or undefined if it was never created. */
export function latestInstance(instances: readonly ContainerInstance[], name: string): ContainerInstance | undefined {
  for (let i = instances.length - 1; i >= 0; i--) if (instances[i]!.name === name) return instances[i];
  return undefined;
}

/** The two newest instances (current and previous) of a container. */
export function lastTwoInstances(instances: readonly ContainerInstance[], name: string): ContainerInstance[] {
  const out: ContainerInstance[] = [];
  for (let i = instances.length - 1; i >= 0 && out.length < 2; i--) if (instances[i]!.name === name) out.push(instances[i]!);
  return out;
}

/** Reason of a terminated container: what containerd reports for an exit code. */
export function exitReason(code: number): string {
  return code === 0 ? 'Completed' : 'Error';
}

/**
 * Stand-in for kubecontainer.HashContainer: the parts of a container whose change makes the
 * kubelet restart it (the image is the one that can change on a live pod).
 */
export function containerSpecHash(c: Container): string {
  return JSON.stringify([c.image, c.command ?? null, c.args ?? null]);
}

/** kubecontainer.ShouldContainerBeRestarted for the restart policy of the pod. */
export function shouldRestart(latest: ContainerInstance | undefined, restartPolicy: string | undefined, deleting: boolean): boolean {
  if (deleting) return false;
  if (!latest) return true;
  if (latest.state === 'running') return false;
  if (latest.state === 'created') return true;
  if (restartPolicy === 'Never') return false;
  if (restartPolicy === 'OnFailure') return latest.exitCode !== 0;
  return true;
}
