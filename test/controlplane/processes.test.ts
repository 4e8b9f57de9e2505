/**
 * Process groups and ports, on ordinary processes (sh and sleep): what stopping a control plane
 * relies on — a whole group ends, a frozen group too, a process dies with its parent when asked.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, freePorts, freezeGroup, portInUse, sleep, startProcess, stopGroup, thawGroup } from '../../src/controlplane/processes';

const temps: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'kscenario-proc-'));
  temps.push(d);
  return d;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(20);
  return check();
}

describe('process groups', () => {
  test('stopGroup ends the process and the children it started', async () => {
    const log = join(tmp(), 'sh.log');
    // a shell that starts a child and ignores SIGTERM itself: SIGKILL must follow
    const p = startProcess({ name: 'sh', bin: '/bin/sh', args: ['-c', "trap '' TERM; sleep 300 & echo child $!; wait"], log });
    expect(await until(() => readFileSync(log, 'utf8').includes('child'))).toBe(true);
    const child = Number(/child (\d+)/.exec(readFileSync(log, 'utf8'))![1]);
    expect(alive(child)).toBe(true);
    await stopGroup(p.pid, 300);
    expect(alive(-p.pid)).toBe(false);
    expect(alive(child)).toBe(false);
    expect(await p.exited).toBe('signal SIGKILL');
  });

  test('a frozen group is thawed to be stopped', async () => {
    const p = startProcess({ name: 'sleep', bin: '/bin/sleep', args: ['300'], log: join(tmp(), 'l') });
    freezeGroup(p.pid);
    expect(await until(() => readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(' ')[2] === 'T')).toBe(true);
    thawGroup(p.pid);
    freezeGroup(p.pid);
    await stopGroup(p.pid, 2000);
    expect(await p.exited).toBe('signal SIGTERM');
  });

  test('a process started to die with its parent dies when the parent is killed', async () => {
    const dir = tmp();
    // a parent node process that starts `sleep` the way the control plane starts a component
    const script = `
      const { startProcess } = require(${JSON.stringify(join(__dirname, 'fixtures', 'start-sleep.js'))});
      const p = startProcess(${JSON.stringify(join(dir, 'sleep.log'))});
      console.log('child ' + p.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout.on('data', (d: Buffer) => (out += d.toString()));
    expect(await until(() => /child \d+/.test(out), 15000)).toBe(true);
    const child = Number(/child (\d+)/.exec(out)![1]);
    expect(alive(child)).toBe(true);
    parent.kill('SIGKILL');
    expect(await until(() => !alive(child), 5000)).toBe(true);
  });
});

describe('ports', () => {
  test('free ports differ and are free; a listener makes one busy', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    for (const p of ports) expect(await portInUse(p)).toBe(false);
    const server = createServer();
    await new Promise<void>((r) => server.listen(ports[0], '127.0.0.1', () => r()));
    expect(await portInUse(ports[0]!)).toBe(true);
    await new Promise((r) => server.close(r));
  });
});
