/**
 * `kubectl rollout undo` (src/kubectl/rollout-undo.ts) on the backend contract, against the
 * simulator: a Deployment goes back to one of its ReplicaSets, a StatefulSet or DaemonSet to one of
 * its ControllerRevisions; the revision rolled back to becomes the newest one.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { KscenarioError } from '../../src/errors';
import type { KObject } from '../../src/kube/object';
import { rollback, rollbackDeployment } from '../../src/kubectl/rollout-undo';
import { startSimulator, type StartedSimulator } from '../support/sim-backend';

type Obj = KObject & { spec: any; status?: any; revision?: number; data?: any };

const REV = 'deployment.kubernetes.io/revision';

let sim: StartedSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function workload(kind: 'Deployment' | 'StatefulSet' | 'DaemonSet', name: string, image: string, extra: Record<string, unknown> = {}): KObject {
  const replicas = kind === 'DaemonSet' ? {} : { replicas: 2 };
  return {
    apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'default' },
    spec: {
      ...replicas, ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image }] } },
      ...extra,
    },
  } as KObject;
}

async function get(kind: string, name: string): Promise<Obj> {
  return (await sim!.backend.get({ kind, namespace: 'default', name })) as Obj;
}

async function list(kind: string): Promise<Obj[]> {
  return (await sim!.backend.list(kind, 'default')) as Obj[];
}

const imageOf = (o: Obj) => o.spec.template.spec.containers[0].image as string;

async function setImage(kind: string, name: string, image: string): Promise<void> {
  await sim!.backend.patch({ kind, namespace: 'default', name }, 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });
}

const isReady = (p: Obj) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** Every live pod of `app` runs `image` and is ready, `count` of them (the daemon's: one per worker). */
async function settled(app: string, image: string, count: number): Promise<void> {
  const ok = await sim!.backend.waitFor(async () => {
    const pods = (await list('Pod')).filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
    return pods.length === count && pods.every((p) => isReady(p) && p.spec.containers[0].image === image);
  }, 10 * 60_000);
  expect(ok).toBe(true);
}

async function failure(run: Promise<unknown>): Promise<KscenarioError> {
  const err = await run.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(KscenarioError);
  return err as KscenarioError;
}

describe('rollout undo of a Deployment (claim 004-6)', () => {
  async function fourRevisions(): Promise<void> {
    sim = await startSimulator();
    await sim.create(workload('Deployment', 'web', 'app:v1'));
    await settled('web', 'app:v1', 2);
    for (const v of ['app:v2', 'app:v3', 'app:v4']) {
      await setImage('Deployment', 'web', v);
      await settled('web', v, 2);
    }
  }

  const rsWithImage = async (image: string) => (await list('ReplicaSet')).find((rs) => imageOf(rs) === image)!;

  test('undo to revision 3 reuses that ReplicaSet, which becomes revision 5 with revision-history 3', async () => {
    await fourRevisions();
    const v3 = (await rsWithImage('app:v3')).metadata.name;
    expect(await rollbackDeployment(sim!.backend, 'default', 'web', 3)).toBe('rolled back');
    await settled('web', 'app:v3', 2);
    expect(await list('ReplicaSet')).toHaveLength(4);
    const rs = await get('ReplicaSet', v3);
    expect(rs.metadata.annotations).toMatchObject({ [REV]: '5', 'deployment.kubernetes.io/revision-history': '3' });
    expect(rs.spec.replicas).toBe(2);
    expect((await get('Deployment', 'web')).metadata.annotations?.[REV]).toBe('5');
  });

  test('undo without a revision goes back to the previous one; undoing to the current template is skipped', async () => {
    await fourRevisions();
    expect(await rollback(sim!.backend, { kind: 'Deployment', namespace: 'default', name: 'web' })).toBe('rolled back');
    await settled('web', 'app:v3', 2);
    expect((await rsWithImage('app:v3')).metadata.annotations?.[REV]).toBe('5');
    expect(await rollbackDeployment(sim!.backend, 'default', 'web', 5)).toBe('skipped rollback (current template already matches revision 5)');
    expect((await failure(rollbackDeployment(sim!.backend, 'default', 'web', 9))).message).toBe('unable to find specified revision 9 in history');
  });

  test('refuses to roll back a paused deployment', async () => {
    await fourRevisions();
    await sim!.backend.patch({ kind: 'Deployment', namespace: 'default', name: 'web' }, 'merge', { spec: { paused: true } });
    expect((await failure(rollbackDeployment(sim!.backend, 'default', 'web'))).message)
      .toBe("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  });

  test('a Deployment with one revision has no rollout history to go back to', async () => {
    sim = await startSimulator();
    await sim.create(workload('Deployment', 'web', 'app:v1'));
    await settled('web', 'app:v1', 2);
    expect((await failure(rollbackDeployment(sim.backend, 'default', 'web'))).message).toBe('no rollout history found for deployment "web"');
  });
});

describe.each([
  { kind: 'StatefulSet' as const, count: 2 },
  // the default cluster: a control plane (tainted, no daemon pod) and two workers
  { kind: 'DaemonSet' as const, count: 2 },
])('rollout undo of a $kind', ({ kind, count }) => {
  const ref = { kind, namespace: 'default', name: 'web' };

  async function revisions(): Promise<Obj[]> {
    return (await list('ControllerRevision')).filter((r) => r.metadata.ownerReferences?.[0]?.kind === kind);
  }

  async function threeRevisions(version?: string): Promise<void> {
    sim = await startSimulator(1, version ? ({ kubernetesVersion: version } as Parameters<typeof startSimulator>[1]) : undefined);
    await sim.create(workload(kind, 'web', 'app:v1'));
    await settled('web', 'app:v1', count);
    for (const v of ['app:v2', 'app:v3']) {
      await setImage(kind, 'web', v);
      await settled('web', v, count);
    }
    expect((await revisions()).map((r) => [imageOf(r.data), r.revision]).sort()).toEqual([['app:v1', 1], ['app:v2', 2], ['app:v3', 3]]);
  }

  test('undo goes back to the previous revision, whose ControllerRevision becomes revision 4', async () => {
    await threeRevisions();
    expect(await rollback(sim!.backend, ref)).toBe('rolled back');
    expect(imageOf(await get(kind, 'web'))).toBe('app:v2');
    await settled('web', 'app:v2', count);
    expect((await revisions()).map((r) => [imageOf(r.data), r.revision]).sort()).toEqual([['app:v1', 1], ['app:v2', 4], ['app:v3', 3]]);
  });

  test('up to 1.33 revisions hold `creationTimestamp: null`: the restored template matches its revision again', async () => {
    await threeRevisions('1.33');
    expect((await revisions())[0]!.data.spec.template.metadata).toHaveProperty('creationTimestamp', null);
    expect(await rollback(sim!.backend, ref, 1)).toBe('rolled back');
    expect((await get(kind, 'web')).spec.template.metadata).toEqual({ labels: { app: 'web' } });
    await settled('web', 'app:v1', count);
    expect((await revisions()).map((r) => [imageOf(r.data), r.revision]).sort()).toEqual([['app:v1', 4], ['app:v2', 2], ['app:v3', 3]]);
    expect(await rollback(sim!.backend, ref, 4)).toBe('skipped rollback (current template already matches revision 4)');
  });

  test('toRevision restores that revision; the template is replaced whole, not merged', async () => {
    await threeRevisions();
    // a field revision 1 does not have: the revision's `$patch: replace` takes it away again
    await sim!.backend.patch(ref, 'strategic', { spec: { template: { metadata: { annotations: { note: 'v4' } }, spec: { containers: [{ name: 'c', image: 'app:v4' }] } } } });
    await settled('web', 'app:v4', count);
    expect(await rollback(sim!.backend, ref, 1)).toBe('rolled back');
    const live = await get(kind, 'web');
    expect(imageOf(live)).toBe('app:v1');
    expect(live.spec.template.metadata).toEqual({ labels: { app: 'web' } });
    expect(JSON.stringify(live)).not.toContain('$patch');
    await settled('web', 'app:v1', count);
    expect((await revisions()).find((r) => imageOf(r.data) === 'app:v1')!.revision).toBe(5);
    expect(await revisions()).toHaveLength(4);
  });

  test('undo to the revision the template already has is skipped and changes nothing', async () => {
    await threeRevisions();
    const before = (await get(kind, 'web')).metadata.resourceVersion;
    expect(await rollback(sim!.backend, ref, 3)).toBe('skipped rollback (current template already matches revision 3)');
    expect((await get(kind, 'web')).metadata.resourceVersion).toBe(before);
  });

  test("a missing revision and a single revision are kubectl's errors", async () => {
    await threeRevisions();
    expect((await failure(rollback(sim!.backend, ref, 7))).message).toBe('unable to find specified revision 7 in history');
    await sim!.stop();
    sim = await startSimulator();
    await sim.create(workload(kind, 'web', 'app:v1'));
    await settled('web', 'app:v1', count);
    expect((await failure(rollback(sim.backend, ref))).message).toBe('no last revision to roll back to');
    expect(await rollback(sim.backend, ref, 1)).toBe('skipped rollback (current template already matches revision 1)');
  });

  test("only revisions the object controls count: another owner's revision with a matching label is not history", async () => {
    await threeRevisions();
    const other = workload(kind, 'other', 'app:v1') as Obj;
    other.spec.selector = { matchLabels: { tier: 'stray' } };
    other.spec.template.metadata.labels = { tier: 'stray' };
    const [owner] = await sim!.create(other);
    const ours = await revisions();
    await sim!.backend.create({
      apiVersion: 'apps/v1', kind: 'ControllerRevision',
      metadata: {
        name: 'stray', namespace: 'default', labels: { app: 'web', tier: 'stray' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind, name: 'other', uid: owner!.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      data: ours[0]!.data, revision: 9,
    } as KObject);
    expect((await failure(rollback(sim!.backend, ref, 9))).message).toBe('unable to find specified revision 9 in history');
  });
});
