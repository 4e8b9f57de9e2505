/**
 * ControllerRevisions as plain data (stateful_set_utils.go getPatch/newRevision/ApplyRevision and
 * pkg/controller/history: NewControllerRevision, HashControllerRevision, EqualRevision,
 * SortControllerRevisions).
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { deepFreeze } from '../../../kube/equal';
import { memoOnFrozen, memoOnFrozenBy } from '../../../kube/frozen-memo';
import { clone } from '../../../kube/object';
import type { KubeVersion } from '../../../kube/version';
import { canonicalJson, templatePatch } from '../shared/revision-data';
import { type RevisionObj, type StatefulSetObj, REVISION_HASH_LABEL, STATEFULSET_GVK, newControllerRef } from './types';

export { canonicalJson };

/** rand.SafeEncodeString's alphabet (k8s.io/apimachinery/pkg/util/rand): no vowels, no look-alikes. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** getPatch of the set's pod template (shared with the DaemonSet controller: shared/revision-data). */
export function revisionPatch(set: StatefulSetObj, version: KubeVersion): Record<string, unknown> {
  return templatePatch(set.spec.template, version);
}

/** FNV-1 32-bit (hash/fnv New32), over UTF-8 bytes. */
function fnv1(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character of the text mapped into the safe alphabet by its code. */
function safeEncode(text: string): string {
  let out = '';
  for (const ch of text) out += SAFE_ALPHABET[ch.codePointAt(0)! % SAFE_ALPHABET.length];
  return out;
}

/**
 * HashControllerRevision: FNV-1 of the raw data, then of the collision count written in decimal,
 * rendered as the decimal Sum32 passed through SafeEncodeString.
 */
export function revisionHash(data: unknown, collisionCount: number | undefined): string {
  // Every sync hashes the candidate revision, whose data is the stored template's frozen patch.
  return typeof data === 'object' && data !== null ? objectHash(data, collisionCount) : hashOf(data, collisionCount);
}

const objectHash = memoOnFrozenBy<object, number | undefined, string>(hashOf);

function hashOf(data: unknown, collisionCount: number | undefined): string {
  const text = canonicalJson(data) + (collisionCount === undefined ? '' : String(collisionCount));
  return safeEncode(String(fnv1(text)));
}

/** ControllerRevisionName: prefix cut to 223 characters so the name fits in 253. */
export function revisionName(setName: string, hash: string): string {
  return `${setName.slice(0, 223)}-${hash}`;
}

/**
 * newRevision + history.NewControllerRevision: labels are the template's plus the hash label, the
 * set's annotations are copied, the set is the controller.
 */
export function newRevision(set: StatefulSetObj, revision: number, collisionCount: number, version: KubeVersion): RevisionObj {
  const data = revisionPatch(set, version);
  const hash = revisionHash(data, collisionCount);
  const rev: RevisionObj = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(set.metadata.name, hash),
      namespace: set.metadata.namespace,
      labels: { ...(set.spec.template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(set, STATEFULSET_GVK)],
    },
    data,
    revision,
  };
  if (set.metadata.annotations && Object.keys(set.metadata.annotations).length) {
    rev.metadata.annotations = { ...set.metadata.annotations };
  }
  return rev;
}

/** EqualRevision: the same data (the hash labels, when both parse as integers, must agree too). */
export function equalRevision(a: RevisionObj | undefined, b: RevisionObj | undefined): boolean {
  if (!a || !b) return a === b;
  const ha = numericHash(a);
  const hb = numericHash(b);
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return canonicalJson(a.data ?? null) === canonicalJson(b.data ?? null);
}

/** strconv.ParseInt(label, 10, 32): only hashes made of digits parse. */
function numericHash(r: RevisionObj): number | undefined {
  const text = r.metadata.labels?.[REVISION_HASH_LABEL];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : undefined;
}

/** SortControllerRevisions: by revision, then creation time, then name (stable). */
export function sortRevisions(revisions: RevisionObj[]): RevisionObj[] {
  return revisions
    .map((r, i) => ({ r, i }))
    .sort((x, y) => compareRevisions(x.r, y.r) || x.i - y.i)
    .map((x) => x.r);
}

function compareRevisions(a: RevisionObj, b: RevisionObj): number {
  if (a.revision !== b.revision) return a.revision - b.revision;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** nextRevision: one more than the highest (revisions sorted). */
export function nextRevision(sorted: RevisionObj[]): number {
  return sorted.length ? sorted[sorted.length - 1]!.revision + 1 : 1;
}

/**
 * ApplyRevision: the set with its pod template replaced by the revision's (a strategic merge
 * patch with `$patch: replace`). Nulls in the stored template decode to zero values, so drop them.
 */
export function applyRevision(set: StatefulSetObj, revision: RevisionObj): StatefulSetObj {
  return { ...set, spec: { ...set.spec, template: revisionPodTemplate(revision.data) } };
}

/**
 * The pod template a revision's data decodes to. Every sync applies the current and the update
 * revision; stored data is frozen, so its template is decoded once and shared, frozen (pods are
 * made from copies of it).
 */
function revisionPodTemplate(data: unknown): PodTemplateSpec {
  return typeof data === 'object' && data !== null ? storedPodTemplate(data) : decodeTemplate(data);
}

const storedPodTemplate = memoOnFrozen<object, PodTemplateSpec>(decodeTemplate, { share: deepFreeze });

function decodeTemplate(data: unknown): PodTemplateSpec {
  const stored = clone((data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {});
  delete stored.$patch;
  return dropNulls(stored) as PodTemplateSpec;
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
  return out;
}
