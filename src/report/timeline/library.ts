/**
 * The charting code the page inlines: d3's modules (scales, axes, selections, zoom) as their
 * published UMD builds, which define the global `d3` in a page without a module loader. Read from
 * the installed packages at report time, so the page needs no network when it is opened.
 * docs/report.md compares this choice with vis-timeline, ECharts and uPlot, with sizes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KscenarioError } from '../../errors';

/**
 * The modules in an order where each comes after those it uses (a UMD build reads the global
 * `d3` its dependencies filled), each with the module that depends on it (undefined: a
 * dependency of kscenario itself): npm may have put a module's dependencies inside it, so each is
 * resolved from the module that uses it.
 */
const MODULES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['d3-array', 'd3-scale'], ['d3-color', 'd3-interpolate'], ['d3-interpolate', 'd3-scale'], ['d3-format', 'd3-scale'],
  ['d3-time', 'd3-scale'], ['d3-time-format', 'd3-scale'], ['d3-scale', undefined], ['d3-selection', undefined],
  ['d3-axis', undefined], ['d3-dispatch', 'd3-zoom'], ['d3-timer', 'd3-transition'], ['d3-ease', 'd3-transition'],
  ['d3-transition', 'd3-zoom'], ['d3-drag', 'd3-zoom'], ['d3-zoom', undefined],
];
const USED_BY = new Map(MODULES);

let cached: string | undefined;

/**
 * The modules' minified code, one after another. A module that cannot be found (a broken
 * install) is an error before the run starts: the HTML reporter reads them when it is made.
 */
export function chartingLibrary(): string {
  cached ??= MODULES.map(([name]) => readFileSync(umdFile(name), 'utf8')).join('\n');
  return cached;
}

/** A d3 module's `dist/NAME.min.js`. */
function umdFile(name: string): string {
  const file = join(moduleDir(name), 'dist', `${name}.min.js`);
  if (!existsSync(file)) throw missing(name, `${file} is missing`);
  return file;
}

/**
 * Where a module is installed. The packages export only their entry points (dist/NAME.mjs for
 * require.resolve), so the package directory is the one above the resolved entry.
 */
function moduleDir(name: string): string {
  const user = USED_BY.get(name);
  const from = user === undefined ? __dirname : moduleDir(user);
  try {
    return dirname(dirname(require.resolve(name, { paths: [from] })));
  } catch {
    throw missing(name, `it is not installed where ${user ?? 'kscenario'} can find it`);
  }
}

function missing(name: string, why: string): KscenarioError {
  return new KscenarioError('USAGE', `the HTML report needs the npm package ${name}: ${why}`, undefined, 'reinstall kscenario (npm ci, or npm install kscenario)');
}
