import { describe, expect, test } from '@jest/globals';
import { RecentValues } from '../../src/kube/recent-values';

describe('RecentValues', () => {
  test('a value is made once while kept; a full table starts afresh', () => {
    const made: string[] = [];
    const values = new RecentValues<string, string>(2);
    const get = (k: string) => values.get(k, () => (made.push(k), k.toUpperCase()));
    expect([get('a'), get('a'), get('b')]).toEqual(['A', 'A', 'B']);
    expect(made).toEqual(['a', 'b']);
    get('c'); // full: the table starts afresh with c
    get('a');
    get('c');
    expect(made).toEqual(['a', 'b', 'c', 'a']);
  });

  test('an undefined value is kept like any other', () => {
    let calls = 0;
    const values = new RecentValues<string, undefined>(4);
    values.get('x', () => void calls++);
    values.get('x', () => void calls++);
    expect(calls).toBe(1);
  });
});
