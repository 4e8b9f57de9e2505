'use strict';
/**
 * `npm run fuzz [-- --runs 10000 --seed 1 --timeout 10 --jobs N]` (issue 13 item 6): mutated
 * scenario files (test/fuzz/mutations.ts) through the compiled CLI (`npm run build` first), each
 * `kscenario run` in a child process with a time limit. Reported: hangs (over --timeout seconds),
 * exit codes outside 0/1/2, and output with "internal error" or a stack trace. Each finding keeps
 * its case file under the printed directory. Exit 1 when anything was found.
 */
require('./register-ts');
const { spawn } = require('node:child_process');
const { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, existsSync } = require('node:fs');
const { availableParallelism, tmpdir } = require('node:os');
const { basename, dirname, join } = require('node:path');
const fc = require('fast-check');
const { mutate, mutatedCase, seedFiles } = require('../test/fuzz/mutations.ts');

const CLI = join(__dirname, '..', 'bin', 'kscenario.js');

function options(argv) {
  const o = { runs: 10_000, seed: Date.now() % 2 ** 31, timeout: 10, jobs: Math.max(1, availableParallelism()) };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in o) || !/^\d+$/.test(argv[i + 1] ?? '')) {
      console.error('usage: npm run fuzz -- [--runs 10000] [--seed n] [--timeout 10] [--jobs n]');
      process.exit(2);
    }
    o[name] = Number(argv[i + 1]);
  }
  return o;
}

/** Writes case `i` where its seed's relative manifests resolve: a directory of its own linking them. */
function writeCase(root, i, c) {
  const dir = join(root, String(i));
  mkdirSync(dir);
  for (const sub of ['manifests']) {
    const target = join(dirname(c.file), sub);
    if (existsSync(target)) symlinkSync(target, join(dir, sub));
  }
  const file = join(dir, basename(c.file));
  writeFileSync(file, mutate(c));
  return file;
}

function runCase(file, timeoutS) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', file, '--workers', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

function finding({ code, signal, out }) {
  if (signal === 'SIGKILL') return 'hang';
  if (![0, 1, 2].includes(code)) return `exit ${code}${signal ? ` (${signal})` : ''}`;
  if (/internal error|\n\s+at .+:\d+:\d+\)?\n/.test(out)) return 'internal error or stack trace';
  return undefined;
}

async function main() {
  const o = options(process.argv.slice(2));
  const cases = fc.sample(mutatedCase(seedFiles()), { numRuns: o.runs, seed: o.seed });
  const root = mkdtempSync(join(tmpdir(), 'kscenario-fuzz-'));
  console.log(`fuzz: ${o.runs} cases, seed ${o.seed}, ${o.jobs} at a time, ${o.timeout} s each; cases in ${root}`);
  const found = [];
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < cases.length) {
      const i = next++;
      const file = writeCase(root, i, cases[i]);
      const what = finding(await runCase(file, o.timeout));
      if (what) {
        found.push({ i, file, what });
        console.log(`#${i} ${what}: ${file} (from ${cases[i].file})`);
      }
      if (++done % 500 === 0) console.log(`fuzz: ${done}/${cases.length}, ${found.length} findings`);
    }
  }
  await Promise.all(Array.from({ length: o.jobs }, worker));
  const by = {};
  for (const f of found) by[f.what] = (by[f.what] ?? 0) + 1;
  console.log(`fuzz: ${cases.length} cases, ${found.length} findings${found.length ? `: ${JSON.stringify(by)}` : ''} (replay: --seed ${o.seed})`);
  process.exit(found.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
