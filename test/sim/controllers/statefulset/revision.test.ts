import { describe, expect, it } from '@jest/globals';
import {
  applyRevision,
  canonicalJson,
  equalRevision,
  newRevision,
  revisionHash,
  revisionPatch,
  sortRevisions,
} from '../../../../src/sim/controllers/statefulset/revision';
import type { RevisionObj, StatefulSetObj } from '../../../../src/sim/controllers/statefulset/types';

/**
 * The set of upstream's pkg/controller/statefulset/stateful_set_compatibility_test.go, with the
 * defaults the API server fills in. Upstream recorded its revision as `test-c77f6d978` (1.33
 * serialisation, with "creationTimestamp":null) and `test-776999688b` (1.34,
 * testdata/compatibility_revision_1.34.0.json), both with collisionCount 0.
 */
function compatSet(): StatefulSetObj {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'test', namespace: 'default', uid: 'ssuid' },
    spec: {
      selector: { matchLabels: { app: 'foo' } },
      serviceName: '',
      template: {
        metadata: { annotations: { test: 'value' }, labels: { app: 'foo' } },
        spec: {
          containers: [{
            image: 'test', imagePullPolicy: 'Always', name: 'test', resources: {},
            terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
          }],
          dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler',
          securityContext: {}, terminationGracePeriodSeconds: 30,
        },
      },
    },
  };
}

describe('revision data and hash (history.HashControllerRevision)', () => {
  it('serialises the template patch like upstream 1.34+ and hashes it to upstream\'s name', () => {
    const data = revisionPatch(compatSet(), '1.35');
    expect(canonicalJson(data)).toBe(
      '{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"test":"value"},"labels":{"app":"foo"}},"spec":{"containers":[{"image":"test","imagePullPolicy":"Always","name":"test","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}',
    );
    const rev = newRevision(compatSet(), 2, 0, '1.34');
    expect(rev.metadata.name).toBe('test-776999688b');
    expect(rev.metadata.labels).toEqual({ app: 'foo', 'controller.kubernetes.io/hash': '776999688b' });
    expect(rev.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'test', uid: 'ssuid', controller: true, blockOwnerDeletion: true },
    ]);
    expect(rev.revision).toBe(2);
  });

  it('keeps the 1.33 "creationTimestamp":null and so upstream\'s 1.33 name', () => {
    expect(newRevision(compatSet(), 1, 0, '1.33').metadata.name).toBe('test-c77f6d978');
    expect(canonicalJson(revisionPatch(compatSet(), '1.29'))).toContain('"creationTimestamp":null');
  });

  it('mixes the collision count into the hash', () => {
    const data = revisionPatch(compatSet(), '1.35');
    expect(revisionHash(data, 0)).toBe('776999688b');
    expect(revisionHash(data, 1)).not.toBe('776999688b');
  });

  it('escapes HTML characters like encoding/json', () => {
    expect(canonicalJson({ b: '<&>', a: 1 })).toBe('{"a":1,"b":"\\u003c\\u0026\\u003e"}');
  });

  it('compares revisions by data and sorts by revision number', () => {
    const a = newRevision(compatSet(), 1, 0, '1.35');
    const changed = compatSet();
    changed.spec.template.spec!.containers[0]!.image = 'other';
    const b = newRevision(changed, 2, 0, '1.35');
    expect(equalRevision(a, { ...newRevision(compatSet(), 7, 0, '1.35') })).toBe(true);
    expect(equalRevision(a, b)).toBe(false);
    const sorted = sortRevisions([{ ...b, revision: 3 } as RevisionObj, a]);
    expect(sorted.map((r) => r.revision)).toEqual([1, 3]);
  });

  it('applies a revision by replacing the pod template', () => {
    const old = newRevision(compatSet(), 1, 0, '1.29');
    const changed = compatSet();
    changed.spec.template.spec!.containers[0]!.image = 'other';
    const restored = applyRevision(changed, old);
    expect(restored.spec.template.spec!.containers[0]!.image).toBe('test');
    expect(restored.spec.template.metadata).toEqual({ annotations: { test: 'value' }, labels: { app: 'foo' } });
    expect(changed.spec.template.spec!.containers[0]!.image).toBe('other');
  });
});
