/**
 * Pods chosen by labels rather than by name, for the steps that act on or look into one pod
 * (`writeFile`, `expect.files`): the pods of a Deployment or ReplicaSet have generated names, so a
 * scenario can only reach them through their labels.
 */
import type { Backend } from '../backend/contract';
import { selectorText } from '../check/selection';
import { naturalCompare } from '../check/yaml-text';
import { KscenarioError } from '../errors';
import { matches, selectorFromSpec, type SelectorSpec } from '../kube/labels';
import { isBeingDeleted, type KObject } from '../kube/object';

export type PodSelector = SelectorSpec;

/** The pods with these labels that are not being deleted, in natural name order. */
export async function selectPods(backend: Backend, selector: PodSelector, namespace = 'default'): Promise<KObject[]> {
  const compiled = selectorFromSpec(selector);
  const pods = await backend.list('Pod', namespace);
  return pods
    .filter((p) => !isBeingDeleted(p) && matches(compiled, p.metadata.labels))
    .sort((a, b) => naturalCompare(a.metadata.name, b.metadata.name));
}

/**
 * The first Running pod the selector picks (natural name order): deterministic for one run, and
 * always a pod whose containers can be written into.
 */
export async function firstRunningPod(backend: Backend, selector: PodSelector, namespace = 'default'): Promise<string> {
  const running = (await selectPods(backend, selector, namespace)).filter((p) => phaseOf(p) === 'Running');
  if (!running.length) {
    throw new KscenarioError('BACKEND', `no Running pod in namespace ${namespace} matches the selector ${selectorText(selector)}`);
  }
  return running[0]!.metadata.name;
}

function phaseOf(pod: KObject): unknown {
  return (pod.status as { phase?: unknown } | undefined)?.phase;
}
