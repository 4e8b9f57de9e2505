#!/usr/bin/env node
'use strict';
/**
 * Writes the JUnit XML of a run from its JSON report, so that one run gives both (a run has one
 * --reporter): `node bench/junit-from-json.js kind.json junit-kind.xml`. Runs the compiled code.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { JUnitReporter } = require(join(__dirname, '..', 'dist', 'src', 'report', 'junit'));

const [from, to] = process.argv.slice(2);
if (!from || !to) throw new Error('usage: node bench/junit-from-json.js REPORT.json OUT.xml');
const { scenarios } = JSON.parse(readFileSync(from, 'utf8'));
writeFileSync(to, new JUnitReporter().finish(scenarios));
