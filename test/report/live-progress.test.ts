/**
 * The console while scenarios run: a status line rewritten in place on a terminal, plain lines
 * about long waits elsewhere (a pipe, CI=true), and the final report unchanged either way.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { ConsoleReporter } from '../../src/report/console';
import type { StepBegin, StillWaiting } from '../../src/runner/events';
import type { ScenarioResult } from '../../src/runner/result';

const LOCATION = { file: 'zk.yaml', line: 12, column: 7 };
const KILL: StepBegin = { section: 'steps', index: 1, title: 'worker-1 dies', verb: 'killNode', location: LOCATION, startMs: 40_000 };
const WAIT = (wallMs: number, virtualMs = 300_000): StillWaiting => ({
  step: 'worker-1 dies',
  unmatched: ['Pod zk-1: status.phase: expected Running, got Pending', 'Pod zk-2: not ready'],
  virtualMs,
  wallMs,
});
const RESULT: ScenarioResult = {
  name: 'zk-failover', file: 'zk.yaml', claims: [], backend: 'simulator', seed: 1, status: 'passed', virtualMs: 400_000, wallMs: 2_500,
  steps: [{ section: 'steps', index: 1, title: 'worker-1 dies', verb: 'killNode', location: LOCATION, status: 'passed', startMs: 40_000, endMs: 340_000, wallMs: 2_400 }],
};

/** Drives a console reporter through one scenario; what it wrote to stdout and stderr. */
function drive(options: { terminal?: { isTTY?: boolean; columns?: number }; env: NodeJS.ProcessEnv; waits: StillWaiting[] }): { out: string; err: string } {
  let out = '';
  let err = '';
  const r = new ConsoleReporter((t) => void (out += t), false, { terminal: options.terminal, env: options.env, notice: (t) => void (err += t), now: () => 0 });
  r.scenarioBegin({ name: 'zk-failover', file: 'zk.yaml' });
  r.stepBegin('zk-failover', KILL);
  for (const w of options.waits) r.waiting('zk-failover', w);
  r.scenarioDone(RESULT);
  r.finish([RESULT]);
  return { out, err };
}

/** What a person sees on the terminal at the end: each \r\x1b[2K erases the line so far. */
function screen(out: string): string {
  return out.split('\n').map((line) => line.split('\r\x1b[2K').at(-1)).join('\n');
}

function finalReport(): string {
  let out = '';
  const r = new ConsoleReporter((t) => void (out += t), false);
  r.scenarioDone(RESULT);
  r.finish([RESULT]);
  return out;
}

describe('the console on a terminal', () => {
  const tty = { isTTY: true, columns: 100 };

  test('rewrites one status line: scenario, step, first unmatched check, virtual and wall time', () => {
    const { out } = drive({ terminal: tty, env: {}, waits: [WAIT(1_200)] });
    const lines = out.split('\r\x1b[2K');
    const status = lines.find((l) => l.includes('waiting for'))!;
    // cut to the terminal's width but one (a full line would wrap on some terminals)
    expect(status).toBe('▶ zk-failover · worker-1 dies · waiting for Pod zk-1: status.phase: expected Running, got Pending …');
    expect([...status]).toHaveLength(99);
    expect(lines.some((l) => l === '▶ zk-failover · worker-1 dies · virtual 40s · wall 0ms')).toBe(true);
    // no status line ever holds a newline: it is rewritten, never scrolled
    for (const l of lines.slice(0, -1)) if (!l.includes('✓')) expect(l).not.toContain('\n');
  });

  test('shows the clocks when the line is wide enough', () => {
    const { out } = drive({ terminal: { isTTY: true, columns: 200 }, env: {}, waits: [WAIT(1_200)] });
    expect(out).toContain('▶ zk-failover · worker-1 dies · waiting for Pod zk-1: status.phase: expected Running, got Pending (+1 more) · virtual 5m40s · wall 1.2s');
  });

  test('erases the status line before the report, which reads as without a terminal', () => {
    const { out, err } = drive({ terminal: tty, env: {}, waits: [WAIT(1_200), WAIT(30_000)] });
    expect(screen(out)).toBe(finalReport());
    expect(err).toBe('');
  });
});

describe('the status line with worker threads', () => {
  test('counts the other scenarios still running, not those ended and waiting to be reported', () => {
    let out = '';
    const r = new ConsoleReporter((t) => void (out += t), false, { terminal: { isTTY: true, columns: 200 }, env: {}, now: () => 0 });
    const last = () => out.split('\r\x1b[2K').at(-1);
    r.scenarioBegin({ name: 'a', file: 'a.yaml' });
    r.scenarioBegin({ name: 'b', file: 'b.yaml' });
    r.stepBegin('b', KILL);
    expect(last()).toBe('▶ b · worker-1 dies · virtual 40s · wall 0ms (+1 running)');
    r.scenarioEnd('a');
    expect(last()).toBe('▶ b · worker-1 dies · virtual 40s · wall 0ms');
    r.scenarioEnd('b');
    expect(last()).toBe('');
  });
});

describe('a message on stderr while the status line is shown', () => {
  test('erases the line first and draws it again after', () => {
    let screenText = '';
    const r = new ConsoleReporter((t) => void (screenText += t), false, { terminal: { isTTY: true, columns: 200 }, env: {}, now: () => 0 });
    r.scenarioBegin({ name: 'zk-failover', file: 'zk.yaml' });
    r.stepBegin('zk-failover', KILL);
    const status = '▶ zk-failover · worker-1 dies · virtual 40s · wall 0ms';
    r.aside(() => void (screenText += 'zk-failover: ran in namespace(s) default → ks-1\n'));
    expect(screenText.endsWith(`${status}\r\x1b[2Kzk-failover: ran in namespace(s) default → ks-1\n\r\x1b[2K${status}`)).toBe(true);
  });
});

describe('the status line between events', () => {
  test('a long step that sends no event still shows its wall time moving on, each second', () => {
    jest.useFakeTimers();
    try {
      let clock = 0;
      let out = '';
      const r = new ConsoleReporter((t) => void (out += t), false, { terminal: { isTTY: true, columns: 100 }, env: {}, now: () => clock });
      r.scenarioBegin({ name: 'zk-failover', file: 'zk.yaml' });
      r.stepBegin('zk-failover', { ...KILL, title: 'drain worker-2', verb: 'drain' });
      clock = 65_000;
      jest.advanceTimersByTime(1000);
      expect(out.split('\r\x1b[2K').at(-1)).toBe('▶ zk-failover · drain worker-2 · virtual 40s · wall 1m5s');
      r.finish([]);
      const after = out;
      jest.advanceTimersByTime(5000);
      expect(out).toBe(after); // the run ended: nothing redrawn
      expect(after.endsWith('\r\x1b[2K\n0 passed, 0 failed\n')).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('the console without a status line', () => {
  test('with CI=true on a terminal: no escape sequences, a line on stderr per long wait', () => {
    const { out, err } = drive({ terminal: { isTTY: true, columns: 100 }, env: { CI: 'true' }, waits: [WAIT(1_000), WAIT(10_500), WAIT(12_000), WAIT(21_000)] });
    expect(out).toBe(finalReport());
    expect(err.split('\n').filter(Boolean)).toEqual([
      'zk-failover: … worker-1 dies: waited 5m0s (wall 10.5s); still unmatched: Pod zk-1: status.phase: expected Running, got Pending; Pod zk-2: not ready',
      'zk-failover: … worker-1 dies: waited 5m0s (wall 21s); still unmatched: Pod zk-1: status.phase: expected Running, got Pending; Pod zk-2: not ready',
    ]);
  });

  test('on a pipe (no TTY): the same plain output', () => {
    const { out, err } = drive({ terminal: { isTTY: false, columns: 100 }, env: {}, waits: [WAIT(11_000)] });
    expect(out).toBe(finalReport());
    expect(err).toContain('zk-failover: … worker-1 dies: waited 5m0s (wall 11s)');
  });

  test('CI=false is not CI', () => {
    const { out } = drive({ terminal: { isTTY: true, columns: 100 }, env: { CI: 'false' }, waits: [] });
    expect(out).toContain('\r\x1b[2K▶ zk-failover');
  });
});
