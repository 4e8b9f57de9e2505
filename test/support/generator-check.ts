/**
 * The round trip every generator's `--check` must pass (scripts/generated-output.js): a stale
 * file fails with a hint to run npm run generate, writing it makes it fresh, and then it passes.
 */
import { expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Runs scripts/<script> with `args` in the repository root. */
export function runGenerator(script: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function expectCheckRoundTrip(script: string, fileName: string): void {
  const stale = path.join(mkdtempSync(path.join(tmpdir(), 'kscenario-gen-')), fileName);
  writeFileSync(stale, '// old\n');
  const failed = runGenerator(script, '--check', '--out', stale);
  expect(failed.status).toBe(1);
  expect(failed.stderr).toMatch(/is stale: run npm run generate/);
  expect(runGenerator(script, '--out', stale).status).toBe(0);
  expect(runGenerator(script, '--check', '--out', stale).status).toBe(0);
}
