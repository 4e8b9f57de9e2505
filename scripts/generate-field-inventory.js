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
const path = require('node:path');
const { writeOrCheck } = require('./generated-output');
const { renderFieldInventory } = require('../src/sim/field-inventory-doc.ts');

const OUT_FILE = path.resolve(__dirname, '..', 'docs', 'field-inventory.md');

if (require.main === module) process.exit(writeOrCheck(process.argv.slice(2), OUT_FILE, renderFieldInventory()));
