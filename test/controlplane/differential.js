#!/usr/bin/env node
'use strict';
// `npm run test:differential`: see differential.ts. Runs from the sources (no build needed).
require('../../scripts/register-ts');

require('./differential.ts').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exitCode = 2;
});
