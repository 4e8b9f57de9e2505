/**
 * generated/scenario.ts must be what scripts/generate-types.js makes of the schema. The generator
 * runs in a child process: json-schema-to-typescript formats with prettier 3, whose dynamic
 * imports do not load inside jest's CommonJS sandbox.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'fs';
import * as path from 'path';
import { expectCheckRoundTrip, runGenerator } from '../support/generator-check';

const ROOT = path.resolve(__dirname, '../..');
const run = (...args: string[]) => runGenerator('generate-types.js', ...args);

describe('generated types', () => {
  test('generated/scenario.ts is up to date with the schema (run npm run generate if not)', () => {
    const fresh = run('--stdout');
    expect(fresh.stderr).toBe('');
    expect(fresh.status).toBe(0);
    expect(readFileSync(path.join(ROOT, 'generated/scenario.ts'), 'utf8')).toBe(fresh.stdout);
  }, 60_000);

  test('--check fails on a stale file and passes on a fresh one', () => expectCheckRoundTrip('generate-types.js', 'scenario.ts'), 60_000);
});
