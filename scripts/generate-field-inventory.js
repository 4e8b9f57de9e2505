#!/usr/bin/env node
/**
 * Writes docs/field-inventory.md from the field inventory (src/sim/field-inventory.ts) and the
 * generated field-type table: committed files only, no Go module cache.
 *
 *   node scripts/generate-field-inventory.js           write the file
 *   node scripts/generate-field-inventory.js --check   exit 1 when the file is stale
 *   node scripts/generate-field-inventory.js --stdout  print what would be written
 *   --out <file>                                       write or check another file
 */
'use strict';
require('./register-ts');
const fs = require('node:fs');
const path = require('node:path');
const { renderFieldInventory } = require('../src/sim/field-inventory-doc.ts');

const OUT_FILE = path.resolve(__dirname, '..', 'docs', 'field-inventory.md');

function main(args) {
  const text = renderFieldInventory();
  if (args.includes('--stdout')) {
    process.stdout.write(text);
    return 0;
  }
  const outIndex = args.indexOf('--out');
  const outFile = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : OUT_FILE;
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
  if (args.includes('--check')) {
    if (current === text) return 0;
    process.stderr.write(`${path.relative(process.cwd(), outFile)} is stale: run npm run generate\n`);
    return 1;
  }
  if (current !== text) fs.writeFileSync(outFile, text);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
