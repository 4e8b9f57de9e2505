/**
 * `--filter` skips files before loading them, by a quick read of their metadata, and still selects
 * exactly the scenarios that filtering the fully loaded ones selects.
 */
import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { matchesFilter, type ScenarioIdentity } from '../../src/scenario/filter';
import { loadScenarioPaths } from '../../src/scenario/load';
import type { LoadedScenario } from '../../src/scenario/loaded';
import { runInline, writeFiles } from '../support/inline';

const SCENARIOS = join(__dirname, '..', '..', 'scenarios');

function identityOf(s: LoadedScenario): ScenarioIdentity {
  const m = s.scenario.metadata;
  return { file: s.file, name: m.name, title: m.title, claims: m.claims, tags: m.tags };
}

const scenario = (name: string, extra = '') => `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: ${name}, title: "Title of ${name}", claims: ["c-${name}"]}
spec:
  steps:
    - expect: {resources: [{kind: Namespace, name: default}]}${extra}
`;

describe('--filter before loading', () => {
  test('selects what filtering every loaded scenario selects, for names, titles, files, claim ids and tags', async () => {
    const all = (await loadScenarioPaths([SCENARIOS])).scenarios;
    for (const filter of ['zk', 'ZOOKEEPER', '002-9', 'statefulset/', 'scenarios/nodes', 'ordered', 'k8s-docs', 'canary', 'no such thing', 'e']) {
      const expected = all.filter((s) => matchesFilter(identityOf(s), filter)).map((s) => s.file);
      const { scenarios, errors } = await loadScenarioPaths([SCENARIOS], { select: (id) => matchesFilter(id, filter) });
      expect({ filter, errors, files: scenarios.map((s) => s.file) }).toEqual({ filter, errors: [], files: expected });
    }
  }, 60_000);

  test('a file the filter does not select is not loaded: its errors are not reported', async () => {
    const dir = writeFiles({
      'good.yaml': scenario('good'),
      'broken.yaml': scenario('broken', '\n    - apply: missing-manifest.yaml\n    - frobnicate: {}'),
    });
    const unfiltered = await loadScenarioPaths([dir]);
    expect(unfiltered.errors.length).toBeGreaterThan(0);
    const filtered = await loadScenarioPaths([dir], { select: (id) => matchesFilter(id, 'good') });
    expect(filtered.errors).toEqual([]);
    expect(filtered.scenarios.map((s) => s.scenario.metadata.name)).toEqual(['good']);
  });

  test('a file whose metadata cannot be read quickly is loaded, so its errors still show', async () => {
    const dir = writeFiles({ 'good.yaml': scenario('good'), 'bad.yaml': 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata: {name: [unclosed\n' });
    const r = await loadScenarioPaths([dir], { select: (id) => matchesFilter(id, 'good') });
    expect(r.scenarios.map((s) => s.scenario.metadata.name)).toEqual(['good']);
    expect(r.errors.map((e) => e.location?.file)).toEqual([join(dir, 'bad.yaml')]);
  });

  test('kscenario run --filter runs the selected scenario although another file is broken', async () => {
    const r = await runInline({ 'good.yaml': scenario('good'), 'broken.yaml': scenario('broken', '\n    - frobnicate: {}') }, ['run', '.', '--filter', 'Title of good']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
  });
});
