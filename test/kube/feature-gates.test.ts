import { describe, expect, it } from '@jest/globals';
import { gateEnabled } from '../../src/kube/defaults/feature-gates';
import { EMULATED_VERSIONS, SUPPORTED_VERSIONS } from '../../src/kube/version';

describe('feature gate defaults per version', () => {
  it('MaxUnavailableStatefulSet: on 1.35.0-1.35.3, off from 1.35.4 (#137926) and in 1.36 (kubernetes#137904), on 1.37 (#139466)', () => {
    expect(EMULATED_VERSIONS.filter((v) => gateEnabled('MaxUnavailableStatefulSet', v)))
      .toEqual(['1.37', '1.35.0', '1.35.1', '1.35.2', '1.35.3', '1.37.0', '1.37.1', '1.37.2']);
  });

  it.each(['MutablePodResourcesForSuspendedJobs', 'MutableSchedulingDirectivesForSuspendedJobs'] as const)(
    '%s: on from 1.36 (kubernetes#135965)',
    (gate) => {
      expect(SUPPORTED_VERSIONS.filter((v) => gateEnabled(gate, v))).toEqual(['1.36', '1.37']);
    },
  );

  it('PersistentVolumeClaimUnusedSinceTime: alpha (off) 1.36, beta and on 1.37 (kubernetes#139620)', () => {
    expect(SUPPORTED_VERSIONS.filter((v) => gateEnabled('PersistentVolumeClaimUnusedSinceTime', v))).toEqual(['1.37']);
  });
});
