/**
 * The disruption controller keeps PodDisruptionBudget status as upstream's disruption.go does:
 * expectedPods from the controllers' scale (or the pod count for an integer minAvailable),
 * desiredHealthy with percentages rounded up, currentHealthy from Ready pods, disruptionsAllowed,
 * the DisruptionAllowed condition, disruptedPods expiry, and the fail-safe on sync errors.
 */
import { describe, expect, test } from '@jest/globals';
import { clone, type KObject } from '../../../../src/kube/object';
import { DeploymentController } from '../../../../src/sim/controllers/deployment';
import { StatefulSetController } from '../../../../src/sim/controllers/statefulset';
import type { PdbObj } from '../../../../src/sim/controllers/disruption';
import { bench, pdb, pod, replicaSet, statusOf } from './harness';

describe('status from a ReplicaSet', () => {
  test('maxUnavailable 1 of 3 Ready pods allows one disruption', () => {
    const b = bench();
    b.api.create(replicaSet('web', 3));
    b.api.create(pdb('web-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }));
    b.run(5000);
    expect(statusOf(b, 'web-pdb')).toEqual({
      observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: '2025-01-01T00:00:02Z', reason: 'SufficientPods', message: '' }],
    });
  });

  test('before the pods are Ready no disruption is allowed (InsufficientPods)', () => {
    const b = bench();
    b.kubelet.startMs = 60_000;
    b.api.create(replicaSet('web', 3));
    b.api.create(pdb('web-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }));
    b.run(1000);
    const s = statusOf(b, 'web-pdb')!;
    expect([s.expectedPods, s.desiredHealthy, s.currentHealthy, s.disruptionsAllowed]).toEqual([3, 2, 0, 0]);
    expect(s.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' })]);
  });

  test.each([
    // minAvailable percent rounds up: 50% of 3 = 1.5 -> 2
    [{ minAvailable: '50%' }, 2, 1],
    // maxUnavailable percent rounds up too: 50% of 3 = 1.5 -> 2 unavailable, so 1 desired
    [{ maxUnavailable: '50%' }, 1, 2],
    [{ minAvailable: '100%' }, 3, 0],
    [{ maxUnavailable: '0%' }, 3, 0],
    [{ maxUnavailable: 5 }, 0, 3],
  ])('%j over 3 pods: desiredHealthy %i, disruptionsAllowed %i', (budget, desired, allowed) => {
    const b = bench();
    b.api.create(replicaSet('web', 3));
    b.api.create(pdb('web-pdb', { ...budget, selector: { matchLabels: { app: 'web' } } }));
    b.run(5000);
    const s = statusOf(b, 'web-pdb')!;
    expect([s.expectedPods, s.desiredHealthy, s.disruptionsAllowed]).toEqual([3, desired, allowed]);
  });

  test('expectedPods follows spec.replicas, not the pods that exist', () => {
    const b = bench();
    b.kubelet.brokenImages.add('nginx:broken');
    const rs = replicaSet('web', 4);
    (rs.spec as any).template.spec.containers[0].image = 'nginx:broken';
    b.api.create(rs);
    b.api.create(pdb('web-pdb', { minAvailable: '75%', selector: { matchLabels: { app: 'web' } } }));
    b.run(5000);
    const s = statusOf(b, 'web-pdb')!;
    expect([s.expectedPods, s.desiredHealthy, s.currentHealthy, s.disruptionsAllowed]).toEqual([4, 3, 0, 0]);
  });

  test('a spec change moves observedGeneration with the new generation', () => {
    const b = bench();
    b.api.create(replicaSet('web', 3));
    b.api.create(pdb('web-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }));
    b.run(5000);
    const cur = clone(b.get<PdbObj>('PodDisruptionBudget', 'web-pdb'));
    cur.spec = { maxUnavailable: 2, selector: { matchLabels: { app: 'web' } } };
    b.api.update(cur);
    b.run(10);
    const now = b.get<PdbObj>('PodDisruptionBudget', 'web-pdb');
    expect(now.metadata.generation).toBe(2);
    expect(now.status).toMatchObject({ observedGeneration: 2, desiredHealthy: 1, disruptionsAllowed: 2 });
  });
});

describe('expectedPods by owner kind', () => {
  test('pods of a Deployment count its replicas', () => {
    const b = bench([new DeploymentController()]);
    b.api.create({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: (replicaSet('web', 1).spec as any).template },
    });
    b.api.create(pdb('web-pdb', { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } }));
    b.run(5000);
    expect(statusOf(b, 'web-pdb')).toMatchObject({ expectedPods: 2, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 });
  });

  test('pods of a StatefulSet count its replicas', () => {
    const b = bench([new StatefulSetController()]);
    b.api.create({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'zk', namespace: 'default' },
      spec: {
        replicas: 3, serviceName: 'zk', podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'zk' } },
        template: { metadata: { labels: { app: 'zk' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } },
      },
    });
    b.api.create(pdb('zk-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'zk' } } }));
    b.run(5000);
    expect(statusOf(b, 'zk-pdb')).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
  });

  test('an integer minAvailable counts the selected pods, controllers or not', () => {
    const b = bench();
    for (const n of ['a', 'b']) b.api.create(pod(n, { app: 'solo' }));
    b.api.create(pdb('solo-pdb', { minAvailable: 1, selector: { matchLabels: { app: 'solo' } } }));
    b.run(5000);
    expect(statusOf(b, 'solo-pdb')).toMatchObject({ expectedPods: 2, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 });
    expect(b.eventsAbout('solo-pdb')).toEqual([]);
  });

  test('unmanaged pods under maxUnavailable: counted as no scale, with an UnmanagedPods warning', () => {
    const b = bench();
    b.api.create(pod('a', { app: 'solo' }));
    b.api.create(pdb('solo-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'solo' } } }));
    b.run(5000);
    expect(statusOf(b, 'solo-pdb')).toMatchObject({ expectedPods: 0, desiredHealthy: 0, currentHealthy: 1, disruptionsAllowed: 0 });
    expect(b.eventsAbout('solo-pdb')).toContain(
      'UnmanagedPods: Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: solo,},' +
      'MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be ' +
      'calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" ' +
      'field of the PDB to an integer value.');
  });

  test('a pod owned by a DaemonSet fails the sync: disruptionsAllowed 0, SyncFailed', () => {
    const b = bench();
    const ds = b.api.create<KObject>({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    b.api.create(pod('agent-x', { app: 'agent' }, { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid! }));
    b.api.create(pdb('agent-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'agent' } } }));
    b.run(5000);
    const s = statusOf(b, 'agent-pdb')!;
    expect(s.disruptionsAllowed).toBe(0);
    expect(s.conditions).toEqual([expect.objectContaining({
      type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'daemonsets.apps does not implement the scale subresource',
    })]);
    expect(b.eventsAbout('agent-pdb')).toContain('CalculateExpectedPodCountFailed: Failed to calculate the number of expected pods: daemonsets.apps does not implement the scale subresource');
  });

  test('a pod whose ReplicaSet is gone: "found no controllers for pod"', () => {
    const b = bench();
    b.api.create(pod('lost', { app: 'lost' }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'not-a-uid' }));
    b.api.create(pdb('lost-pdb', { minAvailable: '50%', selector: { matchLabels: { app: 'lost' } } }));
    b.run(1000);
    expect(statusOf(b, 'lost-pdb')!.conditions).toEqual([expect.objectContaining({ reason: 'SyncFailed', message: 'found no controllers for pod "lost"' })]);
  });
});

describe('selectors and events', () => {
  test('no matching pods: zero counts and a NoPods event', () => {
    const b = bench();
    b.api.create(pdb('empty', { maxUnavailable: 1, selector: { matchLabels: { app: 'nothing' } } }));
    b.run(10);
    expect(statusOf(b, 'empty')).toMatchObject({ expectedPods: 0, currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0 });
    expect(b.eventsAbout('empty')[0]).toBe('NoPods: No matching pods found');
  });

  test('an empty selector selects every pod of the namespace (policy/v1)', () => {
    const b = bench();
    b.api.create(replicaSet('web', 2));
    b.api.create(pdb('all', { minAvailable: 1, selector: {} }));
    b.run(5000);
    expect(statusOf(b, 'all')).toMatchObject({ expectedPods: 2, currentHealthy: 2, disruptionsAllowed: 1 });
  });

  test('a pod matched by two budgets gets a MultiplePodDisruptionBudgets warning', () => {
    const b = bench();
    b.api.create(pdb('one', { minAvailable: 1, selector: { matchLabels: { app: 'web' } } }));
    b.api.create(pdb('two', { minAvailable: 1, selector: { matchLabels: { tier: 'web' } } }));
    b.api.create(replicaSet('web', 1));
    b.run(5000);
    const name = b.pods()[0]!.metadata.name;
    expect(b.eventsAbout(name)).toContain(`MultiplePodDisruptionBudgets: Pod "default"/"${name}" matches multiple PodDisruptionBudgets.  Chose "one" arbitrarily.`);
  });
});

describe('disruptedPods', () => {
  test('an entry keeps its pod out of currentHealthy for 2 minutes, then expires with a NotDeleted event', () => {
    const b = bench();
    b.api.create(replicaSet('web', 3));
    b.api.create(pdb('web-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }));
    b.run(5000);
    const victim = b.pods()[0]!.metadata.name;
    const cur = b.get<PdbObj>('PodDisruptionBudget', 'web-pdb');
    b.api.updateStatus({ ...cur, status: { ...cur.status!, disruptionsAllowed: 0, disruptedPods: { [victim]: b.api.timestamp() } } });
    b.run(10);
    expect(statusOf(b, 'web-pdb')).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0, disruptedPods: { [victim]: '2025-01-01T00:00:05Z' } });
    b.run(119_000);
    expect(statusOf(b, 'web-pdb')!.disruptedPods).toBeDefined();
    b.run(2_000);
    const s = statusOf(b, 'web-pdb')!;
    expect(s.disruptedPods).toBeUndefined();
    expect([s.currentHealthy, s.disruptionsAllowed]).toEqual([3, 1]);
    expect(b.eventsAbout(victim)).toContain("NotDeleted: Pod was expected by PDB default/default to be deleted but it wasn't");
  });

  test('the entry of a pod being deleted is dropped at once', () => {
    const b = bench();
    b.api.create(replicaSet('web', 2));
    b.api.create(pdb('web-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }));
    b.run(5000);
    const victim = b.pods()[0]!.metadata.name;
    b.kubelet.stuckDeletion.add(victim);
    const cur = b.get<PdbObj>('PodDisruptionBudget', 'web-pdb');
    b.api.updateStatus({ ...cur, status: { ...cur.status!, disruptedPods: { [victim]: b.api.timestamp() } } });
    b.api.delete('Pod', 'default', victim);
    b.run(10);
    const s = statusOf(b, 'web-pdb')!;
    expect(s.disruptedPods).toBeUndefined();
    // the terminating pod is not healthy; its replacement is not Ready yet
    expect(s.currentHealthy).toBe(1);
  });
});
