import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, mkdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadScenarioPaths } from '../../src/scenario';

const FIXTURES = 'test/fixtures/scenario';

/** Writes files into a fresh temporary directory; returns its path. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kscenario-load-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const scenario = (name: string): string => `apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata: {name: ${name}}\nspec:\n  steps: [{sleep: 1s}]\n`;

describe('loadScenarioPaths', () => {
  test('a directory: scenarios found recursively, sorted; manifests beside them skipped', async () => {
    const r = await loadScenarioPaths([FIXTURES]);
    expect(r.errors.map((e) => e.describe())).toEqual([]);
    expect(r.scenarios.map((s) => s.file)).toEqual([
      `${FIXTURES}/inline-manifests.yaml`,
      `${FIXTURES}/partition-canary.yaml`,
      `${FIXTURES}/suite/a-scenario.yaml`,
      `${FIXTURES}/suite/nested/b-scenario.yml`,
    ]);
  });

  test('files given explicitly, each once, in the order given', async () => {
    const a = `${FIXTURES}/suite/a-scenario.yaml`;
    const r = await loadScenarioPaths([`${FIXTURES}/suite/nested/b-scenario.yml`, a, `${FIXTURES}/suite`]);
    expect(r.errors).toEqual([]);
    expect(r.scenarios.map((s) => s.scenario.metadata.name)).toEqual(['suite-b', 'suite-a']);
  });

  test('an explicit file that is not a scenario is an error; a missing path too', async () => {
    const r = await loadScenarioPaths([`${FIXTURES}/suite/nested/deployment.yaml`, `${FIXTURES}/missing.yaml`]);
    expect(r.scenarios).toEqual([]);
    // paths that do not exist are reported as the files are found, before any file is loaded
    expect(r.errors.map((e) => e.code)).toEqual(['FILE_NOT_FOUND', 'SCHEMA']);
    expect(r.errors[1]!.message).toContain("is not a scenario: its apiVersion is 'apps/v1'");
    expect(r.errors[1]!.location).toMatchObject({ line: 1, column: 13 });
  });

  test('a broken scenario does not stop the others; its errors are returned', async () => {
    const dir = tree({
      'a.yaml': scenario('first'),
      'b.yaml': 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata: {name: second}\nspec:\n  steps: [{sleeep: 1s}]\n',
      'c/d.yaml': scenario('third'),
      '.hidden/e.yaml': scenario('hidden'),
      'node_modules/f.yaml': scenario('module'),
      'notes.txt': scenario('text'),
    });
    const r = await loadScenarioPaths([dir]);
    expect(r.scenarios.map((s) => s.scenario.metadata.name)).toEqual(['first', 'third']);
    expect(r.errors.map((e) => `${path.relative(dir, e.location!.file)}:${e.location!.line}:${e.location!.column} ${e.code}`)).toEqual(['b.yaml:5:12 SCHEMA']);
  });

  test('a scenario whose YAML is broken is still recognised as a scenario', async () => {
    const dir = tree({ 'a.yaml': 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata: {name: x\n' });
    const r = await loadScenarioPaths([dir]);
    expect(r.errors.map((e) => e.code)).toEqual(['YAML_SYNTAX']);
  });

  test('scenario names are unique across files', async () => {
    const dir = tree({ 'a.yaml': scenario('same'), 'b.yaml': scenario('same') });
    const r = await loadScenarioPaths([dir]);
    expect(r.scenarios.map((s) => path.basename(s.file))).toEqual(['a.yaml']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'DUPLICATE_NAME', location: { file: path.join(dir, 'b.yaml'), line: 3, column: 18 } });
  });

  test('a directory without scenarios', async () => {
    const dir = tree({ 'm.yaml': 'apiVersion: v1\nkind: ConfigMap\n' });
    const r = await loadScenarioPaths([dir]);
    expect(r.errors.map((e) => e.code)).toEqual(['USAGE']);
  });
});
