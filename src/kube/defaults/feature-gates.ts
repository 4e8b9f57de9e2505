/**
 * Default state of the feature gates that change API defaulting or validation, per emulated
 * version. Source: kubernetes/website content/en/docs/reference/command-line-tools-reference/
 * feature-gates/<Gate>.md (stages with fromVersion/toVersion), cross-checked with
 * pkg/features/kube_features.go where available.
 */
import { atLeast, type KubeVersion } from '../version';

export type FeatureGate =
  | 'MaxUnavailableStatefulSet'
  | 'StatefulSetAutoDeletePVC'
  | 'PodIndexLabel'
  | 'JobPodReplacementPolicy'
  | 'RelaxedEnvironmentVariableValidation'
  | 'MutablePodResourcesForSuspendedJobs'
  | 'MutableSchedulingDirectivesForSuspendedJobs'
  | 'PersistentVolumeClaimUnusedSinceTime'
  | 'RelaxedServiceNameValidation'
  | 'PodLifecycleSleepActionAllowZero'
  | 'JobSuccessPolicy'
  | 'JobManagedBy'
  | 'PodLifecycleSleepAction'
  | 'RecursiveReadOnlyMounts'
  | 'MatchLabelKeysInPodAffinity'
  | 'ServiceTrafficDistribution'
  | 'PreferSameTrafficDistribution'
  | 'UserNamespacesSupport'
  | 'ProcMountType'
  | 'SupplementalGroupsPolicy'
  | 'SELinuxChangePolicy'
  | 'SELinuxMount'
  | 'RelaxedDNSSearchValidation'
  | 'ImageVolume'
  | 'EnvFiles'
  | 'StrictIPCIDRValidation'
  | 'DynamicResourceAllocation'
  | 'PodLevelResources'
  | 'HostnameOverride'
  | 'ContainerRestartRules'
  | 'ContainerStopSignals'
  | 'GitRepoVolumeDriver'
  | 'PodTopologyLabelsAdmission'
  | 'MatchLabelKeysInPodTopologySpreadSelectorMerge'
  | 'VolumeAttributesClass'
  | 'InPlacePodVerticalScaling'
  | 'GenericWorkload'
  | 'WorkloadWithJob'
  | 'EvictionRequestAPI'
  | 'GRPCContainerProbeTLS'
  | 'H2CContainerProbe'
  | 'VolumeBindMountOptions'
  | 'EmptyDirVolumeMode'
  | 'AtomicWriteVolumeUserFields'
  | 'InPlacePodVerticalScalingSchedulerPreemption';

/** First minor version in which the gate is on by default (beta or GA). */
const ON_FROM: Record<FeatureGate, string> = {
  // alpha 1.24-1.34 (off); beta on in 1.35.0-1.35.3, flipped back to off in 1.35.4 (kubernetes#137926,
  // the cherry-pick of #137904; v1.35.4 kube_features.go has it off). Off by default in 1.36
  // (kubernetes#137904, the Parallel regression #137409), on again in 1.37 (kubernetes#139466, with
  // the Parallel fix #137666): see OFF_IN.
  MaxUnavailableStatefulSet: '1.35',
  // beta (on) 1.27, GA 1.32
  StatefulSetAutoDeletePVC: '1.27',
  // beta (on) 1.28, GA 1.32
  PodIndexLabel: '1.28',
  // beta (on) 1.29, GA 1.34
  JobPodReplacementPolicy: '1.29',
  // alpha 1.30, beta (on) 1.32, GA 1.34
  RelaxedEnvironmentVariableValidation: '1.32',
  // KEP-5440: alpha 1.35 (off), beta and on 1.36 (kubernetes#135965)
  MutablePodResourcesForSuspendedJobs: '1.36',
  MutableSchedulingDirectivesForSuspendedJobs: '1.36',
  // alpha 1.36 (off, kubernetes#137862), beta and on 1.37 (kubernetes#139620): the PVC protection
  // controller keeps an Unused condition on bound claims.
  PersistentVolumeClaimUnusedSinceTime: '1.37',
  // KEP-5311: alpha 1.34 (off), beta (on) 1.36: kubernetes#136389 (CHANGELOG-1.36, Feature)
  RelaxedServiceNameValidation: '1.36',
  // alpha 1.32 (off), beta (on) 1.33, GA and locked 1.34, removed in 1.37 (always on): the
  // v1.35.4 pkg/features/kube_features.go stages; v1.37.2 validateSleepAction has no gate.
  PodLifecycleSleepActionAllowZero: '1.33',
  // alpha 1.30 (off), beta (on) 1.31, GA 1.33, gate removed 1.37 (v1.35.4 kube_features.go)
  JobSuccessPolicy: '1.31',
  // alpha 1.30 (off), beta (on) 1.32, GA and locked 1.35 (v1.37.2 kube_features.go)
  JobManagedBy: '1.32',
  // The gates below: defaults per minor from the VersionedSpecs of pkg/features/kube_features.go in
  // v1.35.4, v1.36.3 and v1.37.2 (scripts/feature-gate-history.js; docs/feature-gates.md).
  // alpha 1.29 (off), beta (on) 1.30, GA and locked 1.34
  PodLifecycleSleepAction: '1.30',
  // alpha 1.30 (off), beta (on) 1.31, GA 1.33
  RecursiveReadOnlyMounts: '1.31',
  // alpha 1.29 (off), beta (on) 1.31, GA 1.33
  MatchLabelKeysInPodAffinity: '1.31',
  // alpha 1.30 (off), beta (on) 1.31, GA 1.33
  ServiceTrafficDistribution: '1.31',
  // alpha 1.33 (off), beta (on) 1.34, GA 1.35
  PreferSameTrafficDistribution: '1.34',
  // alpha 1.25 (off), beta off 1.30-1.32, beta on 1.33, GA and locked 1.36
  UserNamespacesSupport: '1.33',
  // alpha 1.12 (off), beta off 1.31-1.32, beta on 1.33, GA and locked 1.36
  ProcMountType: '1.33',
  // alpha 1.31 (off), beta (on) 1.33, GA and locked 1.35
  SupplementalGroupsPolicy: '1.33',
  // alpha 1.32 (off), beta (on) 1.33, GA and locked 1.36
  SELinuxChangePolicy: '1.33',
  // alpha 1.30 (off), beta off 1.33-1.36, GA (on) 1.37
  SELinuxMount: '1.37',
  // alpha 1.32 (off), beta (on) 1.33, GA and locked 1.34
  RelaxedDNSSearchValidation: '1.33',
  // alpha 1.31 (off), beta off 1.33-1.34, beta on 1.35, GA and locked 1.36
  ImageVolume: '1.35',
  // alpha 1.34 (off), beta (on) 1.35
  EnvFiles: '1.35',
  // alpha 1.33 (off), beta (on) 1.36
  StrictIPCIDRValidation: '1.36',
  // alpha 1.26-1.31 (off), beta off 1.32-1.33, GA (on) 1.34 (KEP-4381's graduation; the gate is
  // not in the v1.35.4 table, so these module-cache sources cannot confirm the stages before 1.34)
  DynamicResourceAllocation: '1.34',
  // alpha 1.32 (off), beta (on) 1.34
  PodLevelResources: '1.34',
  // alpha 1.34 (off), beta (on) 1.35, GA and locked 1.37
  HostnameOverride: '1.35',
  // alpha 1.34 (off), beta (on) 1.35
  ContainerRestartRules: '1.35',
  // alpha 1.33 (off), still alpha in 1.37: never on by default here
  ContainerStopSignals: '1.99',
  // Off by default in every emulated release (v1.35.4-v1.37.2 kube_features.go): their fields are
  // dropped on write. GenericWorkload: alpha 1.35, beta but still off 1.37. WorkloadWithJob: alpha
  // 1.36. The others: alpha 1.37.
  GenericWorkload: '1.99',
  WorkloadWithJob: '1.99',
  EvictionRequestAPI: '1.99',
  GRPCContainerProbeTLS: '1.99',
  H2CContainerProbe: '1.99',
  VolumeBindMountOptions: '1.99',
  EmptyDirVolumeMode: '1.99',
  AtomicWriteVolumeUserFields: '1.99',
  InPlacePodVerticalScalingSchedulerPreemption: '1.99',
  // alpha 1.33 (off), beta (on) 1.35
  PodTopologyLabelsAdmission: '1.35',
  // beta (on) from 1.34 (MatchLabelKeysInPodTopologySpread itself is on in every emulated release)
  MatchLabelKeysInPodTopologySpreadSelectorMerge: '1.34',
  // alpha 1.29 (off), beta off 1.31-1.33, GA (on) 1.34, locked 1.36
  VolumeAttributesClass: '1.34',
  // GA (on) since 1.0; deprecated and off from 1.33, locked off 1.36: see OFF_IN
  GitRepoVolumeDriver: '1.0',
  // alpha 1.27 (off), beta (on) 1.33, GA and locked 1.35 (v1.35.4-v1.37.2 kube_features.go)
  InPlacePodVerticalScaling: '1.33',
};

/**
 * Releases, after ON_FROM, in which a gate is off by default again: [first release off, first
 * release on again) — a bound may be a patch release ("1.35.4").
 */
const OFF_IN: Partial<Record<FeatureGate, ReadonlyArray<readonly [string, string]>>> = {
  // kubernetes#137904 (1.36 milestone) and its 1.35 cherry-pick #137926 (in v1.35.4): off by
  // default from 1.35.4 through 1.36; 1.37 turns it on again.
  MaxUnavailableStatefulSet: [['1.35.4', '1.37']],
  // deprecated and off by default from 1.33: the kubelet refuses to mount gitRepo volumes
  GitRepoVolumeDriver: [['1.33', '1.99']],
};

export function gateEnabled(gate: FeatureGate, v: KubeVersion): boolean {
  const off = (OFF_IN[gate] ?? []).some(([from, until]) => atLeast(v, from) && !atLeast(v, until));
  return atLeast(v, ON_FROM[gate]) && !off;
}
