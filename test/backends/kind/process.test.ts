/**
 * The zx runner, for real (zx loads through require() under jest as under node): output, stdin,
 * environment, exit codes, a program that is not installed (kind and docker are not, here), and
 * abortAll(). Commands other than kind and docker are used only to exercise the runner.
 */
import { describe, expect, test } from '@jest/globals';
import { formatCommand, ProcessError, runChecked, shellQuote, ZxRunner, type Command, type Program } from '../../../src/backends/kind/process';

const sh = (script: string, extra: Partial<Command> = {}): Command => ({ program: 'sh' as Program, args: ['-c', script], ...extra });

describe('ZxRunner', () => {
  const runner = new ZxRunner();

  test('captures stdout and stderr, passes stdin and the environment, reports the exit code without throwing', async () => {
    expect(await runner.run(sh('cat; echo "$GREETING" >&2; exit 3', { input: 'from stdin', env: { GREETING: 'hello there' } }))).toEqual({
      exitCode: 3, stdout: 'from stdin', stderr: 'hello there\n',
    });
  });

  test('arguments reach the program as they are (no shell splitting)', async () => {
    const r = await runner.run({ program: 'printf' as Program, args: ['%s|', 'a b', "it's", '$HOME'] });
    expect(r.stdout).toBe("a b|it's|$HOME|");
  });

  test('a program that is not installed: exit 127, and the error carries stderr and an install hint', async () => {
    const cmd: Command = { program: 'kind', args: ['version'] };
    const present = (await runner.run({ program: 'sh' as Program, args: ['-c', 'command -v kind'] })).exitCode === 0;
    if (present) return; // kind is installed on this machine: nothing to show here
    const err = await runChecked(runner, cmd, 'checking kind').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProcessError);
    expect((err as ProcessError).result.exitCode).toBe(127);
    expect((err as ProcessError).message).toMatch(/^checking kind: `kind version` exited with code 127:\n {4}.*not found/);
    expect((err as ProcessError).hint).toContain('install kind');
  });

  test('a failing command: its stderr is in the error', async () => {
    const err = await runChecked(runner, sh('echo "Error: node(s) already exist for a cluster with the name \\"x\\"" >&2; exit 1'), 'creating kind cluster x').catch((e: unknown) => e);
    expect((err as ProcessError).describe()).toContain('creating kind cluster x: `sh -c');
    expect((err as ProcessError).describe()).toContain('exited with code 1:\n    Error: node(s) already exist for a cluster with the name "x"');
  });

  test('abortAll() ends running commands, except those marked not abortable; a timeout kills', async () => {
    const long = runner.run(sh('sleep 20'));
    const keep = runner.run(sh('sleep 0.3; echo done', { abortable: false }));
    await new Promise((r) => setTimeout(r, 100));
    runner.abortAll();
    expect((await long).exitCode).toBe(143);
    expect(await keep).toMatchObject({ exitCode: 0, stdout: 'done\n' });
    const timed = await runner.run(sh('sleep 20', { timeoutMs: 100 }));
    expect(timed.exitCode).toBe(143);
    expect(timed.stderr).toContain('killed after 0 s');
  });

  test('abortAll() right after run(), before zx has spawned the process, still kills it', async () => {
    const r = runner.run(sh('sleep 20'));
    runner.abortAll();
    expect((await r).exitCode).toBe(143);
  }, 15_000); // killSoon keeps trying for 10 s while zx has not spawned (slow on a loaded machine)

  test('commands are shown shell-quoted, environment first', () => {
    expect(formatCommand({ program: 'kind', args: ['create', 'cluster', '--config', '-'], env: { KIND_EXPERIMENTAL_DOCKER_NETWORK: 'net 1' } }))
      .toBe("KIND_EXPERIMENTAL_DOCKER_NETWORK='net 1' kind create cluster --config -");
    expect(shellQuote('{{json .NetworkSettings.Networks}}')).toBe("'{{json .NetworkSettings.Networks}}'");
    expect(shellQuote('a=b:c/d')).toBe('a=b:c/d');
  });
});
