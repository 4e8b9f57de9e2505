/**
 * API defaulting: what the API server fills in when it decodes an object (the SetDefaults_* funcs
 * of each group's v1 package and the `+default` markers). Pure: returns a new object. Idempotent,
 * as upstream's defaulting is (it also runs on every read from storage).
 */
import { clone, type KObject } from '../object';
import type { KubeVersion } from '../version';
import { defaultEndpoints, defaultEndpointSlice, defaultLimitRange, defaultNamespace, defaultSecret, defaultService } from './core';
import { defaultPod } from './pod';
import { defaultPV, defaultPVC, defaultStorageClass } from './storage';
import {
  defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet,
} from './workloads';

export { gateEnabled, type FeatureGate } from './feature-gates';
export { defaultPullPolicy, imageTag } from './pod';
export { generateJobSelector } from './workloads';
export { dropDisabledFields } from './disabled-fields';

type Defaulter = (o: KObject, v: KubeVersion) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  Pod: defaultPod,
  Service: defaultService,
  Namespace: defaultNamespace,
  Secret: defaultSecret,
  Endpoints: defaultEndpoints,
  EndpointSlice: defaultEndpointSlice,
  LimitRange: defaultLimitRange,
  PersistentVolume: defaultPV,
  PersistentVolumeClaim: defaultPVC,
  StorageClass: defaultStorageClass,
  Deployment: defaultDeployment,
  ReplicaSet: defaultReplicaSet,
  DaemonSet: defaultDaemonSet,
  StatefulSet: defaultStatefulSet,
  Job: defaultJob,
  CronJob: defaultCronJob,
};

export function applyDefaults(obj: KObject, v: KubeVersion): KObject {
  const defaulter = DEFAULTERS[obj.kind];
  if (!defaulter) return obj;
  const copy = clone(obj);
  if (!copy.metadata || typeof copy.metadata !== 'object') copy.metadata = { name: '' };
  defaulter(copy, v);
  return copy;
}
