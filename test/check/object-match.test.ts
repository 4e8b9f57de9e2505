import { describe, expect, test } from '@jest/globals';
import { matchObject, projectObject } from '../../src/check/object-match';
import { node, pod, pv, pvc, statefulSet, tag } from './fixtures';

describe('ready shorthand', () => {
  test('ready: true on a Pod means condition Ready is True', () => {
    expect(matchObject({ ready: true }, pod('web-0', { node: 'w', ready: 'True' }))).toEqual([]);
    const [m] = matchObject({ ready: true }, pod('web-0', { node: 'w', ready: 'False' }));
    expect(m).toEqual({
      path: ['ready'],
      field: 'ready',
      expected: true,
      observed: false,
      message: 'expected true, observed false (condition Ready is False: ContainersNotReady)',
    });
  });

  test('ready: false means Ready is not True: False, Unknown or no condition yet', () => {
    expect(matchObject({ ready: false }, pod('a', { node: 'w', ready: 'False' }))).toEqual([]);
    expect(matchObject({ ready: false }, pod('a', { node: 'w', ready: 'Unknown' }))).toEqual([]);
    expect(matchObject({ ready: false }, pod('a'))).toEqual([]);
    expect(matchObject({ ready: false }, pod('a', { node: 'w', ready: 'True' }))[0]!.message).toBe(
      'expected false, observed true (condition Ready is True)',
    );
    expect(matchObject({ ready: true }, pod('a'))[0]!.message).toMatch(/no Ready condition/);
  });

  test('ready works on Nodes too, and takes matchers', () => {
    expect(matchObject({ ready: false }, node('worker-1', 'Unknown'))).toEqual([]);
    expect(matchObject({ ready: tag('not', false) }, node('worker-1', 'True'))).toEqual([]);
  });

  test('on other kinds ready is an ordinary field', () => {
    const [m] = matchObject({ ready: true }, statefulSet('web', 3, 3));
    expect(m).toMatchObject({ field: 'ready', message: 'missing, expected true' });
  });

  test('ready is a shorthand only at the top of match', () => {
    expect(matchObject({ status: { ready: true } }, pod('a', { node: 'w', ready: 'True' }))[0]!.field).toBe('status.ready');
  });
});

describe('phase shorthand', () => {
  test('phase at the top means status.phase on Pods, PVCs and PVs', () => {
    expect(matchObject({ phase: 'Running' }, pod('a', { node: 'w' }))).toEqual([]);
    expect(matchObject({ phase: 'Bound' }, pvc('www-web-0', 'Bound'))).toEqual([]);
    expect(matchObject({ phase: tag('oneOf', ['Available', 'Released']) }, pv('pv-1', 'Released'))).toEqual([]);
    const [m] = matchObject({ phase: 'Bound' }, pvc('www-web-0', 'Pending'));
    expect(m).toMatchObject({ path: ['phase'], field: 'phase', expected: 'Bound', observed: 'Pending', message: 'expected Bound, observed Pending' });
  });

  test('shorthands combine with ordinary fields', () => {
    const p = pod('web-2', { node: 'worker-2', ready: 'True', image: 'nginx:1.17' });
    const match = { phase: 'Running', ready: true, spec: { nodeName: 'worker-2', containers: [{ name: 'nginx', image: 'nginx:1.17' }] } };
    expect(matchObject(match, p)).toEqual([]);
    expect(matchObject({ ...match, spec: { nodeName: 'worker-1' } }, p).map((m) => m.field)).toEqual(['spec.nodeName']);
  });
});

describe('projectObject', () => {
  test('observed values on the written keys, shorthands shown as written', () => {
    const p = pod('web-0', { node: 'worker-1', ready: 'False' });
    const match = { ready: true, phase: 'Running', spec: { containers: [{ name: 'nginx', image: tag('regex', '1\\.17') }] }, metadata: { labels: { tier: 'web' } } };
    expect(projectObject(match, p)).toEqual({
      ready: false,
      phase: 'Running',
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1' }] },
      metadata: { labels: {} },
    });
  });

  test('a missing phase is left out', () => {
    expect(projectObject({ phase: 'Active' }, statefulSet('web', 1, 1))).toEqual({});
  });
});
