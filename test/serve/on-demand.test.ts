/**
 * On-demand virtual time (the mode the runner's kubectl step uses): requests see the current
 * instant only; time moves while kubectl waits on a watch (rollout status) or polls (drain), up
 * to the caller's limit, and stands still once nobody waits.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { serve, tableRows, WEB, writeFile, type Served } from './helpers';

jest.setTimeout(60_000);

let s: Served;

beforeAll(async () => {
  s = await serve({ speed: 'on-demand' });
  writeFile(s.dir, 'web.yaml', WEB);
});

afterAll(async () => {
  await s.close();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('on-demand time', () => {
  test('kubectl get sees no time pass', async () => {
    const t0 = s.served.time.now();
    await s.kubectl(['get', 'pods', '-A']);
    await s.kubectl(['get', 'pods', '-A']);
    await pause(200);
    expect(s.served.time.now()).toBe(t0);
  });

  test('kubectl apply answers at the current instant; rollout status lets time run until the rollout is done', async () => {
    const t0 = s.served.time.now();
    expect((await s.kubectl(['apply', '-f', 'web.yaml'])).code).toBe(0);
    // what the controllers do at the same instant has happened (web-0 exists), nothing later
    const pods = tableRows((await s.kubectl(['get', 'pods'])).stdout);
    expect(pods.map((r) => [r.NAME, r.READY, r.AGE])).toEqual([['web-0', '0/1', '0s']]);
    expect(s.served.time.now()).toBe(t0);
    const started = Date.now();
    const rollout = await s.kubectl(['rollout', 'status', 'sts/web', '--timeout=30s']);
    expect(rollout.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    const t1 = s.served.time.now();
    expect(t1).toBeGreaterThan(t0);
    const rows = tableRows((await s.kubectl(['get', 'pods'])).stdout);
    expect(rows.map((r) => [r.NAME, r.STATUS])).toEqual([['web-0', 'Running'], ['web-1', 'Running'], ['web-2', 'Running']]);
    await pause(300);
    expect(s.served.time.now()).toBe(t1);
  });

  test('kubectl drain polls for the evicted pods to go, and time stops when it exits', async () => {
    const node = tableRows((await s.kubectl(['get', 'pods', '-o', 'wide'])).stdout).find((r) => r.NAME === 'web-0')!.NODE!;
    const drain = await s.kubectl(['drain', node, '--ignore-daemonsets', '--timeout=30s']);
    expect(drain.code).toBe(0);
    expect(drain.stdout).toContain(`node/${node} drained`);
    const t = s.served.time.now();
    await pause(300);
    expect(s.served.time.now()).toBe(t);
    await s.kubectl(['uncordon', node]);
  });

  test('time never passes the caller\'s limit', async () => {
    expect((await s.kubectl(['scale', 'sts/web', '--replicas=5'])).code).toBe(0);
    const limit = s.served.time.now() + 1000;
    s.served.time.setLimit(limit);
    const r = await s.kubectl(['rollout', 'status', 'sts/web', '--timeout=2s']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('timed out waiting for the condition');
    expect(s.served.time.now()).toBe(limit);
    s.served.time.setLimit(undefined);
    expect((await s.kubectl(['rollout', 'status', 'sts/web', '--timeout=30s'])).code).toBe(0);
  });

  test('after newWaitersOnly, a watch open before no longer moves time; a client that starts waiting after does', async () => {
    // an observer's watch, open all along as the cluster backend's history watches are
    const observer = s.spawnKubectl(['get', 'pods', '-A', '--watch-only']);
    try {
      const t0 = s.served.time.now();
      await pause(500);
      expect(s.served.time.now()).toBeGreaterThan(t0);
      s.served.time.newWaitersOnly();
      const t1 = s.served.time.now();
      await pause(300);
      expect(s.served.time.now()).toBe(t1);
      expect((await s.kubectl(['scale', 'sts/web', '--replicas=6'])).code).toBe(0);
      expect((await s.kubectl(['rollout', 'status', 'sts/web', '--timeout=30s'])).code).toBe(0);
      expect(s.served.time.now()).toBeGreaterThan(t1);
    } finally {
      observer.kill();
      s.served.time.setLimit(undefined);
    }
  });

  test('an explicit advance moves the clock', async () => {
    const t = s.served.time.now();
    s.served.time.advance(60_000);
    expect(s.served.time.now()).toBe(t + 60_000);
    const ages = tableRows((await s.kubectl(['get', 'pods'])).stdout).map((r) => r.AGE);
    expect(ages.every((a) => /^\d+m/.test(a!) || /^\d+s$/.test(a!))).toBe(true);
  });
});
