/**
 * What changed in kube-scheduler between the emulated minor versions, as far as it shows in
 * placement, messages or timing. Each switch names the upstream feature or change.
 */
import { atLeast, type KubeVersion } from '../../kube/version';

export interface SchedulerFeatures {
  /**
   * SchedulerPopFromBackoffQ (beta, on by default from 1.33): when activeQ is empty the scheduler
   * takes a pod from backoffQ at once instead of waiting for its backoff to expire.
   */
  popFromBackoffQ: boolean;
  /**
   * kubernetes#134740 (1.35, cherry-picked to 1.34 patch releases): TaintToleration no longer
   * names the taint: "node(s) had untolerated taint(s)" instead of "... taint {key: value}".
   */
  genericTaintMessage: boolean;
  /**
   * DynamicResourceAllocation GA and on by default in 1.34: the DynamicResources plugin runs its
   * PostFilter before DefaultPreemption, which adds "no new claims to deallocate" to the message.
   */
  dynamicResources: boolean;
  /**
   * 1.34–1.36: DynamicResources' PostFilter rejects a pod without claims with the reason "no new
   * claims to deallocate", which leads the PostFilter part of the message. From 1.37 it rejects
   * with no reason (v1.37.2 dynamicresources.go PostFilter; no release note names the change,
   * the differential run against a v1.37.2 kube-scheduler found it).
   */
  noClaimsToDeallocateReason: boolean;
  /** kubernetes#130260 (1.33): NodeResourcesBalancedAllocation skips pods that request nothing. */
  balancedSkipsBestEffort: boolean;
  /** PodObservedGenerationTracking (beta 1.34): pod conditions carry observedGeneration. */
  conditionObservedGeneration: boolean;
  /**
   * KEP-5278 NominatedNodeNameForExpectation + ClearingNominatedNodeNameAfterBinding (beta 1.35):
   * status.nominatedNodeName is set before a PreBind that has work (volume binding) and the
   * binding clears it.
   */
  nominatedNodeNameForExpectation: boolean;
  /**
   * kubernetes#135573 (1.36): NodeResourcesBalancedAllocation scores the change in balance, not
   * just the balance after placing the pod: 50 + (50 + withPod - withoutPod) / 2.
   */
  balancedScoresChange: boolean;
  /**
   * kubernetes#140180 (1.37): when DefaultPreemption finds a candidate its PostFilter status
   * carries "found a potential placement for pod on node N, preempting K victims", which the
   * FailedScheduling message and the PodScheduled condition end with (before: nothing was added).
   */
  preemptionPlacementMessage: boolean;
  /**
   * kubernetes#109877 (1.27) to kubernetes#125398 (1.32; cherry-picked to 1.29.11, 1.30.7 and
   * 1.31.3, later than the .0 releases kscenario emulates for those minors): VolumeBinding's
   * PreFilter narrowed the nodes to those a bound volume is pinned to by `kubernetes.io/hostname
   * In` (GetEligibleNodes); since then every node is filtered and the others fail its Filter
   * with "node(s) had volume node affinity conflict" — or an earlier plugin's reason.
   */
  boundVolumeNodeNames: boolean;
}

export function schedulerFeatures(v: KubeVersion): SchedulerFeatures {
  return {
    popFromBackoffQ: atLeast(v, '1.33'),
    genericTaintMessage: atLeast(v, '1.34'),
    dynamicResources: atLeast(v, '1.34'),
    noClaimsToDeallocateReason: atLeast(v, '1.34') && !atLeast(v, '1.37'),
    balancedSkipsBestEffort: atLeast(v, '1.33'),
    conditionObservedGeneration: atLeast(v, '1.34'),
    nominatedNodeNameForExpectation: atLeast(v, '1.35'),
    balancedScoresChange: atLeast(v, '1.36'),
    preemptionPlacementMessage: atLeast(v, '1.37'),
    boundVolumeNodeNames: !atLeast(v, '1.32'),
  };
}
