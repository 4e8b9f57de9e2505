/** clone and setOwn keep keys named like Object.prototype members as plain data keys. */
import { describe, expect, test } from '@jest/globals';
import { byName, clone, uidOf } from '../../src/kube/object';
import { setOwn } from '../../src/own-keys';

describe('clone', () => {
  test('copies a parsed __proto__ key as data, not as the prototype', () => {
    const parsed = JSON.parse('{"data": {"__proto__": {"polluted": 1}, "constructor": "c"}}') as { data: Record<string, unknown> };
    const copy = clone(parsed);
    expect(Object.getPrototypeOf(copy.data)).toBe(Object.prototype);
    expect(Object.keys(copy.data)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
    expect(copy.data).not.toBe(parsed.data);
  });
});

describe('setOwn', () => {
  test('__proto__ becomes an own key and other keys shadow inherited members', () => {
    const o: Record<string, unknown> = {};
    setOwn(o, '__proto__', { polluted: 1 });
    setOwn(o, 'toString', 'x');
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(['__proto__', 'toString']);
    expect(o.toString).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('byName and uidOf', () => {
  test('byName orders by UTF-16 code units, as sort() and the store order keys (upper case before lower)', () => {
    const named = (name: string) => ({ metadata: { name } });
    expect(['web-b', 'Web-a', 'web-10', 'web-9'].map(named).sort(byName).map((o) => o.metadata.name)).toEqual(['Web-a', 'web-10', 'web-9', 'web-b']);
    expect(byName(named('a'), named('a'))).toBe(0);
  });

  test('uidOf reads metadata.uid, empty before the store sets it', () => {
    expect(uidOf({ metadata: { uid: 'u-1' } })).toBe('u-1');
    expect(uidOf({ metadata: {} })).toBe('');
  });
});
