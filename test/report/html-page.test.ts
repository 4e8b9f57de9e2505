/**
 * The HTML page of the timeline report as text: self-contained (no URL to fetch anything from),
 * user data from the cluster and the scenario kept out of the markup, and the page of the
 * ZooKeeper story small enough to mail around.
 */
import { describe, expect, test } from '@jest/globals';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SimulatorBackend } from '../../src/backends/simulator';
import { HtmlReporter as PublicHtmlReporter, runScenario as runFromCode, type HistoryEntry } from '../../src/index';
import { HtmlReporter } from '../../src/report/html';
import { buildTimeline } from '../../src/report/timeline/build';
import { renderPage, scriptSafeJson } from '../../src/report/timeline/page';
import { runScenario } from '../../src/runner/run-scenario';
import { loadScenarioFile } from '../../src/scenario/load';
import { zkStoryRun } from './zk-story-run';

describe('scriptSafeJson', () => {
  test('no character that could end or change a script element; JSON.parse reads back the same value', () => {
    const value = { name: '</script><img src=x onerror="alert(1)">', note: '<!-- & \u2028\u2029 -->', nested: ['</SCRIPT >'] };
    const text = scriptSafeJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('the report page', () => {
  test('hostile step names and event messages stay inside the JSON, escaped', async () => {
    const { history, result } = await zkStoryRun();
    const reporter = new HtmlReporter();
    reporter.scenarioTimeline(buildTimeline(history, result));
    const html = reporter.finish([result]);
    // the only markup is the page's own: four scripts (data, d3, the duration format, the page's), no image
    expect(html.match(/<script/gi)).toHaveLength(4);
    expect(html.match(/<\/script/gi)).toHaveLength(4);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('\\u003c/script\\u003e\\u003cimg src=x onerror=\\"window.__pwned=2\\"\\u003e');
    expect(html).toContain('note \\u003c/script\\u003e\\u003cimg src=x onerror=\\"window.__pwned=1\\"\\u003e in the step name');
  }, 60_000);

  test('self-contained: nothing is loaded from elsewhere', async () => {
    const html = renderPage([], '0 passed, 0 failed');
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]*\s(src|href)=/i);
    expect(html).not.toMatch(/\b(import\s*\(|fetch\s*\(|XMLHttpRequest)/);
    expect(html).toContain('d3-zoom'); // the library's own banner: it is inlined
  });

  test('the ZooKeeper story page stays small (docs/report.md has the figures)', async () => {
    const loaded = await loadScenarioFile(resolve(__dirname, '..', '..', 'scenarios', 'zookeeper', 'whole-story.yaml'));
    const { result, history } = await runScenario(loaded, new SimulatorBackend({ seed: 1 }), 1, { keepHistory: true });
    const historyBytes = history.map((e) => JSON.stringify(e)).join('\n').length;
    const html = renderPage([buildTimeline(history, result)], '1 passed, 0 failed');
    expect(historyBytes).toBeGreaterThan(1_000_000);
    expect(html.length).toBeLessThan(350_000);
    expect(gzipSync(html).length).toBeLessThan(80_000);
  }, 60_000);

  test('from code: runScenario with onHistory, then HtmlReporter.addRun and finish, give the CLI\'s page', async () => {
    const file = resolve(__dirname, '..', '..', 'scenarios', 'statefulset', 'identity-and-dns.yaml');
    let history: HistoryEntry[] = [];
    const result = await runFromCode(file, { onHistory: (h) => (history = h) });
    const reporter = new PublicHtmlReporter();
    reporter.addRun(result, history);
    const html = reporter.finish([result]);
    const data = JSON.parse(/<script type="application\/json" id="kscenario-data">(.*?)<\/script>/s.exec(html)![1]!);
    expect(data.summary).toBe('1 passed, 0 failed');
    expect(data.scenarios).toEqual([buildTimeline(history, result)]);
    expect(data.scenarios[0].name).toBe(result.name);
    expect(data.scenarios[0].pods.length).toBeGreaterThan(0);
  }, 60_000);
});
