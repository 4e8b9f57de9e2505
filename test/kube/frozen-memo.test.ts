import { describe, expect, test } from '@jest/globals';
import { memoOnFrozen, memoOnFrozenBy } from '../../src/kube/frozen-memo';

describe('memoOnFrozen', () => {
  test('a frozen argument is computed once; one that may still change, every time', () => {
    let calls = 0;
    const size = memoOnFrozen((o: { items: number[] }) => (calls++, o.items.length));
    const stored = Object.freeze({ items: [1, 2] });
    expect([size(stored), size(stored)]).toEqual([2, 2]);
    expect(calls).toBe(1);
    const draft = { items: [1] };
    expect(size(draft)).toBe(1);
    draft.items.push(2);
    expect(size(draft)).toBe(2);
    expect(calls).toBe(3);
  });

  test('an undefined answer is remembered too, and share applies only to what is kept', () => {
    let calls = 0;
    const none = memoOnFrozen((_: object) => (calls++, undefined));
    const stored = Object.freeze({});
    none(stored);
    none(stored);
    expect(calls).toBe(1);
    const list = memoOnFrozen<{ n: number }, readonly number[]>((o) => [o.n], { share: (v) => Object.freeze(v) });
    expect(Object.isFrozen(list(Object.freeze({ n: 1 })))).toBe(true);
    expect(Object.isFrozen(list({ n: 1 }))).toBe(false);
  });
});

describe('memoOnFrozenBy', () => {
  test('one answer per frozen object and key', () => {
    let calls = 0;
    const tagged = memoOnFrozenBy((o: { name: string }, v: string) => (calls++, `${o.name}@${v}`));
    const stored = Object.freeze({ name: 'web' });
    expect([tagged(stored, '1.34'), tagged(stored, '1.35'), tagged(stored, '1.34')]).toEqual(['web@1.34', 'web@1.35', 'web@1.34']);
    expect(calls).toBe(2);
    tagged({ name: 'web' }, '1.34');
    expect(calls).toBe(3);
  });
});
