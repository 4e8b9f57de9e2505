/**
 * Printers of cluster and configuration kinds (pkg/printers/internalversion/printers.go): Node
 * (STATUS from the Ready condition plus SchedulingDisabled, ROLES from node-role.kubernetes.io/<role>
 * and kubernetes.io/role labels), Namespace, Event, ConfigMap, Secret, ServiceAccount,
 * ResourceQuota, PodDisruptionBudget, Lease, PriorityClass, RuntimeClass, role bindings and the
 * flow-control kinds.
 */
import type { Event, Node } from 'kubernetes-types/core/v1';
import type { KObject } from '../../kube/object';
import { AGE, age, col, field, NAME, num, since, type Cell, type Printer, type PrintContext } from './types';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** findNodeRoles: sorted, de-duplicated. */
export function nodeRoles(labels: Record<string, string> | undefined): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === ROLE_LABEL && v !== '') roles.add(v);
  }
  return [...roles].sort().join(',') || '<none>';
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: Printer = {
  columns: () => [
    NAME, col('Status', 'The status of the node'), col('Roles', 'The roles of the node'), AGE, col('Version', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'The node internal IP.', { wide: true }), col('External-IP', 'The node external IP.', { wide: true }),
    col('OS-Image', 'OS Image reported by the node.', { wide: true }), col('Kernel-Version', 'Kernel Version reported by the node.', { wide: true }),
    col('Container-Runtime', 'ContainerRuntime Version reported by the node.', { wide: true }),
  ],
  cells: (o, ctx) => {
    const node = o as unknown as Node;
    const info = node.status?.nodeInfo;
    return [
      o.metadata.name, nodeStatus(node), nodeRoles(o.metadata.labels), age(o, ctx), info?.kubeletVersion ?? '',
      address(node, 'InternalIP'), address(node, 'ExternalIP'),
      info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>', info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const namespacePrinter: Printer = {
  columns: () => [NAME, col('Status', 'The status of the namespace'), AGE],
  cells: (o, ctx) => [o.metadata.name, field<string>(o, 'status', 'phase') ?? '', age(o, ctx)],
};

function eventSource(ev: Event & { reportingComponent?: string; reportingInstance?: string }): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

/** printEvent: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME. */
export const eventPrinter: Printer = {
  columns: () => [
    col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'), col('Type', 'Type of this event (Normal, Warning).'),
    col('Reason', 'The reason for the transition into the object\'s current status.'), col('Object', 'The object this event is about.'),
    col('Subobject', 'The part of the object the event is about.', { wide: true }), col('Source', 'The component reporting this event.', { wide: true }),
    col('Message', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'The time at which the event was first recorded.', { wide: true }), col('Count', 'The number of times this event has occurred.', { wide: true }),
    col('Name', 'Name must be unique within a namespace.', { wide: true, format: 'name' }),
  ],
  cells: (o, ctx) => {
    const ev = o as unknown as Event & { series?: { count?: number; lastObservedTime?: string } };
    const first = ev.firstTimestamp ? since(ev.firstTimestamp, ctx) : since(ev.eventTime, ctx);
    let last = ev.lastTimestamp ? since(ev.lastTimestamp, ctx) : first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = since(ev.series.lastObservedTime, ctx);
      count = ev.series.count ?? 0;
    } else if (count === 0) count = 1;
    const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
    const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
    return [last, ev.type ?? '', ev.reason ?? '', target, ev.involvedObject?.fieldPath ?? '', eventSource(ev), (ev.message ?? '').trim(), first, count, o.metadata.name];
  },
};

export const configMapPrinter: Printer = {
  columns: () => [NAME, col('Data', 'Number of data entries.'), AGE],
  cells: (o, ctx) => [o.metadata.name, Object.keys(field<object>(o, 'data') ?? {}).length + Object.keys(field<object>(o, 'binaryData') ?? {}).length, age(o, ctx)],
};

export const secretPrinter: Printer = {
  columns: () => [NAME, col('Type', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'Number of data entries.'), AGE],
  cells: (o, ctx) => [o.metadata.name, field<string>(o, 'type') ?? '', Object.keys(field<object>(o, 'data') ?? {}).length, age(o, ctx)],
};

export const serviceAccountPrinter: Printer = {
  columns: () => [NAME, col('Secrets', 'Number of secrets.'), AGE],
  cells: (o, ctx) => [o.metadata.name, (field<unknown[]>(o, 'secrets') ?? []).length, age(o, ctx)],
};

export const resourceQuotaPrinter: Printer = {
  columns: () => [NAME, col('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'), col('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'), AGE],
  cells: (o, ctx) => {
    const hard = field<Record<string, string>>(o, 'status', 'hard') ?? {};
    const used = field<Record<string, string>>(o, 'status', 'used') ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const r of Object.keys(hard).sort()) (r.startsWith('limits.') ? limits : requests).push(`${r}: ${used[r] ?? '0'}/${hard[r]}`);
    return [o.metadata.name, requests.join(', '), limits.join(', '), age(o, ctx)];
  },
};

function intOrString(v: unknown): string {
  return v === undefined || v === null ? 'N/A' : String(v);
}

export const pdbPrinter: Printer = {
  columns: () => [
    NAME, col('Min Available', 'The minimum number of pods that must be available.'), col('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }), AGE,
  ],
  cells: (o, ctx) => [o.metadata.name, intOrString(field(o, 'spec', 'minAvailable')), intOrString(field(o, 'spec', 'maxUnavailable')), num(field(o, 'status', 'disruptionsAllowed')), age(o, ctx)],
};

export const leasePrinter: Printer = {
  columns: () => [NAME, col('Holder', 'The holder of the lease.'), AGE],
  cells: (o, ctx) => [o.metadata.name, field<string>(o, 'spec', 'holderIdentity') ?? '', age(o, ctx)],
};

export const priorityClassPrinter: Printer = {
  columns: () => [NAME, col('Value', 'The priority value.', { type: 'integer' }), col('Global-Default', 'Whether this is the default priority class.', { type: 'boolean' }), AGE, col('PreemptionPolicy', 'The preemption policy.', { wide: true })],
  cells: (o, ctx) => [o.metadata.name, num(field(o, 'value')), field(o, 'globalDefault') === true, age(o, ctx), field<string>(o, 'preemptionPolicy') ?? ''],
};

export const runtimeClassPrinter: Printer = {
  columns: () => [NAME, col('Handler', 'The container runtime handler.'), AGE],
  cells: (o, ctx) => [o.metadata.name, field<string>(o, 'handler') ?? '', age(o, ctx)],
};

interface Subject { kind: string; name: string; namespace?: string }

/** rbac.SubjectsStrings: users, groups and namespace:name service accounts. */
function subjects(o: KObject): [string, string, string] {
  const list = field<Subject[]>(o, 'subjects') ?? [];
  const of = (kind: string, f: (s: Subject) => string) => list.filter((s) => s.kind === kind).map(f).join(', ');
  return [of('User', (s) => s.name), of('Group', (s) => s.name), of('ServiceAccount', (s) => `${s.namespace ?? ''}:${s.name}`)];
}

export const roleBindingPrinter: Printer = {
  columns: () => [NAME, col('Role', 'The role bound.'), AGE, col('Users', 'Users in the binding', { wide: true }), col('Groups', 'Groups in the binding', { wide: true }), col('ServiceAccounts', 'ServiceAccounts in the binding', { wide: true })],
  cells: (o, ctx) => [o.metadata.name, `${field<string>(o, 'roleRef', 'kind') ?? ''}/${field<string>(o, 'roleRef', 'name') ?? ''}`, age(o, ctx), ...subjects(o)],
};

export const flowSchemaPrinter: Printer = {
  columns: () => [NAME, col('PriorityLevel', 'The priority level.'), col('MatchingPrecedence', 'The matching precedence.'), col('DistinguisherMethod', 'The distinguisher method.'), AGE, col('MissingPL', 'references a broken or non-existent PriorityLevelConfiguration')],
  cells: (o, ctx) => {
    const dangling = (field<Array<{ type: string; status: string }>>(o, 'status', 'conditions') ?? []).find((c) => c.type === 'Dangling');
    return [o.metadata.name, field<string>(o, 'spec', 'priorityLevelConfiguration', 'name') ?? '', num(field(o, 'spec', 'matchingPrecedence')),
      field<string>(o, 'spec', 'distinguisherMethod', 'type') ?? '<none>', age(o, ctx), dangling?.status ?? '?'];
  },
};

export const priorityLevelPrinter: Printer = {
  columns: () => [NAME, col('Type', 'The type.'), col('NominalConcurrencyShares', 'Nominal concurrency shares.'), col('Queues', 'Queues.'), col('HandSize', 'Hand size.'), col('QueueLengthLimit', 'Queue length limit.'), AGE],
  cells: (o, ctx: PrintContext): Cell[] => {
    const limited = field<Record<string, unknown>>(o, 'spec', 'limited');
    const q = field<Record<string, number>>(limited, 'limitResponse', 'queuing');
    const or = (v: unknown): Cell => (v === undefined ? '<none>' : (v as Cell));
    return [o.metadata.name, field<string>(o, 'spec', 'type') ?? '', limited ? or(limited.nominalConcurrencyShares ?? 0) : '<none>',
      q ? or(q.queues) : '<none>', q ? or(q.handSize) : '<none>', q ? or(q.queueLengthLimit) : '<none>', age(o, ctx)];
  },
};
