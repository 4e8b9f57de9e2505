import { describe, expect, it } from '@jest/globals';
import { safeEncodeString } from '../../../../src/sim/controllers/deployment/hash';
import { bench, deployment, edit, replicaSets, rsWithImage, setImage, type Obj } from './helpers';

const REV = 'deployment.kubernetes.io/revision';

describe('Deployment controller: revisions (claim 004-6)', () => {
  function fourRevisions() {
    const b = bench();
    b.api.create(deployment('web', 2, {}, 'app:v1'));
    b.run(5000);
    for (const v of ['app:v2', 'app:v3', 'app:v4']) {
      setImage(b, 'web', v);
      b.run(20_000);
    }
    return b;
  }

  it('numbers each new template max(old) + 1 and keeps it on the deployment', () => {
    const b = fourRevisions();
    expect(replicaSets(b).map((rs) => [rs.spec.template.spec.containers[0].image, rs.metadata.annotations?.[REV]])).toEqual([
      ['app:v1', '1'], ['app:v2', '2'], ['app:v3', '3'], ['app:v4', '4'],
    ]);
    expect(b.get<Obj>('Deployment', 'web').metadata.annotations?.[REV]).toBe('4');
  });
  // rollout undo (kubectl's, on the backend contract) is tested in test/kubectl/rollback.test.ts.
});

describe('Deployment controller: revisions are int64', () => {
  // e2e testRollingUpdateDeployment: an adopted ReplicaSet at revision 3546343826724305832
  // makes the Deployment's first rollout revision 3546343826724305833 (strconv.ParseInt, 64 bits).
  it('continues after an adopted ReplicaSet whose revision exceeds 2^53', () => {
    const b = bench();
    b.api.create({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: 'adopted', namespace: 'default', labels: { app: 'web', pod: 'old' }, annotations: { [REV]: '3546343826724305832' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web', pod: 'old' } },
        template: { metadata: { labels: { app: 'web', pod: 'old' } }, spec: { containers: [{ name: 'c', image: 'httpd:2.4' }] } },
      },
    });
    b.run(5000);
    b.api.create(deployment('web', 1, {}, 'app:v1'));
    b.run(30_000);
    const fresh = rsWithImage(b, 'app:v1')!;
    expect(fresh.metadata.annotations?.[REV]).toBe('3546343826724305833');
    expect(b.get<Obj>('Deployment', 'web').metadata.annotations?.[REV]).toBe('3546343826724305833');
    expect(b.get<Obj>('ReplicaSet', 'adopted').spec.replicas).toBe(0);
  });

  it('skips revisions that are not int64 when numbering (MaxRevision)', () => {
    const b = bench();
    b.api.create({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: 'adopted', namespace: 'default', labels: { app: 'web', pod: 'old' }, annotations: { [REV]: '9223372036854775808' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web', pod: 'old' } },
        template: { metadata: { labels: { app: 'web', pod: 'old' } }, spec: { containers: [{ name: 'c', image: 'httpd:2.4' }] } },
      },
    });
    b.api.create(deployment('web', 1, {}, 'app:v1'));
    b.run(30_000);
    expect(rsWithImage(b, 'app:v1')!.metadata.annotations?.[REV]).toBe('1');
  });
});

describe('Deployment controller: scale-down victims across revisions', () => {
  it('deletes a pod from the node with more of the deployment\'s pods first', () => {
    const b = bench();
    const nodes = ['node-1', 'node-2', 'node-1'];
    let i = 0;
    b.kubelet.pickNode = () => nodes[i++ % nodes.length]!;
    b.api.create(deployment('web', 3));
    b.run(5000);
    edit(b, 'web', (s) => {
      s.replicas = 2;
    });
    b.run(0);
    const deleted = b.pods().filter((p) => p.metadata.deletionTimestamp);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.spec?.nodeName).toBe('node-1');
  });
});

describe('pod-template-hash encoding', () => {
  it('maps decimal digits through rand.SafeEncodeString', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});
