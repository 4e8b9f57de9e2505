/**
 * `kscenario run` and its reporters: the lifecycle events a reporter hears (in this thread and
 * from worker threads), several reports at once, and `--output` where no report writes a file.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../src/cli/run-command';
import type { Reporter } from '../../src/report/reporter';
import { runInline, webDeploymentScenario, writeFiles } from '../support/inline';

const READY = `    - name: ready
      expect: {within: 2m, resources: [{kind: Deployment, name: web, match: {status: {readyReplicas: 2}}}]}
    - sleep: 10s
`;
const FILES = { 'a.yaml': webDeploymentScenario('a', 2, READY), 'b.yaml': webDeploymentScenario('b', 2, READY) };

/** Every event but `waiting` (how many depends on wall time), as `hook scenario detail`. */
function recorder(): { reporter: Reporter; heard: string[] } {
  const heard: string[] = [];
  const reporter: Reporter = {
    runBegin: (ss) => void heard.push(`runBegin ${ss.map((s) => s.name).join(',')}`),
    scenarioBegin: (s) => void heard.push(`scenarioBegin ${s.name}`),
    stepBegin: (name, step) => void heard.push(`stepBegin ${name} ${step.title}`),
    stepEnd: (name, step) => void heard.push(`stepEnd ${name} ${step.title} ${step.status}`),
    scenarioEnd: (name) => void heard.push(`scenarioEnd ${name}`),
    scenarioDone: (r) => void heard.push(`scenarioDone ${r.name} ${r.status}`),
    finish: (rs) => {
      heard.push(`finish ${rs.length}`);
      return undefined;
    },
  };
  return { reporter, heard };
}

async function runHeard(workers: number): Promise<string[]> {
  const dir = writeFiles(FILES);
  const { reporter, heard } = recorder();
  const io = { out: () => undefined, err: () => undefined, color: false };
  const code = await runCommand([join(dir, 'a.yaml'), join(dir, 'b.yaml')], { backend: 'simulator', workers, reporters: [reporter] }, io);
  expect(code).toBe(0);
  return heard;
}

const SCENARIO_EVENTS = (name: string) => [
  `scenarioBegin ${name}`,
  `stepBegin ${name} apply Deployment/web`, `stepEnd ${name} apply Deployment/web passed`,
  `stepBegin ${name} ready`, `stepEnd ${name} ready passed`,
  `stepBegin ${name} sleep 10s`, `stepEnd ${name} sleep 10s passed`,
  `scenarioEnd ${name}`,
];

describe('reporter lifecycle events', () => {
  test('serially: run, each scenario with its steps in order, then the run ends', async () => {
    expect(await runHeard(1)).toEqual([
      'runBegin a,b',
      ...SCENARIO_EVENTS('a'), 'scenarioDone a passed',
      ...SCENARIO_EVENTS('b'), 'scenarioDone b passed',
      'finish 2',
    ]);
  });

  test('with --workers 2: step events come from the threads in order per scenario; results in scenario order', async () => {
    const heard = await runHeard(2);
    expect(heard[0]).toBe('runBegin a,b');
    expect(heard.at(-1)).toBe('finish 2');
    for (const name of ['a', 'b']) {
      expect(heard.filter((h) => h.split(' ')[1] === name && !h.startsWith('scenarioDone'))).toEqual(SCENARIO_EVENTS(name));
      // a scenario is done after its last step
      expect(heard.indexOf(`scenarioDone ${name} passed`)).toBeGreaterThan(heard.indexOf(`scenarioEnd ${name}`));
    }
    expect(heard.filter((h) => h.startsWith('scenarioDone'))).toEqual(['scenarioDone a passed', 'scenarioDone b passed']);
  }, 120_000);
});

describe('several reporters', () => {
  test('console, junit and json at once: the console prints, each file report is written', async () => {
    const r = await runInline(FILES, ['run', 'a.yaml', 'b.yaml', '--reporter', 'console', '--reporter', 'junit=out.xml', '--reporter', 'json=report.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2 passed, 0 failed$/m);
    expect(readFileSync(join(r.dir, 'out.xml'), 'utf8')).toMatch(/<testsuites name="kscenario" tests="2" failures="0"/);
    expect(JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')).summary).toMatchObject({ passed: 2, failed: 0 });
  });

  test('a file report named alone: the console still prints, as with --output', async () => {
    const r = await runInline(FILES, ['run', 'a.yaml', '--reporter', 'junit=out.xml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
    expect(readFileSync(join(r.dir, 'out.xml'), 'utf8')).toContain('<testcase name="a"');
  });

  test('each report path is checked before the run: an unwritable one is a usage error naming it', async () => {
    const r = await runInline(FILES, ['run', 'a.yaml', '--reporter', 'junit=out.xml', '--reporter', 'json=missing/report.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reporter json=missing/report.json: cannot write the report there: no such file or directory');
    expect(r.stdout).toBe('');
    expect(existsSync(join(r.dir, 'out.xml'))).toBe(false);
  });

  test('two reports on stdout are a usage error', async () => {
    const r = await runInline(FILES, ['run', 'a.yaml', '--reporter', 'console', '--reporter', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reporter: console and json would all print to stdout');
  });
});

describe('--output', () => {
  test('with the console report alone is a usage error: it writes no file', async () => {
    for (const args of [['--output', 'out.xml'], ['--reporter', 'console', '--output', 'out.xml']]) {
      const r = await runInline(FILES, ['run', 'a.yaml', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--output out.xml: no report to write there: the console report prints to stdout and writes no file');
      expect(r.stdout).toBe('');
      expect(existsSync(join(r.dir, 'out.xml'))).toBe(false);
    }
  });

  test('cannot go to two reports, and the console takes no file', async () => {
    const two = await runInline(FILES, ['run', 'a.yaml', '--reporter', 'junit', '--reporter', 'json', '--output', 'out']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('--output out: junit and json cannot both be written to one file');
    const named = await runInline(FILES, ['run', 'a.yaml', '--reporter', 'console=out.txt']);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('--reporter console=out.txt: the console report writes no file');
  });

  test('still gives its file to the one file report named without one', async () => {
    const r = await runInline(FILES, ['run', 'a.yaml', '--reporter', 'json', '--reporter', 'junit=out.xml', '--output', 'report.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
    expect(JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')).summary.passed).toBe(1);
    expect(readFileSync(join(r.dir, 'out.xml'), 'utf8')).toContain('<testcase name="a"');
  });
});
