/**
 * Which PersistentVolume a claim may bind to: component-helpers storage/volume/pv_helpers.go
 * (FindMatchingVolume, IsVolumeBoundToClaim, CheckVolumeModeMismatches, CheckAccessModes) and the
 * PV controller's access-mode index (pkg/controller/volume/persistentvolume/index.go).
 */
import { labelSelectorMatches } from '../../../kube/labels';
import { quantityOrZero } from '../../../kube/quantity';
import { claimClass, volumeClass } from './storage-class';
import { type ClaimObj, type VolumeObj, byteOrder } from './types';

/** pkg/apis/core/v1/helper GetAccessModesAsString order. */
const MODE_ABBREVIATIONS: Array<[string, string]> = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** GetAccessModesAsString: "RWO,ROX" — the index key volumes are grouped under. */
export function accessModesKey(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  return MODE_ABBREVIATIONS.filter(([mode]) => set.has(mode))
    .map(([, abbreviation]) => abbreviation)
    .join(',');
}

export function requestedStorage(claim: ClaimObj): number {
  return quantityOrZero(claim.spec?.resources?.requests?.storage);
}

export function volumeCapacity(pv: VolumeObj): number {
  return quantityOrZero(pv.spec?.capacity?.storage);
}

/**
 * IsVolumeBoundToClaim: the PV's claimRef names this claim (namespace and name), and its uid, when
 * set, is this claim's. A claimRef without uid is a pre-binding by the user.
 */
export function isVolumeBoundToClaim(pv: VolumeObj, claim: ClaimObj): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** CheckVolumeModeMismatches: an unset volumeMode counts as Filesystem on both sides. */
export function volumeModeMismatch(claim: ClaimObj, pv: VolumeObj): boolean {
  return (claim.spec?.volumeMode ?? 'Filesystem') !== (pv.spec?.volumeMode ?? 'Filesystem');
}

/** CheckAccessModes: the PV offers every mode the claim asks for. */
export function offersAccessModes(pv: VolumeObj, claim: ClaimObj): boolean {
  const offered = new Set(pv.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((m) => offered.has(m));
}

/**
 * checkVolumeSatisfyClaim (pv_controller.go): why a volume the claim names in spec.volumeName
 * cannot be bound, as the message upstream puts in its VolumeMismatch event; undefined if it can.
 */
export function whyVolumeCannotSatisfy(pv: VolumeObj, claim: ClaimObj): string | undefined {
  if (pv.metadata.deletionTimestamp) return `the volume is marked for deletion "${pv.metadata.name}"`;
  if (volumeCapacity(pv) < requestedStorage(claim)) return 'requested PV is too small';
  if (volumeClass(pv) !== claimClass(claim)) return 'storageClassName does not match';
  if (volumeModeMismatch(claim, pv)) return 'incompatible volumeMode';
  if (!offersAccessModes(pv, claim)) return 'incompatible accessMode';
  return undefined;
}

export interface MatchOptions {
  /** the claim's class binds WaitForFirstConsumer: only a volume pre-bound to it may match */
  delayBinding: boolean;
  /** scheduler path only: the PV's node affinity admits the candidate node */
  nodeMatches?: (pv: VolumeObj) => boolean;
  /** scheduler path only: volumes already chosen for other claims of the same pod */
  excluded?: ReadonlySet<string>;
}

/**
 * FindMatchingVolume: a volume pre-bound to the claim wins at once; otherwise the smallest
 * Available volume of the claim's class, capacity and volumeMode whose labels match the claim's
 * selector. Volumes being deleted or bound to another claim are skipped. With delayBinding the PV
 * controller leaves unbound volumes to the scheduler (which passes nodeMatches).
 */
export function findMatchingVolume(claim: ClaimObj, volumes: readonly VolumeObj[], opts: MatchOptions): VolumeObj | undefined {
  const requested = requestedStorage(claim);
  const wantedClass = claimClass(claim);
  const selector = claim.spec?.selector;
  const schedulerPath = opts.nodeMatches !== undefined;
  let smallest: VolumeObj | undefined;
  for (const pv of volumes) {
    if (opts.excluded?.has(pv.metadata.name)) continue;
    if (pv.spec?.claimRef && !isVolumeBoundToClaim(pv, claim)) continue;
    const capacity = volumeCapacity(pv);
    if (capacity < requested) continue;
    if (volumeModeMismatch(claim, pv)) continue;
    if (pv.metadata.deletionTimestamp) continue;
    const nodeOk = opts.nodeMatches ? opts.nodeMatches(pv) : true;
    if (isVolumeBoundToClaim(pv, claim)) return nodeOk ? pv : undefined;
    if (!schedulerPath && opts.delayBinding) continue;
    if (pv.status?.phase !== 'Available') continue;
    if (selector && !labelSelectorMatches(selector, pv.metadata.labels)) continue;
    if (volumeClass(pv) !== wantedClass) continue;
    if (!nodeOk) continue;
    if (schedulerPath && !offersAccessModes(pv, claim)) continue;
    if (!smallest || volumeCapacity(smallest) > capacity) smallest = pv;
  }
  return smallest;
}

/**
 * findByClaim (index.go): volumes are grouped by their exact access-mode set; only groups holding
 * every requested mode are searched, fewest modes first, so a RWO claim prefers a RWO volume over a
 * RWO+RWX one even if that one is smaller. Upstream's order among groups of equal size, and among
 * volumes of equal size, follows Go map iteration; here both are by name, for determinism.
 */
export function findBestMatchForClaim(claim: ClaimObj, volumes: readonly VolumeObj[], delayBinding: boolean): VolumeObj | undefined {
  const requested = new Set(claim.spec?.accessModes ?? []);
  const groups = new Map<string, VolumeObj[]>();
  for (const pv of [...volumes].sort((a, b) => byteOrder(a.metadata.name, b.metadata.name))) {
    const key = accessModesKey(pv.spec?.accessModes);
    groups.set(key, [...(groups.get(key) ?? []), pv]);
  }
  const candidates = [...groups.entries()]
    .filter(([, members]) => [...requested].every((m) => (members[0]!.spec?.accessModes ?? []).includes(m)))
    .sort(([ka, a], [kb, b]) => modeCount(a[0]!) - modeCount(b[0]!) || byteOrder(ka, kb));
  for (const [, members] of candidates) {
    const match = findMatchingVolume(claim, members, { delayBinding });
    if (match) return match;
  }
  return undefined;
}

function modeCount(pv: VolumeObj): number {
  return new Set(pv.spec?.accessModes ?? []).size;
}
