/**
 * The data a workload controller stores in a ControllerRevision: the pod template as a strategic
 * merge patch (stateful_set_utils.go getPatch, daemon update.go getPatch — the same shape), and
 * the canonical JSON bytes upstream stores, hashes and compares. Shared by the StatefulSet and
 * DaemonSet controllers.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { deepFreeze } from '../../../kube/equal';
import { memoOnFrozen, memoOnFrozenBy } from '../../../kube/frozen-memo';
import { clone } from '../../../kube/object';
import { atLeast, type KubeVersion } from '../../../kube/version';
import { goJson } from '../../../kube/validation/go-value';
import { setOwn } from '../../../own-keys';

/**
 * getPatch: `{"spec":{"template":{...,"$patch":"replace"}}}`, the pod template as the apps/v1
 * codec serialises it. Up to 1.33 a zero metav1.Time serialised as `"creationTimestamp":null`
 * inside the template's metadata; from 1.34 it is omitted (the 1.33/1.34 revisions in upstream's
 * stateful_set_compatibility_test.go and testdata differ exactly so).
 * A stored (frozen) template's patch is built once and handed out frozen: the controllers build
 * it at every sync to compare with their revisions, and its canonical bytes are then cached too.
 */
export function templatePatch(template: PodTemplateSpec | undefined, version: KubeVersion): Record<string, unknown> {
  return template ? storedTemplatePatch(template, version) : buildTemplatePatch(undefined, version);
}

const storedTemplatePatch = memoOnFrozenBy(buildTemplatePatch, { share: deepFreeze });

function buildTemplatePatch(template: PodTemplateSpec | undefined, version: KubeVersion): Record<string, unknown> {
  const copy = clone(template ?? {}) as PodTemplateSpec & Record<string, unknown>;
  const metadata: Record<string, unknown> = { ...(copy.metadata ?? {}) };
  if (!atLeast(version, '1.34')) metadata.creationTimestamp = null;
  return { spec: { template: { ...copy, metadata, $patch: 'replace' } } };
}

/**
 * The bytes upstream stores and hashes: json.Marshal of a map[string]interface{}, i.e. keys
 * sorted at every level, no spaces, HTML characters escaped.
 */
export function canonicalJson(value: unknown): string {
  // A stored revision's data is frozen, and compared at every sync: its bytes are computed once.
  return typeof value === 'object' && value !== null ? objectJson(value) : sortedJson(value);
}

const sortedJson = (value: unknown): string => goJson(sortKeys(value));
const objectJson = memoOnFrozen<object, string>(sortedJson);

/** canonicalJson(templatePatch(template, version)): computed once per stored (frozen) template. */
export function templatePatchJson(template: PodTemplateSpec | undefined, version: KubeVersion): string {
  return canonicalJson(templatePatch(template, version));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) setOwn(out, k, sortKeys(v));
  }
  return out;
}
