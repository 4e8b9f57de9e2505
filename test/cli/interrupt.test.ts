/**
 * The CLI as a process under hostile conditions: Ctrl-C in the middle of a run, a reader that
 * closes the pipe, outputs it cannot write, control characters in what it reports.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, exited, spawnCli } from '../support/spawn-cli';
import { runInline, writeFiles } from '../support/inline';

const QUICK = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: a-quick}
spec:
  steps:
    - apply: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: v}}
`;

// A CronJob every minute and a wait of 10,000 hours: minutes of wall time on the simulator.
const LONG = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: b-long}
spec:
  timeout: 100000h
  steps:
    - apply:
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: tick}
        spec:
          schedule: "* * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: busybox, command: [sh, -c, "true"]}]
    - name: never
      expect:
        within: 10000h
        resources:
          - {kind: ConfigMap, name: never-made}
`;

function waitFor(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

describe('signals', () => {
  test('SIGINT mid-run names the interrupted scenario, writes the JUnit report of the finished one, exits 130', async () => {
    const dir = writeFiles({ 'a-quick.yaml': QUICK, 'b-long.yaml': LONG });
    const child = spawnCli(['run', '--workers', '1', '--reporter', 'junit', '--output', 'out.xml', '.'], dir);
    const [stdout, stderr] = [collect(child.stdout), collect(child.stderr)];
    const code = exited(child);
    await waitFor(() => stdout.text().includes('✓ a-quick'), 'the quick scenario');
    // well inside the long one
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const sent = Date.now();
    child.kill('SIGINT');
    const stuck = setTimeout(() => child.kill('SIGKILL'), 30_000);
    expect(await code).toBe(130);
    clearTimeout(stuck);
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(stderr.text()).toContain('SIGINT: interrupted scenario b-long (not reported); stopping the simulator backend (cleaning up)');
    expect(stdout.text()).toMatch(/^1 passed, 0 failed$/m);
    const junit = readFileSync(join(dir, 'out.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="kscenario" tests="1" failures="0" errors="0" skipped="0"');
    expect(junit).toContain('<testcase name="a-quick"');
    expect(junit).not.toContain('b-long');
  }, 60_000);
});

describe('a closed pipe', () => {
  async function closedEarly(args: string[], close: (stdout: NodeJS.ReadableStream & { destroy(): void }) => void): Promise<{ code: number; stderr: string }> {
    const dir = writeFiles({ 'a-quick.yaml': QUICK, 'b-long.yaml': LONG });
    const child = spawnCli(args, dir);
    const stderr = collect(child.stderr);
    const code = exited(child);
    close(child.stdout);
    const stuck = setTimeout(() => child.kill('SIGKILL'), 30_000);
    try {
      return { code: await code, stderr: stderr.text() };
    } finally {
      clearTimeout(stuck);
    }
  }

  test('schema, whose reader is gone before it writes, stops quietly (exit 141, no stack trace)', async () => {
    // the whole schema fits in the pipe's buffer: only a pipe closed before the write fails it
    expect(await closedEarly(['schema'], (stdout) => stdout.destroy())).toEqual({ code: 141, stderr: '' });
  }, 60_000);

  test('run stops quietly at its first write to a closed pipe, without running the long scenario', async () => {
    // (a pipe closed while nothing is written is only seen at the next write, as for any program)
    expect(await closedEarly(['run', '--workers', '1', '.'], (stdout) => stdout.destroy())).toEqual({ code: 141, stderr: '' });
  }, 60_000);
});

describe('outputs checked before the run', () => {
  test.each([
    [['--output', 'missing/out.xml', '--reporter', 'junit'], '--output missing/out.xml: cannot write the report there: no such file or directory'],
    [['--output', '.', '--reporter', 'junit'], '--output .: cannot write the report there: it is a directory'],
    [['--history', 'a-quick.yaml/h'], '--history a-quick.yaml/h: cannot write history files there: a part of the path is not a directory'],
    [['--history', '/proc/kscenario-history'], '--history /proc/kscenario-history: cannot write history files there: no such file or directory'],
  ])('%j: exit 2 naming the option, the path and why, before any scenario runs', async (options, message) => {
    const r = await runInline({ 'a-quick.yaml': QUICK }, ['run', ...options, 'a-quick.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stderr).toContain('hint: give a');
    expect(r.stdout).toBe('');
  });

  test('--history makes missing directories', async () => {
    const r = await runInline({ 'a-quick.yaml': QUICK }, ['run', '--history', 'h/i/j', 'a-quick.yaml']);
    expect(r.code).toBe(0);
    expect(existsSync(join(r.dir, 'h/i/j/a-quick.history.jsonl'))).toBe(true);
  });
});

test('control characters from a file are shown escaped in error messages', async () => {
  const text = QUICK.replace('apiVersion: kscenario.dev/v1alpha1', 'apiVersion: "\\e[2J\\u202Ebad\\x07"');
  const r = await runInline({ 'bin.yaml': text }, ['validate', 'bin.yaml']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("bin.yaml:1:13: bin.yaml is not a scenario: its apiVersion is '\\x1b[2J\\u202ebad\\x07'");
  // eslint-disable-next-line no-control-regex
  expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
});
