/**
 * The package as a user gets it: `npm pack`, the tarball unpacked into a clean directory's
 * node_modules, and there the bin (`--version`, `run`), `require('kscenario')` and
 * `require('kscenario/jest')` (and an ES module import), the HTML report (its assets shipped), a jest suite made by describeScenarios
 * (one scenario passing, one failing with the console's diff, one invalid), and the types under tsc (node16
 * resolution, which reads `exports`, and node10, which reads `types`/`typesVersions`), and
 * `npx kscenario init` in a new project with the workflow's own command line run by bash.
 *
 * Without network: `npm install --offline` finds no npm cache on these machines, so the
 * package's dependencies are linked from this repository's node_modules (what an install would
 * put there; their own dependencies resolve from the links' real paths). dist/ is rebuilt first
 * when a source file is newer than it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFiles } from '../support/inline';

const ROOT = join(__dirname, '..', '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const MODULES = join(ROOT, 'node_modules');

const FAILING = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: consumer-wrong-image}
spec:
  setup:
    - apply: manifests/web.yaml
  steps:
    - name: the pods run nginx 1.99
      expect:
        within: 1m
        resources:
          - {kind: Pod, name: web-0, match: {spec: {containers: [{name: nginx, image: "nginx:1.99"}]}}}
`;

/** An invalid file: its own test fails with the loader's message, the others run. */
const BROKEN = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: consumer-broken}
spec:
  steps:
    - sleep: 1s
      colour: red
`;

const JEST_SUITE = `const path = require('node:path');
const { describeScenarios } = require('kscenario/jest');
describeScenarios(path.join(__dirname, 'scenarios'));
`;

const TYPED = `import { loadScenario, runScenario, renderScenarioResult, type ScenarioResult } from 'kscenario';
import { describeScenarios, type DescribeScenariosOptions } from 'kscenario/jest';
export async function check(file: string): Promise<string> {
  const result: ScenarioResult = await runScenario(await loadScenario(file), { seed: 1, backend: 'simulator' });
  // @ts-expect-error a status is one of four words: the types are kscenario's, not any
  const n: number = result.status;
  return renderScenarioResult(result) + String(n);
}
const options: DescribeScenariosOptions = { filter: 'web', kubernetesVersion: '1.36' };
export const declare = (): void => describeScenarios('scenarios', options);
`;

let dir: string;

function run(cmd: string, args: string[], cwd = dir): { code: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_PATH: '', FORCE_COLOR: '0', NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  buildIfStale();
  dir = writeFiles({
    'package.json': JSON.stringify({ name: 'consumer', private: true, jest: { testEnvironment: 'node', transform: {} } }),
    'scenarios/wrong-image.yaml': FAILING,
    'scenarios/broken.yaml': BROKEN,
    'scenarios.test.js': JEST_SUITE,
    'typed.ts': TYPED,
  });
  cpSync(join(ROOT, 'examples', 'jest', 'scenarios'), join(dir, 'scenarios'), { recursive: true });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })) as Array<{ filename: string }>;
  const installed = join(dir, 'node_modules', 'kscenario');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', join(dir, packed[0]!.filename), '-C', installed, '--strip-components', '1']);
  // what an install adds besides the package: its dependencies, and @types/node as a TypeScript user has
  for (const dep of [...Object.keys(PKG.dependencies), '@types/node']) {
    mkdirSync(dirname(join(dir, 'node_modules', dep)), { recursive: true });
    symlinkSync(join(MODULES, dep), join(dir, 'node_modules', dep));
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packed package, installed in a clean directory', () => {
  test('the bin prints the version and runs a scenario', () => {
    const bin = join(dir, 'node_modules', 'kscenario', 'bin', 'kscenario.js');
    expect(run('node', [bin, '--version'])).toEqual({ code: 0, out: `${PKG.version}\n` });
    const r = run('node', [bin, 'run', 'scenarios/web-scales.yaml']);
    expect(r.out).toMatch(/^1 passed, 0 failed$/m);
    expect(r.code).toBe(0);
  });

  test('the bin writes the HTML report: its page assets and the d3 modules ship with the package', () => {
    const bin = join(dir, 'node_modules', 'kscenario', 'bin', 'kscenario.js');
    const r = run('node', [bin, 'run', 'scenarios/web-scales.yaml', '--report', 'html=html-report']);
    expect(r).toEqual({ code: 0, out: expect.stringMatching(/^1 passed, 0 failed$/m) });
    const page = readFileSync(join(dir, 'html-report', 'report.html'), 'utf8');
    expect(page).toContain('https://d3js.org/d3-zoom/');
    expect(page).toContain('"name":"example-web-scales"');
  });

  test('kscenario and kscenario/jest load with require and import', () => {
    const cjs = run('node', ['-e', "const k = require('kscenario'); const j = require('kscenario/jest'); console.log(typeof k.runScenario, typeof k.loadScenario, typeof j.describeScenarios, k.version)"]);
    expect(cjs).toEqual({ code: 0, out: `function function function ${PKG.version}\n` });
    const esm = run('node', ['--input-type=module', '-e', "import { runScenario } from 'kscenario'; import { describeScenarios } from 'kscenario/jest'; console.log(typeof runScenario, typeof describeScenarios)"]);
    expect(esm).toEqual({ code: 0, out: 'function function\n' });
  });

  test('describeScenarios makes a test per scenario; a failure shows the console report with its diff, an invalid file its problems', () => {
    const r = run('node', [join(MODULES, 'jest', 'bin', 'jest.js'), '--ci', '--rootDir', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✓ example-web-scales \(web-scales\.yaml\)/);
    expect(r.out).toMatch(/✕ consumer-wrong-image \(wrong-image\.yaml\)/);
    expect(r.out).toContain('✗ the pods run nginx 1.99');
    expect(r.out).toContain('Pod web-0: spec.containers[name=nginx].image: expected nginx:1.99, observed nginx:1.16.1');
    expect(r.out).toMatch(/^ +- {6}- image: nginx:1\.99$/m);
    expect(r.out).toMatch(/^ +\+ {6}- image: nginx:1\.16\.1$/m);
    expect(r.out).not.toContain('at runAsTest'); // the report, not kscenario's call stack
    expect(r.out).toMatch(/✕ consumer-broken \(broken\.yaml\)/);
    expect(r.out).toMatch(/broken\.yaml:7:7: .*unknown field 'colour'/);
    expect(r.out).toMatch(/Tests:\s+2 failed, 1 passed, 3 total/);
  }, 120_000);

  test.each(['node16', 'node10'])('the types check under tsc (moduleResolution %s)', (resolution) => {
    const module = resolution === 'node16' ? 'node16' : 'commonjs';
    const tsconfig = { compilerOptions: { strict: true, noEmit: true, module, moduleResolution: resolution, target: 'es2022', types: ['node'], skipLibCheck: false }, files: ['typed.ts'] };
    writeFileSync(join(dir, `tsconfig.${resolution}.json`), JSON.stringify(tsconfig));
    expect(run('node', [join(MODULES, 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${resolution}.json`])).toEqual({ code: 0, out: '' });
  }, 120_000);

  test('npx kscenario init starts a project whose workflow command passes and whose $schema line finds the installed schema', () => {
    // what npm install adds for the bin; a project beside the consumer's files, using its node_modules
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join('..', 'kscenario', 'bin', 'kscenario.js'), join(dir, 'node_modules', '.bin', 'kscenario'));
    chmodSync(join(dir, 'node_modules', 'kscenario', 'bin', 'kscenario.js'), 0o755);
    const project = join(dir, 'project');
    mkdirSync(project);
    symlinkSync(join(dir, 'node_modules'), join(project, 'node_modules'));

    const init = run('npx', ['--no', 'kscenario', 'init'], project);
    expect(init.out).toContain('wrote 5 files');
    expect(init.code).toBe(0);
    const scenario = join(project, 'scenarios', 'web-rollout.yaml');
    const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(scenario, 'utf8'))![1]!;
    expect(JSON.parse(readFileSync(join(dirname(scenario), schema), 'utf8'))).toEqual(JSON.parse(readFileSync(join(ROOT, 'schema', 'scenario.schema.json'), 'utf8')));
    // the format the scenario's comments point at ships with the package
    expect(readFileSync(scenario, 'utf8')).toContain('node_modules/kscenario/docs/format.md');
    expect(statSync(join(project, 'node_modules', 'kscenario', 'docs', 'format.md')).isFile()).toBe(true);

    // the workflow's command line, as GitHub's `shell: bash` runs it (bash -e with pipefail)
    const workflow = readFileSync(join(project, '.github', 'workflows', 'kscenario.yml'), 'utf8');
    const line = /^ +run: (npx kscenario run .*)$/m.exec(workflow)![1]!.replaceAll('${{ matrix.kubernetes-version }}', '1.37');
    const ci = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', line], project);
    expect(ci.out).toMatch(/^1 passed, 0 failed$/m);
    expect(ci.code).toBe(0);
    expect(readFileSync(join(project, 'kscenario-junit.xml'), 'utf8')).toContain('web-rollout');
    expect(readFileSync(join(project, 'kscenario-report.txt'), 'utf8')).toMatch(/^1 passed, 0 failed$/m);
  }, 120_000);
});

/** Rebuilds dist/ (npm run build) when it is missing or older than a source file. */
function buildIfStale(): void {
  const built = mtime(join(ROOT, 'dist', 'src', 'index.js'));
  const sources = ['src', 'generated', 'schema'].flatMap((d) => filesUnder(join(ROOT, d)));
  if (built !== undefined && sources.every((f) => mtime(f)! <= built)) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

function mtime(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function filesUnder(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));
}
