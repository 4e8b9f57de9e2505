/**
 * Every claim the seed tutorials make is in the catalogue, every catalogued claim is checked by at
 * least one scenario, and every claim id a scenario names is in the catalogue.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadScenarioPaths } from '../../src/scenario';

const ROOT = join(__dirname, '..', '..');

interface Catalogue {
  tutorials: Record<string, { title: string; claims: number }>;
  claims: Array<{ id: string; status: string; statement: string }>;
}

const catalogue = parse(readFileSync(join(ROOT, 'scenarios', 'claims.yaml'), 'utf8')) as Catalogue;

describe('claim catalogue', () => {
  test('ids are unique, well formed, with a statement and a status', () => {
    const ids = catalogue.claims.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of catalogue.claims) {
      expect(c.id).toMatch(/^00[0-4]-\d+$/);
      expect(c.statement.length).toBeGreaterThan(20);
      expect(['holds', 'outdated', 'qualified']).toContain(c.status);
    }
  });

  test('every claim of every tutorial (as counted in the seeds\' CLAIMS.md) is catalogued, and no other', () => {
    const expected = Object.entries(catalogue.tutorials).flatMap(([tutorial, { claims }]) =>
      Array.from({ length: claims }, (_, i) => `${tutorial}-${i + 1}`));
    expect(catalogue.claims.map((c) => c.id).sort()).toEqual(expected.sort());
  });

  test('every catalogued claim has a scenario, and scenarios name only catalogued claims', async () => {
    const { scenarios, errors } = await loadScenarioPaths([join(ROOT, 'scenarios')]);
    expect(errors.map((e) => e.describe())).toEqual([]);
    const named = new Set(scenarios.flatMap((s) => s.scenario.metadata.claims ?? []));
    const catalogued = new Set(catalogue.claims.map((c) => c.id));
    expect([...catalogued].filter((id) => !named.has(id))).toEqual([]);
    expect([...named].filter((id) => !catalogued.has(id))).toEqual([]);
  }, 60_000); // loading every scenario (with its manifests) takes seconds on a busy machine
});
