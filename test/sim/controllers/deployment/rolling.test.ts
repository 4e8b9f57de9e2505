import { describe, expect, it } from '@jest/globals';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import type { SimContext } from '../../../../src/sim/context';
import { DeploymentController } from '../../../../src/sim/controllers/deployment';
import { EventRecorder } from '../../../../src/sim/events';
import { Rng } from '../../../../src/sim/rng';
import { clone, type KObject } from '../../../../src/kube/object';
import { deployment, type Obj } from './helpers';

/**
 * The Deployment controller alone: the ReplicaSets and their status are written by the test, as
 * the ReplicaSet controller would have left them, so a stale status can be set up exactly.
 */
function deploymentControllerOnly() {
  const clock = new Clock();
  const api = new ApiServer('1.35', clock, new Rng(3));
  const events = new EventRecorder(api, clock);
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const ctx: SimContext = { api, clock, rng: new Rng(3), events, config: { version: '1.35', seed: 3, images: {} }, registerAction: () => undefined };
  new DeploymentController().start(ctx);
  return { api, clock };
}

/** A ReplicaSet of `d` with the given template image, size, revision and reported available pods. */
function ownedReplicaSet(api: ApiServer, d: Obj, name: string, image: string, replicas: number, revision: string, available: number): void {
  const template = clone(d.spec.template);
  template.metadata.labels['pod-template-hash'] = name;
  template.spec.containers[0].image = image;
  const rs = api.create<KObject>({
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `web-${name}`, namespace: 'default', labels: template.metadata.labels,
      annotations: { 'deployment.kubernetes.io/revision': revision, 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': name } }, template },
  });
  api.updateStatus({ ...rs, status: { replicas: available, readyReplicas: available, availableReplicas: available, observedGeneration: 1 } });
}

describe('Deployment controller: RollingUpdate with a stale ReplicaSet status', () => {
  it('never scales an old ReplicaSet up when it still reports more available pods than it wants', () => {
    const { api, clock } = deploymentControllerOnly();
    const d = api.create<Obj>(deployment('web', 3, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }, 'app:v2'));
    // The old RS was just scaled 3 → 2; its status still says 3 available. The new RS has 2 available.
    ownedReplicaSet(api, d, 'old', 'app:v1', 2, '1', 3);
    ownedReplicaSet(api, d, 'new', 'app:v2', 2, '2', 2);
    clock.runUntil(0);
    // Upstream's cleanupUnhealthyReplicas refuses the "scale down" 2 → 3 and nothing is scaled.
    expect(api.get<Obj>('ReplicaSet', 'default', 'web-old')!.spec.replicas).toBe(2);
    expect(api.get<Obj>('ReplicaSet', 'default', 'web-new')!.spec.replicas).toBe(2);
    const scaling = api.list<KObject & { reason: string }>('Event').filter((e) => e.reason === 'ScalingReplicaSet');
    expect(scaling).toEqual([]);
    expect(api.get<Obj>('Deployment', 'default', 'web')!.status).toMatchObject({ replicas: 5, updatedReplicas: 2, availableReplicas: 5 });
  });
});
