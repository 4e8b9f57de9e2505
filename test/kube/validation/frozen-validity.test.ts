/**
 * Validity remembered for frozen labels, annotations and owner references: the verdicts are the
 * ones a fresh validation gives, at the caller's path, for every version and every later write.
 */
import { describe, expect, test } from '@jest/globals';
import { FieldPath } from '../../../src/kube/validation/field-error';
import { FrozenValidity, frozenListOfFlatRecords, frozenStringMap } from '../../../src/kube/validation/frozen-validity';
import { validateLabels, validateObjectMetaUpdate } from '../../../src/kube/validation/meta';

const at = (...names: string[]) => FieldPath.of(...names);

describe('FrozenValidity', () => {
  test('skips a frozen subtree found valid under the same context, and only that', () => {
    let runs = 0;
    const validity = new FrozenValidity(frozenStringMap);
    const validate = () => { runs++; return []; };
    const frozen = Object.freeze({ app: 'web' });
    validity.check(frozen, '1.37', validate);
    validity.check(frozen, '1.37', validate);
    expect(runs).toBe(1);
    validity.check(frozen, '1.33', validate);
    expect(runs).toBe(2);
    const open = { app: 'web' };
    validity.check(open, '1.37', validate);
    validity.check(open, '1.37', validate);
    expect(runs).toBe(4);
  });

  test('never remembers errors, nor a frozen subtree whose contents could still change', () => {
    let runs = 0;
    const validity = new FrozenValidity(frozenListOfFlatRecords);
    const refs = Object.freeze([{ kind: 'ReplicaSet', extra: { nested: true } }]);
    validity.check(refs, '', () => { runs++; return []; });
    validity.check(refs, '', () => { runs++; return []; });
    expect(runs).toBe(2);
    const invalid = Object.freeze([Object.freeze({ kind: '' })]);
    const failing = () => { runs++; return [{ path: [], field: 'x', type: 'Invalid' as const, detail: 'bad' }]; };
    expect(validity.check(invalid, '', failing)).toHaveLength(1);
    expect(validity.check(invalid, '', failing)).toHaveLength(1);
    expect(runs).toBe(4);
  });
});

describe('labels, annotations and owner references of frozen metadata', () => {
  test('invalid frozen labels report their errors every time, at each caller\'s path', () => {
    const labels = Object.freeze({ 'a/b/c': 'x' });
    const first = validateLabels(labels, at('metadata', 'labels'), '1.37');
    const second = validateLabels(labels, at('spec', 'selector', 'matchLabels'), '1.37');
    expect(first.map((e) => e.field)).toEqual(['metadata.labels']);
    expect(second.map((e) => e.field)).toEqual(['spec.selector.matchLabels']);
  });

  test('a frozen map valid under one version is judged again under another', () => {
    const labels = Object.freeze({ 'a/b/c': 'x' });
    const detail = (v: '1.33' | '1.37') => validateLabels(labels, at('metadata', 'labels'), v).map((e) => e.detail);
    expect(detail('1.37')[0]).toContain('a valid label key');
    expect(detail('1.33')[0]).toContain('a qualified name');
  });

  test('a status write carrying the stored metadata is judged as a fresh copy is', () => {
    const stored = Object.freeze({
      name: 'p', namespace: 'default', uid: 'u',
      labels: Object.freeze({ app: 'web' }),
      annotations: Object.freeze({ 'example.com/a': 'b' }),
      ownerReferences: Object.freeze([
        Object.freeze({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true }),
        Object.freeze({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true }),
      ]),
    });
    const fresh = JSON.parse(JSON.stringify(stored)) as unknown;
    const shown = (m: unknown) => validateObjectMetaUpdate(m, stored, '1.37').map((e) => `${e.field}: ${e.detail}`);
    const expected = shown(fresh);
    expect(expected).toEqual([expect.stringContaining('Only one reference can have Controller set to true')]);
    expect(shown(stored)).toEqual(expected);
    expect(shown(stored)).toEqual(expected);
  });
});
