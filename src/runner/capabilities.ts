/**
 * Which backend capabilities a scenario needs, found by reading it, so that a scenario the chosen
 * backend cannot run is refused before anything runs (exit 2, naming the step and the backend)
 * rather than failing half-way through a story.
 */
import type { Backend, CapabilityName } from '../backend/contract';
import { InputError } from '../errors';
import type { LoadedScenario, LoadedStep } from '../scenario/loaded';
import { oversized } from './size-check';
import { stepVerb } from './step-verb';

/** The capability each verb needs; verbs not listed need only the object API. */
export const VERB_CAPABILITY: Readonly<Record<string, CapabilityName>> = {
  killNode: 'nodeFaults',
  restartNode: 'nodeFaults',
  disconnectNode: 'nodeFaults',
  reconnectNode: 'nodeFaults',
  addNode: 'nodeFaults',
  removeNode: 'nodeFaults',
  writeFile: 'podIO',
  failProbe: 'simulator',
  healProbe: 'simulator',
  crashContainer: 'simulator',
  kubectl: 'kubectl',
};

const WHAT: Record<CapabilityName, string> = {
  nodeFaults: 'node faults',
  podIO: 'pod I/O (files and DNS inside pods)',
  simulator: 'simulator-only controls',
  kubectl: 'an API endpoint for the real kubectl',
};

const WHERE: Record<CapabilityName, string> = {
  nodeFaults: 'run it on the simulator, or on a cluster served by `kscenario serve` (its fault endpoint)',
  podIO: 'run it on the simulator, or on a cluster whose pods can be exec-ed into',
  simulator: 'run it with --backend simulator',
  kubectl: 'run it with --backend simulator or a real-cluster backend',
};

export interface Need {
  capability: CapabilityName;
  /** the step or field that needs it */
  step: LoadedStep | undefined;
  what: string;
  location: LoadedScenario['steps'][number]['location'];
}

export function capabilityNeeds(loaded: LoadedScenario): Need[] {
  const needs: Need[] = [];
  // `pull: fail` names an image that does not exist: a real cluster fails to pull it by itself.
  // How long a pull takes is the simulator's to decide, and nobody else's.
  for (const [image, behaviour] of Object.entries(loaded.cluster.images ?? {})) {
    if (behaviour.pullSeconds === undefined) continue;
    needs.push({ capability: 'simulator', step: undefined, what: `spec.cluster.images["${image}"].pullSeconds (image pull timing)`, location: loaded.locate(['spec', 'cluster', 'images', image, 'pullSeconds']) });
  }
  for (const step of loaded.steps) {
    const verb = stepVerb(step.step);
    const capability = VERB_CAPABILITY[verb];
    if (capability) needs.push({ capability, step, what: `the ${verb} step`, location: step.location });
    const expect = step.step.expect;
    if (expect?.files?.length) needs.push({ capability: 'podIO', step, what: 'an expect.files check', location: loaded.locate([...step.path, 'expect', 'files']) });
    if (expect?.dns?.length) needs.push({ capability: 'podIO', step, what: 'an expect.dns check', location: loaded.locate([...step.path, 'expect', 'dns']) });
  }
  return needs;
}

/** One error per need the backend cannot meet; empty when the scenario can run. */
export function unmetNeeds(loaded: LoadedScenario, backend: Pick<Backend, 'name' | 'capabilities' | 'unimplemented' | 'limits'>): InputError[] {
  const missing = capabilityNeeds(loaded)
    .filter((n) => backend.capabilities[n.capability] === undefined)
    .map((n) => new InputError('UNSUPPORTED',
      `${n.what} needs ${WHAT[n.capability]}, which the ${backend.name} backend does not have`,
      n.location, WHERE[n.capability]));
  return [...missing, ...unimplementedFields(loaded, backend), ...(backend.limits ? oversized(loaded, backend.limits) : [])];
}

/**
 * The objects of apply and create steps that use what the backend does not implement (the
 * simulator's gaps), each refused at the field. A step that expects an error is left alone: its
 * objects are meant to be refused by the API.
 */
function unimplementedFields(loaded: LoadedScenario, backend: Pick<Backend, 'name' | 'unimplemented'>): InputError[] {
  const gapsOf = backend.unimplemented;
  if (!gapsOf) return [];
  return loaded.steps.filter((s) => s.step.expectError === undefined).flatMap((step) =>
    (step.manifests ?? []).flatMap((m) => gapsOf(m.object, loaded.cluster.kubernetesVersion).map((gap) =>
      new InputError('UNSUPPORTED', `the ${backend.name} does not implement ${gap.field} yet (${gap.feature})`, m.locate(gap.path),
        'remove it from the manifest, or run the scenario on a real cluster (--backend kind or --backend cluster)'))));
}
