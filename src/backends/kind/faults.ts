/**
 * Node faults on kind, as the contract's NodeFaults: a node is a Docker container, so the faults
 * are what happens to machines, done with `docker`.
 *
 * - killNode: `docker stop` (systemd in the node shuts down; the kubelet stops renewing its Lease).
 *   kind runs its nodes with `--restart=on-failure:1` (providers/docker/provision.go), and Docker
 *   never restarts a container that was stopped by hand, so the node stays down until
 *   restartNode. The node's IP is read first (`docker inspect`) and, where the network allows a
 *   fixed address, pinned to the stopped container so that it comes back with the same IP.
 * - restartNode: `docker start` (the kubelet posts Ready again; kind's entrypoint adapts the node
 *   to a new IP if Docker gave it one, which pinning avoids).
 * - disconnectNode / reconnectNode: `docker network disconnect <net> <container>` and
 *   `docker network connect --ip <the IP read before> <net> <container>`. Docker takes `--ip` only
 *   on a network with a user-configured IPv4 subnet (moby: "user specified IP address is supported
 *   only when connecting to networks with user configured subnets"); kind's own `kind` network
 *   has none (kind sets only an IPv6 subnet), which is why the kind backend creates its clusters
 *   on a network of its own with one. On a cluster made by `kind create cluster` the reconnect is
 *   tried with `--ip` and, if Docker refuses, done without it and reported as an error: the node
 *   then has a new IP and the kubelet still announces the old one.
 * - removeNode: `docker rm -f` of the machine, then the Node is deleted through the API (in this
 *   order: a running kubelet would register its Node again). The pod garbage collector removes
 *   the node's pods later, as on any cluster.
 * - addNode: only for nodes the cluster was created with for that purpose (cluster-plan.ts: added
 *   nodes are created, stopped and their Node deleted): `docker start`, then wait until the
 *   kubelet has registered the Node and set the labels a kubelet may not set itself. Anything else
 *   is refused: kind cannot add a node to an existing cluster.
 */
import type { NodeFaults, NodeRequest, ObjectApi } from '../../backend/contract';
import { KscenarioError } from '../../errors';
import { formatCommand, runChecked, type Command, type ProcessRunner } from './process';

export type FaultVerb = 'killNode' | 'restartNode' | 'disconnectNode' | 'reconnectNode' | 'addNode' | 'removeNode';
export const FAULT_VERBS: readonly FaultVerb[] = ['killNode', 'restartNode', 'disconnectNode', 'reconnectNode', 'addNode', 'removeNode'];

const DOCKER_TIMEOUT_MS = 2 * 60_000;
const REGISTER_TIMEOUT_MS = 3 * 60_000;

/** `docker inspect`: the container's networks with their IPs, as JSON. */
export function inspectNetworks(container: string): Command {
  return { program: 'docker', args: ['inspect', '--format', '{{json .NetworkSettings.Networks}}', container], timeoutMs: DOCKER_TIMEOUT_MS };
}

function docker(...args: string[]): Command {
  return { program: 'docker', args, timeoutMs: DOCKER_TIMEOUT_MS };
}

/** The docker commands of one fault (after the inspect that reads `ip`, where there is one). */
export function faultCommands(verb: FaultVerb, container: string, network: string, ip: string, pin: boolean): Command[] {
  switch (verb) {
    case 'killNode':
      return [docker('stop', container), ...(pin ? [docker('network', 'disconnect', network, container), docker('network', 'connect', '--ip', ip, network, container)] : [])];
    case 'restartNode':
      return [docker('start', container)];
    case 'disconnectNode':
      return [docker('network', 'disconnect', network, container)];
    case 'reconnectNode':
      return [docker('network', 'connect', '--ip', ip, network, container)];
    case 'removeNode':
      return [docker('rm', '--force', container)];
    case 'addNode':
      return [docker('start', container)];
  }
}

/** Faults that read the node's address before acting. */
export function readsAddress(verb: FaultVerb): boolean {
  return verb === 'killNode' || verb === 'disconnectNode';
}

export interface DockerFaultOptions {
  runner: ProcessRunner;
  /** the container of a node, by the node's (scenario) name */
  container(node: string): string | undefined;
  /** the Docker network the nodes are on; read from `docker inspect` when omitted */
  network?: string;
  /** the network has a user-configured IPv4 subnet: addresses can be fixed (true on the kind backend's own network) */
  pinnable: boolean;
  /** the cluster's API, for deleting and waiting for Nodes */
  api: Pick<ObjectApi, 'get' | 'patch' | 'delete'>;
  /** nodes addNode may boot (created stopped with the cluster); none when omitted */
  added?: ReadonlyMap<string, { container: string; apiLabels: Record<string, string> }>;
  notice?: (line: string) => void;
  /** told before each fault (the kind backend then does not reuse the cluster) */
  onFault?: (verb: FaultVerb, node: string) => void;
}

interface Address {
  network: string;
  ip: string;
}

export class DockerNodeFaults implements NodeFaults {
  /** what `docker inspect` said before the node was cut off or stopped */
  private readonly addresses = new Map<string, Address>();

  constructor(private readonly o: DockerFaultOptions) {}

  async killNode(node: string): Promise<void> {
    const c = this.containerOf('killNode', node);
    const a = await this.address(node, c);
    this.o.onFault?.('killNode', node);
    for (const cmd of faultCommands('killNode', c, a.network, a.ip, this.o.pinnable)) await runChecked(this.o.runner, cmd, `killNode ${node}`);
  }

  async restartNode(node: string): Promise<void> {
    const c = this.containerOf('restartNode', node);
    this.o.onFault?.('restartNode', node);
    const before = this.addresses.get(node);
    for (const cmd of faultCommands('restartNode', c, before?.network ?? '', before?.ip ?? '', false)) await runChecked(this.o.runner, cmd, `restartNode ${node}`);
    if (before && !this.o.pinnable) {
      const now = await this.read(c).catch(() => undefined);
      const ip = now?.get(before.network);
      if (ip && ip !== before.ip) this.o.notice?.(`restartNode ${node}: Docker gave ${c} the address ${ip} (it had ${before.ip}); kind's entrypoint moves the node to it`);
    }
  }

  async disconnectNode(node: string): Promise<void> {
    const c = this.containerOf('disconnectNode', node);
    const a = await this.address(node, c);
    this.o.onFault?.('disconnectNode', node);
    for (const cmd of faultCommands('disconnectNode', c, a.network, a.ip, this.o.pinnable)) await runChecked(this.o.runner, cmd, `disconnectNode ${node}`);
  }

  async reconnectNode(node: string): Promise<void> {
    const c = this.containerOf('reconnectNode', node);
    const a = this.addresses.get(node);
    if (!a) throw new KscenarioError('BACKEND', `reconnectNode ${node}: the node was not disconnected by this run, so its address is not known`);
    this.o.onFault?.('reconnectNode', node);
    const [cmd] = faultCommands('reconnectNode', c, a.network, a.ip, this.o.pinnable);
    const r = await this.o.runner.run(cmd!);
    if (r.exitCode === 0) return;
    if (!/user configured subnets/i.test(r.stderr)) await runChecked(this.o.runner, cmd!, `reconnectNode ${node}`);
    // Docker refuses a fixed IP on this network: reconnect anyway, and say what that costs
    await runChecked(this.o.runner, docker('network', 'connect', a.network, c), `reconnectNode ${node}`);
    const now = (await this.read(c).catch(() => undefined))?.get(a.network) ?? 'another address';
    throw new KscenarioError('BACKEND',
      `reconnectNode ${node}: Docker refused to give ${c} its address ${a.ip} back (\`${formatCommand(cmd!)}\`: ${r.stderr.trim()}); it was reconnected with ${now}, and its kubelet still announces ${a.ip}`,
      undefined,
      'create the kind cluster on a Docker network with a user-configured IPv4 subnet (KIND_EXPERIMENTAL_DOCKER_NETWORK), or use --backend kind, which does');
  }

  async removeNode(node: string): Promise<void> {
    const c = this.containerOf('removeNode', node);
    this.o.onFault?.('removeNode', node);
    for (const cmd of faultCommands('removeNode', c, '', '', false)) await runChecked(this.o.runner, cmd, `removeNode ${node}`);
    try {
      await this.o.api.delete({ kind: 'Node', name: node });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
  }

  async addNode(node: NodeRequest): Promise<void> {
    const prepared = this.o.added?.get(node.name);
    if (!prepared) {
      throw new KscenarioError('UNSUPPORTED', `addNode ${node.name}: kind cannot add a node to a running cluster, and this one was not created with ${node.name} set aside`, undefined,
        'run the scenario with --backend kind (it creates the nodes addNode steps add, stopped) or --backend simulator');
    }
    this.o.onFault?.('addNode', node.name);
    for (const cmd of faultCommands('addNode', prepared.container, '', '', false)) await runChecked(this.o.runner, cmd, `addNode ${node.name}`);
    await this.waitRegistered(node.name);
    if (Object.keys(prepared.apiLabels).length) {
      await this.o.api.patch({ kind: 'Node', name: node.name }, 'merge', { metadata: { labels: prepared.apiLabels } });
    }
  }

  private async waitRegistered(node: string): Promise<void> {
    const until = Date.now() + REGISTER_TIMEOUT_MS;
    for (;;) {
      if (await this.o.api.get({ kind: 'Node', name: node })) return;
      if (Date.now() > until) throw new KscenarioError('BACKEND', `addNode ${node}: the node's kubelet did not register it within ${REGISTER_TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  private containerOf(verb: FaultVerb, node: string): string {
    const c = this.o.container(node);
    if (!c) throw new KscenarioError('BACKEND', `${verb} ${node}: no kind node container is known for this node`);
    return c;
  }

  /** The node's network and IP, read now (and kept for the matching reconnect or restart). */
  private async address(node: string, container: string): Promise<Address> {
    const networks = await this.read(container);
    const network = this.o.network ?? [...networks.keys()][0];
    const ip = network ? networks.get(network) : undefined;
    if (!network || !ip) {
      throw new KscenarioError('BACKEND', `${node}: \`${formatCommand(inspectNetworks(container))}\` shows no IPv4 address${this.o.network ? ` on network ${this.o.network}` : ''}`);
    }
    const a = { network, ip };
    this.addresses.set(node, a);
    return a;
  }

  private async read(container: string): Promise<Map<string, string>> {
    const r = await runChecked(this.o.runner, inspectNetworks(container), `reading the address of ${container}`);
    return parseNetworks(r.stdout);
  }
}

/** `{"kind":{"IPAddress":"172.18.0.3",...}}` → network → IPv4 address */
export function parseNetworks(json: string): Map<string, string> {
  const out = new Map<string, string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.trim() || '{}');
  } catch {
    return out;
  }
  for (const [name, v] of Object.entries((parsed ?? {}) as Record<string, { IPAddress?: string }>)) {
    if (v?.IPAddress) out.set(name, v.IPAddress);
  }
  return out;
}
