/**
 * `--report html=DIR` (also `--reporter html=DIR`) and `kscenario report`: where the page goes,
 * the directory checked before the run, the page the same on worker threads, the console naming
 * the page under a failed scenario, and the same page later from `--history DIR`'s files.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioTimeline } from '../../src/report/timeline/model';
import { runInline, webDeploymentScenario } from '../support/inline';

const READY = `    - name: ready
      expect: {within: 2m, resources: [{kind: Deployment, name: web, match: {status: {readyReplicas: 2}}}]}
    - name: kill worker
      killNode: worker
`;
const TOO_MANY = `    - name: five ready
      expect: {within: 20s, resources: [{kind: Deployment, name: web, match: {status: {readyReplicas: 5}}}]}
`;
const CLUSTER = `  cluster:
    nodes:
      - {name: control-plane, role: control-plane}
      - {name: worker}
`;
const FILES = {
  'a.yaml': webDeploymentScenario('a', 2, READY).replace('spec:\n', `spec:\n${CLUSTER}`),
  'b.yaml': webDeploymentScenario('b', 2, TOO_MANY),
};

/** The timelines a page embeds, wall times set to 0 (the one thing two runs differ in). */
function pageData(file: string): { summary: string; scenarios: ScenarioTimeline[] } {
  const html = readFileSync(file, 'utf8');
  const json = /<script type="application\/json" id="kscenario-data">(.*?)<\/script>/s.exec(html)![1]!;
  const data = JSON.parse(json) as { summary: string; scenarios: ScenarioTimeline[] };
  for (const s of data.scenarios) s.wallMs = 0;
  return data;
}

describe('--report html=DIR', () => {
  test('writes DIR/report.html (DIR made), and the console names it under the failed scenario', async () => {
    const r = await runInline(FILES, ['run', 'a.yaml', 'b.yaml', '--report', 'html=out/html', '--workers', '1']);
    expect(r.code).toBe(1);
    const page = join('out', 'html', 'report.html');
    expect(r.stdout).toContain(`    timeline: ${page}#b\n`);
    expect(r.stdout).not.toContain(`${page}#a`);
    const data = pageData(join(r.dir, page));
    expect(data.summary).toBe('1 passed, 1 failed');
    expect(data.scenarios.map((s) => [s.name, s.status])).toEqual([['a', 'passed'], ['b', 'failed']]);
    const a = data.scenarios[0]!;
    expect(a.steps.find((s) => s.title === 'kill worker')).toMatchObject({ fault: true, verb: 'killNode' });
    expect(a.pods.filter((p) => p.node === 'worker' && p.name.startsWith('web-'))).toHaveLength(2);
  }, 60_000);

  test('--reporter html=DIR is the same report; on 2 worker threads the page is that of a serial run', async () => {
    const serial = await runInline(FILES, ['run', 'a.yaml', 'b.yaml', '--reporter', 'html=serial', '--workers', '1']);
    const parallel = await runInline(FILES, ['run', 'a.yaml', 'b.yaml', '--report', 'html=parallel', '--workers', '2']);
    expect(parallel.code).toBe(serial.code);
    expect(pageData(join(parallel.dir, 'parallel', 'report.html'))).toEqual(pageData(join(serial.dir, 'serial', 'report.html')));
  }, 120_000);

  test('a directory that cannot be made, or no directory at all, is a usage error before anything runs', async () => {
    const r = await runInline(FILES, ['run', 'a.yaml', '--report', 'html=a.yaml/html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--report html=a.yaml/html: cannot write the report there: a part of the path is not a directory');
    expect(r.stdout).toBe('');
    const bare = await runInline(FILES, ['run', 'a.yaml', '--reporter', 'html']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--reporter html: the HTML report needs a directory to write report.html in');
    const empty = await runInline(FILES, ['run', 'a.yaml', '--report', 'html=']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("give the directory after '=': --report html=DIR");
  });
});

describe('kscenario report', () => {
  test('--history DIR keeps each result beside its history; report makes the page the run would have made', async () => {
    const run = await runInline(FILES, ['run', 'a.yaml', 'b.yaml', '--history', 'hist', '--report', 'html=live', '--workers', '1']);
    expect(run.code).toBe(1);
    expect(readdirSync(join(run.dir, 'hist')).sort()).toEqual(['a.history.jsonl', 'a.result.json', 'b.history.jsonl', 'b.result.json']);
    const later = await runInline({}, ['report', join(run.dir, 'hist'), '--report', `html=${join(run.dir, 'later')}`]);
    expect(later.code).toBe(0);
    expect(later.stdout).toBe(`${join(run.dir, 'later', 'report.html')}: 2 scenarios\n`);
    expect(pageData(join(run.dir, 'later', 'report.html'))).toEqual(pageData(join(run.dir, 'live', 'report.html')));
  }, 60_000);

  test('one history file: its result beside it is read; a history without its result: lanes and steps, no verdicts', async () => {
    const run = await runInline(FILES, ['run', 'a.yaml', '--history', 'hist']);
    const r = await runInline({}, ['report', join(run.dir, 'hist', 'a.history.jsonl'), '--report', `html=${join(run.dir, 'out')}`]);
    expect(r.code).toBe(0);
    expect(pageData(join(run.dir, 'out', 'report.html')).scenarios[0]).toMatchObject({ name: 'a', hasResult: true, status: 'passed' });
    // the history alone, without a result beside it
    const alone = await runInline({ 'x.history.jsonl': readFileSync(join(run.dir, 'hist', 'a.history.jsonl'), 'utf8') }, ['report', 'x.history.jsonl', '--report', 'html=out']);
    expect(alone.code).toBe(0);
    const data = pageData(join(alone.dir, 'out', 'report.html'));
    expect(data.summary).toBe('0 passed, 0 failed, 1 without a result file');
    expect(data.scenarios[0]).toMatchObject({ name: 'x', hasResult: false, clock: 'backend' });
    expect(data.scenarios[0]!.steps.map((s) => s.title)).toContain('kill worker');
  }, 60_000);

  test('bad input: each path named with what is wrong, a broken line at its place', async () => {
    const r = await runInline({ 'notes.txt': 'x', 'bad.history.jsonl': '{"t":0,"type":"STEP_START","step":"a"}\n{"t": 1,\n' }, ['report', 'missing', 'notes.txt', '--report', 'html=out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing: no such file or directory');
    expect(r.stderr).toContain('notes.txt: not a history file (<scenario>.history.jsonl)');
    const broken = await runInline({ 'bad.history.jsonl': '{"t":0,"type":"STEP_START","step":"a"}\n{"t": 1,\n' }, ['report', 'bad.history.jsonl', '--report', 'html=out']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/bad\.history\.jsonl:2:\d+: not valid JSON/);
    expect(existsSync(join(broken.dir, 'out', 'report.html'))).toBe(false);
    const noReport = await runInline({}, ['report', '.']);
    expect(noReport.code).toBe(2);
    expect(noReport.stderr).toContain('kscenario report writes one HTML report: give --report html=DIR once');
  });
});
