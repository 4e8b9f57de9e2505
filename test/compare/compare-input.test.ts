/**
 * Bad input to `kscenario compare`: exit 2 with `file:line:col: what is wrong` and a hint, never a
 * stack trace — malformed JSON, a JSONL line that is not JSON or not a history entry, a report of
 * the wrong shape, the kind dry-run plan, missing files and directories, bad flags.
 */
import { describe, expect, test } from '@jest/globals';
import { jsonSyntaxError } from '../../src/compare/input';
import { cli, tempDir } from './support';

const GOOD = JSON.stringify({ summary: { passed: 1, failed: 0, errors: 0 }, scenarios: [{ name: 'x', claims: ['1-1'], status: 'passed', steps: [] }] }, null, 2);
const ENTRY = (i: number) => JSON.stringify({ t: i, type: 'STEP_START', step: `s${i}` });

async function compare(files: Record<string, string>, args: string[]) {
  const r = await cli(tempDir(files), ['compare', ...args]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toContain('internal error');
  return r.stderr;
}

describe('kscenario compare: bad input exits 2 with file:line:col', () => {
  test('malformed JSON in a report: the line and column of the first error, what was expected', async () => {
    const bad = '{\n  "summary": {},\n  "scenarios": [\n    {"name": "x", "status": "passed",, "steps": []}\n  ]\n}\n';
    expect(await compare({ 'a.json': bad, 'b.json': GOOD }, ['a.json', 'b.json'])).toBe(
      'a.json:4:38: not valid JSON: expected a property name in double quotes, found ","\n'
      + '  hint: a report is what `kscenario run --reporter json --output FILE` writes\n',
    );
    expect(await compare({ 'a.json': GOOD, 'b.json': GOOD.slice(0, 40) }, ['a.json', 'b.json'])).toMatch(/^b\.json:4:7: not valid JSON: expected a closing '"', found the end of the input\n/);
    expect(await compare({ 'a.json': '', 'b.json': GOOD }, ['a.json', 'b.json'])).toMatch(/^a\.json:1:1: not valid JSON: expected a value, found the end of the input\n/);
  });

  test('a report of the wrong shape: each problem at its value, with its path', async () => {
    const shaped = '{\n  "scenarios": [\n    {"name": "x", "status": "pased", "steps": []},\n    {"name": "y", "status": "passed", "steps": [{"section": "steps", "index": "0", "title": "t", "status": "passed"}]},\n    {"name": "x", "status": "passed", "steps": []}\n  ]\n}\n';
    expect(await compare({ 'a.json': shaped, 'b.json': GOOD }, ['a.json', 'b.json'])).toBe([
      'a.json:3:29: scenarios[0].status: "status" must be one of passed, failed, error, skipped, not "pased"',
      'a.json:4:79: scenarios[1].steps[0].index: "index" must be a number',
      'a.json:5:14: scenarios[2].name: scenario "x" is reported twice (also scenarios[0])',
      '  hint: a report is what `kscenario run --reporter json --output FILE` writes',
      '',
    ].join('\n'));
    expect(await compare({ 'a.json': '[1, 2]', 'b.json': GOOD }, ['a.json', 'b.json'])).toMatch(/^a\.json:1:1: not a kscenario run report: no "scenarios" list\n/);
  });

  test("the kind dry-run plan is named as what it is", async () => {
    const plan = JSON.stringify({ network: { name: 'kscenario-be51' }, scenarios: [{ name: 'x', file: 'x.yaml', claims: [], refused: [], cluster: {} }] });
    expect(await compare({ 'plan.json': plan, 'b.json': GOOD }, ['plan.json', 'b.json'])).toMatch(/^plan\.json:1:1: this is the plan of `kscenario run --backend kind --dry-run`, which runs nothing/);
  });

  test('a history line that is not JSON, or not a history entry: file and line, every bad line of both runs', async () => {
    const history = [ENTRY(1), '{"t": 2, "type": "STEP_END", "step": "s1"', ENTRY(3), '', '{"t": 4, "type": "UPDATED", "kind": "Pod", "name": "p", "object": {"metadata": {}}}', '"just a string"'].join('\n');
    const stderr = await compare({ 'a/report.json': GOOD, 'a/x.history.jsonl': history, 'b/report.json': GOOD, 'b/x.history.jsonl': `${ENTRY(1)}\n{"t": "soon", "type": "ADDED"}\n` }, ['a', 'b']);
    expect(stderr).toBe([
      'a/x.history.jsonl:2:42: not valid JSON: expected \',\' or \'}\', found the end of the input',
      'a/x.history.jsonl:5:1: not a history entry: "type" must be one of ADDED, MODIFIED, DELETED, STEP_START, STEP_END, not "UPDATED"',
      'a/x.history.jsonl:6:1: not a history entry: a line must be a JSON object',
      '  hint: a history file is what `kscenario run --history DIR` writes: one JSON object a line',
      'b/x.history.jsonl:2:1: not a history entry: "t" (ms since the scenario started) must be a number',
      '  hint: a history file is what `kscenario run --history DIR` writes: one JSON object a line',
      '',
    ].join('\n'));
  });

  test('many bad lines: the first five, then how many more', async () => {
    const history = Array.from({ length: 9 }, (_, i) => `{"t": ${i}`).join('\n');
    const stderr = await compare({ 'a/report.json': GOOD, 'a/x.history.jsonl': history, 'b/report.json': GOOD }, ['a', 'b']);
    expect(stderr.split('\n').filter((l) => l.startsWith('a/x.history.jsonl:')).map((l) => l.split(':')[1])).toEqual(['1', '2', '3', '4', '5']);
    expect(stderr).toContain('... and 4 more errors in a/x.history.jsonl\n');
  });

  test('missing files and directories, a directory without report.json, a history directory that is a file', async () => {
    expect(await compare({ 'b.json': GOOD }, ['a.json', 'b.json'])).toBe(
      'a.json: no such file or directory\n  hint: give a JSON report (kscenario run --reporter json --output FILE) or a directory holding report.json\n',
    );
    expect(await compare({ 'a/x.history.jsonl': ENTRY(1), 'b.json': GOOD }, ['a', 'b.json'])).toMatch(/^a: a run directory must hold report\.json\n {2}hint: kscenario run --reporter json --output a\/report\.json --history a\n$/);
    expect(await compare({ 'a.json': GOOD, 'b.json': GOOD, 'h': 'not a dir' }, ['a.json', 'b.json', '--histories', 'h', 'h'])).toMatch(/^h: not a directory \(the history directory of A\)/);
  });

  test('bad flags: --histories with other than two directories, --names with other than two different names', async () => {
    const files = { 'a.json': GOOD, 'b.json': GOOD };
    expect(await compare(files, ['a.json', 'b.json', '--histories', 'h'])).toMatch(/^--histories takes two directories, A's then B's \(got 1\)\n {2}hint: e\.g\. kscenario compare sim\.json kind\.json --histories sim-hist\/ kind-hist\/\n$/);
    expect(await compare(files, ['a.json', 'b.json', '--names', 'sim'])).toMatch(/^--names takes two different names separated by a comma \(got 'sim'\)/);
    expect(await compare(files, ['a.json', 'b.json', '--names', 'x,x'])).toMatch(/^--names takes two different names/);
    expect(await compare(files, ['a.json'])).toMatch(/^compare takes two runs: kscenario compare A B\n/);
    expect(await compare(files, ['--histories', 'h1', 'h2', 'a.json'])).toMatch(/^compare takes two runs/);
  });

  test('the JSON syntax scanner agrees with JSON.parse on what is valid', () => {
    for (const text of ['{}', '[]', '0', '-1.5e3', '"a\\u00e9\\n"', '{"a": [true, false, null, {"b": ""}]}', ' \n{ "x" : 1 } \n']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonSyntaxError(text).message).toBe('not JSON');
    }
  });
});
