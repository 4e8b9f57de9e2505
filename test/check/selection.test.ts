/** How a selection is named in failure messages. */
import { describe, expect, test } from '@jest/globals';
import { describeSelection } from '../../src/check/selection';

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
