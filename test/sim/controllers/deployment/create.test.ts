import { describe, expect, it } from '@jest/globals';
import { bench, condition, deployment, replicaSets, type Obj } from './helpers';

const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
/** SafeEncodeString of decimal digits only ever yields these characters. */
const HASH_CHARS = '[456789bcdf]';

describe('Deployment controller: a new Deployment', () => {
  it('creates <deployment>-<pod-template-hash> with the hash in labels and selector, and pods <rs>-<5 chars> (claim 004-2)', () => {
    const b = bench();
    const d = b.api.create<Obj>(deployment('web', 3));
    b.run(0);
    const [rs] = replicaSets(b);
    const hash = rs!.metadata.name.slice('web-'.length);
    expect(hash).toMatch(new RegExp(`^${HASH_CHARS}{1,10}$`));
    expect(rs!.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs!.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs!.spec.replicas).toBe(3);
    const pods = b.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-${SAFE}{5}$`));
    expect(b.eventsAbout('web')).toEqual([`ScalingReplicaSet: Scaled up replica set ${rs!.metadata.name} from 0 to 3`]);
    expect(b.get<Obj>('Deployment', 'web').metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
  });

  it('computes the same hash for the same template on every run and another for another template', () => {
    const names = ['nginx:1.25', 'nginx:1.25', 'nginx:1.26'].map((image) => {
      const b = bench();
      b.api.create(deployment('web', 1, {}, image));
      b.run(0);
      return replicaSets(b)[0]!.metadata.name;
    });
    expect(names[0]).toBe(names[1]);
    expect(names[2]).not.toBe(names[0]);
  });

  it('reports a complete rollout: counts, Available and Progressing conditions with upstream messages', () => {
    const b = bench();
    b.api.create(deployment('web', 3));
    b.run(0);
    const rsName = replicaSets(b)[0]!.metadata.name;
    let d = b.get<Obj>('Deployment', 'web');
    expect(condition(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` });
    b.run(5000);
    d = b.get<Obj>('Deployment', 'web');
    const { conditions, ...counts } = d.status;
    expect(counts).toEqual({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, terminatingReplicas: 0 });
    expect(conditions.map((c: any) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`],
    ]);
    // Progressing became True when the RS was created and stays so: its transition time is the creation time.
    expect(condition(d, 'Progressing')!.lastTransitionTime).toBe('2025-01-01T00:00:00Z');
    expect(condition(d, 'Progressing')!.lastUpdateTime).toBe('2025-01-01T00:00:02Z');
  });

  it('omits terminatingReplicas before 1.35', () => {
    const b = bench('1.34');
    b.api.create(deployment('web', 2));
    b.run(5000);
    expect(b.get<Obj>('Deployment', 'web').status.terminatingReplicas).toBeUndefined();
    expect(b.get<Obj>('Deployment', 'web').status.availableReplicas).toBe(2);
  });

  it('adopts a matching orphan ReplicaSet instead of creating one', () => {
    const b = bench();
    const template = (deployment('web', 2).spec as any).template;
    b.api.create({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'handmade', namespace: 'default', labels: { app: 'web' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
    });
    b.run(3000);
    const d = b.api.create<Obj>(deployment('web', 2));
    b.run(100);
    const rss = replicaSets(b);
    expect(rss.map((r) => r.metadata.name)).toEqual(['handmade']);
    expect(rss[0]!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', uid: d.metadata.uid, controller: true });
    expect(rss[0]!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(condition(b.get<Obj>('Deployment', 'web'), 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' });
  });

  it('times out a rollout that makes no progress for progressDeadlineSeconds', () => {
    const b = bench();
    b.kubelet.neverReady.add('broken:1');
    b.api.create(deployment('web', 2, { progressDeadlineSeconds: 30 }, 'broken:1'));
    b.run(30_000);
    expect(condition(b.get<Obj>('Deployment', 'web'), 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    b.run(2_000);
    const rsName = replicaSets(b)[0]!.metadata.name;
    expect(condition(b.get<Obj>('Deployment', 'web'), 'Progressing')).toMatchObject({
      status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.`,
    });
  });
});

describe('Deployment controller: hash collisions', () => {
  it('bumps status.collisionCount and picks another name when <deployment>-<hash> is taken by a foreign ReplicaSet', () => {
    const probe = bench();
    probe.api.create(deployment('web', 1));
    probe.run(0);
    const taken = replicaSets(probe)[0]!.metadata.name;

    const b = bench();
    b.api.create({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: taken, namespace: 'default', labels: { app: 'other' } },
      spec: { replicas: 0, selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    });
    b.api.create(deployment('web', 1));
    b.run(1000);
    const d = b.get<Obj>('Deployment', 'web');
    expect(d.status.collisionCount).toBe(1);
    const mine = replicaSets(b).filter((rs) => rs.metadata.name !== taken);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.metadata.name).toMatch(/^web-[456789bcdf]+$/);
    expect(mine[0]!.spec.replicas).toBe(1);
  });
});
