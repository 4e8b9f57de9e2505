/**
 * The steps that act inside pods or on the simulated kubelet, on the backend's optional
 * capabilities (the runner refuses a scenario up front when the backend lacks one).
 */
import type { Backend, Capabilities, CapabilityName, ContainerRef } from '../backend/contract';
import { KscenarioError } from '../errors';
import { firstRunningPod } from '../kubectl/pod-selection';
import type { CrashContainerAction, ProbeAction, WriteFileAction } from '../../generated/scenario';

/** The capability, which the up-front check guarantees; a missing one here is a runner bug. */
export function capability<K extends CapabilityName>(backend: Backend, name: K): NonNullable<Capabilities[K]> {
  const c = backend.capabilities[name];
  if (!c) throw new KscenarioError('UNSUPPORTED', `the ${backend.name} backend has no ${name} capability`);
  return c as NonNullable<Capabilities[K]>;
}

/**
 * `writeFile`: in the named pod, or with `selector` in the first Running pod it selects
 * (see kubectl/pod-selection.ts).
 */
export async function writeFile(backend: Backend, a: WriteFileAction): Promise<void> {
  const pod = a.pod ?? (await firstRunningPod(backend, a.selector!, a.namespace));
  await capability(backend, 'podIO').writeFile(containerRef({ ...a, pod }), a.path, a.content);
}

export async function setProbe(backend: Backend, a: ProbeAction, healthy: boolean): Promise<void> {
  await capability(backend, 'simulator').setProbe(containerRef(a), a.probe, healthy, a.message);
}

export async function crashContainer(backend: Backend, a: CrashContainerAction): Promise<void> {
  await capability(backend, 'simulator').crashContainer(containerRef(a), a.exitCode ?? 1);
}

function containerRef(a: { pod: string; namespace?: string; container?: string }): ContainerRef {
  return { pod: a.pod, ...(a.namespace ? { namespace: a.namespace } : {}), ...(a.container ? { container: a.container } : {}) };
}
