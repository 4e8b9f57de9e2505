'use strict';
/**
 * The seed suite as the benchmark measures it, run by bench/run.js in a child process of its own:
 * `node bench/suite.js <scenarios dir> <report file> [--workers N]`. It runs the real CLI
 * (`kscenario run --reporter json`) so the figure is what a user waits for, then tells the parent
 * the CPU time of the whole process — process.cpuUsage() includes every worker thread.
 */
const { join } = require('node:path');
const { main } = require(join(__dirname, '..', 'dist', 'src', 'cli', 'main'));

async function suite() {
  const [dir, report, ...rest] = process.argv.slice(2);
  let errText = '';
  // The console report is not wanted here; what went wrong is kept for the parent to show.
  const io = { out: () => undefined, err: (t) => void (errText += t), color: false };
  const code = await main(['run', dir, '--reporter', 'json', '--output', report, ...rest], io);
  const cpu = process.cpuUsage();
  const message = { code, cpuMs: (cpu.user + cpu.system) / 1000, stderr: errText.slice(-4000) };
  await new Promise((resolve) => (process.send ? process.send(message, () => resolve()) : resolve(void console.log(JSON.stringify(message)))));
}

suite().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
