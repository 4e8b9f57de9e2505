/**
 * The HTML file of a run's timeline report: one page, self-contained (styles, the charting
 * library and the page's script inlined; no network when opened), with every scenario's timeline
 * as JSON that the script draws.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_DURATION_FILE, packageRoot } from '../../paths';
import { chartingLibrary } from './library';
import type { ScenarioTimeline } from './model';

const ASSETS = join(packageRoot(), 'assets', 'report');

/**
 * JSON that can sit inside a <script> element: `<` (so no `</script>` or `<!--` closes or
 * changes it), `>`, `&` and the line separators JavaScript once refused are written as \u
 * escapes, which JSON.parse reads back as the same characters.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for an HTML text node (the title). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Inlined code must not contain `</script` (none of it does; this keeps it true). */
function inlineScript(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

export function renderPage(timelines: readonly ScenarioTimeline[], summary: string): string {
  const css = readFileSync(join(ASSETS, 'timeline.css'), 'utf8');
  const script = readFileSync(join(ASSETS, 'timeline.js'), 'utf8');
  const duration = readFileSync(FORMAT_DURATION_FILE, 'utf8');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`kscenario report · ${summary}`)}</title>`,
    `<style>${css}</style>`,
    '</head><body>',
    `<script type="application/json" id="kscenario-data">${scriptSafeJson({ summary, scenarios: timelines })}</script>`,
    `<script>${inlineScript(chartingLibrary())}</script>`,
    // the console's duration format: the same file runs in the page
    `<script>${inlineScript(duration)}</script>`,
    `<script>${inlineScript(script)}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
