#!/usr/bin/env node
'use strict';
/**
 * Prints the claims table of a cross-backend run (markdown): every claim id of scenarios/claims.yaml
 * with its verdict on each run. Runs the compiled code (npm ci builds it).
 *
 *   node bench/claims-table.js --claims scenarios/claims.yaml \
 *     --column "simulator=sim.json" --column "kind 1.34=kind.json,kind-plan.json"
 *
 * A column is LABEL=REPORT[+REPORT...][,PLAN]: each REPORT a `--reporter json` output (of one shard
 * of the run; a missing file counts as nothing run), PLAN a `--dry-run --reporter json` output of the
 * kind backend (why scenarios were refused there).
 */
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { claimsTable, parseClaims } = require(join(__dirname, '..', 'dist', 'src', 'backends', 'kind', 'claims-table'));

function readJson(file) {
  return file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

const argv = process.argv.slice(2);
let claimsFile = join(__dirname, '..', 'scenarios', 'claims.yaml');
const columns = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--claims') claimsFile = argv[++i];
  else if (argv[i] === '--column') {
    const spec = argv[++i] ?? '';
    const eq = spec.indexOf('=');
    if (eq < 1) throw new Error(`--column LABEL=REPORT[,PLAN], got ${spec}`);
    const [reports, plan] = spec.slice(eq + 1).split(',');
    const scenarios = (reports ?? '').split('+').flatMap((f) => readJson(f)?.scenarios ?? []);
    columns.push({ label: spec.slice(0, eq), report: { scenarios }, plan: readJson(plan) });
  } else throw new Error(`unknown argument ${argv[i]}`);
}
process.stdout.write(claimsTable(parseClaims(readFileSync(claimsFile, 'utf8')), columns));
