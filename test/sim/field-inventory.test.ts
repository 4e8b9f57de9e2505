/**
 * The field inventory (src/sim/field-inventory.ts) classifies every field path of every served
 * kind in every emulated release's table, names no path the tables lack, and points at modules
 * that exist. A release whose table adds a field fails here until the field is classified.
 */
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { describedKinds, fieldPaths } from '../../src/kube/field-paths';
import { servedTypes } from '../../src/kube/registry';
import { SUPPORTED_VERSIONS } from '../../src/kube/version';
import { classify, trace } from '../../src/sim/field-classification';
import { renderFieldInventory } from '../../src/sim/field-inventory-doc';
import { expectCheckRoundTrip } from '../support/generator-check';
import { KINDS, SECTIONS, type Rules } from '../../src/sim/field-inventory';

const SRC = path.join(__dirname, '../../src');

describe('the field inventory', () => {
  it.each(SUPPORTED_VERSIONS)('classifies every field path of every kind %s serves', (version) => {
    const unclassified = describedKinds(version).flatMap((kind) =>
      fieldPaths(kind, version).filter(({ path: p }) => !classify(kind, p)).map(({ path: p }) => `${kind} ${p}`));
    expect(unclassified).toEqual([]);
  });

  it('lists every kind the API serves in some release (described by the tables or not), and no other', () => {
    const served = new Set(SUPPORTED_VERSIONS.flatMap((v) => [...describedKinds(v), ...servedTypes(v).map((t) => `${t.group ? `${t.group}/` : ''}${t.version} ${t.kind}`)]));
    expect(Object.keys(KINDS).sort()).toEqual([...served].sort());
  });

  it('names no path that no release has (stale rules), and every section is reached', () => {
    const used = new Set<string>();
    for (const v of SUPPORTED_VERSIONS) {
      for (const kind of describedKinds(v)) {
        for (const { path: p } of fieldPaths(kind, v)) for (const step of trace(kind, p)) used.add(`${step.scope}: ${step.key}`);
      }
    }
    const rules = (scope: string, r: Rules) => Object.keys(r).map((key) => `${scope}: ${key}`);
    // a kind's '' rule classifies the kind as a whole (and what no longer rule covers)
    const declared = [
      ...Object.entries(KINDS).flatMap(([kind, r]) => rules(kind, r).filter((k) => k !== `${kind}: `)),
      ...Object.entries(SECTIONS).flatMap(([section, r]) => rules(section, r)),
    ];
    expect(declared.filter((k) => !used.has(k))).toEqual([]);
  });

  it('names modules that exist for what is implemented', () => {
    const all = [...Object.values(KINDS), ...Object.values(SECTIONS)].flatMap((r) => Object.values(r));
    const missing = all.flatMap((rule) => {
      if (rule.is !== 'implemented') return [];
      const modules = rule.by.match(/\b(?:sim|kube)\/[\w./-]*[\w-]/g) ?? [];
      if (!modules.length) return [`${rule.by}: names no module`];
      return modules.filter((m) => !fs.existsSync(path.join(SRC, m))).map((m) => `${rule.by}: ${m} does not exist`);
    });
    expect(missing).toEqual([]);
  });

  it('says why a field has no effect and what an unimplemented one needs', () => {
    const all = [...Object.values(KINDS), ...Object.values(SECTIONS)].flatMap((r) => Object.values(r));
    for (const rule of all) {
      if (rule.is === 'no-effect') expect(rule.why.length).toBeGreaterThan(10);
      if (rule.is === 'unimplemented') expect(rule.feature.length).toBeGreaterThan(10);
    }
  });

  it('reaches the pod spec through every pod template, and a container through each container list', () => {
    expect(classify('apps/v1 Deployment', 'spec.template.spec.runtimeClassName')).toMatchObject({ is: 'unimplemented', scope: 'pod spec', key: 'runtimeClassName' });
    expect(classify('batch/v1 CronJob', 'spec.jobTemplate.spec.template.spec.initContainers[*].env[*].valueFrom.fileKeyRef.key'))
      .toMatchObject({ is: 'unimplemented', scope: 'container', key: 'env[*].valueFrom.fileKeyRef' });
    expect(classify('batch/v1 CronJob', 'spec.jobTemplate.spec.template.spec.initContainers[*].envFrom[*].prefix'))
      .toMatchObject({ is: 'implemented', scope: 'container', key: 'envFrom' });
    expect(classify('v1 Pod', 'spec.containers[*].image')).toMatchObject({ is: 'implemented', scope: 'container', key: 'image' });
    expect(classify('v1 Pod', 'spec.containers[*].terminationMessagePath')).toMatchObject({ is: 'no-effect', scope: 'container' });
    expect(classify('v1 Pod', 'metadata.annotations')).toMatchObject({ is: 'no-effect', scope: 'object metadata' });
    // a rule in the pod spec beats the container section's for one list
    expect(classify('v1 Pod', 'spec.containers[*].restartPolicy')).toMatchObject({ is: 'unimplemented', scope: 'pod spec' });
    expect(classify('v1 Pod', 'spec.nosuchfield')).toMatchObject({ is: 'implemented', scope: 'pod spec', key: '' });
    expect(classify('v1 NoSuchKind', 'spec')).toBeUndefined();
  });
});

describe('fields newer than the oldest table', () => {
  // The oldest release on disk is the baseline: a path a newer release adds (1.36's, 1.37's, and
  // 1.38's once its table is generated) needs a rule of its own, or one on a new ancestor, so a
  // broad rule such as `spec: implemented` cannot classify a new field unseen. A subtree of no
  // effect or unimplemented (one status for all it holds) takes new fields along.
  const baselineVersion = SUPPORTED_VERSIONS[0];
  it.each(SUPPORTED_VERSIONS.slice(1))('each path %s adds has its own decision', (version) => {
    const undecided = describedKinds(version).flatMap((kind) => {
      const baseline = new Set(fieldPaths(kind, baselineVersion).map((p) => p.path));
      return fieldPaths(kind, version).filter(({ path: p }) => !baseline.has(p)).flatMap(({ path: p }) => {
        const rule = trace(kind, p).at(-1)!;
        return rule.at === p || !baseline.has(rule.at) || rule.is !== 'implemented' ? [] : [`${kind} ${p} (classified by ${rule.scope}: ${rule.key || "''"})`];
      });
    });
    expect(undecided).toEqual([]);
  });
});

describe('docs/field-inventory.md', () => {
  const ROOT = path.join(__dirname, '../..');

  it('is what scripts/generate-field-inventory.js makes of the committed inventory and table (run npm run generate if not)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs/field-inventory.md'), 'utf8')).toBe(renderFieldInventory());
  });

  it('--check fails on a stale file and passes on a fresh one', () => expectCheckRoundTrip('generate-field-inventory.js', 'field-inventory.md'), 60_000);
});
