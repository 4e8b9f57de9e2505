/** ComputeZoneState and the tainting rate of each state. */
import { describe, expect, it } from '@jest/globals';
import { nodeLifecycleConfig } from '../../../../src/sim/controllers/nodelifecycle';
import { computeZoneState, zoneQps } from '../../../../src/sim/controllers/nodelifecycle/zone-state';

const c = (status: string) => ({ type: 'Ready', status });

describe('computeZoneState', () => {
  it('is FullDisruption with no Ready node, counting missing conditions as not Ready', () => {
    expect(computeZoneState([c('Unknown'), undefined], 0.55)).toBe('FullDisruption');
  });

  it('needs more than 2 not-Ready nodes and at least the threshold for PartialDisruption', () => {
    expect(computeZoneState([c('False'), c('False'), c('True')], 0.55)).toBe('Normal');
    expect(computeZoneState([c('False'), c('False'), c('False'), c('True')], 0.55)).toBe('PartialDisruption');
    expect(computeZoneState([c('False'), c('False'), c('False'), c('True'), c('True'), c('True')], 0.55)).toBe('Normal');
  });
});

describe('zoneQps', () => {
  const cfg = nodeLifecycleConfig('1.35');
  it('slows a large partially disrupted zone and stops a small one', () => {
    expect(zoneQps('Normal', 3, cfg)).toBe(0.1);
    expect(zoneQps('PartialDisruption', 50, cfg)).toBe(0);
    expect(zoneQps('PartialDisruption', 51, cfg)).toBe(0.01);
    expect(zoneQps('FullDisruption', 3, cfg)).toBe(0.1);
  });
});
