/**
 * The HTML timeline report in a real browser: Debian's chromium, driven by puppeteer-core (which
 * downloads no browser). `kscenario run --report html=DIR` on a failing variant of the ZooKeeper
 * story, then the page must draw the node lanes, the pod bars, the fault markers and the failed
 * check with its diff, filter events and objects, zoom, and raise no error nor run the script a
 * hostile event message holds. The screenshot goes to test/.artifacts/ (not committed).
 *
 * Without chromium the test is skipped, its name saying how to install it; with
 * KSCENARIO_REQUIRE_BROWSER=1 (.ci/run) a missing browser fails it instead.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { main } from '../../src/cli/main';
import { ZK_STORY_FAILS } from './zk-story-run';

/** An element's inline style, which the page's filters set (no DOM types in this project's lib). */
interface Shown {
  style: { display: string };
}

const ARTIFACTS = resolve(__dirname, '..', '.artifacts');
const INSTALL = 'apt-get install -y chromium';

/** The system browser: CHROMIUM_PATH, else chromium (or chromium-browser) on the PATH. */
function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path && existsSync(path)) return path;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const chromium = findChromium();
const required = process.env.KSCENARIO_REQUIRE_BROWSER === '1';

if (!chromium && !required) {
  process.stdout.write(`test/report/html-browser.test.ts: skipped, chromium is not installed: ${INSTALL} (or set CHROMIUM_PATH)\n`);
  test.skip(`HTML report in a browser: skipped, chromium is not installed (${INSTALL}; or set CHROMIUM_PATH)`, () => undefined);
} else {
  describe('the HTML report of a failing ZooKeeper story, in chromium', () => {
    let browser: Browser;
    let page: Page;
    let exitCode: number;
    let stdout = '';
    const problems: string[] = [];

    beforeAll(async () => {
      if (!chromium) throw new Error(`KSCENARIO_REQUIRE_BROWSER=1 but chromium is not installed: ${INSTALL}`);
      const dir = mkdtempSync(join(tmpdir(), 'kscenario-html-'));
      exitCode = await main(['run', ZK_STORY_FAILS, '--report', `html=${dir}`], { out: (t) => void (stdout += t), err: () => undefined, color: false });
      browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'] });
      page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 1000 });
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
      page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`); });
      await page.goto(`file://${join(dir, 'report.html')}`, { waitUntil: 'load' });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
    });

    test('the run fails and its console output names the page', () => {
      expect(exitCode).toBe(1);
      expect(stdout).toMatch(/timeline: .*report\.html#zk-story-fails/);
    });

    test('one lane per node and one for pods not yet scheduled, with pod bars', async () => {
      expect(await page.$$eval('.lane-label', (els) => els.map((e) => e.textContent))).toEqual(['control-plane', 'worker-1', 'worker-2', 'not scheduled']);
      expect((await page.$$('rect.pod')).length).toBeGreaterThan(30);
      const tips = await page.$$eval('rect.pod title', (els) => els.map((e) => e.textContent ?? ''));
      expect(tips.some((t) => /^default\/zk-\d on worker-1\nRunning, not Ready /.test(t))).toBe(true);
      expect(tips.some((t) => /^default\/zk-\d on worker-2\nRunning, Ready, Terminating /.test(t))).toBe(true);
    });

    test('worker-1 shown Unknown, the drained nodes cordoned', async () => {
      const states = await page.$$eval('.lane-state', (els) => els.map((e) => e.textContent));
      expect(states).toEqual(expect.arrayContaining(['Ready=Unknown', 'cordoned']));
    });

    test('a marker for every fault, labelled with its step and time', async () => {
      expect((await page.$$('line.fault')).length).toBe(8);
      const labels = await page.$$eval('.fault-label', (els) => els.map((e) => e.childNodes[0]?.textContent));
      expect(labels).toEqual(expect.arrayContaining(['kill worker-1 · 2m14.8s', 'boot worker-1 · 4m10.1s', 'drain worker-2 · 4m36.1s']));
    });

    test('the failed check: a red bar, its claim, mismatch and diff', async () => {
      expect((await page.$$('rect.check-bar.failed')).length).toBe(1);
      const failed = await page.$eval('.check.failed', (e) => e.textContent ?? '');
      expect(failed).toContain('zk-1 ends on worker-2');
      expect(failed).toContain('Pod zk-1: spec.nodeName: expected worker-2, observed worker-1');
      const diff = await page.$eval('.check.failed pre.diff', (e) => e.textContent ?? '');
      expect(diff).toContain('-    nodeName: worker-2\n+    nodeName: worker-1');
    });

    test('hostile text is shown as text and runs nothing', async () => {
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
      expect((await page.$$('img')).length).toBe(0);
      const cells = await page.$$eval('table.events td', (els) => els.map((e) => e.textContent));
      expect(cells).toContain('</script><img src=x onerror="window.__pwned=2"><script>window.__pwned=3</script>');
    });

    test('events and objects can be filtered', async () => {
      const [eventSearch, objectSearch] = await page.$$('input.search');
      await eventSearch!.type('Hostile');
      expect(await page.$$eval('table.events tr.Warning, table.events tr.Normal', (rows) => rows.filter((r) => (r as unknown as Shown).style.display !== 'none').length)).toBe(1);
      await objectSearch!.type('pod/zk-1');
      const shown = await page.$$eval('details.object', (ds) => ds.filter((d) => (d as unknown as Shown).style.display !== 'none').map((d) => d.querySelector('summary')!.textContent));
      expect(shown).toEqual([expect.stringMatching(/^Pod\/default\/zk-1 \(\d+ changes\)$/)]);
    });

    test('the wheel zooms the time axis', async () => {
      const ticks = () => page.$$eval('.axis .tick text', (els) => els.map((e) => e.textContent));
      const before = await ticks();
      const box = (await (await page.$('.chart svg'))!.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + 300);
      await page.mouse.wheel({ deltaY: -600 });
      await new Promise((r) => setTimeout(r, 300));
      expect(await ticks()).not.toEqual(before);
    });

    test('no console errors, page errors or network requests; a screenshot', async () => {
      await page.reload({ waitUntil: 'load' });
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, 'html-report-zk-story-fails.png');
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`screenshot of the HTML report: ${file}\n`);
      expect(problems).toEqual([]);
    });
  });
}
