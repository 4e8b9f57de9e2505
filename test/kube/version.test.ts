/**
 * Versions name a minor (its newest emulated patch release) or one patch release; rules compare
 * minors, or releases where a bound names a patch.
 */
import { describe, expect, test } from '@jest/globals';
import { EMULATED_VERSIONS, atLeast, isSupportedVersion, minorOf, patchOf, releaseOf } from '../../src/kube/version';

describe('Kubernetes versions', () => {
  test('a minor means its newest emulated patch release; older minors are their .0', () => {
    expect(releaseOf('1.35')).toBe('1.35.4');
    expect(releaseOf('1.36')).toBe('1.36.3');
    expect(releaseOf('1.37')).toBe('1.37.2');
    expect(releaseOf('1.34')).toBe('1.34.0');
    expect(releaseOf('1.35.0')).toBe('1.35.0');
    expect(minorOf('1.35.2')).toBe('1.35');
    expect(patchOf('1.35.2')).toBe(2);
  });

  test('patch releases up to the newest emulated one are supported, no others', () => {
    for (const v of ['1.29', '1.29.0', '1.35.0', '1.35.4', '1.37.2']) expect(isSupportedVersion(v)).toBe(true);
    for (const v of ['1.28', '1.38', '1.29.1', '1.35.5', '1.35.01', 'v1.35.0', '1.35.', '1.35.x', '']) expect(isSupportedVersion(v)).toBe(false);
    expect(EMULATED_VERSIONS.every((v) => isSupportedVersion(v))).toBe(true);
    expect(EMULATED_VERSIONS.filter((v) => minorOf(v) === '1.35')).toEqual(['1.35', '1.35.0', '1.35.1', '1.35.2', '1.35.3', '1.35.4']);
  });

  test('a bound without a patch compares minors, with one releases', () => {
    expect(atLeast('1.35.0', '1.35')).toBe(true);
    expect(atLeast('1.34', '1.35')).toBe(false);
    expect(atLeast('1.35.0', '1.35.1')).toBe(false);
    expect(atLeast('1.35', '1.35.1')).toBe(true);
    expect(atLeast('1.36.0', '1.35.4')).toBe(true);
    expect(atLeast('1.34', '1.35.1')).toBe(false);
    expect(atLeast('1.36.0', '1.36.1')).toBe(false);
  });
});
