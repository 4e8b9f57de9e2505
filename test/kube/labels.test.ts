/** Label selectors: metav1.LabelSelector and Service (set) selectors, as controllers match them. */
import { describe, expect, test } from '@jest/globals';
import { labelSelectorMatches, matches, selectorFromSpec, setSelects } from '../../src/kube/labels';
import { deepFreeze } from '../../src/kube/equal';
import { Rng } from '../../src/sim/rng';

describe('labelSelectorMatches', () => {
  const labels = { app: 'web', tier: 'front' };

  test('a nil selector matches nothing and an empty one everything', () => {
    expect(labelSelectorMatches(undefined, labels)).toBe(false);
    expect(labelSelectorMatches(null, labels)).toBe(false);
    expect(labelSelectorMatches({}, labels)).toBe(true);
    expect(labelSelectorMatches({}, undefined)).toBe(true);
  });

  test('matchLabels and every matchExpressions operator must all hold', () => {
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'web', tier: 'back' } }, labels)).toBe(false);
    const expr = (operator: string, values?: string[]) => ({ matchExpressions: [{ key: 'tier', operator, values }] });
    expect(labelSelectorMatches(expr('In', ['front', 'back']), labels)).toBe(true);
    expect(labelSelectorMatches(expr('NotIn', ['front']), labels)).toBe(false);
    expect(labelSelectorMatches(expr('NotIn', ['back']), { app: 'web' })).toBe(true);
    expect(labelSelectorMatches(expr('Exists'), labels)).toBe(true);
    expect(labelSelectorMatches(expr('DoesNotExist'), labels)).toBe(false);
    expect(labelSelectorMatches(expr('Gt', ['1']), labels)).toBe(false);
  });

  test('a frozen selector gives the answers it gave unfrozen; an unfrozen one is read again after a change', () => {
    const rng = new Rng(7);
    const values = ['a', 'b', 'c'];
    for (let i = 0; i < 300; i++) {
      const sel = { matchLabels: { k1: values[rng.int(3)]! }, matchExpressions: [{ key: 'k2', operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'][rng.int(4)]!, values: [values[rng.int(3)]!] }] };
      const podLabels: Record<string, string> = rng.int(4) ? { k1: values[rng.int(3)]!, k2: values[rng.int(3)]! } : { k1: values[rng.int(3)]! };
      const unfrozen = labelSelectorMatches(sel, podLabels);
      const frozen = deepFreeze(structuredClone(sel));
      expect(labelSelectorMatches(frozen, podLabels)).toBe(unfrozen);
      expect(labelSelectorMatches(frozen, podLabels)).toBe(unfrozen);
    }
    const topOnly = Object.freeze({ matchLabels: { app: 'web' } });
    expect(labelSelectorMatches(topOnly, labels)).toBe(true);
    topOnly.matchLabels.app = 'db';
    expect(labelSelectorMatches(topOnly, labels)).toBe(false);
    const mutable = { matchLabels: { app: 'web' } };
    expect(labelSelectorMatches(mutable, labels)).toBe(true);
    mutable.matchLabels.app = 'db';
    expect(labelSelectorMatches(mutable, labels)).toBe(false);
  });
});

describe('setSelects', () => {
  test('agrees with the set turned into In requirements, for random sets and labels', () => {
    const rng = new Rng(11);
    const keys = ['app', 'tier', 'env'];
    const values = ['x', 'y'];
    const pick = () => {
      const out: Record<string, string> = {};
      for (const k of keys) if (rng.int(2)) out[k] = values[rng.int(2)]!;
      return out;
    };
    let selected = 0;
    for (let i = 0; i < 500; i++) {
      const set = pick();
      const podLabels = rng.int(5) ? pick() : undefined;
      const expected = matches(selectorFromSpec(set), podLabels);
      expect(setSelects(set, podLabels)).toBe(expected);
      if (expected) selected++;
    }
    // both answers occur, so the comparison means something
    expect(selected).toBeGreaterThan(50);
    expect(selected).toBeLessThan(450);
  });

  test('a key present with another value or absent does not match; an empty set matches', () => {
    expect(setSelects({ app: 'web' }, { app: 'db' })).toBe(false);
    expect(setSelects({ app: 'web' }, {})).toBe(false);
    expect(setSelects({ app: 'web' }, null)).toBe(false);
    expect(setSelects({}, { app: 'web' })).toBe(true);
  });
});
