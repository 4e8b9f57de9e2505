import { expect, test } from '@jest/globals';
import { closest, didYouMean } from '../../src/kube/suggest';

test('finds plausible typos only', () => {
  const verbs = ['apply', 'scale', 'sleep', 'setImage', 'expect', 'expectHistory'];
  expect(closest('scael', verbs)).toBe('scale');
  expect(closest('expct', verbs)).toBe('expect');
  expect(closest('SETIMAGE', verbs)).toBe('setImage');
  expect(closest('expectHistry', verbs)).toBe('expectHistory');
  expect(closest('frobnicate', verbs)).toBeUndefined();
  expect(didYouMean('aply', verbs)).toBe("; did you mean 'apply'?");
  expect(didYouMean('zzz', verbs)).toBe('');
});
