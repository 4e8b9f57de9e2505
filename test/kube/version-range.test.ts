/** Ranges of Kubernetes releases (spec.requires.kubernetesVersion): syntax, minors and patches. */
import { describe, expect, test } from '@jest/globals';
import { inRange, parseVersionRange, supportedIn, type VersionRange } from '../../src/kube/version-range';

function range(text: string): VersionRange {
  const r = parseVersionRange(text);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

describe('version ranges', () => {
  test('comparators of minors; all of one alternative must hold', () => {
    expect(supportedIn(range('>=1.33'))).toEqual(['1.33', '1.34', '1.35', '1.36', '1.37']);
    expect(supportedIn(range('>=1.31 <1.35'))).toEqual(['1.31', '1.32', '1.33', '1.34']);
    expect(supportedIn(range('>1.35'))).toEqual(['1.36', '1.37']);
    expect(supportedIn(range('<=1.30'))).toEqual(['1.29', '1.30']);
    expect(supportedIn(range('>= 1.36'))).toEqual(['1.36', '1.37']);
  });

  test('a bare minor is that minor, any patch; || joins alternatives', () => {
    expect(supportedIn(range('1.35 || >=1.37'))).toEqual(['1.35', '1.37']);
    expect(inRange(range('1.35'), 'v1.35.8')).toBe(true);
    expect(inRange(range('1.35'), 'v1.36.0')).toBe(false);
  });

  test('a bound with a patch compares releases; a simulator minor reads as its newest emulated patch', () => {
    const on = range('>=1.35.0 <1.35.4 || >=1.37');
    expect(inRange(on, '1.35')).toBe(false); // the simulator's 1.35 is 1.35.4
    expect(inRange(on, '1.35.0')).toBe(true);
    expect(inRange(on, '1.35.3')).toBe(true);
    expect(inRange(on, '1.34')).toBe(false);
    expect(inRange(on, 'v1.35.3')).toBe(true);
    expect(inRange(on, 'v1.35.4')).toBe(false);
    expect(inRange(on, 'v1.36.3+k3s1')).toBe(false);
    expect(inRange(on, 'v1.37.2')).toBe(true);
    const off = range('<1.35 || >=1.35.4 <1.37');
    expect(supportedIn(off)).toEqual(['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    expect(inRange(off, '1.35.0')).toBe(false);
    expect(inRange(off, 'v1.35.8')).toBe(true);
    expect(inRange(off, 'v1.34.11')).toBe(true);
  });

  test('what is not a range says why', () => {
    expect(parseVersionRange('>=1.33 ||')).toBe("empty alternative in '>=1.33 ||'");
    expect(parseVersionRange('~1.33')).toMatch(/^'~1.33' is not a comparator of Kubernetes versions/);
    expect(parseVersionRange('>=2.0')).toMatch(/^'>=2.0' is not a comparator/);
  });

  test('something that is not a version is in no range', () => {
    expect(inRange(range('>=1.29'), 'unknown')).toBe(false);
  });
});
