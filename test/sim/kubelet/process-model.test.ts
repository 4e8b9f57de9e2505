import { describe, expect, it } from '@jest/globals';
import { hookRun, processModel } from '../../../src/sim/kubelet/process-model';

describe('processModel', () => {
  it('a server image without command runs until stopped and exits on SIGTERM', () => {
    expect(processModel({ name: 'c', image: 'nginx:1.27' })).toEqual({ exitCode: 0, ignoresSigterm: false });
  });

  it('busybox without command runs sh, which exits at once without a terminal', () => {
    expect(processModel({ name: 'c', image: 'busybox' })).toMatchObject({ exitAfterMs: 0, exitCode: 0 });
    expect(processModel({ name: 'c', image: 'busybox', tty: true, stdin: true }).exitAfterMs).toBeUndefined();
  });

  it('sleep N exits 0 after N seconds and, as PID 1, ignores SIGTERM', () => {
    expect(processModel({ name: 'c', image: 'busybox', command: ['sleep', '3600'] })).toEqual({ exitAfterMs: 3_600_000, exitCode: 0, ignoresSigterm: true });
    expect(processModel({ name: 'c', image: 'busybox', command: ['sleep', 'infinity'] }).exitAfterMs).toBeUndefined();
  });

  it('reads simple shell scripts', () => {
    expect(processModel({ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo hi; sleep 5; exit 3'] }))
      .toEqual({ exitAfterMs: 5000, exitCode: 3, ignoresSigterm: true });
    expect(processModel({ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo done > /data/x && false'] }))
      .toMatchObject({ exitAfterMs: 0, exitCode: 1 });
    expect(processModel({ name: 'c', image: 'busybox', command: ['/bin/sh', '-c', 'while true; do sleep 1; done'] }).exitAfterMs).toBeUndefined();
    expect(processModel({ name: 'c', image: 'mysql', command: ['sh', '-c', 'exec mysqld'] })).toEqual({ exitCode: 0, ignoresSigterm: false });
  });

  it('takes args as the command of a base OS image', () => {
    expect(processModel({ name: 'c', image: 'busybox', args: ['/bin/sh', '-c', 'sleep 10'] }).exitAfterMs).toBe(10_000);
  });

  it('perl -e (the Job example) finishes', () => {
    expect(processModel({ name: 'pi', image: 'perl:5.34', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }))
      .toMatchObject({ exitAfterMs: 0, exitCode: 0 });
  });
});

describe('hookRun', () => {
  it('times sleeps and shell scripts like a container command', () => {
    expect(hookRun(['/bin/sh', '-c', 'sleep 180'])).toEqual({ exitAfterMs: 180_000, exitCode: 0 });
    expect(hookRun(['sleep', '2m'])).toEqual({ exitAfterMs: 120_000, exitCode: 0 });
    expect(hookRun(['sh', '-c', 'echo bye; sleep 1; exit 2'])).toEqual({ exitAfterMs: 1_000, exitCode: 2 });
    expect(hookRun(['false'])).toEqual({ exitAfterMs: 0, exitCode: 1 });
  });

  it('takes unknown programs to finish at once with 0, unlike a container command', () => {
    expect(hookRun(['/usr/sbin/nginx', '-s', 'quit'])).toEqual({ exitAfterMs: 0, exitCode: 0 });
    expect(processModel({ name: 'c', image: 'nginx', command: ['/usr/sbin/nginx', '-s', 'quit'] }).exitAfterMs).toBeUndefined();
    expect(hookRun(['sh', '-c', 'pg_ctl stop -m fast; sleep 3'])).toEqual({ exitAfterMs: 3_000, exitCode: 0 });
    expect(hookRun(['sh', '/drain.sh'])).toEqual({ exitAfterMs: 0, exitCode: 0 });
  });

  it('never ends loops, sleep infinity and tail -f by itself', () => {
    expect(hookRun(['sh', '-c', 'while true; do sleep 1; done']).exitAfterMs).toBeUndefined();
    expect(hookRun(['sleep', 'infinity']).exitAfterMs).toBeUndefined();
    expect(hookRun(['tail', '-f', '/dev/null']).exitAfterMs).toBeUndefined();
  });
});

describe('processModel: which commands end, when, with which code, and which run for ever', () => {
  const read = (command: string[], extra: Record<string, unknown> = {}) => {
    const m = processModel({ name: 'c', image: 'busybox', command, ...extra });
    return m.exitAfterMs === undefined ? 'forever' : `${m.exitAfterMs}ms/${m.exitCode}`;
  };

  it.each([
    [['sleep', 'infinity']],
    [['sleep', 'inf']],
    [['tail', '-f', '/dev/null']],
    [['sh', '-c', 'tail -F /var/log/app.log']],
    [['sh', '-c', 'while true; do echo hello; sleep 10; done']],
    [['sh', '-c', 'until nslookup mydb; do echo waiting; sleep 2; done']], // the condition is not evaluated
    [['sh', '-c', 'sleep 10; while :; do :; done']],
    [['sh', '-c', 'trap : TERM INT; sleep infinity & wait']],
    [['sh', '-c', 'cat /dev/zero > /dev/null']],
    [['python3', '-m', 'http.server', '8080']], // a module or script file is a program the model does not know
    [['node', 'server.js']],
    [['perl', '-e', 'while(1){sleep 1}']],
    [['httpd', '-f', '-p', '8080']],
    [['nc', '-lk', '-p', '8080']],
  ])('%j never ends by itself', (command) => {
    expect(read(command)).toBe('forever');
  });

  it.each([
    [['sh', '-c', 'for i in 1 2 3; do echo $i; sleep 1; done'], '3000ms/0'],
    [['sh', '-c', 'for i in $(seq 5); do sleep 2; done'], '10000ms/0'],
    [['sh', '-c', 'sleep 30 & wait'], '30000ms/0'],
    [['sh', '-c', 'sleep 30 & echo started'], '0ms/0'], // the shell does not wait: the container ends
    [['sh', '-c', 'echo "a; b"; sleep 2'], '2000ms/0'], // separators inside quotes are text
    [['sh', '-c', 'sleep 5 && exit 3 || exit 4'], '5000ms/3'],
    [['sh', '-c', 'false || exit 4'], '0ms/4'],
    [['sh', '-c', 'false && sleep 100'], '0ms/1'],
    [['sh', '-c', 'echo hi 2>&1 | tee /tmp/x; sleep 1'], '1000ms/0'],
    [['sleep', '10', '&&', 'echo'], '0ms/1'], // without a shell `&&` is a bad operand of sleep
    [['sh', '-c', 'sleep'], '0ms/1'],
    [['timeout', '5', 'sleep', '100'], '5000ms/124'],
    [['timeout', '5', 'sleep', '1'], '1000ms/0'],
    [['python', '-c', 'print(1)'], '0ms/0'],
    [['sh', '-c', 'read line'], '0ms/1'], // no stdin: read meets its end at once
    [['cat'], '0ms/0'],
    [['sh', '-c', 'echo ping | nc db 5432'], '0ms/0'],
  ])('%j ends after %s (ms/code)', (command, expected) => {
    expect(read(command)).toBe(expected);
  });

  it('waits on stdin only when the container has one', () => {
    expect(read(['cat'], { stdin: true })).toBe('forever');
    expect(read(['sh', '-c', 'read line'], { stdin: true })).toBe('forever');
  });

  it('an image entrypoint or a program the model does not know runs until stopped and handles SIGTERM', () => {
    expect(processModel({ name: 'c', image: 'registry.example/app:1' })).toEqual({ exitCode: 0, ignoresSigterm: false });
    expect(processModel({ name: 'c', image: 'busybox', command: ['/opt/app/run', '--port', '80'] })).toEqual({ exitCode: 0, ignoresSigterm: false });
  });
});

describe('a script reading the container\'s variables', () => {
  const vars = new Map([['DELAY', '30'], ['CODE', '3']]);
  it('sleeps and exits with the values the shell expands', () => {
    expect(processModel({ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep $DELAY; exit ${CODE}'] }, vars))
      .toMatchObject({ exitAfterMs: 30_000, exitCode: 3 });
    expect(processModel({ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep "${PAUSE:-2}"'] }, vars))
      .toMatchObject({ exitAfterMs: 2_000, exitCode: 0 });
  });
  it('leaves single-quoted text and a script without variables as written', () => {
    expect(processModel({ name: 'c', image: 'busybox', command: ['sh', '-c', "sleep '$DELAY'"] }, vars)).toMatchObject({ exitAfterMs: 0, exitCode: 1 });
    expect(processModel({ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep $DELAY'] })).toMatchObject({ exitAfterMs: 0, exitCode: 1 });
  });
});
