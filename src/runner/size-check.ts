/**
 * The sizes a scenario states, checked against the backend's size limits before anything runs
 * (the simulator's: src/kube/size-limits.ts): its nodes, the nodes its addNode steps add, the
 * pods its manifests ask for (replicas, parallelism) and the replicas of its scale steps. The
 * simulated API server checks the same limits at every create, so a size reached while running
 * (a controller's surge, objects made by controllers) still ends the step with a clear error.
 */
import { InputError } from '../errors';
import { limitHint, limitText, podCountFields, type SizeLimits } from '../kube/size-limits';
import type { LoadedScenario, LoadedStep } from '../scenario/loaded';

export function oversized(loaded: LoadedScenario, limits: Readonly<SizeLimits>): InputError[] {
  return [...nodeProblems(loaded, limits), ...loaded.steps.flatMap((s) => stepProblems(loaded, s, limits))];
}

function nodeProblems(loaded: LoadedScenario, limits: Readonly<SizeLimits>): InputError[] {
  const problems: InputError[] = [];
  let nodes = loaded.cluster.nodes.length;
  if (nodes > limits.maxNodes) problems.push(tooMany(`spec.cluster.nodes has ${nodes} nodes`, loaded.locate(['spec', 'cluster', 'nodes']), limits, 'maxNodes'));
  for (const step of loaded.steps) {
    if (!('addNode' in step.step)) continue;
    if (++nodes === limits.maxNodes + 1) problems.push(tooMany(`this addNode step makes ${nodes} nodes`, step.location, limits, 'maxNodes'));
  }
  return problems;
}

function stepProblems(loaded: LoadedScenario, step: LoadedStep, limits: Readonly<SizeLimits>): InputError[] {
  const problems = (step.manifests ?? []).flatMap((m) => podCountFields(m.object)
    .filter((f) => f.value > limits.maxPods)
    .map((f) => tooMany(`${f.path.join('.')} asks for ${f.value} pods`, m.locate(f.path), limits, 'maxPods')));
  const scale = (step.step as { scale?: { replicas?: unknown } }).scale;
  if (typeof scale?.replicas === 'number' && scale.replicas > limits.maxPods) {
    problems.push(tooMany(`scale asks for ${scale.replicas} replicas`, loaded.locate([...step.path, 'scale', 'replicas']), limits, 'maxPods'));
  }
  return problems;
}

function tooMany(what: string, location: InputError['location'], limits: Readonly<SizeLimits>, which: keyof SizeLimits): InputError {
  return new InputError('LIMIT', `${what}, more than the simulator's limit of ${limitText(limits, which)}`, location, limitHint(which));
}
