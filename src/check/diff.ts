/**
 * The unified diff a failed check prints: expected (as written) against the observed projection,
 * both as YAML with sorted keys, Matchers shown as their tags.
 *
 * Colours follow test runners (Jest) rather than git: `-` expected lines green (what should be),
 * `+` observed lines red (what is wrong), `--- expected` / `+++ observed` headers in the same
 * colours so the legend reads at a glance, hunk headers cyan. Parts that match are aligned first
 * (see alignForDiff), so a satisfied `!gte 2` or `1Gi` against `1024Mi` is not marked changed.
 */
import { structuredPatch } from 'diff';
import { createColors } from 'picocolors';
import { alignForDiff } from './project';
import { toYamlText } from './yaml-text';

export { describeMismatches } from './describe';
export { toInlineYaml } from './yaml-text';

export interface DiffOptions {
  color: boolean;
  /** lines of context around changes; default: the whole document (projections are short) */
  context?: number;
}

/** The diff text ending in a newline, or '' when the two documents print the same. */
export function renderDiff(expected: unknown, observedProjection: unknown, options: DiffOptions): string {
  const before = toYamlText(expected);
  const after = toYamlText(alignForDiff(expected, observedProjection));
  const patch = structuredPatch('expected', 'observed', before, after, undefined, undefined, {
    context: options.context ?? Number.MAX_SAFE_INTEGER,
  });
  if (patch.hunks.length === 0) return '';
  const c = createColors(options.color);
  const lines = [c.green('--- expected'), c.red('+++ observed')];
  for (const hunk of patch.hunks) {
    lines.push(c.cyan(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('-')) lines.push(c.green(line));
      else if (line.startsWith('+')) lines.push(c.red(line));
      else lines.push(line);
    }
  }
  return `${lines.join('\n')}\n`;
}
