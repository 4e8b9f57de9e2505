/**
 * `kscenario init` through the real CLI (in-process): the files it writes validate and pass on
 * the simulator, the workflow's commands run as written (the README's among them), existing files
 * are refused by name unless --force, and --dry-run writes nothing.
 */
import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse as parseShell } from 'shell-quote';
import { parse as parseYaml } from 'yaml';
import { githubRepositoryOf } from '../../src/cli/init-command';
import { DEFAULT_VERSION, SUPPORTED_VERSIONS } from '../../src/kube/version';
import { PACKAGE_VERSION } from '../../src/paths';
import { runIn, writeFiles } from '../support/inline';

const ROOT = join(__dirname, '..', '..');
const SCENARIO = 'scenarios/web-rollout.yaml';
const WORKFLOW = '.github/workflows/kscenario.yml';
const WRITTEN = [SCENARIO, 'scenarios/manifests/web.yaml', WORKFLOW, '.gitignore', 'package.json'];

interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { strategy: { matrix: { 'kubernetes-version': unknown[] } }; steps: WorkflowStep[] }>;
}

function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'kscenario-init-'));
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

function workflowOf(dir: string): Workflow {
  return parseYaml(readFileSync(join(dir, WORKFLOW), 'utf8')) as Workflow;
}

function onlyJob(workflow: Workflow): Workflow['jobs'][string] {
  const jobs = Object.values(workflow.jobs);
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

/** The words of a shell command line, split as bash does; operators (`|`) as `{op}` entries. */
function words(line: string): Array<string | { op: string }> {
  return parseShell(line) as Array<string | { op: string }>;
}

describe('kscenario init', () => {
  test('writes a starter scenario that validates and passes on the simulator', async () => {
    const dir = emptyDir();
    const init = await runIn(dir, ['init']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(filesUnder(dir)).toEqual([...WRITTEN].sort());
    for (const file of WRITTEN) expect(init.stdout).toContain(file);

    const validate = await runIn(dir, ['validate']);
    expect(validate).toMatchObject({ code: 0, stderr: '', stdout: '1 valid, no errors\n' });
    const run = await runIn(dir, ['run', 'scenarios/']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('✓ availability never dropped');
    expect(run.stdout).toMatch(/^1 passed, 0 failed$/m);
    expect(run.code).toBe(0);
  }, 60_000);

  test('the scenario names the schema where an npm install puts it, for editors', async () => {
    const dir = emptyDir();
    await runIn(dir, ['init']);
    const first = readFileSync(join(dir, SCENARIO), 'utf8').split('\n')[0];
    const schema = /^# yaml-language-server: \$schema=(\S+)$/.exec(first!)?.[1];
    expect(schema).toBeDefined();
    expect(join(dirname(join(dir, SCENARIO)), schema!)).toBe(join(dir, 'node_modules', 'kscenario', 'schema', 'scenario.schema.json'));
    // the package ships that file (test/package/pack.test.ts opens it in an installed copy)
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, string> };
    expect(pkg.exports['./schema/scenario.schema.json']).toBe('./schema/scenario.schema.json');
    // the package.json it writes installs that package, at this release
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toEqual({ private: true, devDependencies: { kscenario: `^${PACKAGE_VERSION}` } });
  });

  test('the workflow installs kscenario, runs the command the README gives on every matrix version, and keeps the reports it writes', async () => {
    const dir = emptyDir();
    const init = await runIn(dir, ['init', ...SUPPORTED_VERSIONS.flatMap((v) => ['--kubernetes-version', v])]);
    expect(init.code).toBe(0);
    const workflow = workflowOf(dir);
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const job = onlyJob(workflow);
    expect(job.strategy.matrix['kubernetes-version']).toEqual([...SUPPORTED_VERSIONS]);

    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const node = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(Number(node?.with?.['node-version'])).toBeGreaterThanOrEqual(Number(/^>=(\d+)$/.exec(engines)![1]));
    const runs = job.steps.filter((s) => s.run !== undefined).map((s) => s.run!);
    const kscenarioRun = job.steps.find((s) => s.run?.includes('kscenario run'))!;
    expect(runs.indexOf('npm ci')).toBeGreaterThanOrEqual(0);
    expect(runs.indexOf('npm ci')).toBeLessThan(runs.indexOf(kscenarioRun.run!));
    // a pipe into tee: bash with pipefail, so kscenario's exit code fails the step
    expect(kscenarioRun.shell).toBe('bash');

    // the README snippet's command is where the workflow's starts
    const readmeRun = /^(npx kscenario run scenarios\/)\s+#/m.exec(init.stdout)?.[1];
    expect(readmeRun).toBe('npx kscenario run scenarios/');
    expect(kscenarioRun.run!.startsWith(readmeRun!)).toBe(true);

    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toContain('!cancelled()');
    const kept = String(upload.with?.path).trim().split('\n');

    for (const version of SUPPORTED_VERSIONS) {
      const line = kscenarioRun.run!.replaceAll('${{ matrix.kubernetes-version }}', version);
      const parts = words(line);
      const pipe = parts.findIndex((w) => typeof w === 'object');
      expect(parts.slice(0, 2)).toEqual(['npx', 'kscenario']);
      expect(parts[pipe]).toEqual({ op: '|' });
      const [tee, teeFile] = parts.slice(pipe + 1) as string[];
      expect(tee).toBe('tee');
      const run = await runIn(dir, parts.slice(2, pipe) as string[]);
      expect({ version, code: run.code, stderr: run.stderr }).toEqual({ version, code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^1 passed, 0 failed$/m);
      const junit = (parts.slice(2, pipe) as string[]).find((w) => w.startsWith('junit='))!.slice('junit='.length);
      expect(readFileSync(join(dir, junit), 'utf8')).toMatch(/<testsuites[^>]* tests="\d+" failures="0"/);
      expect(kept).toEqual([junit, teeFile]);
    }
  }, 120_000);

  test('the README snippet validates as written, and has the badge of the GitHub remote', async () => {
    const dir = emptyDir();
    execFileSync('git', ['init', '-q', dir], { stdio: 'pipe' });
    execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', 'git@github.com:acme/shop.git'], { stdio: 'pipe' });
    const init = await runIn(dir, ['init']);
    expect(init.stdout).toContain('[![kscenario](https://github.com/acme/shop/actions/workflows/kscenario.yml/badge.svg)](https://github.com/acme/shop/actions/workflows/kscenario.yml)');
    expect(init.stdout).not.toContain('OWNER/REPO');
    const validate = /^npx kscenario (validate scenarios\/)\s+#/m.exec(init.stdout)?.[1];
    expect(await runIn(dir, validate!.split(' '))).toMatchObject({ code: 0, stdout: '1 valid, no errors\n' });
  });

  test('without a GitHub remote the badge has a placeholder, and the output says to replace it', async () => {
    const init = await runIn(emptyDir(), ['init']);
    expect(init.stdout).toContain('https://github.com/OWNER/REPO/actions/workflows/kscenario.yml/badge.svg');
    expect(init.stdout).toContain('replace OWNER/REPO');
  });

  test('refuses when files exist, naming each, with exit 2, and writes nothing', async () => {
    const dir = writeFiles({ [SCENARIO]: 'mine\n', [WORKFLOW]: 'mine too\n' });
    const init = await runIn(dir, ['init']);
    expect(init.code).toBe(2);
    expect(init.stdout).toBe('');
    expect(init.stderr).toContain('these files exist; nothing was written');
    expect(init.stderr).toContain(`  ${SCENARIO}\n`);
    expect(init.stderr).toContain(`  ${WORKFLOW}\n`);
    expect(init.stderr).toContain('--force');
    expect(filesUnder(dir)).toEqual([WORKFLOW, SCENARIO].sort());
    expect(readFileSync(join(dir, SCENARIO), 'utf8')).toBe('mine\n');
  });

  test('names the files under the directory given', async () => {
    const parent = writeFiles({ [`project/${SCENARIO}`]: 'mine\n' });
    const init = await runIn(parent, ['init', 'project']);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain(`  project/${SCENARIO}\n`);
  });

  test('--force replaces the scenario files and the workflow, and keeps the project\'s package.json and .gitignore', async () => {
    const own = JSON.stringify({ name: 'shop', devDependencies: { jest: '^29' } });
    const dir = writeFiles({ [SCENARIO]: 'mine\n', 'package.json': own, '.gitignore': 'dist/\n' });
    const init = await runIn(dir, ['init', '--force']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`replacing ${SCENARIO}`);
    expect(init.stdout).toContain('kept package.json: it exists');
    expect(init.stdout).toContain('kept .gitignore: it exists');
    expect(init.stdout).toContain('npm install --save-dev kscenario');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(own);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('dist/\n');
    expect(readFileSync(join(dir, SCENARIO), 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
    expect(await runIn(dir, ['run'])).toMatchObject({ code: 0 });
  }, 60_000);

  test('a directory where init writes a file is refused, also with --force', async () => {
    const dir = emptyDir();
    mkdirSync(join(dir, SCENARIO), { recursive: true });
    const init = await runIn(dir, ['init', '--force']);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain(`${SCENARIO} is not a file`);
    expect(filesUnder(dir)).toEqual([]);
  });

  test('a file given as the directory is refused', async () => {
    const dir = writeFiles({ 'notes.txt': 'x' });
    const init = await runIn(dir, ['init', 'notes.txt']);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('kscenario init notes.txt: it is a file, not a directory');
  });

  test('--dry-run prints every file as init writes it and writes nothing, not even the directory', async () => {
    const parent = emptyDir();
    const dry = await runIn(parent, ['init', 'project', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(filesUnder(parent)).toEqual([]);
    expect(existsSync(join(parent, 'project'))).toBe(false);
    await runIn(parent, ['init', 'project']);
    for (const file of WRITTEN) expect(dry.stdout).toContain(`--- project/${file} ---\n${readFileSync(join(parent, 'project', file), 'utf8')}`);
  });

  test('--dry-run refuses as init would when files exist', async () => {
    const dir = writeFiles({ [SCENARIO]: 'mine\n' });
    expect(await runIn(dir, ['init', '--dry-run'])).toMatchObject({ code: 2, stdout: '' });
  });

  test('--kubernetes-version: the default is the simulator\'s; one the simulator does not emulate is refused', async () => {
    const dir = emptyDir();
    await runIn(dir, ['init']);
    expect(onlyJob(workflowOf(dir)).strategy.matrix['kubernetes-version']).toEqual([DEFAULT_VERSION]);
    const bad = await runIn(emptyDir(), ['init', '--kubernetes-version', '1.28']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'1.28' is invalid. not a version the simulator emulates; supported: 1.29");
  });
});

describe('githubRepositoryOf', () => {
  test.each([
    ['git@github.com:acme/shop.git', 'acme/shop'],
    ['https://github.com/acme/shop.git', 'acme/shop'],
    ['https://github.com/acme/shop', 'acme/shop'],
    ['https://token@github.com/acme/my.shop\n', 'acme/my.shop'],
    ['ssh://git@github.com/acme/shop.git', 'acme/shop'],
    ['https://gitlab.com/acme/shop.git', undefined],
    ['git@github.com.evil.example:acme/shop.git', undefined],
    ['/srv/git/shop.git', undefined],
  ])('%s → %s', (url, repository) => {
    expect(githubRepositoryOf(url)).toBe(repository);
  });
});
