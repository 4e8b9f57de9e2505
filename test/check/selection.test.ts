/** How a selection is named in failure messages. */
import { describe, expect, test } from '@jest/globals';
import { compileSelection, describeSelection, selectorText } from '../../src/check/selection';

describe('describeSelection', () => {
  test('a name, a selector, or everything', () => {
    expect(describeSelection({ kind: 'Pod', name: 'web-0' })).toBe('Pod web-0');
    expect(describeSelection({ kind: 'Pod', selector: { app: 'nginx', tier: 'web' } })).toBe('Pods selected by app=nginx,tier=web');
    expect(describeSelection({ kind: 'Pod', selector: 'app!=db' })).toBe('Pods selected by app!=db');
    expect(describeSelection({ kind: 'PersistentVolume' })).toBe('all PersistentVolumes');
  });

  test('an empty selector selects everything and is described so', () => {
    expect(describeSelection({ kind: 'PersistentVolume', selector: {} })).toBe('all PersistentVolumes');
  });
});

describe('full label selectors', () => {
  const pod = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels } });

  test('matchLabels and matchExpressions select as in a manifest, and read back in kubectl form', () => {
    const spec = {
      kind: 'Pod',
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn' as const, values: ['db', 'cache'] }, { key: 'canary', operator: 'DoesNotExist' as const }] },
    };
    const s = compileSelection(spec);
    expect(s.selects(pod({ app: 'web', tier: 'front' }))).toBe(true);
    expect(s.selects(pod({ app: 'web', tier: 'db' }))).toBe(false);
    expect(s.selects(pod({ app: 'web', canary: 'yes' }))).toBe(false);
    expect(selectorText(spec.selector)).toBe('app=web,tier notin (db,cache),!canary');
  });
});
