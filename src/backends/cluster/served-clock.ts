/**
 * The clock of a cluster served by `kscenario serve` (its kscenario.dev/v1alpha1 `clock`
 * resource: GET → {nowMs, time, speed, limitMs}; POST {limitMs?, advanceMs?}).
 *
 * - At a numeric speed the simulator's time runs at speed × wall time by itself. Between two
 *   readings the cluster's time is estimated from the last reading and the speed; it is read
 *   again every READ_EVERY_MS of wall time while in use, and waits end only once a reading shows
 *   the cluster got there.
 * - On demand the served time moves only while a client waits and never past the clock's limit.
 *   The backend holds the limit at "now" except while the runner waits on a check, when it
 *   raises it to the end of the wait: virtual time then passes exactly where the simulator
 *   backend's would, and as fast as the cluster can compute it. A sleep (and the end of a wait
 *   that timed out) advances the served clock outright, as the simulator backend's sleep does.
 */
import type { TimeSource } from './clock';
import type { KubeHttp } from './http';

export const CLOCK_PATH = '/apis/kscenario.dev/v1alpha1/clock';

export interface ClockReading {
  nowMs: number;
  time: string;
  speed: number | 'on-demand';
  limitMs?: number;
  nextMs?: number;
}

/** How often a numeric-speed clock is read again while someone uses it (wall ms). */
const READ_EVERY_MS = 100;
/**
 * On demand: how often a wait looks at the clock (wall ms). The served clock moves only once no
 * request has come for a while (30 ms), so polling faster would hold it still.
 */
const POLL_MS = 60;

export class ServedTime implements TimeSource {
  readonly description: string;
  private reading: ClockReading;
  private readAtWall: number;
  /** epoch ms of the served clock's virtual 0 */
  private readonly epochBase: number;
  private refreshing: Promise<void> | undefined;

  private constructor(private readonly http: KubeHttp, first: ClockReading) {
    this.reading = first;
    this.readAtWall = Date.now();
    this.epochBase = Date.parse(first.time) - Math.floor(first.nowMs / 1000) * 1000;
    this.description = first.speed === 'on-demand' ? 'the served clock (on demand)' : `the served clock (speed ${first.speed})`;
  }

  static async connect(http: KubeHttp): Promise<ServedTime> {
    return new ServedTime(http, await read(http));
  }

  get onDemand(): boolean {
    return this.reading.speed === 'on-demand';
  }

  epochMs(): number {
    const r = this.reading;
    let now = r.nowMs;
    if (typeof r.speed === 'number') {
      now += (Date.now() - this.readAtWall) * r.speed;
      if (r.limitMs !== undefined) now = Math.min(now, Math.max(r.nowMs, r.limitMs));
    }
    if (Date.now() - this.readAtWall > READ_EVERY_MS) void this.refresh();
    return this.epochBase + Math.floor(now);
  }

  /** Reads the clock now (on demand: what watch events are stamped with, see the dispatcher). */
  sync(): Promise<void> {
    return this.refresh(true);
  }

  wallFor(ms: number): number {
    if (typeof this.reading.speed === 'number') return Math.max(0, ms / this.reading.speed);
    return Math.min(Math.max(0, ms), POLL_MS * 5);
  }

  async until(epochMs: number): Promise<void> {
    const target = epochMs - this.epochBase;
    if (this.onDemand) {
      // On demand, time would move only while some client waits on the server; a sleep lets it
      // pass outright, as the simulator backend's sleep does (every instant in order).
      await this.refresh(true);
      if (this.reading.nowMs < target) await this.post({ limitMs: target, advanceMs: target - this.reading.nowMs });
    }
    for (;;) {
      await this.refresh(true);
      if (this.reading.nowMs >= target) break;
      const wall = typeof this.reading.speed === 'number' ? (target - this.reading.nowMs) / this.reading.speed : POLL_MS;
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(wall, 5), READ_EVERY_MS)));
    }
    if (this.onDemand) await this.setLimit(this.reading.nowMs);
  }

  /**
   * On demand, when the served time stood still through a wait's tick (no client of the server
   * was waiting on it): lets it pass to the simulator's next scheduled instant, never past the
   * deadline — the simulator backend's waitFor, which runs the cluster instant by instant.
   */
  async idle(deadlineEpochMs: number): Promise<void> {
    if (!this.onDemand) return;
    const before = this.reading.nowMs;
    await this.refresh(true);
    if (this.reading.nowMs !== before) return;
    const deadline = deadlineEpochMs - this.epochBase;
    const target = Math.min(this.reading.nextMs ?? deadline, deadline);
    if (target > this.reading.nowMs) await this.post({ limitMs: deadline, advanceMs: target - this.reading.nowMs });
  }

  async waiting(on: boolean, untilEpochMs?: number): Promise<void> {
    if (!this.onDemand) return;
    await this.refresh(true);
    await this.setLimit(on && untilEpochMs !== undefined ? Math.max(untilEpochMs - this.epochBase, this.reading.nowMs) : this.reading.nowMs);
  }

  /** On demand: hold time still (at start) or let it run free (at stop, so that deletions finish). */
  async hold(on: boolean): Promise<void> {
    if (!this.onDemand) return;
    await this.refresh(true);
    await this.setLimit(on ? this.reading.nowMs : null);
  }

  /**
   * On demand, while a client of the scenario's own runs (a kubectl step): time moves only while
   * that client waits (kubectl's watch for `wait`, its polls for `drain`), as on the simulator
   * backend, whose kubectl gets a server of its own. The runner's watches, open all along, would
   * otherwise count as waiting and let time run to the scenario's timeout while kubectl answers
   * a plain `get`. `hold(true)` ends it.
   */
  async releaseForNewWaiters(): Promise<void> {
    if (!this.onDemand) return;
    await this.post({ limitMs: null, newWaitersOnly: true });
  }

  close(): void {}

  private setLimit(limitMs: number | null): Promise<void> {
    return this.post({ limitMs });
  }

  private async post(body: { limitMs: number | null; advanceMs?: number; newWaitersOnly?: boolean }): Promise<void> {
    const { object } = await this.http.json<ClockReading>('POST', CLOCK_PATH, { body });
    this.take(object);
  }

  private refresh(force = false): Promise<void> {
    if (!force && this.refreshing) return this.refreshing;
    const p = read(this.http).then((r) => this.take(r)).finally(() => {
      if (this.refreshing === p) this.refreshing = undefined;
    });
    this.refreshing = p;
    // a background refresh must not surface as an unhandled rejection
    p.catch(() => undefined);
    return p;
  }

  private take(r: ClockReading): void {
    this.reading = r;
    this.readAtWall = Date.now();
  }
}

async function read(http: KubeHttp): Promise<ClockReading> {
  return (await http.json<ClockReading>('GET', CLOCK_PATH)).object;
}
