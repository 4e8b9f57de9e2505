import { describe, expect, it } from '@jest/globals';
import { gateEnabled, type FeatureGate } from '../../src/kube/defaults/feature-gates';
import { EMULATED_VERSIONS, SUPPORTED_VERSIONS, type KubeMinor } from '../../src/kube/version';

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

  // First minor on by default, from the VersionedSpecs of pkg/features/kube_features.go in
  // v1.35.4/v1.36.3/v1.37.2 (scripts/feature-gate-history.js; docs/feature-gates.md).
  it.each([
    ['PodLifecycleSleepAction', '1.30'],
    ['RecursiveReadOnlyMounts', '1.31'],
    ['MatchLabelKeysInPodAffinity', '1.31'],
    ['ServiceTrafficDistribution', '1.31'],
    ['UserNamespacesSupport', '1.33'],
    ['ProcMountType', '1.33'],
    ['SupplementalGroupsPolicy', '1.33'],
    ['SELinuxChangePolicy', '1.33'],
    ['RelaxedDNSSearchValidation', '1.33'],
    ['PreferSameTrafficDistribution', '1.34'],
    ['DynamicResourceAllocation', '1.34'],
    ['PodLevelResources', '1.34'],
    ['VolumeAttributesClass', '1.34'],
    ['MatchLabelKeysInPodTopologySpreadSelectorMerge', '1.34'],
    ['ImageVolume', '1.35'],
    ['EnvFiles', '1.35'],
    ['HostnameOverride', '1.35'],
    ['ContainerRestartRules', '1.35'],
    ['PodTopologyLabelsAdmission', '1.35'],
    ['StrictIPCIDRValidation', '1.36'],
    ['SELinuxMount', '1.37'],
  ] as Array<[FeatureGate, KubeMinor]>)('%s: on by default from %s', (gate, from) => {
    expect(SUPPORTED_VERSIONS.filter((v) => gateEnabled(gate, v))).toEqual(SUPPORTED_VERSIONS.slice(SUPPORTED_VERSIONS.indexOf(from)));
  });

  it('ContainerStopSignals: alpha (off) in every emulated release', () => {
    expect(SUPPORTED_VERSIONS.filter((v) => gateEnabled('ContainerStopSignals', v))).toEqual([]);
  });

  it('GitRepoVolumeDriver: on until 1.32, deprecated and off from 1.33', () => {
    expect(SUPPORTED_VERSIONS.filter((v) => gateEnabled('GitRepoVolumeDriver', v))).toEqual(['1.29', '1.30', '1.31', '1.32']);
  });

  it('PersistentVolumeClaimUnusedSinceTime: alpha (off) 1.36, beta and on 1.37 (kubernetes#139620)', () => {
    expect(SUPPORTED_VERSIONS.filter((v) => gateEnabled('PersistentVolumeClaimUnusedSinceTime', v))).toEqual(['1.37']);
  });
});
