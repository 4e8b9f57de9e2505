/**
 * From the cluster a scenario asks for to a kind cluster that has it: the kind config (nodes,
 * roles, images, labels, kubeadm patches for node names and taints) and the commands that shape
 * the cluster after `kind create cluster` (what kind cannot say in its config).
 *
 * Node names. kind names its node containers `<cluster>-control-plane`, `<cluster>-worker`,
 * `<cluster>-worker2`... (common/namer.go: a counter per role, in config order) and, left alone,
 * the Kubernetes Node takes the container's hostname. kubeadm's `nodeRegistration.name` gives the
 * Node another name: kubeadm then starts the kubelet with `--hostname-override=<name>` (phases/
 * kubelet/flags.go, only when the name differs from the hostname), so the Node registers as the
 * scenario names it (`worker-1`), with `kubernetes.io/hostname=worker-1`. The patch is written per
 * node and unversioned (no apiVersion), which kind applies to whichever kubeadm API it generates
 * (v1beta3 below 1.36, v1beta4 from 1.36; kind's patch/kubeadm_merge.go converts extra args).
 * What this leaves keyed by container name, and why nothing breaks: kind itself finds nodes by
 * container (`kind get nodes`, `kind delete cluster`, `kind load`, `kind export logs` list
 * containers by label), reaches the API through `<cluster>-control-plane:6443` (the container's
 * DNS name on the Docker network), selects the control plane by the role label when it waits,
 * and untaints a one-node cluster with `kubectl taint nodes --all`; none uses the Node name. The
 * kubelet's provider ID stays `kind://docker/<cluster>/<container>`: that is how a Node is mapped
 * back to its container (detect.ts). So names are faithful, no two-way mapping is needed in the
 * API; the container is the only place the kind name shows, and faults use the plan's mapping.
 *
 * Labels. kind's node `labels:` become the kubelet's `--node-labels`, which the kubelet refuses
 * for keys in the kubernetes.io / k8s.io namespaces other than its own (kubelet well-known
 * labels, *.kubelet.kubernetes.io, *.node.kubernetes.io) — e.g. node-role.kubernetes.io/*. Those
 * are set through the API after creation instead.
 * Taints. kubeadm registers `nodeRegistration.taints`; a control-plane node's list must repeat the
 * control-plane taint, which kubeadm adds only when the list is left unset. kind removes that
 * taint when the cluster has one node (kubeadminit/init.go); the scenario format says a
 * control-plane node carries it, so it is put back.
 * Capacity. A kind node reports the machine's CPUs and memory; only `pods` can be set (kubelet
 * --max-pods). Other capacities are refused up front.
 * Storage. kind installs the class `standard` (rancher.io/local-path, WaitForFirstConsumer,
 * Delete, default); it is kept when the scenario's `standard` is the same, replaced when it
 * differs, deleted when the scenario has none. Other classes, and the scenario's namespaces, are
 * the cluster backend's business at the start of each scenario (it creates and later deletes them).
 * Pod subnet. The scenario's podSubnet is kind's networking.podSubnet; kind hands it to kubeadm
 * (kcm --cluster-cidr, a /24 per node) and to kindnetd (POD_SUBNET). Absent, kind's default.
 * Added nodes. A node an `addNode` step adds is created with the cluster, then stopped and its
 * Node deleted, so that the step can boot it (`docker start`) and the kubelet registers it anew.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { ClusterRequest, NodeRequest } from '../../backend/contract';
import { InputError } from '../../errors';
import type { StorageClassRequest } from '../../kube/cluster-request';
import type { LoadedScenario } from '../../scenario/loaded';
import { chooseImage, minorOf, type ImageChoice } from './images';
import type { Command } from './process';

export const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' } as const;
const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
const ADMIN_KUBECONFIG = '/etc/kubernetes/admin.conf';

type Taint = NonNullable<NodeRequest['taints']>[number];

export interface KindNode {
  /** the Node's name: the scenario's */
  name: string;
  /** kind's role for the container */
  kindRole: 'control-plane' | 'worker';
  /** the role the scenario gives it */
  role: 'control-plane' | 'worker';
  /** the first control-plane node: `kubeadm init` runs there */
  bootstrap: boolean;
  /** labels the kubelet registers (kind `labels:`) */
  kubeletLabels: Record<string, string>;
  /** labels the kubelet may not set itself: applied through the API */
  apiLabels: Record<string, string>;
  /** taints kubeadm registers; undefined: kubeadm's default for the role */
  taints?: Taint[];
  /** taints put on through the API after creation (a worker hosting the control plane) */
  apiTaints: Taint[];
  maxPods?: number;
  /** added by an addNode step: created with the cluster, then stopped and its Node deleted */
  added: boolean;
  /** a scenario worker that hosts kind's control plane (the scenario has no control-plane node) */
  hostsControlPlane: boolean;
}

export interface ClusterShape {
  /** short hash of everything that makes two clusters the same */
  key: string;
  minor: string;
  image: ImageChoice;
  /** in kind config order: control planes first */
  nodes: KindNode[];
  standardClass: { action: 'keep' } | { action: 'delete' } | { action: 'replace'; spec: StorageClassRequest };
  /** what the backend cannot make faithful, said before anything runs */
  notes: string[];
  /** networking.podSubnet when the scenario sets one; absent: kind's default 10.244.0.0/16 */
  podSubnet?: string;
}

export interface ShapeOptions {
  /** --kubernetes-version: overrides the scenario's minor */
  kubernetesVersion?: string;
  /** --kind-image */
  image?: string;
  /** the installed kind release, when known */
  kindRelease?: string;
}

/** kind's own `standard` class (the node image's default-storage manifest). */
const KIND_STANDARD: Required<Omit<StorageClassRequest, 'parameters' | 'allowVolumeExpansion'>> = {
  name: 'standard', default: true, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete',
};

/** Nodes that addNode steps add, in step order. */
export function addedNodes(loaded: LoadedScenario): NodeRequest[] {
  return loaded.steps.flatMap((s) => (s.step.addNode ? [s.step.addNode] : []));
}

export function shapeFor(request: ClusterRequest, added: readonly NodeRequest[], opts: ShapeOptions = {}): ClusterShape {
  const version = opts.kubernetesVersion ?? request.version;
  const minor = minorOf(version);
  const image = chooseImage(version, opts.kindRelease, opts.image);
  const notes: string[] = [];
  if (image.note) notes.push(image.note);
  const wanted = [...request.nodes.map((n) => ({ n, added: false })), ...added.map((n) => ({ n, added: true }))];
  const noControlPlane = !request.nodes.some((n) => n.role === 'control-plane');
  const hostName = noControlPlane ? request.nodes[0]?.name : undefined;
  if (hostName) notes.push(`the scenario has no control-plane node and kind needs one: ${hostName} runs the control plane, with the control-plane label and taint removed so that it is the worker the scenario describes (the control plane's static pods run on it)`);
  const nodes: KindNode[] = wanted.map(({ n, added: isAdded }) => {
    const role = n.role === 'control-plane' ? 'control-plane' : 'worker';
    const hosts = n.name === hostName && !isAdded;
    const kindRole = role === 'control-plane' || hosts ? 'control-plane' : 'worker';
    const { kubelet, api } = splitLabels(n.name, n.labels ?? {});
    const extra = n.taints ?? [];
    // a control plane's list must repeat kubeadm's default taint; the host of a scenario without
    // a control plane keeps kubeadm's default (kind's one-node untaint needs it) and gets the
    // scenario's taints through the API once the default one is removed
    const taints = hosts ? undefined
      : kindRole === 'control-plane' ? (extra.length ? [CONTROL_PLANE_TAINT, ...extra] : undefined)
        : (extra.length ? [...extra] : undefined);
    const pods = n.capacity?.pods;
    return {
      name: n.name, kindRole, role, bootstrap: false, kubeletLabels: kubelet, apiLabels: api, taints, apiTaints: hosts ? [...extra] : [],
      ...(pods !== undefined ? { maxPods: Number(pods) } : {}),
      added: isAdded, hostsControlPlane: hosts,
    };
  });
  // kind config order: control planes first, so the first one is kind's bootstrap node (the
  // container named <cluster>-control-plane sorts first), then workers, then added nodes
  const ordered = [
    ...nodes.filter((n) => n.kindRole === 'control-plane'),
    ...nodes.filter((n) => n.kindRole === 'worker' && !n.added),
    ...nodes.filter((n) => n.kindRole === 'worker' && n.added),
  ];
  if (ordered[0]) ordered[0].bootstrap = true;
  const standardClass = standardClassAction(request.storageClasses);
  // kind passes networking.podSubnet to kubeadm, which gives it to kcm as --cluster-cidr: a
  // cluster with another pod subnet is another cluster (the key of a default one is unchanged)
  const podSubnet = request.podSubnet;
  const key = shapeKey({ image: image.ref, nodes: ordered, standardClass, ...(podSubnet ? { podSubnet } : {}) });
  return { key, minor, image, nodes: ordered, standardClass, notes, ...(podSubnet ? { podSubnet } : {}) };
}

/**
 * What a scenario asks that kind cannot do, each at its step or field, for refusing the scenario
 * before anything runs (exit 2) as the runner refuses a missing capability.
 */
export function kindRefusals(loaded: LoadedScenario, request: ClusterRequest): InputError[] {
  const out: InputError[] = [];
  request.nodes.forEach((n, i) => {
    for (const k of Object.keys(n.capacity ?? {})) {
      if (k === 'pods' || n.capacity?.[k] === undefined) continue;
      out.push(new InputError('UNSUPPORTED', `node ${n.name} asks for capacity ${k}: ${n.capacity[k]}, which a kind node cannot have (it reports the machine's own CPUs, memory and disk)`,
        loaded.locate(['spec', 'cluster', 'nodes', i, 'capacity', k]),
        'run it with --backend simulator, or on a cluster whose nodes have this capacity (--backend cluster)'));
    }
  });
  const controlPlanes = request.nodes.filter((n) => n.role === 'control-plane').map((n) => n.name);
  const apiHosts = controlPlanes.length ? controlPlanes : request.nodes.slice(0, 1).map((n) => n.name);
  for (const s of loaded.steps) {
    const step = s.step;
    if (step.addNode?.role === 'control-plane') {
      out.push(new InputError('UNSUPPORTED', `addNode of a control-plane node (${step.addNode.name}) is not supported on kind (a control plane joins only when the cluster is created)`, s.location, 'run it with --backend simulator'));
    }
    for (const verb of ['killNode', 'disconnectNode', 'removeNode'] as const) {
      const node = step[verb];
      if (node && apiHosts.length === 1 && apiHosts[0] === node) {
        out.push(new InputError('UNSUPPORTED', `${verb} ${node}: on kind this node runs the only API server, and the run would lose the cluster it is checking`, s.location,
          'run it with --backend simulator, or give the scenario a node that is not the control plane to act on'));
      }
    }
  }
  return out;
}

/** The container kind gives each node, by config order and role (kind's namer). */
export function containerNames(cluster: string, nodes: readonly KindNode[]): Map<string, string> {
  const count = new Map<string, number>();
  const out = new Map<string, string>();
  for (const n of nodes) {
    const c = (count.get(n.kindRole) ?? 0) + 1;
    count.set(n.kindRole, c);
    out.set(n.name, `${cluster}-${n.kindRole}${c > 1 ? c : ''}`);
  }
  return out;
}

/** The kind config (v1alpha4) for a shape. */
export function kindConfig(cluster: string, shape: ClusterShape): string {
  const doc = {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: cluster,
    ...(shape.podSubnet ? { networking: { podSubnet: shape.podSubnet } } : {}),
    nodes: shape.nodes.map((n) => {
      const registration: Record<string, unknown> = { name: n.name };
      if (n.taints) registration.taints = n.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect }));
      if (n.maxPods !== undefined) registration.kubeletExtraArgs = { 'max-pods': String(n.maxPods) };
      const patch = stringify({ kind: n.bootstrap ? 'InitConfiguration' : 'JoinConfiguration', nodeRegistration: registration });
      return {
        role: n.kindRole,
        image: shape.image.ref,
        ...(Object.keys(n.kubeletLabels).length ? { labels: n.kubeletLabels } : {}),
        kubeadmConfigPatches: [patch],
      };
    }),
  };
  return stringify(doc, { lineWidth: 0 });
}

/** `kubectl` inside the bootstrap control-plane container, as kind itself runs it. */
export function kubectlIn(container: string, args: string[], input?: string): Command {
  return { program: 'docker', args: ['exec', ...(input !== undefined ? ['-i'] : []), container, 'kubectl', `--kubeconfig=${ADMIN_KUBECONFIG}`, ...args], ...(input !== undefined ? { input } : {}), timeoutMs: 6 * 60_000 };
}

/**
 * The commands after `kind create cluster` that give the cluster the scenario's shape, then wait
 * until it is ready the way the simulator's cluster is before a scenario starts: every node Ready,
 * CoreDNS and the local-path provisioner rolled out.
 */
export function shapingCommands(cluster: string, shape: ClusterShape): Command[] {
  const containers = containerNames(cluster, shape.nodes);
  const cp = containers.get(shape.nodes.find((n) => n.bootstrap)!.name)!;
  const k = (...args: string[]) => kubectlIn(cp, args);
  const out: Command[] = [];
  const oneNode = shape.nodes.length === 1;
  for (const n of shape.nodes) {
    if (n.kindRole === 'control-plane' && n.role === 'control-plane' && oneNode) {
      out.push(k('taint', 'nodes', n.name, `${CONTROL_PLANE_TAINT.key}:${CONTROL_PLANE_TAINT.effect}`));
    }
    if (n.hostsControlPlane) {
      out.push(k('label', 'nodes', n.name, `${CONTROL_PLANE_LABEL}-`));
      if (!oneNode) out.push(k('taint', 'nodes', n.name, `${CONTROL_PLANE_TAINT.key}:${CONTROL_PLANE_TAINT.effect}-`));
      if (n.apiTaints.length) out.push(k('taint', 'nodes', n.name, ...n.apiTaints.map(taintArg)));
    }
    if (Object.keys(n.apiLabels).length && !n.added) {
      out.push(k('label', 'nodes', n.name, '--overwrite', ...Object.entries(n.apiLabels).map(([key, v]) => `${key}=${v}`)));
    }
  }
  if (shape.standardClass.action !== 'keep') out.push(k('delete', 'storageclass', 'standard'));
  if (shape.standardClass.action === 'replace') out.push(kubectlIn(cp, ['apply', '-f', '-'], JSON.stringify(storageClassObject(shape.standardClass.spec))));
  for (const n of shape.nodes.filter((x) => x.added)) {
    const c = containers.get(n.name)!;
    out.push({ program: 'docker', args: ['stop', c], timeoutMs: 2 * 60_000 });
    out.push(k('delete', 'node', n.name, '--wait=true'));
    out.push(k('delete', 'pods', '--all-namespaces', `--field-selector=spec.nodeName=${n.name}`, '--force', '--grace-period=0'));
  }
  out.push(k('wait', '--for=condition=Ready', 'nodes', '--all', '--timeout=300s'));
  out.push(k('--namespace=kube-system', 'rollout', 'status', 'deployment/coredns', '--timeout=300s'));
  out.push(k('--namespace=local-path-storage', 'rollout', 'status', 'deployment/local-path-provisioner', '--timeout=300s'));
  return out;
}

export function taintArg(t: Taint): string {
  return `${t.key}${t.value !== undefined && t.value !== '' ? `=${t.value}` : ''}:${t.effect}`;
}

function storageClassObject(sc: StorageClassRequest): Record<string, unknown> {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: sc.name, ...(sc.default ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    provisioner: sc.provisioner ?? KIND_STANDARD.provisioner,
    ...(sc.volumeBindingMode ? { volumeBindingMode: sc.volumeBindingMode } : {}),
    ...(sc.reclaimPolicy ? { reclaimPolicy: sc.reclaimPolicy } : {}),
    ...(sc.allowVolumeExpansion !== undefined ? { allowVolumeExpansion: sc.allowVolumeExpansion } : {}),
    ...(sc.parameters ? { parameters: sc.parameters } : {}),
  };
}

function standardClassAction(classes: readonly StorageClassRequest[]): ClusterShape['standardClass'] {
  const sc = classes.find((c) => c.name === 'standard');
  if (!sc) return { action: 'delete' };
  const same = (sc.provisioner ?? KIND_STANDARD.provisioner) === KIND_STANDARD.provisioner
    && (sc.volumeBindingMode ?? 'Immediate') === KIND_STANDARD.volumeBindingMode
    && (sc.reclaimPolicy ?? 'Delete') === KIND_STANDARD.reclaimPolicy
    && !!sc.default === KIND_STANDARD.default
    && !sc.allowVolumeExpansion
    && !Object.keys(sc.parameters ?? {}).length;
  return same ? { action: 'keep' } : { action: 'replace', spec: sc };
}

/**
 * Labels a kubelet may give its own Node (`--node-labels`): any key outside the kubernetes.io and
 * k8s.io namespaces, the kubelet's well-known labels, and the kubelet.kubernetes.io and
 * node.kubernetes.io namespaces (pkg/kubelet/apis/well_known_labels.go).
 */
export function kubeletMaySetLabel(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return true;
  const ns = key.slice(0, slash);
  const restricted = ['kubernetes.io', 'k8s.io'].some((d) => ns === d || ns.endsWith(`.${d}`));
  if (!restricted) return true;
  if (KUBELET_LABELS.has(key)) return true;
  return ['kubelet.kubernetes.io', 'node.kubernetes.io'].some((d) => ns === d || ns.endsWith(`.${d}`));
}

const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname', 'kubernetes.io/os', 'kubernetes.io/arch', 'beta.kubernetes.io/os', 'beta.kubernetes.io/arch',
  'topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region',
  'node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type',
]);

function splitLabels(node: string, labels: Record<string, string>): { kubelet: Record<string, string>; api: Record<string, string> } {
  const kubelet: Record<string, string> = {};
  const api: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (k === 'kubernetes.io/hostname' && v === node) continue; // the kubelet sets it to the Node's name
    (kubeletMaySetLabel(k) ? kubelet : api)[k] = v;
  }
  return { kubelet, api };
}

function shapeKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 6);
}
