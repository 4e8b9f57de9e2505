import { describe, expect, it } from '@jest/globals';
import { allowsSurge, rollingLimits } from '../../../../src/sim/controllers/daemonset/strategy';

const ds = (strategy: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { updateStrategy: strategy } }) as any;

describe('DaemonSet rolling limits (SurgeCount / UnavailableCount)', () => {
  it('rounds both percentages up', () => {
    expect(rollingLimits(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '30%', maxSurge: 0 } }), 5)).toEqual({ maxSurge: 0, maxUnavailable: 2 });
    expect(rollingLimits(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } }), 11)).toEqual({ maxSurge: 2, maxUnavailable: 0 });
  });

  it('falls back to one unavailable when both come to 0, but not with no nodes', () => {
    expect(rollingLimits(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } }), 3)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(rollingLimits(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } }), 0)).toEqual({ maxSurge: 0, maxUnavailable: 0 });
  });

  it('allows surge only for RollingUpdate with a positive maxSurge', () => {
    expect(allowsSurge(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '1%' } }))).toBe(true);
    expect(allowsSurge(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }))).toBe(false);
    expect(allowsSurge(ds({ type: 'OnDelete', rollingUpdate: { maxSurge: 1 } }))).toBe(false);
  });

  it('fails the sync on a malformed percentage', () => {
    expect(() => rollingLimits(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 'x' } }), 3)).toThrow(/invalid value for MaxUnavailable/);
  });
});
