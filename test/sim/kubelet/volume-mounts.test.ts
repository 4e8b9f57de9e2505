import { describe, expect, it } from '@jest/globals';
import type { VolumeMount } from 'kubernetes-types/core/v1';
import { containerMounts } from '../../../src/sim/kubelet/volume-mounts';

const vars = new Map([['POD_NAME', 'pod1'], ['NS', 'shop'], ['EMPTY', ''], ['UP', '..'], ['ROOT', '/etc']]);
const mountsOf = (...volumeMounts: VolumeMount[]) => containerMounts({ name: 'app', volumeMounts }, vars);

describe('volume mounts as makeMounts resolves them', () => {
  it('expands subPathExpr with the $(NAME) form only', () => {
    expect(mountsOf({ name: 'logs', mountPath: '/logs', subPathExpr: '$(NS)/$(POD_NAME)/${NS}' })).toEqual({
      ok: true,
      mounts: [{ volume: 'logs', mountPath: '/logs', subPath: 'shop/pod1/${NS}', readOnly: false }],
    });
  });

  it('keeps a written subPath and a whole-volume mount as they are', () => {
    expect(mountsOf({ name: 'a', mountPath: '/a', subPath: 'x', readOnly: true }, { name: 'b', mountPath: '/b' })).toEqual({
      ok: true,
      mounts: [{ volume: 'a', mountPath: '/a', subPath: 'x', readOnly: true }, { volume: 'b', mountPath: '/b', subPath: undefined, readOnly: false }],
    });
  });

  it('names every unset or empty variable, sorted', () => {
    expect(mountsOf({ name: 'v', mountPath: '/v', subPathExpr: '$(ZED)/$(EMPTY)/$(POD_NAME)/$(ALPHA)' }))
      .toEqual({ ok: false, message: 'missing value for ALPHA, EMPTY, ZED' });
  });

  it('refuses an expansion that is absolute or climbs out with ..', () => {
    expect(mountsOf({ name: 'v', mountPath: '/v', subPathExpr: '$(ROOT)' })).toEqual({ ok: false, message: 'error SubPath `/etc` must not be an absolute path' });
    expect(mountsOf({ name: 'v', mountPath: '/v', subPathExpr: 'a/$(UP)/b' })).toEqual({ ok: false, message: "unable to provision SubPath `a/../b`: must not contain '..'" });
    // a '..' inside a name is no back-step
    expect(mountsOf({ name: 'v', mountPath: '/v', subPathExpr: '$(UP)x' }).ok).toBe(true);
  });

  it('fails on the first bad mount in the container\'s order', () => {
    expect(mountsOf({ name: 'a', mountPath: '/a', subPathExpr: '$(NOPE)' }, { name: 'b', mountPath: '/b', subPathExpr: '$(ROOT)' }))
      .toEqual({ ok: false, message: 'missing value for NOPE' });
  });
});
