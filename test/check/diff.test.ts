import { describe, expect, test } from '@jest/globals';
import { describeMismatches, renderDiff } from '../../src/check/diff';
import { formatTime } from '../../src/check/describe';
import { checkResources } from '../../src/check/resources';
import { toInlineYaml, toYamlText } from '../../src/check/yaml-text';
import { pod, tag } from './fixtures';

describe('renderDiff', () => {
  test('a unified diff of two YAML documents; matched parts unchanged, matchers as tags', () => {
    const expected = {
      status: { phase: 'Running', readyReplicas: tag('gte', 2) },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.17', resources: { requests: { memory: '1024Mi' } } }] },
    };
    const observed = {
      status: { phase: 'Pending', readyReplicas: 3 },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1', resources: { requests: { memory: '1Gi' } } }] },
    };
    expect(renderDiff(expected, observed, { color: false })).toBe(
      [
        '--- expected',
        '+++ observed',
        '@@ -1,10 +1,10 @@',
        ' spec:',
        '   containers:',
        '-    - image: nginx:1.17',
        '+    - image: nginx:1.16.1',
        '       name: nginx',
        '       resources:',
        '         requests:',
        '           memory: 1024Mi',
        ' status:',
        '-  phase: Running',
        '+  phase: Pending',
        '   readyReplicas: !gte 2',
        '',
      ].join('\n'),
    );
  });

  test('missing observed keys show as expected-only lines; satisfied !absent is unchanged', () => {
    const text = renderDiff({ status: { podIP: tag('exists'), nominatedNodeName: tag('absent') } }, { status: {} }, { color: false });
    expect(text.split('\n').slice(2)).toEqual(['@@ -1,3 +1,2 @@', ' status:', '   nominatedNodeName: !absent', '-  podIP: !exists', '']);
  });

  test('no differences: empty string', () => {
    expect(renderDiff({ a: tag('any'), b: '1Gi' }, { a: 5, b: '1024Mi' }, { color: false })).toBe('');
  });

  test('colour: expected lines green, observed lines red, hunk header cyan', () => {
    const text = renderDiff({ a: 1 }, { a: 2 }, { color: true });
    expect(text).toContain('\u001b[32m-a: 1\u001b[39m');
    expect(text).toContain('\u001b[31m+a: 2\u001b[39m');
    expect(text).toContain('\u001b[32m--- expected\u001b[39m');
    expect(text).toContain('\u001b[36m@@ -1,1 +1,1 @@\u001b[39m');
    expect(renderDiff({ a: 1 }, { a: 2 }, { color: false })).not.toContain('\u001b');
  });

  test('context limits the lines around a change', () => {
    const expected = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    const observed = { ...expected, k10: 99 };
    const lines = renderDiff(expected, observed, { color: false, context: 1 }).trimEnd().split('\n');
    expect(lines).toEqual(['--- expected', '+++ observed', '@@ -10,3 +10,3 @@', ' k9: 9', '-k10: 10', '+k10: 99', ' k11: 11']);
  });

  test('the diff of a failed resource check: per-object maps in natural order', () => {
    const pods = [pod('web-10', { node: 'w', ready: 'True' }), pod('web-2', { node: 'w', ready: 'False' })];
    const out = checkResources({ kind: 'Pod', selector: { app: 'nginx' }, count: 3, each: { ready: true } }, pods);
    expect(renderDiff(out.expected, out.observed, { color: false })).toBe(
      [
        '--- expected',
        '+++ observed',
        '@@ -1,9 +1,9 @@',
        '-count: 3',
        '+count: 2',
        ' each:',
        '   web-2:',
        '-    ready: true',
        '+    ready: false',
        '   web-10:',
        '     ready: true',
        ' kind: Pod',
        ' selector:',
        '   app: nginx',
        '',
      ].join('\n'),
    );
  });
});

describe('YAML text', () => {
  test('matchers print as their tags, nested ones too; no aliases for repeated objects', () => {
    const shared = { name: 'x' };
    const text = toYamlText({
      a: tag('oneOf', ['Pending', tag('regex', '^Run')]),
      b: tag('not', { phase: 'Failed' }),
      c: tag('contains', [{ name: 'nginx' }]),
      d: tag('any'),
      e: [shared, shared],
      f: '1.16',
      g: 'True',
    });
    expect(text).toBe(
      [
        'a: !oneOf [Pending, !regex ^Run]',
        'b: !not {phase: Failed}',
        'c: !contains [{name: nginx}]',
        'd: !any',
        'e:',
        '  - name: x',
        '  - name: x',
        'f: "1.16"',
        'g: "True"',
        '',
      ].join('\n'),
    );
  });

  test('inline form for messages, shortened', () => {
    expect(toInlineYaml({ b: 1, a: [tag('exists')] })).toBe('{a: [!exists], b: 1}');
    expect(toInlineYaml(undefined)).toBe('(missing)');
    expect(toInlineYaml('x'.repeat(200)).length).toBe(120);
  });
});

test('describeMismatches: one plain line per mismatch', () => {
  const out = checkResources({ kind: 'Pod', name: 'web-0', match: { spec: { nodeName: 'worker-2' }, ready: true } }, [pod('web-0', { node: 'worker-1', ready: 'True' })]);
  expect(describeMismatches(out.mismatches)).toEqual(['Pod web-0: spec.nodeName: expected worker-2, observed worker-1']);
  expect(describeMismatches([{ path: ['spec', 'replicas'], field: 'spec.replicas', expected: 3, observed: 2, message: 'expected 3, observed 2' }])).toEqual([
    'spec.replicas: expected 3, observed 2',
  ]);
});

test('describeMismatches: the same mismatch in several objects is one line naming them; different ones stay apart', () => {
  const pods = [pod('web-0', { node: 'worker-1', ready: 'True' }), pod('web-1', { node: 'worker-1', ready: 'True' }), pod('web-2', { node: 'worker-3', ready: 'True' })];
  const out = checkResources({ kind: 'Pod', each: { spec: { nodeName: 'worker-2' } } }, pods);
  expect(describeMismatches(out.mismatches)).toEqual([
    'Pod web-0, web-1: spec.nodeName: expected worker-2, observed worker-1',
    'Pod web-2: spec.nodeName: expected worker-2, observed worker-3',
  ]);
  const mixed = [{ object: 'Pod a', path: ['x'], field: 'x', expected: 1, observed: 2, message: 'expected 1, observed 2' }, { object: 'Node a', path: ['x'], field: 'x', expected: 1, observed: 2, message: 'expected 1, observed 2' }];
  expect(describeMismatches(mixed)).toEqual(['Pod a, Node a: x: expected 1, observed 2']);
});

test('formatTime reads like Go durations', () => {
  expect([0, 500, 1500, 30_000, 65_000, 3_600_000, 3_725_500].map(formatTime)).toEqual(['0ms', '500ms', '1.5s', '30s', '1m5s', '1h0m0s', '1h2m5.5s']);
});

describe('keys named like Object.prototype members are keys like any other', () => {
  // as the loader builds maps: every key an own property (a literal would take __proto__ as the prototype)
  const keys = (values: string): Record<string, unknown> =>
    JSON.parse(`{"constructor": ${values}, "toString": ${values}, "__proto__": ${values}, "hasOwnProperty": ${values}}`) as Record<string, unknown>;

  test('missing on the object: one mismatch each, and a diff of the written keys', () => {
    const expected = { metadata: { labels: keys('"x"') } };
    const observed = pod('web-0', { labels: { app: 'web' } });
    const out = checkResources({ kind: 'Pod', name: 'web-0', match: expected }, [observed]);
    expect(describeMismatches(out.mismatches)).toEqual([
      'Pod web-0: metadata.labels.constructor: missing, expected x',
      'Pod web-0: metadata.labels.toString: missing, expected x',
      'Pod web-0: metadata.labels.__proto__: missing, expected x',
      'Pod web-0: metadata.labels.hasOwnProperty: missing, expected x',
    ]);
    const diff = renderDiff(expected, { metadata: { labels: {} } }, { color: false });
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(diff).toContain(`-    ${key}: x`);
  });

  test('present on the object: they match, and only a wrong value is reported', () => {
    const observed = pod('web-0', { labels: keys('"x"') as Record<string, string> });
    expect(checkResources({ kind: 'Pod', name: 'web-0', match: { metadata: { labels: keys('"x"') } } }, [observed]).mismatches).toEqual([]);
    const wrong = JSON.parse('{"__proto__": "y"}') as Record<string, unknown>;
    const out = checkResources({ kind: 'Pod', name: 'web-0', match: { metadata: { labels: wrong } } }, [observed]);
    expect(describeMismatches(out.mismatches)).toEqual(['Pod web-0: metadata.labels.__proto__: expected y, observed x']);
    expect(renderDiff({ metadata: { labels: wrong } }, { metadata: { labels: keys('"x"') } }, { color: false })).toContain('+    __proto__: x');
  });

  test('in a selector', () => {
    const labelled = pod('web-0', { labels: JSON.parse('{"constructor": "a"}') as Record<string, string> });
    const plain = pod('web-1', { labels: { app: 'web' } });
    expect(checkResources({ kind: 'Pod', selector: { constructor: 'a' }, count: 1 }, [labelled, plain]).mismatches).toEqual([]);
    expect(checkResources({ kind: 'Pod', selector: 'toString', count: 0 }, [labelled, plain]).mismatches).toEqual([]);
  });
});
