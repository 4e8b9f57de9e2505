/** deepEqual and semanticEqual on JSON trees: what counts as equal, including the edge cases. */
import { describe, expect, test } from '@jest/globals';
import { deepEqual, semanticEqual } from '../../src/kube/equal';

describe('deepEqual', () => {
  test('ignores key order and keys holding undefined, on either side', () => {
    expect(deepEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, x: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, x: undefined })).toBe(true);
  });

  test('a key only one side has, or a different value, makes them differ', () => {
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1, c: 2 })).toBe(false);
    expect(deepEqual({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toBe(false);
    expect(deepEqual({ a: null }, { a: {} })).toBe(false);
  });

  test('arrays compare by length and position, never equal to maps', () => {
    expect(deepEqual([1, [2, 3]], [1, [2, 3]])).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual({ 0: 'a' }, ['a'])).toBe(false);
  });

  test('keys named like Object.prototype members are data', () => {
    const a = JSON.parse('{"constructor": "c", "__proto__": {"x": 1}}') as unknown;
    const b = JSON.parse('{"__proto__": {"x": 1}, "constructor": "c"}') as unknown;
    expect(deepEqual(a, b)).toBe(true);
    expect(deepEqual(JSON.parse('{"constructor": "c"}'), {})).toBe(false);
  });
});

describe('semanticEqual', () => {
  test('nil and empty maps or lists are equal, at any depth and on either side', () => {
    expect(semanticEqual({ a: {}, b: [] }, {})).toBe(true);
    expect(semanticEqual({}, { a: {}, b: [], c: null })).toBe(true);
    expect(semanticEqual({ a: { b: [] } }, { a: {} })).toBe(true);
  });

  test('a key with a value on one side only makes them differ, whichever side', () => {
    expect(semanticEqual({ a: 1 }, {})).toBe(false);
    expect(semanticEqual({}, { a: 1 })).toBe(false);
    expect(semanticEqual({ a: '' }, {})).toBe(false);
    expect(semanticEqual({ x: {} }, { y: { z: 0 } })).toBe(false);
  });

  test('lists compare by position; scalars never count as empty', () => {
    expect(semanticEqual([{ a: [] }], [{}])).toBe(true);
    expect(semanticEqual([1, 2], [2, 1])).toBe(false);
    expect(semanticEqual(0, undefined)).toBe(false);
    expect(semanticEqual(false, null)).toBe(false);
  });

  test('keys named like Object.prototype members are compared as data', () => {
    expect(semanticEqual(JSON.parse('{"constructor": {"a": 1}}'), JSON.parse('{"constructor": {"a": 1}}'))).toBe(true);
    expect(semanticEqual({}, JSON.parse('{"constructor": "c"}'))).toBe(false);
  });
});
