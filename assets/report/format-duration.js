// How kscenario shows a virtual or wall duration: `2m30s`, `450ms`, `1h2m`. One plain script for
// both sides: the console's reporters require it (src/report/format.ts) and the HTML report's
// page inlines its text (src/report/timeline/page.ts). Inlining a compiled function's source
// instead broke whenever the compiler or a coverage tool rewrote that function.
'use strict';
/**
 * @param {number} ms
 * @returns {string}
 */
function formatDuration(ms) {
  if (ms < 1000) return Math.round(ms) + 'ms';
  var s = Math.round(ms / 100) / 10;
  var h = Math.floor(s / 3600);
  s -= h * 3600;
  var m = Math.floor(s / 60);
  s = Math.round((s - m * 60) * 10) / 10;
  return (h ? h + 'h' : '') + (m ? m + 'm' : '') + (s || (!h && !m) ? s + 's' : '');
}
if (typeof module === 'object' && module.exports) module.exports = { formatDuration: formatDuration };
