import { describe, expect, it } from '@jest/globals';
import { bench, condition, deployment, edit, live, readyLive, replicaSets, rsWithImage, setImage, type Obj } from './helpers';
import type { Bench } from '../replicaset/harness';

/** Runs `ms` of virtual time, checking `invariant` after every change of any object. */
function watchWhile(b: Bench, ms: number, invariant: () => void): void {
  const stop = b.api.watch(() => invariant());
  try {
    b.run(ms);
  } finally {
    stop();
  }
}

function scalingEvents(b: Bench, name = 'web'): string[] {
  return b.eventsAbout(name).filter((e) => e.startsWith('ScalingReplicaSet')).map((e) => e.replace('ScalingReplicaSet: ', ''));
}

describe('Deployment controller: RollingUpdate', () => {
  it('maxSurge 5, maxUnavailable 0: starts 5 new pods at once and never has fewer than 5 available (claim 004-3)', () => {
    const b = bench();
    b.api.create(deployment('web', 5, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 5, maxUnavailable: 0 } } }, 'app:v1'));
    b.run(5000);
    setImage(b, 'web', 'app:v2');
    b.run(0);
    const v2 = rsWithImage(b, 'app:v2')!;
    expect(v2.spec.replicas).toBe(5);
    expect(live(b).filter((p) => p.spec?.containers[0]?.image === 'app:v2')).toHaveLength(5);
    watchWhile(b, 20_000, () => expect(readyLive(b).length).toBeGreaterThanOrEqual(5));
    expect(rsWithImage(b, 'app:v1')!.spec.replicas).toBe(0);
    expect(readyLive(b, 'app:v2')).toHaveLength(5);
    expect(live(b)).toHaveLength(5);
    const v1 = rsWithImage(b, 'app:v1')!.metadata.name;
    expect(scalingEvents(b)).toEqual([
      `Scaled up replica set ${v1} from 0 to 5`,
      `Scaled up replica set ${v2.metadata.name} from 0 to 5`,
      `Scaled down replica set ${v1} from 5 to 0`,
    ]);
  });

  it('maxSurge 1, maxUnavailable 0: one new pod at a time, never fewer than 5 available nor more than 6 pods (claim 004-4)', () => {
    const b = bench();
    b.api.create(deployment('web', 5, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }, 'app:v1'));
    b.run(5000);
    setImage(b, 'web', 'app:v2');
    watchWhile(b, 60_000, () => {
      expect(readyLive(b).length).toBeGreaterThanOrEqual(5);
      expect(live(b).length).toBeLessThanOrEqual(6);
    });
    const v1 = rsWithImage(b, 'app:v1')!.metadata.name;
    const v2 = rsWithImage(b, 'app:v2')!.metadata.name;
    const expected = [`Scaled up replica set ${v1} from 0 to 5`];
    for (let i = 0; i < 4; i++) {
      expected.push(`Scaled up replica set ${v2} from ${i} to ${i + 1}`, `Scaled down replica set ${v1} from ${5 - i} to ${4 - i}`);
    }
    // the 10th and 11th different messages within 10 minutes (up 4 -> 5, down 1 -> 0) are one
    // combined Event of count 2, bearing the last message (client-go EventCorrelator)
    const combined = `(combined from similar events): Scaled down replica set ${v1} from 1 to 0`;
    expect(scalingEvents(b)).toEqual([...expected, combined, combined]);
    expect(readyLive(b, 'app:v2')).toHaveLength(5);
    const d = b.get<Obj>('Deployment', 'web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({ replicas: 5, updatedReplicas: 5, availableReplicas: 5, observedGeneration: 2 });
  });

  it('defaults 25%/25% on 4 replicas: surge 1, unavailable 1', () => {
    const b = bench();
    b.api.create(deployment('web', 4, {}, 'app:v1'));
    b.run(5000);
    setImage(b, 'web', 'app:v2');
    b.run(0);
    // new RS to 1 (4 + 1 surge), old RS down by 1 (3 must stay available), then the new RS
    // grows into the freed room at once: total stays at 5, available at >= 3.
    expect(rsWithImage(b, 'app:v2')!.spec.replicas).toBe(2);
    expect(rsWithImage(b, 'app:v1')!.spec.replicas).toBe(3);
    const v1 = rsWithImage(b, 'app:v1')!.metadata.name;
    const v2 = rsWithImage(b, 'app:v2')!.metadata.name;
    expect(scalingEvents(b).slice(1)).toEqual([
      `Scaled up replica set ${v2} from 0 to 1`, `Scaled down replica set ${v1} from 4 to 3`, `Scaled up replica set ${v2} from 1 to 2`,
    ]);
    expect(rsWithImage(b, 'app:v2')!.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/max-replicas': '5' });
  });

  it('scales proportionally during a stuck rollout (10 → 15 with maxSurge 3, maxUnavailable 2: +3 old, +2 new)', () => {
    const b = bench();
    b.kubelet.neverReady.add('app:bad');
    b.api.create(deployment('web', 10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }, 'app:v1'));
    b.run(5000);
    setImage(b, 'web', 'app:bad');
    b.run(10_000);
    expect(rsWithImage(b, 'app:v1')!.spec.replicas).toBe(8);
    expect(rsWithImage(b, 'app:bad')!.spec.replicas).toBe(5);
    edit(b, 'web', (s) => {
      s.replicas = 15;
    });
    b.run(0);
    expect(rsWithImage(b, 'app:v1')!.spec.replicas).toBe(11);
    expect(rsWithImage(b, 'app:bad')!.spec.replicas).toBe(7);
    expect(rsWithImage(b, 'app:v1')!.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '15', 'deployment.kubernetes.io/max-replicas': '18' });
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', () => {
    const b = bench();
    b.api.create(deployment('web', 1, { revisionHistoryLimit: 1 }, 'app:v1'));
    b.run(5000);
    for (const v of ['app:v2', 'app:v3', 'app:v4']) {
      setImage(b, 'web', v);
      b.run(10_000);
    }
    expect(replicaSets(b).map((rs) => rs.spec.template.spec.containers[0].image)).toEqual(['app:v3', 'app:v4']);
  });
});

describe('Deployment controller: Recreate', () => {
  it('scales the old ReplicaSet to 0 and creates the new one only once the old pods are gone', () => {
    const b = bench();
    b.kubelet.stopMs = 3000;
    b.api.create(deployment('web', 3, { strategy: { type: 'Recreate' } }, 'app:v1'));
    b.run(5000);
    setImage(b, 'web', 'app:v2');
    let newRSCreatedWith: number | undefined;
    const stop = b.api.watch((ev) => {
      if (ev.type === 'ADDED' && ev.object.kind === 'ReplicaSet') newRSCreatedWith = b.pods().length;
    });
    b.run(0);
    expect(rsWithImage(b, 'app:v1')!.spec.replicas).toBe(0);
    expect(rsWithImage(b, 'app:v2')).toBeUndefined();
    expect(b.pods()).toHaveLength(3); // terminating
    b.run(3000);
    stop();
    expect(newRSCreatedWith).toBe(0);
    expect(rsWithImage(b, 'app:v2')!.spec.replicas).toBe(3);
    b.run(5000);
    expect(readyLive(b, 'app:v2')).toHaveLength(3);
    expect(b.get<Obj>('Deployment', 'web').status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });
});

describe('Deployment controller: pause and resume (claim 004-5)', () => {
  it('does not roll out while paused but still scales; resume finishes the rollout', () => {
    const b = bench();
    b.api.create(deployment('web', 3, {}, 'app:v1'));
    b.run(5000);
    edit(b, 'web', (s) => {
      s.paused = true;
    });
    b.run(0);
    expect(condition(b.get<Obj>('Deployment', 'web'), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    setImage(b, 'web', 'app:v2');
    b.run(5000);
    expect(replicaSets(b)).toHaveLength(1);
    edit(b, 'web', (s) => {
      s.replicas = 5;
    });
    b.run(5000);
    expect(rsWithImage(b, 'app:v1')!.spec.replicas).toBe(5);
    expect(readyLive(b, 'app:v1')).toHaveLength(5);
    edit(b, 'web', (s) => {
      delete s.paused;
    });
    b.run(0);
    expect(rsWithImage(b, 'app:v2')).toBeDefined();
    b.run(60_000);
    expect(readyLive(b, 'app:v2')).toHaveLength(5);
    expect(live(b)).toHaveLength(5);
    expect(condition(b.get<Obj>('Deployment', 'web'), 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });
});
