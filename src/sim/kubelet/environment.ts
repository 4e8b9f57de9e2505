/**
 * A container's environment, as the kubelet builds it before creating the container
 * (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables, same rules in 1.35–1.37):
 *
 * 1. `envFrom` in order: every key of the ConfigMap's data, or the Secret's decoded data, with the
 *    source's prefix; a later source overwrites an earlier one's variable. Keys are passed on as
 *    they are: the 1.35–1.37 sources check no name and record no InvalidEnvironmentVariableNames
 *    event, and reports against older releases say the same of every release emulated here
 *    (kubernetes#110620 in 2022: a key with a dash reaches the container without an event;
 *    kubernetes#130099: the event the docs describe is gone). The 1.29–1.34 kubelet sources
 *    were not read.
 * 2. `env` in order, each overwriting what is there: a `value` with its `$(NAME)` references
 *    expanded against the variables so far (envFrom's and the earlier env entries'), else the
 *    value of its `valueFrom` source.
 * 3. A missing ConfigMap or Secret, or a missing key, is skipped when the reference is optional
 *    and is otherwise the error the kubelet reports (the watch-based manager's NotFound:
 *    `configmap "NAME" not found`; `couldn't find key KEY in ConfigMap NS/NAME`).
 *
 * 4. The service variables (service-env.ts): `$(NAME)` in env values sees them after the
 *    container's own variables (MappingFuncFor(tmpEnv, serviceEnv)), and they are added to the
 *    environment unless the container defines a variable of the same name, which wins.
 *
 * What the process finally sees (processEnvironment) is the runtime's: containerd's CRI plugin
 * puts HOSTNAME first and the image's ENV after it, then the kubelet's variables override both
 * (internal/cri/server container_create.go, "Add HOSTNAME env"; containerd's source is not on
 * this machine, the order is from its code as published). HOSTNAME is the sandbox's hostname
 * (kuberuntime_sandbox.go: the pod's hostname, the FQDN with setHostnameAsFQDN; a hostNetwork pod
 * has the node's). The image's ENV (PATH...) is not modelled: the simulator has no image configs,
 * and nothing it interprets reads PATH. The kubelet's own `$(NAME)` expansion never sees HOSTNAME.
 * `fileKeyRef` (EnvFiles) is refused up front (sim/field-inventory.ts).
 */
import type { Container, EnvVarSource, Pod, Service } from 'kubernetes-types/core/v1';
import { SharedMaps } from '../recent-values';
import { fieldValue, resourceValue } from './downward-api';
import { serviceEnvironment } from './service-env';
import { expandReferences, mappingFor } from './var-expansion';

/** What the environment is made from: the pod's namespace's objects as the kubelet's caches have them. */
export interface EnvironmentSources {
  pod: Pod;
  podIP: string | undefined;
  hostIP: string;
  /** the node's allocatable, standing in for limits the container does not set */
  allocatable: Record<string, string>;
  /** a ConfigMap's data; undefined when there is no such ConfigMap */
  configMap(name: string): Record<string, string> | undefined;
  /** a Secret's data, decoded; undefined when there is no such Secret */
  secret(name: string): Record<string, string> | undefined;
  /** the Services the kubelet's informer holds now (at least default's and the pod's namespace's; service-env.ts picks) */
  services(): readonly Service[];
}

export type Environment =
  | { ok: true; vars: ReadonlyMap<string, string> }
  /** `message`: the error's text, the container's CreateContainerConfigError message */
  | { ok: false; message: string };

type Source = 'ConfigMap' | 'Secret';

/** kuberuntime ErrCreateContainerConfig: the waiting reason of a container whose config failed. */
export const CREATE_CONTAINER_CONFIG_ERROR = 'CreateContainerConfigError';

/** A failure of makeEnvironmentVariables, carried to the one place that reports it. */
class ConfigError extends Error {}

/**
 * Recent environments, by their variables in order: the containers of a namespace's pods mostly
 * have the same one (its Services' variables), and each container kept a map of its own (about
 * 350 bytes for the ten variables of the `kubernetes` Service alone).
 */
const sharedEnvironments = new SharedMaps(256);

export function containerEnvironment(c: Container, from: EnvironmentSources): Environment {
  try {
    return { ok: true, vars: sharedEnvironments.share(buildEnvironment(c, from)) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, message: e.message };
    throw e;
  }
}

function buildEnvironment(c: Container, from: EnvironmentSources): Map<string, string> {
  const namespace = from.pod.metadata?.namespace ?? 'default';
  const fetch = (kind: Source, name: string, optional: boolean | undefined): Record<string, string> | undefined => {
    const data = kind === 'ConfigMap' ? from.configMap(name) : from.secret(name);
    if (data === undefined && !optional) throw new ConfigError(`${kind.toLowerCase()} "${name}" not found`);
    return data;
  };
  const serviceVars = serviceEnvironment(from.services(), namespace, from.pod.spec?.enableServiceLinks ?? true);
  const vars = new Map<string, string>();
  for (const source of c.envFrom ?? []) {
    const ref = source.configMapRef ? { kind: 'ConfigMap' as const, ...source.configMapRef } : source.secretRef ? { kind: 'Secret' as const, ...source.secretRef } : undefined;
    if (!ref) continue;
    const data = fetch(ref.kind, ref.name ?? '', ref.optional);
    for (const [key, value] of Object.entries(data ?? {})) vars.set((source.prefix ?? '') + key, value);
  }
  // the mapping reads `vars` as it grows: a value sees only the variables defined before it, then
  // the service variables
  const mapping = mappingFor(vars, serviceVars);
  for (const e of c.env ?? []) {
    if (e.value) vars.set(e.name, expandReferences(e.value, mapping));
    else if (e.valueFrom) {
      const value = sourceValue(e.valueFrom, c, from, namespace, fetch);
      if (value !== undefined) vars.set(e.name, value);
    } else vars.set(e.name, '');
  }
  // "Append remaining service env vars": the container's own definition of a name wins
  for (const [name, value] of serviceVars) if (!vars.has(name)) vars.set(name, value);
  return vars;
}

/**
 * The environment the container's process runs with: HOSTNAME from the runtime, overridden by
 * the kubelet's variables (see the module comment).
 */
export function processEnvironment(vars: ReadonlyMap<string, string>, hostname: string): ReadonlyMap<string, string> {
  return new Map([['HOSTNAME', hostname], ...vars]);
}

type Fetch = (kind: Source, name: string, optional: boolean | undefined) => Record<string, string> | undefined;

/** A valueFrom's value; undefined: an optional reference to something missing (no variable). */
function sourceValue(v: EnvVarSource, c: Container, from: EnvironmentSources, namespace: string, fetch: Fetch): string | undefined {
  const keyRef = v.configMapKeyRef ? { kind: 'ConfigMap' as const, ...v.configMapKeyRef } : v.secretKeyRef ? { kind: 'Secret' as const, ...v.secretKeyRef } : undefined;
  if (keyRef) {
    const name = keyRef.name ?? '';
    const data = fetch(keyRef.kind, name, keyRef.optional);
    if (data === undefined) return undefined;
    if (Object.hasOwn(data, keyRef.key)) return data[keyRef.key];
    if (keyRef.optional) return undefined;
    throw new ConfigError(`couldn't find key ${keyRef.key} in ${keyRef.kind} ${namespace}/${name}`);
  }
  if (v.fieldRef) return podFieldValue(v.fieldRef.fieldPath, from);
  if (v.resourceFieldRef) {
    const target = v.resourceFieldRef.containerName ? from.pod.spec?.containers.find((x) => x.name === v.resourceFieldRef!.containerName) : c;
    return resourceValue(target, v.resourceFieldRef.resource, v.resourceFieldRef.divisor, from.allocatable) ?? '';
  }
  return undefined;
}

/** kubelet podFieldSelectorRuntimeValue: the paths only env offers, then the downward API's. */
function podFieldValue(path: string, from: EnvironmentSources): string {
  switch (path) {
    case 'spec.nodeName': return from.pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return from.pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs': return from.hostIP;
    case 'status.podIP':
    case 'status.podIPs': return from.podIP ?? '';
  }
  return fieldValue(from.pod, path) ?? '';
}

/**
 * The command and args the runtime is given (ExpandContainerCommandAndArgs): `$(NAME)` references
 * to the container's variables expanded, other text as written.
 */
export function expandedCommand(c: Container, vars: ReadonlyMap<string, string>): Container {
  const mapping = mappingFor(vars);
  const expand = (words: string[] | undefined) => words?.map((w) => expandReferences(w, mapping));
  return { ...c, command: expand(c.command), args: expand(c.args) };
}
