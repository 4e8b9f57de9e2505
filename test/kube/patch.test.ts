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

  test('a $patch map for a field the original lacks is left out (removeDirectives)', () => {
    const out = strategicMergePatch({ spec: { replicas: 1 } }, revision) as any;
    expect(out.spec).toEqual({ replicas: 1 });
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

  test('a container, an env var or a finalizer dropped from the applied config is deleted; others added by the server stay', () => {
    const pod = (containers: object[], finalizers: string[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers }, spec: { containers } });
    const first = pod([{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }, { name: 'b' }], ['f/1', 'f/2']);
    const live = threeWayApply({ ...first, spec: { ...first.spec, containers: [...first.spec.containers, { name: 'injected' }] } }, first);
    const out = threeWayApply(live, pod([{ name: 'a', env: [{ name: 'X', value: '1' }] }], ['f/1'])) as any;
    expect(out.spec.containers.map((c: { name: string }) => c.name)).toEqual(['a', 'injected']);
    expect(out.spec.containers[0].env).toEqual([{ name: 'X', value: '1' }]);
    expect(out.metadata.finalizers).toEqual(['f/1']);
  });

  test("switching a volume's source drops the old one (volumes are merge,retainKeys)", () => {
    const pod = (volume: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }], volumes: [{ name: 'data', ...volume }, { name: 'keep', emptyDir: {} }] } });
    const first = threeWayApply(pod({ emptyDir: {} }), pod({ emptyDir: {} }));
    const out = threeWayApply(first, pod({ configMap: { name: 'settings' } })) as any;
    expect(out.spec.volumes).toEqual([{ name: 'data', configMap: { name: 'settings' } }, { name: 'keep', emptyDir: {} }]);
  });

  test("a DaemonSet's updateStrategy has no retainKeys tag either (apps/v1 DaemonSetSpec): rollingUpdate stays", () => {
    const ds = (u: object) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { updateStrategy: u } });
    const out = threeWayApply(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }), ds({ type: 'OnDelete' }));
    expect((out.spec as { updateStrategy: object }).updateStrategy).toEqual({ type: 'OnDelete', rollingUpdate: { maxUnavailable: 1 } });
  });

  test("a StatefulSet's updateStrategy is not retainKeys: rollingUpdate stays, as on a real API server", () => {
    const sts = (u: object) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { updateStrategy: u } });
    const out = threeWayApply(sts({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } }), sts({ type: 'OnDelete' }));
    expect((out.spec as { updateStrategy: object }).updateStrategy).toEqual({ type: 'OnDelete', rollingUpdate: { partition: 0 } });
  });
});

describe('strategic merge patch: where elements go (normalizeElementOrder)', () => {
  const pod = (containers: object[]) => ({ kind: 'Pod', spec: { containers } });
  const names = (out: unknown) => (out as { spec: { containers: Array<{ name: string }> } }).spec.containers.map((c) => c.name);

  test('a patch of only new elements puts them before the existing ones (kubectl patch page: patch-demo-ctr-2 first)', () => {
    const out = strategicMergePatch(pod([{ name: 'patch-demo-ctr', image: 'nginx' }]), { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } });
    expect(names(out)).toEqual(['patch-demo-ctr-2', 'patch-demo-ctr']);
  });

  test('a new element goes before the existing elements that follow the patched one', () => {
    const out = strategicMergePatch(pod([{ name: 'a' }, { name: 'b' }, { name: 'c' }]), { spec: { containers: [{ name: 'b', image: 'x' }, { name: 'd' }] } });
    expect(names(out)).toEqual(['a', 'b', 'd', 'c']);
  });

  test('scalars of a merging list (finalizers) are a set, new ones first', () => {
    const out = strategicMergePatch({ metadata: { finalizers: ['x', 'y'] } }, { metadata: { finalizers: ['y', 'z'] } }) as any;
    expect(out.metadata.finalizers).toEqual(['x', 'y', 'z']);
    expect(strategicMergePatch({ metadata: { finalizers: ['x'] } }, { metadata: { finalizers: ['z'] } })).toEqual({ metadata: { finalizers: ['z', 'x'] } });
  });

  // apimachinery strategicpatch patch_test.go "add multiple items in a list and preserve order"
  test('$setElementOrder places new elements between the existing ones', () => {
    const current = pod([{ name: '1', image: 'a' }, { name: '2', image: 'b' }]);
    const out = strategicMergePatch(current, {
      spec: { '$setElementOrder/containers': [{ name: '1' }, { name: '4' }, { name: '2' }, { name: '3' }], containers: [{ name: '4' }, { name: '3' }] },
    });
    expect(names(out)).toEqual(['1', '4', '2', '3']);
    expect((out as any).spec.containers[0]).toEqual({ name: '1', image: 'a' });
  });

  // patch_test.go "set elements order in a list with server-only items 2"
  test('elements the directive does not name keep their place after the original element before them', () => {
    const out = strategicMergePatch(pod(['1', '2', '9', '3', '4'].map((name) => ({ name }))), {
      spec: { '$setElementOrder/containers': ['2', '1', '4', '3'].map((name) => ({ name })) },
    });
    expect(names(out)).toEqual(['2', '1', '9', '4', '3']);
  });

  // patch_test.go "delete an item in a list of primitives and preserve order"
  test('$deleteFromPrimitiveList removes scalars; with $setElementOrder the rest is reordered', () => {
    const out = strategicMergePatch({ metadata: { finalizers: ['1', '2', '3'] } }, {
      metadata: { '$setElementOrder/finalizers': ['2', '1'], '$deleteFromPrimitiveList/finalizers': ['3'] },
    });
    expect(out).toEqual({ metadata: { finalizers: ['2', '1'] } });
  });

  test('$deleteFromPrimitiveList of an absent list or item changes nothing, and works on a list without merge strategy', () => {
    expect(strategicMergePatch({ metadata: {} }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } })).toEqual({ metadata: {} });
    expect(strategicMergePatch({ metadata: { finalizers: ['b'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } })).toEqual({ metadata: { finalizers: ['b'] } });
    const c = { kind: 'Pod', spec: { containers: [{ name: 'c', args: ['-v', '-x'] }] } };
    expect((strategicMergePatch(c, { spec: { containers: [{ name: 'c', '$deleteFromPrimitiveList/args': ['-x'] }] } }) as any).spec.containers[0].args).toEqual(['-v']);
  });
});

describe('strategic merge patch: merge keys from the API types', () => {
  test("a container's ports merge by containerPort, a Service's by port", () => {
    const pod = { kind: 'Pod', spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }] }] } };
    const out = strategicMergePatch(pod, { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } }) as any;
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }]);
    const svc = { kind: 'Service', spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    expect((strategicMergePatch(svc, { spec: { ports: [{ port: 80, name: 'web' }] } }) as any).spec.ports).toEqual([{ port: 80, targetPort: 8080, name: 'web' }]);
  });

  test('lists without a tag are replaced: tolerations, args, an EndpointSlice\'s ports', () => {
    const pod = { kind: 'Pod', spec: { tolerations: [{ key: 'a', operator: 'Exists' }], containers: [{ name: 'c', args: ['x'] }] } };
    const out = strategicMergePatch(pod, { spec: { tolerations: [{ key: 'b', operator: 'Exists' }], containers: [{ name: 'c', args: ['y'] }] } }) as any;
    expect(out.spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
    expect(out.spec.containers[0].args).toEqual(['y']);
    const slice = { kind: 'EndpointSlice', ports: [{ port: 80 }] };
    expect((strategicMergePatch(slice, { ports: [{ port: 81 }] }) as any).ports).toEqual([{ port: 81 }]);
  });

  test('the same names in a pod template merge as in a pod; status conditions merge by type', () => {
    const deploy = { kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }] }] } } }, status: { conditions: [{ type: 'Available', status: 'True' }] } };
    const out = strategicMergePatch(deploy, {
      spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '2' }] }] } } },
      status: { conditions: [{ type: 'Progressing', status: 'True' }] },
    }) as any;
    expect(out.spec.template.spec.containers[0].env).toEqual([{ name: 'Y', value: '2' }, { name: 'X', value: '1' }]);
    expect(out.status.conditions.map((c: { type: string }) => c.type)).toEqual(['Progressing', 'Available']);
  });

  test("a PodDisruptionBudget's selector is replaced (patchStrategy replace), a Deployment's merges", () => {
    const pdb = { kind: 'PodDisruptionBudget', spec: { selector: { matchLabels: { app: 'a', tier: 'x' } } } };
    expect((strategicMergePatch(pdb, { spec: { selector: { matchLabels: { app: 'b' } } } }) as any).spec.selector).toEqual({ matchLabels: { app: 'b' } });
    const deploy = { ...pdb, kind: 'Deployment' };
    expect((strategicMergePatch(deploy, { spec: { selector: { matchLabels: { app: 'b' } } } }) as any).spec.selector).toEqual({ matchLabels: { app: 'b', tier: 'x' } });
  });
});

describe('strategic merge patch: bad directives get the API server\'s errors', () => {
  const pod = { kind: 'Pod', spec: { containers: [{ name: 'c', image: 'x' }] } };
  const error = (patch: object): ApiError => {
    try {
      strategicMergePatch(pod, patch);
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  test('$patch: merge in a list element, an unknown $patch value, an element without its merge key', () => {
    expect(error({ spec: { containers: [{ name: 'c', $patch: 'merge' }] } }).message).toBe('merging lists cannot yet be specified in the patch');
    expect(error({ spec: { containers: [{ name: 'c', $patch: 'remove' }] } }).message).toBe('unknown patch type: remove in map: map[$patch:remove name:c]');
    expect(error({ spec: { $patch: 'merge' } }).message).toBe('unknown patch type: merge in map: map[$patch:merge]');
    const noKey = error({ spec: { containers: [{ image: 'y' }] } });
    expect([noKey.status, noKey.message]).toEqual([500, 'map: map[image:y] does not contain declared merge key: name']);
    expect(error({ spec: { containers: [{ $patch: 'delete' }] } }).message).toBe('map: map[$patch:delete] does not contain declared merge key: name');
  });

  test('$retainKeys that is not a list, or misses a key the patch sets, is a 400', () => {
    const bad = error({ spec: { $retainKeys: 'containers' } });
    expect([bad.status, bad.reason, bad.message]).toEqual([400, 'BadRequest', 'invalid patch format of retainKeys']);
    expect(error({ spec: { $retainKeys: ['containers'], hostname: 'h' } }).message).toBe('invalid patch format of retainKeys');
  });

  test('a directive key without its /field, and an order that contradicts the patch list', () => {
    expect(error({ spec: { $setElementOrder: [] } }).message).toBe('invalid patch format of setElementOrder list');
    expect(error({ spec: { $deleteFromPrimitiveList: [] } }).message).toBe('invalid patch format of primitive list');
    const order = error({ spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'c' }], containers: [{ name: 'c' }, { name: 'a' }] } });
    expect(order.message).toMatch(/^The order in patch list:\n\[map\[name:c\] map\[name:a\]\]\n doesn't match \$setElementOrder list:/);
  });
});
