/**
 * The HTML timeline report (`--reporter html=DIR`, also spelled `--report html=DIR`): one
 * self-contained page per run, DIR/report.html, with each scenario's timeline (docs/report.md).
 * It needs each scenario's history, reduced to a timeline where the scenario ran (a worker thread
 * sends the timeline, not the history): the run hands it over at scenarioTimeline.
 */
import { join } from 'node:path';
import type { HistoryEntry } from '../history/entry';
import type { ScenarioResult } from '../runner/result';
import { runSummary } from './format';
import type { InvalidFile } from './invalid';
import type { Reporter } from './reporter';
import type { ScenarioTimeline } from './timeline/model';
import { buildTimeline } from './timeline/build';
import { renderPage } from './timeline/page';
import { chartingLibrary } from './timeline/library';

/** The page's name inside the directory given. */
export const HTML_REPORT_FILE = 'report.html';

export function htmlReportFile(dir: string): string {
  return join(dir, HTML_REPORT_FILE);
}

export class HtmlReporter implements Reporter {
  private readonly timelines = new Map<string, ScenarioTimeline>();

  constructor() {
    // read now, before the run: a broken install is said before anything runs, not after
    chartingLibrary();
  }

  scenarioTimeline(timeline: ScenarioTimeline): void {
    this.timelines.set(timeline.name, timeline);
  }

  /**
   * A scenario run from code: its result and the history `runScenario`'s onHistory gave, reduced
   * to its timeline as the CLI does (then `finish(results)` gives the page).
   */
  addRun(result: ScenarioResult, history: readonly HistoryEntry[]): void {
    this.scenarioTimeline(buildTimeline(history, result));
  }

  finish(results: ScenarioResult[], invalid: readonly InvalidFile[] = []): string {
    const shown = results.flatMap((r) => this.timelines.get(r.name) ?? []);
    return renderPage(shown, runSummary(results.map((r) => r.status), invalid.length));
  }
}
