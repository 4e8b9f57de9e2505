/**
 * The charting code the page inlines: d3's modules (scales, axes, selections, zoom) as their
 * published UMD builds, which define the global `d3` in a page without a module loader. Read from
 * the installed packages at report time, so the page needs no network when it is opened.
 * docs/report.md compares this choice with vis-timeline, ECharts and uPlot, with sizes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The modules in an order where each comes after those it uses (a UMD build reads the global
 * `d3` its dependencies filled), with the package that depends on it (undefined: a dependency of
 * kscenario itself) to find it where npm put it.
 */
const MODULES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['d3-array', 'd3-scale'], ['d3-color', 'd3-interpolate'], ['d3-interpolate', 'd3-scale'], ['d3-format', 'd3-scale'],
  ['d3-time', 'd3-scale'], ['d3-time-format', 'd3-scale'], ['d3-scale', undefined], ['d3-selection', undefined],
  ['d3-axis', undefined], ['d3-dispatch', 'd3-zoom'], ['d3-timer', 'd3-transition'], ['d3-ease', 'd3-transition'],
  ['d3-transition', 'd3-zoom'], ['d3-drag', 'd3-zoom'], ['d3-zoom', undefined],
];

let cached: string | undefined;

/** The modules' minified code, one after another. */
export function chartingLibrary(): string {
  cached ??= MODULES.map(([name, user]) => readFileSync(umdFile(name, user), 'utf8')).join('\n');
  return cached;
}

/**
 * A d3 module's `dist/NAME.min.js`. The packages export only their entry points, so the file is
 * found next to the resolved entry (dist/NAME.mjs), resolved from the package that uses it.
 */
function umdFile(name: string, user: string | undefined): string {
  const from = user === undefined ? [__dirname] : [packageDir(user, [__dirname])];
  const file = join(packageDir(name, from), 'dist', `${name}.min.js`);
  if (!existsSync(file)) throw new Error(`the HTML report needs ${file} (npm package ${name}); reinstall kscenario`);
  return file;
}

function packageDir(name: string, paths: string[]): string {
  return dirname(dirname(require.resolve(name, { paths })));
}
