/**
 * status.NeedToReconcilePodReadiness (pkg/kubelet/status/status_manager.go): the kubelet re-syncs a
 * pod with readiness gates when its Ready condition no longer says what the gate conditions, as
 * the API holds them, imply.
 */
import { describe, expect, it } from '@jest/globals';
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import { needsReadinessReconcile } from '../../../src/sim/kubelet/pod-conditions';

const GATE = 'k8s.io/test-condition1';
const NOT_THERE = `corresponding condition of pod readiness gate "${GATE}" does not exist.`;

function pod(conditions: PodCondition[], gates = [{ conditionType: GATE }]): Pod {
  return {
    metadata: { name: 'p' },
    spec: { readinessGates: gates, containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase: 'Running', conditions, containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'busybox', imageID: '' }] },
  };
}

describe('readiness gates reconcile', () => {
  it('not needed while Ready says what the gates imply', () => {
    expect(needsReadinessReconcile(pod([{ type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: NOT_THERE }]))).toBe(false);
    expect(needsReadinessReconcile(pod([{ type: 'Ready', status: 'True' }, { type: GATE, status: 'True' }]))).toBe(false);
  });

  it('needed when a gate condition changed under the kubelet: status or message differ', () => {
    expect(needsReadinessReconcile(pod([{ type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: NOT_THERE }, { type: GATE, status: 'True' }]))).toBe(true);
    const falseNow = `the status of pod readiness gate "${GATE}" is not "True", but False`;
    expect(needsReadinessReconcile(pod([{ type: 'Ready', status: 'True' }, { type: GATE, status: 'False' }]))).toBe(true);
    expect(needsReadinessReconcile(pod([{ type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: NOT_THERE }, { type: GATE, status: 'False' }]))).toBe(true);
    expect(needsReadinessReconcile(pod([{ type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: falseNow }, { type: GATE, status: 'False' }]))).toBe(false);
  });

  it('never for a pod without gates, nor before the kubelet wrote a Ready condition', () => {
    expect(needsReadinessReconcile(pod([{ type: 'Ready', status: 'False' }], []))).toBe(false);
    expect(needsReadinessReconcile(pod([{ type: GATE, status: 'True' }]))).toBe(false);
  });
});
