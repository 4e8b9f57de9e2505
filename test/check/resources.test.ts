import { describe, expect, test } from '@jest/globals';
import { checkResources } from '../../src/check/resources';
import { InputError } from '../../src/errors';
import { pod, pvc, statefulSet, tag } from './fixtures';

const pods = [
  pod('web-0', { node: 'worker-1', ready: 'True' }),
  pod('web-1', { node: 'worker-2', ready: 'True' }),
  pod('web-10', { node: 'worker-2', ready: 'False', labels: { app: 'nginx', tier: 'canary' } }),
  pod('web-2', { labels: { app: 'nginx', tier: 'canary' } }),
  pod('db-0', { node: 'worker-1', ready: 'True', labels: { app: 'db' } }),
  pod('web-0', { namespace: 'other', node: 'worker-1', ready: 'False' }),
];

describe('by name', () => {
  test('the named object matches: the outcome pairs the written match with its projection', () => {
    const out = checkResources({ kind: 'Pod', name: 'web-0', match: { phase: 'Running', spec: { nodeName: 'worker-1' } } }, pods);
    expect(out).toEqual({
      ok: true,
      mismatches: [],
      expected: { kind: 'Pod', name: 'web-0', match: { phase: 'Running', spec: { nodeName: 'worker-1' } } },
      observed: { kind: 'Pod', name: 'web-0', match: { phase: 'Running', spec: { nodeName: 'worker-1' } } },
      selected: ['web-0'],
      captured: {},
    });
  });

  test('mismatches carry the object and a path from the expectation', () => {
    const out = checkResources({ kind: 'Pod', name: 'web-2', match: { ready: true, status: { phase: 'Running' } } }, pods);
    expect(out.ok).toBe(false);
    expect(out.mismatches.map((m) => [m.object, m.path, m.message])).toEqual([
      ['Pod web-2', ['match', 'ready'], 'expected true, observed false (no Ready condition)'],
      ['Pod web-2', ['match', 'status', 'phase'], 'expected Running, observed Pending'],
    ]);
    expect(out.observed.match).toEqual({ ready: false, status: { phase: 'Pending' } });
  });

  test('the namespace written, else default, decides which object is meant', () => {
    expect(checkResources({ kind: 'Pod', name: 'web-0', namespace: 'other', match: { ready: false } }, pods).ok).toBe(true);
    expect(checkResources({ kind: 'Pod', name: 'web-0', match: { ready: false } }, pods).ok).toBe(false);
    expect(checkResources({ kind: 'Pod', name: 'web-0', match: { ready: false } }, pods, { defaultNamespace: 'other' }).ok).toBe(true);
  });

  test('a missing named object is reported as not found', () => {
    const out = checkResources({ kind: 'Pod', name: 'web-3', match: { phase: 'Running' } }, pods);
    expect(out.ok).toBe(false);
    expect(out.mismatches).toEqual([{ path: [], field: '', expected: 'web-3', observed: undefined, message: 'not found', object: 'Pod web-3' }]);
    expect(out.observed).toEqual({ kind: 'Pod', name: 'web-3' });
  });

  test('a bare name asserts existence', () => {
    expect(checkResources({ kind: 'Pod', name: 'db-0' }, pods).ok).toBe(true);
    expect(checkResources({ kind: 'Pod', name: 'db-1', namespace: 'prod' }, pods).mismatches[0]!.message).toBe('not found in namespace prod');
  });

  test('kinds and apiVersion: kubectl-style names are accepted', () => {
    const objects = [pvc('www-web-0', 'Bound'), ...pods];
    expect(checkResources({ kind: 'pvc', name: 'www-web-0', match: { phase: 'Bound' } }, objects).ok).toBe(true);
    expect(checkResources({ kind: 'PersistentVolumeClaim', apiVersion: 'v1', name: 'www-web-0' }, objects).ok).toBe(true);
    expect(checkResources({ kind: 'PersistentVolumeClaim', apiVersion: 'v2', name: 'www-web-0' }, objects).ok).toBe(false);
  });
});

describe('absent', () => {
  const claims = [pvc('www-web-0', 'Bound'), pvc('www-web-1', 'Bound')];

  test('absent: true holds when nothing is selected and fails naming what exists', () => {
    expect(checkResources({ kind: 'PersistentVolumeClaim', name: 'www-web-3', absent: true }, claims)).toMatchObject({
      ok: true,
      expected: { absent: true },
      observed: { absent: true },
    });
    const out = checkResources({ kind: 'PersistentVolumeClaim', name: 'www-web-1', absent: true }, claims);
    expect(out.mismatches).toEqual([
      { path: ['absent'], field: 'absent', expected: true, observed: false, message: 'expected absent, but it exists: www-web-1', object: 'PersistentVolumeClaim www-web-1' },
    ]);
    expect(out.observed.absent).toBe(false);
  });

  test('absent with a selector', () => {
    const out = checkResources({ kind: 'PersistentVolumeClaim', selector: { app: 'nginx' }, absent: true }, claims);
    expect(out.mismatches[0]!.message).toBe('expected absent, but 2 exist: www-web-0, www-web-1');
    expect(checkResources({ kind: 'PersistentVolumeClaim', selector: { app: 'nginx' }, absent: false }, claims).ok).toBe(true);
    expect(checkResources({ kind: 'PersistentVolumeClaim', selector: 'app=db', absent: false }, claims).ok).toBe(false);
  });
});

describe('count', () => {
  test('number or matcher; the message lists what was selected', () => {
    expect(checkResources({ kind: 'Pod', selector: { app: 'nginx' }, count: 4 }, pods).ok).toBe(true);
    expect(checkResources({ kind: 'Pod', selector: 'app=nginx', count: tag('gte', 2) }, pods).ok).toBe(true);
    const out = checkResources({ kind: 'Pod', selector: 'app=nginx,tier!=canary', count: 3 }, pods);
    expect(out.mismatches).toEqual([
      { path: ['count'], field: 'count', expected: 3, observed: 2, message: 'expected 3, observed 2 (selected: web-0, web-1)' },
    ]);
    expect(out.expected.count).toBe(3);
    expect(out.observed.count).toBe(2);
  });

  test('count: 0 on a name says it must not exist (no not-found error)', () => {
    expect(checkResources({ kind: 'Pod', name: 'web-9', count: 0 }, pods).ok).toBe(true);
  });

  test('without name or selector every object of the kind (in the namespace) counts', () => {
    expect(checkResources({ kind: 'Pod', count: 5 }, pods).ok).toBe(true);
  });

  test('selector strings use kubectl syntax; a bad one is an input error', () => {
    expect(checkResources({ kind: 'Pod', selector: 'tier in (canary),app', count: 2 }, pods).ok).toBe(true);
    expect(checkResources({ kind: 'Pod', selector: '!tier', count: 3 }, pods).ok).toBe(true);
    expect(() => checkResources({ kind: 'Pod', selector: 'app==(', count: 1 }, pods)).toThrow(InputError);
  });
});

describe('match and each with a selector', () => {
  test('each: every selected object matches; per-object documents in natural order', () => {
    const out = checkResources({ kind: 'Pod', selector: { app: 'nginx' }, count: 4, each: { phase: 'Running', ready: true } }, pods);
    expect(out.ok).toBe(false);
    expect(out.selected).toEqual(['web-0', 'web-1', 'web-2', 'web-10']);
    expect(Object.keys(out.observed.each as object)).toEqual(['web-0', 'web-1', 'web-2', 'web-10']);
    expect(out.observed.each).toEqual({
      'web-0': { phase: 'Running', ready: true },
      'web-1': { phase: 'Running', ready: true },
      'web-2': { phase: 'Pending', ready: false },
      'web-10': { phase: 'Running', ready: false },
    });
    expect((out.expected.each as Record<string, unknown>)['web-10']).toEqual({ phase: 'Running', ready: true });
    expect(out.mismatches.map((m) => `${m.object} ${m.field}`)).toEqual(['Pod web-2 phase', 'Pod web-2 ready', 'Pod web-10 ready']);
    expect(out.mismatches[0]!.path).toEqual(['each', 'phase']);
  });

  test('each holds when nothing is selected; match with a selector needs at least one', () => {
    expect(checkResources({ kind: 'Pod', selector: { app: 'zk' }, each: { phase: 'Running' } }, pods).ok).toBe(true);
    const out = checkResources({ kind: 'Pod', selector: { app: 'zk' }, match: { phase: 'Running' } }, pods);
    expect(out.mismatches.map((m) => m.message)).toEqual(['no Pod matches selector app=zk']);
    expect(checkResources({ kind: 'Pod', selector: { app: 'db' }, match: { phase: 'Running' } }, pods).ok).toBe(true);
  });
});

test('a StatefulSet canary: partition and status', () => {
  const sts = statefulSet('web', 3, 3, 2);
  const expectation = {
    kind: 'StatefulSet',
    name: 'web',
    match: {
      spec: { updateStrategy: { rollingUpdate: { partition: 2 } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.17' }] } } },
      status: { readyReplicas: tag('gte', 3) },
    },
  };
  const out = checkResources(expectation, [sts]);
  expect(out.mismatches.map((m) => [m.field, m.message])).toEqual([
    ['spec.template.spec.containers[name=nginx].image', 'expected nginx:1.17, observed nginx:1.16.1'],
  ]);
  expect(out.observed.match).toEqual({
    spec: { updateStrategy: { rollingUpdate: { partition: 2 } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1' }] } } },
    status: { readyReplicas: 3 },
  });
});

test('a PVC with a quantity written differently', () => {
  const claim = pvc('datadir-zk-0', 'Bound', { storage: '3Gi', volume: 'pv-zk-0' });
  const out = checkResources({ kind: 'PersistentVolumeClaim', name: 'datadir-zk-0', match: { phase: 'Bound', status: { capacity: { storage: '3072Mi' } }, spec: { volumeName: 'pv-zk-0' } } }, [claim]);
  expect(out.ok).toBe(true);
});

describe('count after match', () => {
  test('count is the number of selected objects that match: exactly one canary pod that is not ready', () => {
    const e = { kind: 'Pod', selector: { app: 'nginx' }, match: { metadata: { labels: { tier: 'canary' } }, ready: false }, count: 2 };
    const out = checkResources(e, pods);
    expect(out.ok).toBe(true);
    expect(out.observed.count).toBe(2);
    expect(checkResources({ ...e, count: 1 }, pods).ok).toBe(false);
  });

  test('a wrong count names the matching and the selected objects, and shows each object against the match', () => {
    const out = checkResources({ kind: 'Pod', selector: { app: 'nginx' }, match: { spec: { nodeName: 'worker-2' } }, count: 1 }, pods);
    expect(out.ok).toBe(false);
    expect(out.mismatches.map((m) => m.message)).toEqual(['expected 1, observed 2 (matching: web-1, web-10; selected: web-0, web-1, web-2, web-10)']);
    expect(out.observed.match).toEqual({
      'web-0': { spec: { nodeName: 'worker-1' } },
      'web-1': { spec: { nodeName: 'worker-2' } },
      'web-2': { spec: {} },
      'web-10': { spec: { nodeName: 'worker-2' } },
    });
  });

  test('objects that do not match are not mismatches: only the count is judged', () => {
    expect(checkResources({ kind: 'Pod', selector: { app: 'nginx' }, match: { ready: true }, count: tag('gte', 2) }, pods).ok).toBe(true);
    expect(checkResources({ kind: 'Pod', selector: { app: 'nginx' }, match: { phase: 'Failed' }, count: 0 }, pods).ok).toBe(true);
  });
});
