import { describe, expect, test } from '@jest/globals';
import { fieldOf, matchValue, matches, scalarsEqual } from '../../src/check/match';
import { pod, statefulSet, tag } from './fixtures';

describe('maps', () => {
  test('every written key must match; keys not written are ignored', () => {
    const sts = statefulSet('web', 3, 3);
    expect(matchValue({ spec: { replicas: 3, serviceName: 'nginx' } }, sts)).toEqual([]);
  });

  test('reports every mismatch with path, field, expected and observed', () => {
    const sts = statefulSet('web', 3, 2);
    const found = matchValue({ spec: { replicas: 4 }, status: { readyReplicas: 3, replicas: 3 } }, sts);
    expect(found).toEqual([
      { path: ['spec', 'replicas'], field: 'spec.replicas', expected: 4, observed: 3, message: 'expected 4, observed 3' },
      { path: ['status', 'readyReplicas'], field: 'status.readyReplicas', expected: 3, observed: 2, message: 'expected 3, observed 2' },
    ]);
  });

  test('a missing key is a mismatch that says so', () => {
    const [m] = matchValue({ spec: { minReadySeconds: 10 } }, statefulSet('web', 1, 1));
    expect(m).toMatchObject({ field: 'spec.minReadySeconds', observed: undefined, message: 'missing, expected 10' });
  });

  test('a missing parent map is reported once, at the parent', () => {
    const found = matchValue({ status: { podIP: '10.0.0.1', hostIP: '1.2.3.4' } }, { spec: {} });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ field: 'status', message: expect.stringMatching(/^missing, expected/) });
  });

  test('a missing parent map satisfies what accepts absence (omitted empty fields)', () => {
    expect(matchValue({ status: { podIP: tag('absent') }, metadata: { labels: { tier: null } } }, { spec: {} })).toEqual([]);
  });

  test('an empty map written means present: a missing one does not match it', () => {
    const waiting = { state: { waiting: { reason: 'ContainerCreating' } } };
    const [m, ...rest] = matchValue({ state: { running: {} } }, waiting);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ path: ['state', 'running'], field: 'state.running', observed: undefined });
    expect(m!.message).toBe('missing, expected {} (present; write !absent to expect it missing)');
    expect(matchValue({ state: { running: {} } }, { state: { running: { startedAt: '2025-01-01T00:00:00Z' } } })).toEqual([]);
    expect(matchValue({ state: { running: {} } }, { state: { running: null } })).toHaveLength(1);
    expect(matches({ state: { running: tag('absent') } }, waiting)).toBe(true);
  });

  test('a zero value expected where the API omitted the field says why and how to write it', () => {
    const [m] = matchValue({ status: { readyReplicas: 0 } }, { status: { replicas: 1 } });
    expect(m!.message).toBe('missing, expected 0 (the API omits a field whose value is 0: write !oneOf [0, !absent] to accept either, or !absent)');
    expect(matchValue({ spec: { paused: false } }, { spec: {} })[0]!.message).toMatch(/^missing, expected false \(the API omits a field whose value is false: /);
    // a missing non-zero value is plainly missing
    expect(matchValue({ status: { readyReplicas: 2 } }, { status: {} })[0]!.message).toBe('missing, expected 2');
    // strict: 0 is not "missing", but the hinted form accepts both
    expect(matches({ status: { readyReplicas: tag('oneOf', [0, tag('absent')]) } }, { status: {} })).toBe(true);
    expect(matches({ status: { readyReplicas: tag('oneOf', [0, tag('absent')]) } }, { status: { readyReplicas: 0 } })).toBe(true);
  });

  test('a map expected where a scalar is observed', () => {
    expect(matchValue({ spec: { replicas: { value: 1 } } }, { spec: { replicas: 1 } })[0]!.message).toBe('expected a map, observed 1');
  });

  test('keys with dots are shown quoted in the field', () => {
    const [m] = matchValue({ metadata: { labels: { 'app.kubernetes.io/name': 'web' } } }, { metadata: { labels: {} } });
    expect(m!.field).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(m!.path).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
  });
});

describe('keyed lists', () => {
  const p = pod('web-0', { node: 'worker-1', ready: 'True' });

  test('containers are matched by name, order ignored', () => {
    const expected = { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }, { name: 'nginx', image: 'nginx:1.16.1' }] } };
    expect(matchValue(expected, p)).toEqual([]);
  });

  test('a mismatch inside a keyed element names the key; the path uses the written index', () => {
    const expected = { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }, { name: 'nginx', image: 'nginx:1.17' }] } };
    expect(matchValue(expected, p)).toEqual([
      {
        path: ['spec', 'containers', 1, 'image'],
        field: 'spec.containers[name=nginx].image',
        expected: 'nginx:1.17',
        observed: 'nginx:1.16.1',
        message: 'expected nginx:1.17, observed nginx:1.16.1',
      },
    ]);
  });

  test('a keyed element missing from the observed list is a mismatch', () => {
    const [m] = matchValue({ spec: { containers: [{ name: 'istio-proxy' }] } }, p);
    expect(m).toMatchObject({ field: 'spec.containers[name=istio-proxy]', message: 'missing: no element with name=istio-proxy', path: ['spec', 'containers', 0] });
  });

  test('nested keyed lists: ports inside containers', () => {
    expect(matchValue({ spec: { containers: [{ name: 'nginx', ports: [{ name: 'web', containerPort: 80 }] }] } }, p)).toEqual([]);
    const [m] = matchValue({ spec: { containers: [{ name: 'nginx', ports: [{ name: 'web', containerPort: 8080 }] }] } }, p);
    expect(m!.field).toBe('spec.containers[name=nginx].ports[name=web].containerPort');
  });

  test('conditions are matched by type', () => {
    expect(matchValue({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }, p)).toEqual([]);
    const [m] = matchValue({ status: { conditions: [{ type: 'Ready', status: 'False' }] } }, p);
    expect(m!.field).toBe('status.conditions[type=Ready].status');
  });

  test('a missing observed list reads as empty: keyed elements are then missing', () => {
    const [m] = matchValue({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { status: { phase: 'Pending' } });
    expect(m!.message).toBe('missing: no element with type=Ready');
  });
});

describe('positional lists', () => {
  const p = pod('web-0');

  test('element by element with the same length', () => {
    expect(matchValue({ spec: { containers: [{ name: 'sidecar', args: ['sleep', '3600'] }] } }, p)).toEqual([]);
    expect(matchValue({ spec: { containers: [{ name: 'sidecar', args: ['3600', 'sleep'] }] } }, p)).toHaveLength(2);
  });

  test('different lengths are one mismatch, plus mismatches in the common part', () => {
    const found = matchValue({ args: ['sleep'] }, { args: ['sleep', '3600'] });
    expect(found).toEqual([
      { path: ['args'], field: 'args', expected: ['sleep'], observed: ['sleep', '3600'], message: 'expected 1 element, observed 2: [sleep, "3600"]' },
    ]);
    expect(matchValue({ args: ['wait', 'x', 'y'] }, { args: ['sleep', '3600'] }).map((m) => m.field)).toEqual(['args', 'args[0]', 'args[1]']);
  });

  test('maps without name or type are positional (tolerations); an empty list matches a missing one', () => {
    const tolerations = [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }];
    expect(matchValue({ spec: { tolerations } }, p)[0]!.message).toMatch(/^expected 1 element, observed 2/);
    expect(matchValue({ metadata: { finalizers: [] } }, p)).toEqual([]);
    expect(matchValue({ metadata: { finalizers: [] } }, { metadata: { finalizers: ['x'] } })).toHaveLength(1);
  });

  test('a list where a map is observed', () => {
    expect(matchValue({ spec: [1] }, { spec: { a: 1 } })[0]!.message).toBe('expected a list, observed {a: 1}');
  });
});

describe('scalars and quantities', () => {
  test.each([
    ['1Gi', '1024Mi'],
    ['1Gi', 1073741824],
    ['4', 4],
    [4, '4'],
    ['500m', '0.5'],
    [0.5, '500m'],
    [2, '2000m'],
    ['1e3', '1k'],
    ['300m', 0.3],
    ['3Gi', '3072Mi'],
  ])('%p equals %p', (a, b) => {
    expect(scalarsEqual(a, b)).toBe(true);
    expect(matchValue({ v: a }, { v: b })).toEqual([]);
  });

  test.each([
    ['1.16', '1.160'], // suffix-less strings are text: versions, label values
    ['4', '4.0'],
    ['1G', '1Gi'],
    ['nginx:1.16', 'nginx:1.16.0'],
    ['web-1', 'web-01'],
    ['1Gi', '1Mi'],
    [3, 2],
    ['', 0],
  ])('%p differs from %p', (a, b) => {
    expect(scalarsEqual(a, b)).toBe(false);
  });

  test('booleans equal the same word as a string in any case (condition statuses)', () => {
    expect(scalarsEqual(true, 'True')).toBe(true);
    expect(scalarsEqual('False', false)).toBe(true);
    expect(scalarsEqual(true, 'False')).toBe(false);
    expect(scalarsEqual(true, 1)).toBe(false);
    expect(scalarsEqual('True', 'true')).toBe(false);
  });

  test('null expected matches missing or null', () => {
    expect(matchValue({ spec: { nodeName: null } }, { spec: {} })).toEqual([]);
    expect(matchValue({ spec: { nodeName: null } }, { spec: { nodeName: 'w' } })).toHaveLength(1);
  });

  test('a scalar expected where a map is observed', () => {
    expect(matchValue({ spec: 'x' }, { spec: { a: 1 } })[0]!.message).toBe('expected x, observed {a: 1}');
  });
});

describe('matchers', () => {
  test('!regex: unanchored search; numbers and booleans as text; others fail', () => {
    expect(matches(tag('regex', '^0/3 nodes are available'), '0/3 nodes are available: 3 Insufficient cpu.')).toBe(true);
    expect(matches(tag('regex', 'nodes'), '0/3 nodes')).toBe(true);
    expect(matches(tag('regex', '^web-[0-9]+$'), 'web-10')).toBe(true);
    expect(matches(tag('regex', '^web-[0-9]+$'), 'web-x')).toBe(false);
    expect(matches(tag('regex', '^8\\d$'), 80)).toBe(true);
    expect(matches(tag('regex', '^true$'), true)).toBe(true);
    expect(matches(tag('regex', '.*'), undefined)).toBe(false);
    expect(matches(tag('regex', '.*'), { a: 1 })).toBe(false);
    const [m] = matchValue({ image: tag('regex', '^nginx:1\\.17') }, { image: 'nginx:1.16.1' });
    expect(m!.message).toBe('expected !regex ^nginx:1\\.17, observed nginx:1.16.1');
  });

  test('!regex runs in linear time: a pattern that backtracks exponentially in JavaScript answers at once', () => {
    const started = Date.now();
    expect(matches(tag('regex', '^(a+)+$'), 'a'.repeat(5000) + '!')).toBe(false);
    expect(matches(tag('regex', '^(a|aa)*$'), 'a'.repeat(5000))).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('!regex uses RE2 syntax: Perl classes, POSIX classes, inline flags', () => {
    expect(matches(tag('regex', '^[[:alpha:]]+-\\d$'), 'web-0')).toBe(true);
    expect(matches(tag('regex', '(?i)^NGINX'), 'nginx:1.25')).toBe(true);
    expect(matches(tag('regex', '\\p{Greek}'), 'web-λ')).toBe(true);
  });

  test('!regex with an invalid pattern says so', () => {
    expect(matchValue(tag('regex', '('), 'x')[0]!.message).toMatch(/^invalid regular expression "\("/);
  });

  test('!gte !lte !gt !lt on numbers and quantities', () => {
    expect(matches(tag('gte', 2), 2)).toBe(true);
    expect(matches(tag('gt', 2), 2)).toBe(false);
    expect(matches(tag('lt', 3), 2)).toBe(true);
    expect(matches(tag('lte', 2), 3)).toBe(false);
    expect(matches(tag('gte', '1Gi'), '2Gi')).toBe(true);
    expect(matches(tag('gte', '1Gi'), '1024Mi')).toBe(true);
    expect(matches(tag('gt', '1Gi'), '1024Mi')).toBe(false);
    expect(matches(tag('lte', 1), '500m')).toBe(true);
    expect(matches(tag('gte', '300m'), 0.3)).toBe(true);
    expect(matches(tag('gte', 2), '3')).toBe(true);
    expect(matches(tag('gte', 1), 'many')).toBe(false);
    expect(matches(tag('gte', 1), undefined)).toBe(false);
    expect(matchValue({ status: { readyReplicas: tag('gte', 3) } }, { status: { readyReplicas: 2 } })[0]!.message).toBe(
      'expected !gte 3, observed 2',
    );
    expect(matchValue(tag('gte', 'lots'), 2)[0]!.message).toMatch(/^invalid !gte argument/);
  });

  test('!oneOf: any alternative, alternatives may be maps or matchers', () => {
    const phase = tag('oneOf', ['Pending', 'Running']);
    expect(matches({ status: { phase } }, pod('a'))).toBe(true);
    expect(matches({ status: { phase } }, pod('a', { phase: 'Failed' }))).toBe(false);
    const nested = tag('oneOf', [tag('regex', '^worker-'), tag('absent')]);
    expect(matches({ spec: { nodeName: nested } }, pod('a'))).toBe(true);
    expect(matches({ spec: { nodeName: nested } }, pod('a', { node: 'worker-2' }))).toBe(true);
    expect(matches({ spec: { nodeName: nested } }, pod('a', { node: 'control-plane' }))).toBe(false);
    const maps = tag('oneOf', [{ phase: 'Running', podIP: tag('exists') }, { phase: 'Pending' }]);
    expect(matches({ status: maps }, pod('a', { node: 'w' }))).toBe(true);
    expect(matches({ status: maps }, pod('a', { node: 'w', phase: 'Failed' }))).toBe(false);
    expect(matchValue({ status: { phase } }, pod('a', { phase: 'Failed' }))[0]!.message).toBe('expected !oneOf [Pending, Running], observed Failed');
  });

  test('!not: the inner value does not match; holds on a missing field', () => {
    expect(matches({ spec: { nodeName: tag('not', 'worker-1') } }, pod('a', { node: 'worker-2' }))).toBe(true);
    expect(matches({ spec: { nodeName: tag('not', 'worker-1') } }, pod('a'))).toBe(true);
    expect(matches({ spec: { nodeName: tag('not', 'worker-1') } }, pod('a', { node: 'worker-1' }))).toBe(false);
    expect(matches(tag('not', tag('oneOf', ['a', 'b'])), 'c')).toBe(true);
    expect(matches(tag('not', { phase: 'Running' }), { phase: 'Running', podIP: 'x' })).toBe(false);
    expect(matchValue({ v: tag('not', 1) }, { v: 1 })[0]!.message).toBe('expected !not 1, observed 1');
  });

  test('!contains: unordered subset, elements matched with the same rules', () => {
    const p = pod('a');
    expect(matches({ spec: { tolerations: tag('contains', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]) } }, p)).toBe(true);
    expect(matches({ spec: { containers: [{ name: 'sidecar', args: tag('contains', ['3600', 'sleep']) }] } }, p)).toBe(true);
    expect(matches({ spec: { containers: [{ name: 'sidecar', args: tag('contains', [3600]) }] } }, p)).toBe(true);
    expect(matches({ spec: { containers: tag('contains', [{ name: tag('regex', '^side'), image: tag('regex', 'busybox') }]) } }, p)).toBe(true);
    const [m] = matchValue({ spec: { tolerations: tag('contains', [{ key: 'dedicated' }]) } }, p);
    expect(m).toMatchObject({ path: ['spec', 'tolerations', 0], field: 'spec.tolerations[0]' });
    expect(m!.message).toMatch(/^no element matches \{key: dedicated\} in/);
  });

  test('!contains needs a distinct element for each expected one', () => {
    expect(matches(tag('contains', ['a', 'a']), ['a', 'b'])).toBe(false);
    expect(matches(tag('contains', ['a', 'a']), ['b', 'a', 'a'])).toBe(true);
    // the first expected element could take either; the matching must leave 'x' for the second
    expect(matches(tag('contains', [tag('regex', '.'), 'x']), ['x', 'y'])).toBe(true);
    expect(matches(tag('contains', 'a'), ['b', 'a'])).toBe(true);
    expect(matches(tag('contains', []), undefined)).toBe(true);
    expect(matches(tag('contains', ['a']), 'a')).toBe(false);
  });

  test('!exists, !absent, !any', () => {
    expect(matches({ status: { podIP: tag('exists') } }, pod('a', { node: 'w' }))).toBe(true);
    expect(matches({ status: { podIP: tag('exists') } }, pod('a'))).toBe(false);
    expect(matches({ v: tag('exists') }, { v: null })).toBe(false);
    expect(matches({ metadata: { deletionTimestamp: tag('absent') } }, pod('a'))).toBe(true);
    expect(matches({ metadata: { deletionTimestamp: tag('absent') } }, pod('a', { deleting: true }))).toBe(false);
    expect(matches({ v: tag('absent') }, { v: null })).toBe(true);
    expect(matches({ v: tag('any') }, {})).toBe(true);
    expect(matches({ v: tag('any') }, { v: { deep: [1] } })).toBe(true);
    expect(matches([tag('any'), 'b'], ['a', 'b'])).toBe(true);
    expect(matchValue({ status: { podIP: tag('exists') } }, pod('a'))[0]!.message).toBe('missing, expected a value');
  });

  test('matchers nest inside keyed lists inside maps', () => {
    const expected = {
      spec: { containers: [{ name: 'nginx', resources: { requests: { memory: tag('gte', '512Mi'), cpu: tag('lte', 1) } } }] },
      status: { conditions: [{ type: 'Ready', status: tag('oneOf', ['True', 'Unknown']) }] },
    };
    expect(matchValue(expected, pod('a', { node: 'w', ready: 'True' }))).toEqual([]);
    const found = matchValue(expected, pod('a', { node: 'w', ready: 'False', memory: '256Mi' }));
    expect(found.map((m) => m.field)).toEqual(['spec.containers[name=nginx].resources.requests.memory', 'status.conditions[type=Ready].status']);
  });
});

test('fieldOf shows a plain path', () => {
  expect(fieldOf(['spec', 'containers', 0, 'image'])).toBe('spec.containers[0].image');
  expect(fieldOf([])).toBe('');
});

test('the quick yes/no answer agrees with the full walk', () => {
  const p = pod('web-0', { node: 'worker-1', ready: 'False' });
  const cases: unknown[] = [
    { spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1' }] } },
    { spec: { containers: [{ name: 'nginx', image: 'nginx:1.17' }, { name: 'gone' }] } },
    { spec: { tolerations: [{ key: 'x' }] } },
    { spec: { tolerations: tag('contains', [{ effect: 'NoExecute' }, { effect: 'NoExecute' }]) } },
    { spec: { tolerations: tag('contains', [{ effect: 'NoExecute' }, { effect: 'NoExecute' }, { effect: 'NoExecute' }]) } },
    { status: { conditions: [{ type: 'Ready', status: tag('not', 'True') }], podIP: tag('exists'), nominatedNodeName: tag('absent') } },
    { status: { phase: tag('oneOf', ['Pending', 'Failed']) } },
    { metadata: { labels: { app: tag('regex', '^ngi') }, annotations: { a: tag('any') } } },
    { spec: { containers: [{ name: 'nginx', resources: { requests: { memory: tag('lt', '1Gi') } } }] } },
    { spec: { volumes: [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }] } },
  ];
  for (const expected of cases) expect(matches(expected, p)).toBe(matchValue(expected, p).length === 0);
  expect(cases.filter((c) => matches(c, p))).toHaveLength(5);
});
