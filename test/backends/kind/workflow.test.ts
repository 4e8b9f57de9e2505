/**
 * .github/workflows/kind.yml is valid YAML of the shape GitHub Actions reads, runs the suite on
 * kind for 1.35, 1.36 and 1.37 (the three minors upstream supports) with the kind release that
 * publishes each node image (checksums pinned), uses only flags the CLI has and files that exist;
 * and the claims table it prints.
 */
import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { parse } from 'yaml';
import { claimsTable, parseClaims, verdict, type Column } from '../../../src/backends/kind/claims-table';
import { chooseImage } from '../../../src/backends/kind/images';
import { main } from '../../../src/cli/main';
import { REPO } from './harness';

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; id?: string; if?: string; name?: string }
interface Job { 'runs-on': string; steps: Step[]; needs?: string[]; strategy?: { matrix: { kubernetes: string[]; shard: number[]; include: Record<string, string>[] } }; 'timeout-minutes'?: number }
interface Workflow { name: string; on: Record<string, unknown>; jobs: Record<string, Job> }

const workflow = parse(readFileSync(join(REPO, '.github/workflows/kind.yml'), 'utf8')) as Workflow;

async function runHelp(): Promise<string> {
  let out = '';
  await main(['run', '--help'], { out: (t) => void (out += t), err: (t) => void (out += t), color: false });
  return out;
}

describe('.github/workflows/kind.yml', () => {
  test('jobs: the simulator, kind per version, then the claims table; every step either uses an action or runs a script', () => {
    expect(workflow.name).toBe('kind');
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['workflow_dispatch', 'pull_request']));
    expect(Object.keys(workflow.jobs)).toEqual(['simulator', 'kind', 'claims']);
    expect(workflow.jobs.claims!.needs).toEqual(['simulator', 'kind']);
    for (const job of Object.values(workflow.jobs)) {
      expect(job['runs-on']).toMatch(/^ubuntu-/);
      expect(job['timeout-minutes']).toBeGreaterThan(0);
      for (const step of job.steps) expect(!!step.uses !== !!step.run).toBe(true);
    }
  });

  test('Node 20 and npm ci in every job', () => {
    for (const job of Object.values(workflow.jobs)) {
      const node = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      expect(node?.with?.['node-version']).toBe(20);
      expect(job.steps.some((s) => s.run === 'npm ci')).toBe(true);
    }
  });

  test('kind for 1.35, 1.36 and 1.37 in shards, each version with the kind release whose notes publish its image, checksum pinned', () => {
    const matrix = workflow.jobs.kind!.strategy!.matrix;
    expect(matrix.kubernetes).toEqual(['1.35', '1.36', '1.37']);
    expect(matrix.shard).toEqual([1, 2, 3, 4]);
    const legs = matrix.include;
    expect(legs.map((l) => l.kubernetes)).toEqual(['1.35', '1.36', '1.37']);
    for (const leg of legs) {
      const image = chooseImage(leg.kubernetes!, leg.kind);
      expect(image.note).toBeUndefined(); // the image of this minor is one of this kind release's
      expect(image.image!.kind).toBe(leg.kind);
      expect(leg['kind-sha256']).toMatch(/^[0-9a-f]{64}$/);
      expect(leg.kubectl).toBe(`v${image.image!.version}`);
    }
    const install = workflow.jobs.kind!.steps.find((s) => s.run?.includes('kind-linux-amd64'))!.run!;
    expect(install).toContain('releases/download/${{ matrix.kind }}/kind-linux-amd64');
    expect(install).toContain('echo "${{ matrix.kind-sha256 }}  kind" | sha256sum --check');
  });

  test('the kscenario commands use flags the CLI has, and the JUnit reports are uploaded', async () => {
    const help = await runHelp();
    const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')).filter((r) => r.includes('npx kscenario run'));
    expect(runs.length).toBe(3);
    for (const r of runs) {
      for (const flag of r.match(/--[a-z][a-z-]+/g) ?? []) expect(help).toContain(flag);
    }
    expect(runs.filter((r) => r.includes('--backend kind') && r.includes('--kubernetes-version "$K8S"'))).toHaveLength(2);
    const uploads = Object.values(workflow.jobs).flatMap((j) => j.steps).filter((s) => s.uses?.startsWith('actions/upload-artifact@')).map((s) => String(s.with?.path));
    expect(uploads.join('\n')).toContain('junit-kind-${{ matrix.kubernetes }}-shard${{ matrix.shard }}.xml');
    expect(uploads.join('\n')).toContain('junit-simulator.xml');
  });

  test('files it runs exist, and its inline scripts parse', () => {
    const text = readFileSync(join(REPO, '.github/workflows/kind.yml'), 'utf8');
    for (const f of ['bench/claims-table.js', 'bench/junit-from-json.js', 'scenarios/claims.yaml']) {
      expect(text).toContain(f);
      expect(existsSync(join(REPO, f))).toBe(true);
      if (f.endsWith('.js')) execFileSync(process.execPath, ['--check', join(REPO, f)]);
    }
    for (const m of text.matchAll(/node -e '([^']+)'/g)) expect(() => new Script(m[1]!)).not.toThrow();
  });

  test('the shards split the runnable scenarios into consecutive runs that cover each once', () => {
    const script = /node -e '(const files = [^']+)'/.exec(readFileSync(join(REPO, '.github/workflows/kind.yml'), 'utf8'))![1]!;
    const plan = { scenarios: Array.from({ length: 10 }, (_, i) => ({ file: `s${i}.yaml`, refused: i === 4 ? ['no'] : [] })) };
    const shards = [1, 2, 3, 4].map((shard) => {
      const out: string[] = [];
      const fn = new Function('require', 'process', 'console', script);
      fn(() => plan, { env: { SHARD: String(shard), SHARDS: '4' } }, { log: (l: string) => out.push(l) });
      return out;
    });
    expect(shards).toEqual([['s0.yaml', 's1.yaml', 's2.yaml'], ['s3.yaml', 's5.yaml', 's6.yaml'], ['s7.yaml', 's8.yaml', 's9.yaml'], []]);
  });
});

describe('claims table', () => {
  const claims = parseClaims(readFileSync(join(REPO, 'scenarios/claims.yaml'), 'utf8'));
  const sim: Column = {
    label: 'simulator',
    report: { scenarios: [
      { name: 'a', claims: ['000-1', '000-2'], status: 'passed' },
      { name: 'b', claims: ['000-2'], status: 'passed' },
    ] },
  };
  const kind: Column = {
    label: 'kind 1.35',
    report: { scenarios: [
      { name: 'a', claims: ['000-1', '000-2'], status: 'passed' },
      { name: 'b', claims: ['000-2'], status: 'failed' },
      { name: 'c', claims: ['000-4'], status: 'error' },
    ] },
    plan: { scenarios: [
      { name: 'd', claims: ['000-3'], refused: ['scenarios/x.yaml:3:7: the failProbe step needs simulator-only controls, which the kind backend does not have\n  hint: ...'] },
      { name: 'e', claims: ['000-1'], refused: ['scenarios/y.yaml:1:1: node w asks for capacity cpu: 2'] },
    ] },
  };

  test('a verdict per claim and run', () => {
    expect(verdict('000-1', kind)).toEqual({ verdict: 'holds', text: '✓ holds (1 scenario(s); 1 refused)' });
    expect(verdict('000-2', kind)).toEqual({ verdict: 'fails', text: '✗ fails: b' });
    expect(verdict('000-4', kind)).toEqual({ verdict: 'error', text: '! error: c' });
    expect(verdict('000-3', kind)).toEqual({ verdict: 'refused', text: 'refused: the failProbe step needs simulator-only controls, which the kind backend does not have' });
    expect(verdict('000-5', kind)).toEqual({ verdict: 'not run', text: '— not run' });
  });

  test('every catalogued claim is a row, with its catalogue status; a summary per run', () => {
    const table = claimsTable(claims, [sim, kind]);
    const rows = table.split('\n').filter((l) => /^\| \d{3}-\d+ \|/.test(l));
    expect(rows).toHaveLength(claims.length);
    expect(table.split('\n').slice(0, 2)).toEqual(['| claim | catalogue | simulator | kind 1.35 |', '| --- | --- | --- | --- |']);
    expect(rows[1]).toBe('| 000-2 | holds | ✓ holds | ✗ fails: b |');
    expect(table).toContain(`- kind 1.35: 1 holds, 1 fails, 1 error, 1 refused, ${claims.length - 4} not run`);
  });
});
