/** presentPaths: the concrete paths a field pattern finds, in document order. */
import { describe, expect, test } from '@jest/globals';
import { presentPaths } from '../../src/kube/field-pattern';

describe('presentPaths', () => {
  const spec = {
    containers: [
      { name: 'a', env: [{ name: 'X', valueFrom: { fileKeyRef: { key: 'k' } } }, { name: 'Y' }], ports: [] },
      { name: 'b', env: [{ name: 'Z', valueFrom: { fileKeyRef: { key: 'j' } } }], ports: null },
    ],
    nodeSelector: { zone: 'a', disk: '' },
  };

  test('walks every list item with * and every map entry with {}, in order', () => {
    expect(presentPaths(spec, ['containers', '*', 'env', '*', 'valueFrom', 'fileKeyRef'])).toEqual([
      ['containers', 0, 'env', 0, 'valueFrom', 'fileKeyRef'],
      ['containers', 1, 'env', 0, 'valueFrom', 'fileKeyRef'],
    ]);
    expect(presentPaths(spec, ['nodeSelector', '{}'])).toEqual([['nodeSelector', 'zone'], ['nodeSelector', 'disk']]);
  });

  test('null, undefined and empty lists are absent; an empty string is a value', () => {
    expect(presentPaths(spec, ['containers', '*', 'ports'])).toEqual([]);
    expect(presentPaths(spec, ['containers', '*', 'missing'])).toEqual([]);
    expect(presentPaths(spec, ['nodeSelector', 'disk'])).toEqual([['nodeSelector', 'disk']]);
  });

  test('* on a map and {} on a list find nothing; a scalar on the way stops the walk', () => {
    expect(presentPaths(spec, ['nodeSelector', '*'])).toEqual([]);
    expect(presentPaths(spec, ['containers', '{}'])).toEqual([]);
    expect(presentPaths(spec, ['containers', '*', 'name', 'x'])).toEqual([]);
  });

  test('a starting path prefixes every result and is left as it was', () => {
    const at = ['spec'];
    expect(presentPaths(spec, ['containers', '*', 'name'], at)).toEqual([['spec', 'containers', 0, 'name'], ['spec', 'containers', 1, 'name']]);
    expect(at).toEqual(['spec']);
    expect(presentPaths(spec, [])).toEqual([[]]);
  });
});
