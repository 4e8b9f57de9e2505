/**
 * kube-controller-manager's node lifecycle settings at their defaults, per emulated version
 * (cmd/kube-controller-manager/app/options/nodelifecyclecontroller.go flags, the config
 * defaults in pkg/controller/nodelifecycle/config/v1alpha1/defaults.go and
 * pkg/controller/apis/config/v1alpha1/defaults.go, and the constants of
 * pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go).
 */
import { atLeast, type KubeVersion } from '../../../kube/version';

export interface NodeLifecycleConfig {
  /** --node-monitor-period: how often monitorNodeHealth runs */
  monitorPeriodMs: number;
  /** --node-monitor-grace-period: how long a node may stay silent before it is marked Unknown */
  monitorGracePeriodMs: number;
  /** --node-startup-grace-period: the same for a node that never posted a Ready condition */
  startupGracePeriodMs: number;
  /** --node-eviction-rate: nodes per second that get a NoExecute taint while a zone is healthy */
  evictionRate: number;
  /** --secondary-node-eviction-rate: the same while a large zone is partially disrupted */
  secondaryEvictionRate: number;
  /** --large-cluster-size-threshold: zones up to this size stop tainting when partially disrupted */
  largeClusterSizeThreshold: number;
  /** --unhealthy-zone-threshold: share of NotReady nodes (at least 3) that disrupts a zone */
  unhealthyZoneThreshold: number;
  /** scheduler.NodeEvictionPeriod: how often doNoExecuteTaintingPass drains the rate-limited queues */
  evictionPeriodMs: number;
}

export function nodeLifecycleConfig(v: KubeVersion): NodeLifecycleConfig {
  return {
    monitorPeriodMs: 5_000,
    // kubernetes#126287 (1.32, "The default value for node-monitor-grace-period has been
    // increased to 50s (earlier 40s)", CHANGELOG-1.32 alpha.2)
    monitorGracePeriodMs: atLeast(v, '1.32') ? 50_000 : 40_000,
    startupGracePeriodMs: 60_000,
    evictionRate: 0.1,
    secondaryEvictionRate: 0.01,
    largeClusterSizeThreshold: 50,
    unhealthyZoneThreshold: 0.55,
    evictionPeriodMs: 100,
  };
}

/**
 * Event source components (the recorders' EventSource.Component): the node lifecycle controller
 * records as "node-controller" (NewNodeLifecycleController).
 */
export const NODE_CONTROLLER_COMPONENT = 'node-controller';
