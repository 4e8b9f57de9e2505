import { describe, expect, it } from '@jest/globals';
import { maxSurge, maxUnavailable, resolveFenceposts } from '../../../../src/sim/controllers/deployment/fenceposts';
import type { DeploymentObj } from '../../../../src/sim/controllers/deployment/types';

function rolling(replicas: number, surge: number | string, unavailable: number | string): DeploymentObj {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } },
  };
}

describe('maxSurge / maxUnavailable (deployment_util.go ResolveFenceposts)', () => {
  it('scales percentages of spec.replicas: surge rounds up, unavailable rounds down', () => {
    expect(resolveFenceposts('25%', '25%', 5)).toEqual({ surge: 2, unavailable: 1 });
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts('30%', '30%', 3)).toEqual({ surge: 1, unavailable: 0 });
  });

  it('takes integers as they are', () => {
    expect(resolveFenceposts(5, 0, 5)).toEqual({ surge: 5, unavailable: 0 });
    expect(resolveFenceposts(1, 0, 5)).toEqual({ surge: 1, unavailable: 0 });
  });

  it('allows one unavailable pod when both round down to 0', () => {
    expect(resolveFenceposts('0%', '10%', 5)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts(0, '25%', 1)).toEqual({ surge: 0, unavailable: 1 });
  });

  it('never lets more than spec.replicas be unavailable, and nothing is unavailable at 0 replicas', () => {
    expect(maxUnavailable(rolling(3, 0, 10))).toBe(3);
    expect(maxUnavailable(rolling(0, 1, 1))).toBe(0);
    expect(maxSurge(rolling(4, '25%', '25%'))).toBe(1);
  });

  it('is 0/0 for Recreate', () => {
    const d = rolling(5, 1, 1);
    d.spec.strategy = { type: 'Recreate' };
    expect(maxSurge(d)).toBe(0);
    expect(maxUnavailable(d)).toBe(0);
  });
});
