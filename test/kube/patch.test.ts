import { describe, expect, test } from '@jest/globals';
import { jsonPatch, LAST_APPLIED, mergePatch, strategicMergePatch, threeWayApply } from '../../src/kube/patch';
import { ApiError } from '../../src/errors';

describe('merge patch (RFC 7386)', () => {
  test('maps merge, null deletes, lists replace', () => {
    const target = { a: { b: 1, c: 2 }, l: [1, 2], x: 1 };
    expect(mergePatch(target, { a: { c: null, d: 3 }, l: [3], x: null })).toEqual({ a: { b: 1, d: 3 }, l: [3] });
  });
});

describe('json patch (RFC 6902)', () => {
  test('add, replace, remove, move, copy, test', () => {
    const doc = { spec: { containers: [{ name: 'a', image: 'x' }] } };
    const out = jsonPatch(doc, [
      { op: 'replace', path: '/spec/containers/0/image', value: 'y' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'b' } },
      { op: 'copy', from: '/spec/containers/0/image', path: '/spec/image' },
      { op: 'move', from: '/spec/image', path: '/spec/moved' },
      { op: 'test', path: '/spec/moved', value: 'y' },
      { op: 'remove', path: '/spec/containers/1' },
    ]);
    expect(out).toEqual({ spec: { containers: [{ name: 'a', image: 'y' }], moved: 'y' } });
    expect(doc.spec.containers[0]!.image).toBe('x'); // the input is not changed
  });

  test('a path that does not exist, or a failed test, is an error', () => {
    expect(() => jsonPatch({}, [{ op: 'replace', path: '/spec/x', value: 1 }])).toThrow(ApiError);
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/test operation failed/);
  });
});

describe('strategic merge patch', () => {
  test('containers merge by name; other fields of a container are kept', () => {
    const target = { spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'y' }] } };
    const out = strategicMergePatch(target, { spec: { containers: [{ name: 'b', image: 'z' }] } });
    expect(out).toEqual({ spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'z' }] } });
  });

  test('$patch: delete removes a keyed element; lists without a merge key are replaced', () => {
    const target = { spec: { volumes: [{ name: 'v1' }, { name: 'v2' }], args: ['a', 'b'] } };
    expect(strategicMergePatch(target, { spec: { volumes: [{ name: 'v1', $patch: 'delete' }], args: ['c'] } }))
      .toEqual({ spec: { volumes: [{ name: 'v2' }], args: ['c'] } });
  });

  test('$retainKeys clears the keys it does not list', () => {
    const target = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    expect(strategicMergePatch(target, { spec: { strategy: { type: 'Recreate', $retainKeys: ['type'] } } }))
      .toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });
});

describe('strategic merge patch: $patch: replace', () => {
  // What a StatefulSet's or DaemonSet's ControllerRevision holds and kubectl rollout undo sends.
  const live = {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      template: {
        metadata: { labels: { app: 'web', tier: 'front' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } },
        spec: { containers: [{ name: 'c', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }, { name: 'sidecar', image: 'busybox' }], nodeSelector: { disk: 'ssd' } },
      },
    },
  };
  const revision = {
    spec: {
      template: {
        metadata: { labels: { app: 'web' }, creationTimestamp: null },
        spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
        $patch: 'replace',
      },
    },
  };

  test('a map with $patch: replace takes the place of the original map, fields of the original not in it are gone', () => {
    const out = strategicMergePatch(live, revision) as any;
    expect(out.spec.template).toEqual({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } });
    expect(out.spec.replicas).toBe(3); // the maps around it still merge
    expect(out.metadata).toEqual(live.metadata);
  });

  test('the directive does not stay in the result, nor do nulls (they decode to absent fields)', () => {
    const out = strategicMergePatch(live, revision) as any;
    expect(JSON.stringify(out)).not.toContain('$patch');
    expect(out.spec.template.metadata).not.toHaveProperty('creationTimestamp');
  });

  test('replace onto a field the original lacks gives the same map', () => {
    const out = strategicMergePatch({ spec: { replicas: 1 } }, revision) as any;
    expect(out.spec.template).toEqual({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } });
  });

  test('at the top level the whole object is replaced; $patch: delete leaves an empty map', () => {
    expect(strategicMergePatch({ a: 1, b: { c: 2 } }, { b: { d: 3 }, $patch: 'replace' })).toEqual({ b: { d: 3 } });
    expect(strategicMergePatch({ a: 1, b: { c: 2 } }, { b: { $patch: 'delete' } })).toEqual({ a: 1, b: {} });
  });

  test('an unknown directive is refused', () => {
    expect(() => strategicMergePatch({ a: {} }, { a: { $patch: 'merge-ish' } })).toThrow(/unknown patch type: merge-ish/);
  });

  test('in a keyed list, a {$patch: replace} element makes the list the other elements', () => {
    const out = strategicMergePatch(live, { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }, { $patch: 'replace' }] } } } }) as any;
    expect(out.spec.template.spec.containers).toEqual([{ name: 'c', image: 'nginx:1.26' }]);
    expect(out.spec.template.spec.nodeSelector).toEqual({ disk: 'ssd' });
  });

  test('the input objects are not changed', () => {
    const before = JSON.stringify([live, revision]);
    strategicMergePatch(live, revision);
    expect(JSON.stringify([live, revision])).toBe(before);
  });
});

describe('kubectl apply (three-way merge)', () => {
  const deployment = (strategy?: object) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
    spec: { replicas: 1, ...(strategy ? { strategy } : {}) },
  });

  test('fields set by others survive; fields removed from the applied config are removed', () => {
    const first = threeWayApply({ ...deployment(), metadata: { name: 'd', labels: { a: '1', b: '2' } }, status: { x: 1 } }, {
      ...deployment(), metadata: { name: 'd', labels: { a: '1', b: '2' } },
    });
    const second = threeWayApply(first, { ...deployment(), metadata: { name: 'd', labels: { a: '1' } } });
    expect((second.metadata as { labels: object }).labels).toEqual({ a: '1' });
    expect(second.status).toEqual({ x: 1 });
    expect(JSON.parse((second.metadata as { annotations: Record<string, string> }).annotations[LAST_APPLIED]!)).toEqual({
      ...deployment(), metadata: { name: 'd', labels: { a: '1' } },
    });
  });

  test('switching a Deployment to Recreate drops the defaulted rollingUpdate (strategy is retainKeys)', () => {
    const live = deployment({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    const out = threeWayApply(live, deployment({ type: 'Recreate' }));
    expect((out.spec as { strategy: object }).strategy).toEqual({ type: 'Recreate' });
  });

  test("a StatefulSet's updateStrategy is not retainKeys: rollingUpdate stays, as on a real API server", () => {
    const sts = (u: object) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { updateStrategy: u } });
    const out = threeWayApply(sts({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } }), sts({ type: 'OnDelete' }));
    expect((out.spec as { updateStrategy: object }).updateStrategy).toEqual({ type: 'OnDelete', rollingUpdate: { partition: 0 } });
  });
});
