/**
 * src/scenario/schema-validators.generated.ts (the schema compiled at build time) must be what
 * scripts/generate-validators.js makes of the schema, and must validate exactly as ajv compiling
 * the schema at run time does: the same errors, pointing at the same schema nodes (by identity,
 * as the loader's messages need), and the same matcher slots.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject } from 'ajv';
import { recordingSlots } from '../../src/scenario/matcher-slots';
import { SCENARIO_SCHEMA, SCHEMA_ID, schemaPosition, validate, withMarkers } from '../../src/scenario/schema';
import { scenarioAjv } from '../../src/scenario/schema-ajv';
import { filePositions, parseYaml } from '../../src/scenario/source';
import { documentValue } from '../../src/scenario/values';
import { scenarioFiles } from '../scenarios/scenario-names';
import { expectCheckRoundTrip, runGenerator } from '../support/generator-check';

const ROOT = path.resolve(__dirname, '../..');
const GENERATED = path.join(ROOT, 'src/scenario/schema-validators.generated.ts');
const run = (...args: string[]) => runGenerator('generate-validators.js', ...args);

/** The validated copy of a scenario file, as the loader makes it. */
function validatedCopy(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const parsed = parseYaml(text, filePositions(file));
  return withMarkers(documentValue(parsed.docs[0]!, text, parsed.at).value) as Record<string, unknown>;
}

/** Documents with the mistakes authors make, each a copy of a valid one. */
function variants(data: Record<string, unknown>): unknown[] {
  const copy = () => structuredClone(data) as { metadata: Record<string, unknown>; spec: Record<string, unknown> & { steps?: Array<Record<string, unknown>>; cluster?: Record<string, unknown> } };
  const unknownField = copy();
  unknownField.spec.steps?.[0] && (unknownField.spec.steps[0]['frobnicate'] = 1);
  const wrongType = copy();
  wrongType.metadata['name'] = 5;
  const badCluster = copy();
  badCluster.spec.cluster = { nodes: 'three' };
  const twoVerbs = copy();
  twoVerbs.spec.steps?.[0] && (twoVerbs.spec.steps[0]['sleep'] = '1s');
  const misplacedMatcher = copy();
  misplacedMatcher.metadata['title'] = { $matcher: 'regex' };
  return [data, unknownField, wrongType, badCluster, twoVerbs, misplacedMatcher];
}

/** An error with its schema nodes replaced by where they sit, so identity is what is compared. */
function comparable(errors: ErrorObject[]): unknown[] {
  return errors.map((e) => ({ ...e, parentSchema: schemaPosition(e.parentSchema as object) ?? 'not a node of the imported schema', schema: typeof e.schema === 'object' && e.schema !== null ? schemaPosition(e.schema) ?? e.schema : e.schema }));
}

describe('schema validators compiled at build time', () => {
  test('the generated file is up to date with the schema (run npm run generate if not)', () => {
    const fresh = run('--stdout');
    expect(fresh.stderr).toBe('');
    expect(fresh.status).toBe(0);
    expect(readFileSync(GENERATED, 'utf8')).toBe(fresh.stdout);
  }, 60_000);

  test('--check fails on a stale file and passes on a fresh one', () => expectCheckRoundTrip('generate-validators.js', 'validators.ts'), 60_000);

  test('every scenario, and each with a mistake, gets the errors and matcher slots of run-time compiled ajv', () => {
    const runtime = scenarioAjv(SCENARIO_SCHEMA).getSchema(SCHEMA_ID)!;
    let invalid = 0;
    let slots = 0;
    for (const file of scenarioFiles(path.join(ROOT, 'scenarios'))) {
      for (const doc of variants(validatedCopy(file))) {
        const built = validate('', doc);
        const compiled = recordingSlots(() => runtime(doc));
        const expected = { errors: comparable([...(runtime.errors ?? [])]), slots: compiled.slots };
        expect({ file, errors: comparable(built.errors), slots: built.slots }).toEqual({ file, ...expected });
        if (built.errors.length) invalid++;
        slots += built.slots.size;
      }
    }
    expect(invalid).toBeGreaterThan(100);
    expect(slots).toBeGreaterThan(0);
  }, 60_000);
});
