/**
 * Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): a metav1.Table
 * of the printer registered for the kind (pkg/printers/internalversion), or the default table
 * convertor's NAME and CREATED AT (apiserver pkg/registry/rest/table.go) for kinds without one.
 * Rows carry the object as PartialObjectMetadata by default, the whole object with
 * includeObject=Object or nothing with includeObject=None; kubectl reads the namespace and labels
 * from it (-A, --show-labels).
 */
import type { KObject } from '../../kube/object';
import { cronJobPrinter, controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, hpaPrinter, jobPrinter, podTemplatePrinter, replicaSetPrinter, replicationControllerPrinter, statefulSetPrinter } from './workloads';
import {
  configMapPrinter, eventPrinter, flowSchemaPrinter, leasePrinter, namespacePrinter, nodePrinter, pdbPrinter, priorityClassPrinter, priorityLevelPrinter,
  resourceQuotaPrinter, roleBindingPrinter, runtimeClassPrinter, secretPrinter, serviceAccountPrinter,
} from './cluster';
import { endpointSlicePrinter, endpointsPrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter, servicePrinter } from './network';
import { podPrinter } from './pod';
import { csiDriverPrinter, csiNodePrinter, persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter, volumeAttachmentPrinter } from './storage';
import { col, NAME, type Cell, type Column, type Printer, type PrintContext } from './types';

export type { PrintContext } from './types';
export type IncludeObject = 'None' | 'Metadata' | 'Object';

const PRINTERS: Record<string, Printer> = {
  Pod: podPrinter,
  Node: nodePrinter,
  Namespace: namespacePrinter,
  Event: eventPrinter,
  ConfigMap: configMapPrinter,
  Secret: secretPrinter,
  ServiceAccount: serviceAccountPrinter,
  ResourceQuota: resourceQuotaPrinter,
  PodDisruptionBudget: pdbPrinter,
  Lease: leasePrinter,
  PriorityClass: priorityClassPrinter,
  RuntimeClass: runtimeClassPrinter,
  RoleBinding: roleBindingPrinter,
  ClusterRoleBinding: roleBindingPrinter,
  FlowSchema: flowSchemaPrinter,
  PriorityLevelConfiguration: priorityLevelPrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  EndpointSlice: endpointSlicePrinter,
  Ingress: ingressPrinter,
  IngressClass: ingressClassPrinter,
  NetworkPolicy: networkPolicyPrinter,
  PersistentVolume: persistentVolumePrinter,
  PersistentVolumeClaim: persistentVolumeClaimPrinter,
  StorageClass: storageClassPrinter,
  CSIDriver: csiDriverPrinter,
  CSINode: csiNodePrinter,
  VolumeAttachment: volumeAttachmentPrinter,
  StatefulSet: statefulSetPrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  ReplicationController: replicationControllerPrinter,
  DaemonSet: daemonSetPrinter,
  Job: jobPrinter,
  CronJob: cronJobPrinter,
  ControllerRevision: controllerRevisionPrinter,
  PodTemplate: podTemplatePrinter,
  HorizontalPodAutoscaler: hpaPrinter,
};

/** The default table convertor: the name and the creation time as RFC 3339. */
const defaultPrinter: Printer = {
  columns: () => [NAME, col('Created At', 'CreationTimestamp of the object.', { type: 'date' })],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''],
};

export function printerFor(kind: string): Printer {
  return PRINTERS[kind] ?? defaultPrinter;
}

export interface TableRow {
  cells: Cell[];
  object?: object;
  conditions?: object[];
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: Column[];
  rows: TableRow[];
}

function rowObject(o: KObject, include: IncludeObject): object | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** printPod's row conditions: a pod in a terminal phase is Completed. */
function rowConditions(o: KObject): object[] | undefined {
  if (o.kind !== 'Pod') return undefined;
  const phase = (o.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}

export function toTable(kind: string, objects: KObject[], ctx: PrintContext, include: IncludeObject, listMeta: Table['metadata'] = {}): Table {
  const printer = printerFor(kind);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: printer.columns(ctx.version),
    rows: objects.map((o) => {
      const row: TableRow = { cells: printer.cells(o, ctx) };
      const conditions = rowConditions(o);
      if (conditions) row.conditions = conditions;
      const object = rowObject(o, include);
      if (object) row.object = object;
      return row;
    }),
  };
}
