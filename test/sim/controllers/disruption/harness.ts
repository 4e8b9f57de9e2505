/**
 * Bench for the disruption controller and the eviction subresource: the ReplicaSet bench (real
 * ApiServer, Clock, EventRecorder, ReplicaSet controller, a stand-in scheduler/kubelet) plus the
 * DisruptionController under test.
 */
import type { KObject } from '../../../../src/kube/object';
import { DisruptionController, type PdbObj } from '../../../../src/sim/controllers/disruption';
import type { Component } from '../../../../src/sim/context';
import { bench as rsBench, replicaSet, type Bench } from '../replicaset/harness';

export { replicaSet, type Bench };

export function bench(extra: Component[] = []): Bench {
  return rsBench('1.35', [new DisruptionController(), ...extra]);
}

export function pdb(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec };
}

export function statusOf(b: Bench, name: string): PdbObj['status'] {
  return b.get<PdbObj>('PodDisruptionBudget', name).status;
}

/** A pod with the given labels and (optionally) a controller reference. */
export function pod(name: string, labels: Record<string, string>, owner?: { apiVersion: string; kind: string; name: string; uid: string }): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', labels,
      ...(owner ? { ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image: 'nginx:1.25' }] },
  };
}
