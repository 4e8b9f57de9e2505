/**
 * generated/scenario.ts must be what scripts/generate-types.js makes of the schema. The generator
 * runs in a child process: json-schema-to-typescript formats with prettier 3, whose dynamic
 * imports do not load inside jest's CommonJS sandbox.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/generate-types.js');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('generated types', () => {
  test('generated/scenario.ts is up to date with the schema (run npm run generate if not)', () => {
    const fresh = run('--stdout');
    expect(fresh.stderr).toBe('');
    expect(fresh.status).toBe(0);
    expect(readFileSync(path.join(ROOT, 'generated/scenario.ts'), 'utf8')).toBe(fresh.stdout);
  }, 60_000);

  test('--check fails on a stale file and passes on a fresh one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kscenario-gen-'));
    const stale = path.join(dir, 'scenario.ts');
    writeFileSync(stale, '// old\n');
    const failed = run('--check', '--out', stale);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/is stale: run npm run generate/);
    expect(run('--out', stale).status).toBe(0);
    expect(run('--check', '--out', stale).status).toBe(0);
  }, 60_000);
});
