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
