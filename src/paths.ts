/** Files that ship with the package (the schema, init's templates), found from wherever the code runs (src/ or dist/src/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${from}`);
    dir = up;
  }
  return dir;
}

export const SCHEMA_FILE = join(packageRoot(), 'schema', 'scenario.schema.json');

/** The files `kscenario init` fills in and writes into a project. */
export const INIT_TEMPLATES_DIR = join(packageRoot(), 'templates', 'init');

/** The version in the package's package.json (what `kscenario --version` prints). */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

/** The duration format, a plain script shared by the reporters and the HTML report's page. */
export const FORMAT_DURATION_FILE = join(packageRoot(), 'assets', 'report', 'format-duration.js');
