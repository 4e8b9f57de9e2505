/**
 * The backend's clock: now/timestamp/sleep and waitFor. Durations are short, so on a wall clock
 * the section costs a few seconds; on the simulator's virtual clock it costs nothing.
 */
import { expect } from '@jest/globals';
import { pod } from './fixtures';
import { NS, eventually, isPodRunning, ref, section, uniqueName, type SuiteEnv } from './harness';

const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

export function clockTests(env: SuiteEnv): void {
  section('clock', env, (s) => {
    s.test('now() never goes back, timestamp() is RFC 3339 in seconds, sleep(ms) lets at least ms pass', async () => {
      const t0 = s.backend.now();
      expect(t0).toBeGreaterThanOrEqual(0);
      expect(s.backend.timestamp()).toMatch(RFC3339_SECONDS);
      const stamp0 = Date.parse(s.backend.timestamp());
      await s.backend.sleep(1_500);
      const t1 = s.backend.now();
      expect(t1 - t0).toBeGreaterThanOrEqual(1_500);
      // timestamp() follows the same clock (to its one-second precision).
      expect(Date.parse(s.backend.timestamp()) - stamp0).toBeGreaterThanOrEqual(1_000);
    });

    s.test('waitFor returns false once its timeout has passed when the check never holds', async () => {
      let calls = 0;
      const t0 = s.backend.now();
      const held = await s.backend.waitFor(async () => { calls += 1; return false; }, 2_000);
      expect(held).toBe(false);
      expect(s.backend.now() - t0).toBeGreaterThanOrEqual(2_000);
      expect(calls).toBeGreaterThanOrEqual(1);
    });

    s.test('waitFor returns true at once, with one call, when the check already holds', async () => {
      let calls = 0;
      const t0 = s.backend.now();
      expect(await s.backend.waitFor(async () => { calls += 1; return true; }, 30_000)).toBe(true);
      expect(calls).toBe(1);
      expect(s.backend.now() - t0).toBeLessThan(30_000);
    });

    s.test('waitFor returns true as soon as the cluster makes the check hold', async () => {
      const name = uniqueName('clocked');
      let runningAt: number | undefined;
      const unwatch = await s.backend.watch({ kind: 'Pod', namespace: NS }, (ev) => {
        if (runningAt === undefined && ev.object.metadata.name === name && isPodRunning(ev.object)) runningAt = s.backend.now();
      });
      try {
        const t0 = s.backend.now();
        await s.backend.create(pod(name));
        const held = await s.backend.waitFor(async () => isPodRunning(await s.backend.get(ref('Pod', name))), 120_000);
        const t1 = s.backend.now();
        expect(held).toBe(true);
        expect(t1 - t0).toBeLessThan(120_000);
        expect(isPodRunning(await s.backend.get(ref('Pod', name)))).toBe(true);
        // Within a polling interval of the moment a watch saw it happen (the same instant on the simulator).
        await eventually(s.backend, `a watch sees pod ${name} Running`, async () => runningAt !== undefined, 30_000);
        expect(Math.abs(t1 - runningAt!)).toBeLessThanOrEqual(5_000);
      } finally {
        unwatch.stop();
      }
    });
  });
}
