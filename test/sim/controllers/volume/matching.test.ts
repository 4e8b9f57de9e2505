/**
 * The binding rules as pure functions: class rules (legacy annotation, ""), access-mode groups,
 * smallest fit, selectors, volumeMode and pre-binding (pv_helpers.go FindMatchingVolume, index.go).
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../../src/kube/object';
import { accessModesKey, findBestMatchForClaim, findMatchingVolume, whyVolumeCannotSatisfy } from '../../../../src/sim/controllers/volume/matching';
import { claimClass, claimHasClass, volumeClass } from '../../../../src/sim/controllers/volume/storage-class';
import type { ClaimObj, VolumeObj } from '../../../../src/sim/controllers/volume/types';
import { pv, pvc } from './harness';

function available(o: KObject, extra: { uid?: string; claimRefUid?: string } = {}): VolumeObj {
  const v = o as VolumeObj;
  return { ...v, status: { phase: 'Available' }, ...(extra.claimRefUid ? { spec: { ...v.spec, claimRef: { ...v.spec!.claimRef, uid: extra.claimRefUid } } } : {}) };
}

function claimOf(o: KObject, uid = 'claim-uid'): ClaimObj {
  return { ...(o as ClaimObj), metadata: { ...o.metadata, uid } };
}

const best = (c: KObject, volumes: KObject[], delay = false) =>
  findBestMatchForClaim(claimOf(c), volumes.map((v) => available(v)), delay)?.metadata.name;

describe('storage class of claims and volumes', () => {
  it('prefers the legacy annotation, even "", over spec.storageClassName', () => {
    expect(claimClass(claimOf(pvc('a', { legacyClass: 'anything', className: 'standard' })))).toBe('anything');
    expect(claimClass(claimOf(pvc('a', { legacyClass: '', className: 'standard' })))).toBe('');
    expect(claimClass(claimOf(pvc('a', { className: 'fast' })))).toBe('fast');
    expect(claimClass(claimOf(pvc('a', { className: null })))).toBe('');
    expect(volumeClass(pv('p', { legacyClass: 'anything', className: 'x' }) as VolumeObj)).toBe('anything');
    expect(volumeClass(pv('p') as VolumeObj)).toBe('');
  });

  it('a claim "has a class" when it names one, "" included, in the field or the annotation', () => {
    expect(claimHasClass(claimOf(pvc('a', { className: null })))).toBe(false);
    expect(claimHasClass(claimOf(pvc('a', { className: '' })))).toBe(true);
    expect(claimHasClass(claimOf(pvc('a', { legacyClass: '' })))).toBe(true);
  });
});

describe('choosing a volume (001-2, 001-4, 001-5)', () => {
  it('takes the smallest volume that is large enough', () => {
    const volumes = [pv('big', { size: '10Gi' }), pv('small', { size: '500Mi' }), pv('fit', { size: '2Gi' }), pv('fit2', { size: '3Gi' })];
    expect(best(pvc('c', { size: '1Gi', className: '' }), volumes)).toBe('fit');
    expect(best(pvc('c', { size: '20Gi', className: '' }), volumes)).toBeUndefined();
  });

  it('compares quantities, not strings (1Gi equals 1024Mi)', () => {
    expect(best(pvc('c', { size: '1024Mi', className: '' }), [pv('a', { size: '1Gi' })])).toBe('a');
    expect(best(pvc('c', { size: '1025Mi', className: '' }), [pv('a', { size: '1Gi' })])).toBeUndefined();
  });

  it('needs every requested access mode, and prefers the group with the fewest modes over a smaller volume', () => {
    const volumes = [pv('rwo-big', { size: '5Gi', modes: ['ReadWriteOnce'] }), pv('rwo-rwx-small', { size: '1Gi', modes: ['ReadWriteOnce', 'ReadWriteMany'] })];
    expect(best(pvc('c', { modes: ['ReadWriteOnce'], className: '' }), volumes)).toBe('rwo-big');
    expect(best(pvc('c', { modes: ['ReadWriteMany'], className: '' }), volumes)).toBe('rwo-rwx-small');
    expect(best(pvc('c', { modes: ['ReadOnlyMany'], className: '' }), volumes)).toBeUndefined();
    expect(accessModesKey(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'])).toBe('RWO,RWX,RWOP');
  });

  it('binds a class only to the same class; "" only to volumes without class (001-5)', () => {
    const volumes = [pv('none'), pv('fast', { className: 'fast' }), pv('legacy', { legacyClass: 'anything' })];
    expect(best(pvc('c', { className: '' }), volumes)).toBe('none');
    expect(best(pvc('c', { className: 'fast' }), volumes)).toBe('fast');
    expect(best(pvc('c', { legacyClass: 'anything' }), volumes)).toBe('legacy');
    expect(best(pvc('c', { className: 'slow' }), volumes)).toBeUndefined();
  });

  it('honours the claim selector (matchLabels and matchExpressions)', () => {
    const volumes = [pv('a', { labels: { tier: 'gold' } }), pv('b', { labels: { tier: 'silver' } }), pv('c')];
    expect(best(pvc('x', { className: '', selector: { matchLabels: { tier: 'silver' } } }), volumes)).toBe('b');
    expect(best(pvc('x', { className: '', selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold', 'silver'] }] } }), volumes)).toBe('c');
    expect(best(pvc('x', { className: '', selector: { matchLabels: { tier: 'bronze' } } }), volumes)).toBeUndefined();
  });

  it('does not mix volume modes (unset means Filesystem)', () => {
    expect(best(pvc('c', { className: '', volumeMode: 'Block' }), [pv('fs'), pv('blk', { volumeMode: 'Block' })])).toBe('blk');
    expect(best(pvc('c', { className: '' }), [pv('blk', { volumeMode: 'Block' })])).toBeUndefined();
  });

  it('skips volumes that are not Available, bound elsewhere or being deleted', () => {
    const claim = claimOf(pvc('c', { className: '' }));
    const released = { ...available(pv('released')), status: { phase: 'Released' } } as VolumeObj;
    const taken = available(pv('taken', { claimRef: { name: 'other' } }), { claimRefUid: 'other-uid' });
    const deleting = { ...available(pv('deleting')), metadata: { name: 'deleting', deletionTimestamp: '2025-01-01T00:00:00Z' } } as VolumeObj;
    expect(findMatchingVolume(claim, [released, taken, deleting], { delayBinding: false })).toBeUndefined();
  });

  it('a volume pre-bound to the claim wins over a better fit, even while the class waits for a consumer', () => {
    const claim = claimOf(pvc('c', { className: '', size: '1Gi' }));
    const fit = available(pv('fit', { size: '1Gi' }));
    const mine = available(pv('mine', { size: '8Gi', claimRef: { name: 'c' } }));
    expect(findMatchingVolume(claim, [fit, mine], { delayBinding: false })?.metadata.name).toBe('mine');
    expect(findMatchingVolume(claim, [fit, mine], { delayBinding: true })?.metadata.name).toBe('mine');
    expect(findMatchingVolume(claim, [fit], { delayBinding: true })).toBeUndefined();
    // pre-bound to an earlier claim of the same name (other uid): not this claim's
    const stale = available(pv('stale', { claimRef: { name: 'c' } }), { claimRefUid: 'old-uid' });
    expect(findMatchingVolume(claim, [stale], { delayBinding: false })).toBeUndefined();
  });

  it('on the scheduler path checks node affinity and access modes too', () => {
    const claim = claimOf(pvc('c', { className: '', modes: ['ReadWriteMany'] }));
    const a = available(pv('a', { modes: ['ReadWriteOnce'] }));
    const b = available(pv('b', { modes: ['ReadWriteMany'] }));
    const c = available(pv('c', { modes: ['ReadWriteMany'] }));
    const pick = (nodeOk: (p: VolumeObj) => boolean, excluded?: Set<string>) =>
      findMatchingVolume(claim, [a, b, c], { delayBinding: true, nodeMatches: nodeOk, excluded })?.metadata.name;
    expect(pick(() => true)).toBe('b');
    expect(pick((p) => p.metadata.name !== 'b')).toBe('c');
    expect(pick(() => true, new Set(['b']))).toBe('c');
  });

  it('explains why a named volume does not fit (VolumeMismatch messages)', () => {
    const claim = claimOf(pvc('c', { className: '', size: '2Gi' }));
    expect(whyVolumeCannotSatisfy(pv('p', { size: '1Gi' }) as VolumeObj, claim)).toBe('requested PV is too small');
    expect(whyVolumeCannotSatisfy(pv('p', { size: '2Gi', className: 'x' }) as VolumeObj, claim)).toBe('storageClassName does not match');
    expect(whyVolumeCannotSatisfy(pv('p', { size: '2Gi', volumeMode: 'Block' }) as VolumeObj, claim)).toBe('incompatible volumeMode');
    expect(whyVolumeCannotSatisfy(pv('p', { size: '2Gi', modes: ['ReadOnlyMany'] }) as VolumeObj, claim)).toBe('incompatible accessMode');
    expect(whyVolumeCannotSatisfy(pv('p', { size: '2Gi' }) as VolumeObj, claim)).toBeUndefined();
  });
});
