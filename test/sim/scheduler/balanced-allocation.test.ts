import { describe, expect, it } from '@jest/globals';
import type { KubeVersion } from '../../../src/kube/version';
import { schedulerFeatures } from '../../../src/sim/scheduler/features';
import type { CycleContext, PreparedScore } from '../../../src/sim/scheduler/framework';
import { NodeInfo } from '../../../src/sim/scheduler/node-info';
import { balancedAllocationScore } from '../../../src/sim/scheduler/plugins/node-resources';

const GI = 2 ** 30;

function node(name: string, requestedCPU: number, requestedMemory: number): NodeInfo {
  const n = new NodeInfo(name);
  n.allocatable = { ...n.allocatable, milliCPU: 4000, memory: 10 * GI };
  Object.assign(n.requested, { milliCPU: requestedCPU, memory: requestedMemory });
  return n;
}

function scores(v: KubeVersion, cpu: number, memory: number, nodes: NodeInfo[]): number[] {
  const ctx = { pod: { requests: { milliCPU: cpu, memory, ephemeralStorage: 0 } }, features: schedulerFeatures(v) } as unknown as CycleContext;
  const prepared = balancedAllocationScore.preScore(ctx, nodes) as PreparedScore;
  const out = new Array<number>(nodes.length).fill(0);
  prepared.scoreAll(nodes, out);
  return out;
}

describe('NodeResourcesBalancedAllocation', () => {
  // an empty node, and one whose memory is 60% requested and cpu not at all
  const nodes = () => [node('empty', 0, 0), node('memory-heavy', 0, 6 * GI)];

  it('up to 1.35 scores the balance after placing the pod', () => {
    // empty: cpu 25%, memory 0% -> 1 - 0.125; memory-heavy: 25% / 60% -> 1 - 0.175
    expect(scores('1.35', 1000, 0, nodes())).toEqual([87, 82]);
  });

  it('from 1.36 scores how much the pod improves the balance (kubernetes#135573)', () => {
    // empty: 50 + (50 + 87 - 100) / 2 = 68; memory-heavy: 50 + (50 + 82 - 70) / 2 = 81
    expect(scores('1.36', 1000, 0, nodes())).toEqual([68, 81]);
    expect(scores('1.37', 1000, 0, nodes())).toEqual([68, 81]);
    // a pod that keeps a balanced node balanced scores the middle of the range
    expect(scores('1.36', 1000, 2.5 * GI, [node('empty', 0, 0)])).toEqual([75]);
  });
});
