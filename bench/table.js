'use strict';
/** The benchmark's targets (issue 9) and its printed tables: every figure with its target, PASS or MISS. */

const MIB = 2 ** 20;

const TARGETS = {
  suiteWallS: { below: 3, text: '< 3 s' },
  podsPerS: { atLeast: 20000, text: '>= 20,000 pods/s' },
  peakHeapBytes: { below: 1024 * MIB, text: '< 1 GiB' },
  growthPerDoubling: { atMost: 2.2, text: '<= 2.2x' },
};

function verdict(value, target) {
  if (value === undefined) return 'MISS';
  if (target.below !== undefined) return value < target.below ? 'PASS' : 'MISS';
  if (target.atLeast !== undefined) return value >= target.atLeast ? 'PASS' : 'MISS';
  return value <= target.atMost ? 'PASS' : 'MISS';
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

const seconds = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
const count = (n) => (n === undefined ? '-' : n.toLocaleString('en-US'));
const mib = (b) => (b === undefined ? '-' : `${Math.round(b / MIB)} MiB`);

function suiteRows(suite) {
  if (suite.end !== 'done') return [['seed suite', `${suite.end} (${suite.detail})`, TARGETS.suiteWallS.text, 'MISS']];
  const name = `seed suite: ${suite.scenarios} scenarios, ${suite.workers} worker(s)`;
  return [
    [`${name}, wall`, seconds(suite.wallMs), TARGETS.suiteWallS.text, verdict(suite.wallMs / 1000, TARGETS.suiteWallS)],
    [`${name}, CPU`, seconds(suite.cpuMs), '', ''],
    ['seed suite: passed / failed / errors', `${suite.passed} / ${suite.failed} / ${suite.errors}`, 'all pass', suite.exitCode === 0 ? 'PASS' : 'MISS'],
  ];
}

function sizeRows(s) {
  const what = `${count(s.pods)} pods on ${count(s.nodes)} nodes`;
  if (s.end !== 'done') {
    const done = s.createPodsPerS ? `; create alone ${count(s.createPodsPerS)} pods/s` : '';
    const rows = [[`${what}: created and rolled`, `${s.end}${s.error ? `: ${s.error}` : ''}${done}`, TARGETS.podsPerS.text, 'MISS']];
    const p = s.partial;
    if (p) {
      rows.push(
        [`${what}: until it stopped (${seconds(p.ms)})`, `${count(p.podsStarted)} of ${count(p.of)} pods started, ${count(p.podsPerS)} pods/s`, '', ''],
        // below the target so far decides nothing: the rest of the run could still pass it
        [`${what}: peak heap until it stopped`, mib(p.peakHeapBytes), TARGETS.peakHeapBytes.text, verdict(p.peakHeapBytes, TARGETS.peakHeapBytes) === 'MISS' ? 'MISS' : ''],
      );
    }
    return rows;
  }
  return [
    [`${what}: create (${seconds(s.createMs)})`, `${count(s.createPodsPerS)} pods/s`, '', ''],
    [`${what}: roll (${seconds(s.rollMs)})`, `${count(s.rollPodsPerS)} pods/s`, '', ''],
    [`${what}: created and rolled`, `${count(s.podsPerS)} pods/s`, TARGETS.podsPerS.text, verdict(s.podsPerS, TARGETS.podsPerS)],
    [`${what}: CPU, create + roll`, cpuPerPod(s), '', ''],
    [`${what}: peak heap`, mib(s.peakHeapBytes), TARGETS.peakHeapBytes.text, verdict(s.peakHeapBytes, TARGETS.peakHeapBytes)],
    [`${what}: live heap after the roll`, mib(s.liveHeapBytes), '', ''],
  ];
}

/** The process's CPU time for the create and the roll, and per pod started (each pod starts twice). */
function cpuPerPod(s) {
  if (s.createCpuMs === undefined || s.rollCpuMs === undefined) return '-';
  const ms = s.createCpuMs + s.rollCpuMs;
  return `${seconds(ms)}, ${((ms * 1000) / (2 * s.pods)).toFixed(0)} µs/pod`;
}

function render(result) {
  const rows = [];
  if (result.suite) rows.push(...suiteRows(result.suite));
  for (const s of result.sizes ?? []) rows.push(...sizeRows(s));
  for (const g of result.growth ?? []) {
    rows.push([`growth per doubling, ${count(g.from)} → ${count(g.to)} pods`, `${g.perDoubling.toFixed(2)}x`, TARGETS.growthPerDoubling.text, verdict(g.perDoubling, TARGETS.growthPerDoubling)]);
  }
  let out = '\n' + table(['figure', 'measured', 'target', ''], rows);
  const semiSpace = result.options?.semiSpaceMiB;
  if (result.sizes?.length) out += `\npods sizes ran with ${semiSpace ? `--max-semi-space-size=${semiSpace} (a young generation larger than V8's default)` : "V8's default young generation"}\n`;
  const suite = result.suite;
  if (suite?.failing?.length) out += `\nnot passing: ${suite.failing.join(', ')}\n`;
  if (suite?.stderr) out += `\nthe suite said:\n${suite.stderr}\n`;
  if (suite?.slowest?.length) out += '\nslowest scenarios\n' + table(['scenario', 'wall'], suite.slowest.map((s) => [s.name, `${s.ms} ms`]));
  return out;
}

module.exports = { TARGETS, render };
