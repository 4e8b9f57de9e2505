'use strict';
/**
 * The command line every generator shares: `--stdout` prints the text, `--check` exits 1 when the
 * file differs from it (naming the file and `npm run generate`), otherwise the file is written
 * when it changed. `--out <file>` names another file than the generator's own.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Returns the exit code. */
function writeOrCheck(args, defaultOut, text) {
  if (args.includes('--stdout')) {
    process.stdout.write(text);
    return 0;
  }
  const outIndex = args.indexOf('--out');
  const outFile = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : defaultOut;
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
  if (args.includes('--check')) {
    if (current === text) return 0;
    process.stderr.write(`${path.relative(process.cwd(), outFile)} is stale: run npm run generate\n`);
    return 1;
  }
  if (current !== text) {
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, text);
  }
  return 0;
}

module.exports = { writeOrCheck };
