/**
 * Is a cluster reached through a kubeconfig a kind cluster whose node containers this machine's
 * Docker can see? kind starts every kubelet with `--provider-id=kind://<provider>/<cluster>/<node
 * container>` (kubeadm/config.go), so each Node says which container it is, whatever its Node name.
 * When every Node does (provider docker) and Docker knows the first container, `--backend cluster`
 * gets the same Docker node faults as `--backend kind` (without addNode, which kind cannot do on
 * a running cluster, and with a best-effort reconnect on kind's default network, see faults.ts).
 */
import type { Backend, Capabilities } from '../../backend/contract';
import type { KObject } from '../../kube/object';
import { DelegatingBackend } from '../cluster/hosted';
import { DockerNodeFaults } from './faults';
import { inspectNetworks } from './faults';
import type { ProcessRunner } from './process';

export interface KindNodeRef {
  provider: string;
  cluster: string;
  container: string;
}

/** kind://docker/<cluster>/<container> */
export function parseKindProviderId(providerId: string | undefined): KindNodeRef | undefined {
  const m = /^kind:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(providerId ?? '');
  return m ? { provider: m[1]!, cluster: m[2]!, container: m[3]! } : undefined;
}

/** Node name → its kind container, when every node is a kind node on Docker; undefined otherwise. */
export function kindContainers(nodes: readonly KObject[]): Map<string, KindNodeRef> | undefined {
  if (!nodes.length) return undefined;
  const out = new Map<string, KindNodeRef>();
  for (const n of nodes) {
    const ref = parseKindProviderId((n.spec as { providerID?: string } | undefined)?.providerID);
    if (!ref || ref.provider !== 'docker') return undefined;
    out.set(n.metadata.name, ref);
  }
  return out;
}

export interface DetectOptions {
  runner: ProcessRunner;
  notice?: (line: string) => void;
}

/**
 * The backend as it is, or — on a kind cluster whose containers Docker sees here and when the
 * backend has no node faults of its own — the backend with Docker node faults added.
 */
export async function withKindNodeFaults(inner: Backend, o: DetectOptions): Promise<Backend> {
  if (inner.capabilities.nodeFaults) return inner;
  let containers: Map<string, KindNodeRef> | undefined;
  try {
    containers = kindContainers(await inner.list('Node'));
  } catch {
    return inner;
  }
  if (!containers) return inner;
  const first = [...containers.values()][0]!;
  const seen = await o.runner.run(inspectNetworks(first.container)).catch(() => undefined);
  if (!seen || seen.exitCode !== 0) {
    o.notice?.(`the nodes are kind nodes (cluster ${first.cluster}) but Docker here does not see container ${first.container}: no node faults`);
    return inner;
  }
  const known = containers;
  const faults = new DockerNodeFaults({
    runner: o.runner,
    container: (node) => known.get(node)?.container,
    pinnable: false,
    api: inner,
    notice: o.notice,
  });
  const capabilities: Capabilities = { ...inner.capabilities, nodeFaults: faults };
  return new DelegatingBackend(inner.name, capabilities, () => inner);
}
