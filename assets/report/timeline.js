// The page's script: draws each scenario of the report from the JSON the report embeds
// (src/report/timeline/model.ts), with d3 (inlined before this script). Every text from the
// cluster or the scenario goes into the page through textContent / d3's .text(), never as HTML.
'use strict';
(function () {
  var data = JSON.parse(document.getElementById('kscenario-data').textContent);
  var LABEL_WIDTH = 170;
  var ROW = 16;
  var LANE_GAP = 8;
  /** the strip at the top of a node's lane that says when the node was not Ready or cordoned */
  var STATUS_STRIP = 13;
  var FAULT_ROWS = 6;
  /** rows of pods drawn per lane: a lane of hundreds of pods would be metres tall */
  var MAX_ROWS = 30;
  /** namespaces of the cluster's own pods, drawn below the scenario's own in each lane */
  var SYSTEM_NAMESPACES = ['kube-system', 'local-path-storage', 'kube-node-lease', 'kube-public'];
  var POD_COLORS = { Pending: '#d4a72c', Running: '#4ac26b', Ready: '#1a7f37', Succeeded: '#8c959f', Failed: '#cf222e', Terminating: '#e16f24', Unknown: '#6e7781' };
  var CHECK_COLORS = { passed: '#1a7f37', failed: '#cf222e', error: '#cf222e' };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /**
   * `2m30s`, `450ms`: as the console writes durations. `formatDuration` is the console's own
   * function (src/report/format.ts), put before this script by the page (timeline/page.ts).
   */
  function duration(ms) {
    return ms === 0 ? '0s' : formatDuration(ms);
  }

  function podColor(state) {
    if (state.terminating) return POD_COLORS.Terminating;
    if (state.phase === 'Running') return state.ready ? POD_COLORS.Ready : POD_COLORS.Running;
    return POD_COLORS[state.phase] || POD_COLORS.Unknown;
  }

  function podStateText(state) {
    return state.phase + (state.phase === 'Running' ? (state.ready ? ', Ready' : ', not Ready') : '') + (state.terminating ? ', Terminating' : '');
  }

  function nodeStateText(state) {
    var parts = [];
    if (state.ready !== 'True') parts.push('Ready=' + state.ready);
    if (state.cordoned) parts.push('cordoned');
    return parts.join(', ');
  }

  /** Rows inside a lane: a pod takes the first row free at its start (the same name's row first). */
  function isSystem(bar) {
    return SYSTEM_NAMESPACES.indexOf(bar.namespace) >= 0 ? 1 : 0;
  }

  function packRows(bars) {
    var rows = [];
    bars.slice().sort(function (a, b) { return isSystem(a) - isSystem(b) || a.states[0].from - b.states[0].from; }).forEach(function (bar) {
      var start = bar.states[0].from;
      var end = bar.states[bar.states.length - 1].to;
      var free = function (r) { return r.end <= start; };
      var candidates = rows.filter(function (r) { return r.system === isSystem(bar); });
      var row = candidates.find(function (r) { return free(r) && r.name === bar.name; }) || candidates.find(free);
      if (!row) { row = { end: 0, name: bar.name, system: isSystem(bar), bars: [] }; rows.push(row); }
      row.end = end; row.name = bar.name; row.bars.push(bar);
    });
    return rows;
  }

  function lanesOf(s) {
    var lanes = s.nodes.map(function (n) { return { name: n.name, node: n, bars: [] }; });
    var byName = {};
    lanes.forEach(function (l) { byName[l.name] = l; });
    var unbound = { name: 'not scheduled', bars: [] };
    s.pods.forEach(function (p) {
      var lane = p.node === undefined ? unbound : byName[p.node];
      if (!lane) { lane = byName[p.node] = { name: p.node, bars: [] }; lanes.push(lane); }
      lane.bars.push(p);
    });
    if (unbound.bars.length) lanes.push(unbound);
    lanes.forEach(function (l) {
      var rows = packRows(l.bars);
      l.rows = rows.slice(0, MAX_ROWS);
      l.hiddenPods = rows.slice(MAX_ROWS).reduce(function (n, r) { return n + r.bars.length; }, 0);
    });
    return lanes;
  }

  function faultLabel(m) {
    return m.title + ' · ' + duration(m.startMs);
  }

  /**
   * Where each fault's label goes: right of its line, or left of it near the right edge; in the
   * first of FAULT_ROWS rows where it overlaps no other label.
   */
  function faultLabels(marks, x, right) {
    var ends = [];
    for (var i = 0; i < FAULT_ROWS; i++) ends.push(-Infinity);
    return marks.map(function (m) {
      var at = x(m.startMs);
      var width = faultLabel(m).length * 6.6 + 8;
      var before = at + width > right;
      var from = before ? at - width : at;
      var row = ends.findIndex(function (e) { return e < from; });
      if (row < 0) row = ends.indexOf(Math.min.apply(null, ends));
      ends[row] = from + width;
      return { row: row, before: before };
    });
  }

  function drawChart(container, s) {
    var width = Math.max(container.clientWidth, 700);
    var lanes = lanesOf(s);
    var faults = s.steps.filter(function (m) { return m.fault; });
    var checks = s.steps.filter(function (m) { return m.check; });
    var end = Math.max(s.endMs, 1);
    var x0 = d3.scaleLinear().domain([0, end]).range([LABEL_WIDTH, width - 12]);
    var top = 26;
    var faultRows = faults.length ? Math.max.apply(null, faultLabels(faults, x0, width).map(function (p) { return p.row; })) + 1 : 0;
    var faultsY = top;
    var stepsY = faultsY + faultRows * 14 + 4;
    var checksY = stepsY + 16;
    var lanesY = checksY + (checks.length ? 22 : 0);
    var y = lanesY;
    lanes.forEach(function (l) {
      l.y = y;
      l.podsY = y + (l.node ? STATUS_STRIP : 0) + 3;
      l.height = (l.podsY - y) + (Math.max(1, l.rows.length) + (l.hiddenPods ? 1 : 0)) * ROW + 3;
      y += l.height + LANE_GAP;
    });
    var height = y + 4;
    var x = x0;

    var svg = d3.select(container).append('svg').attr('width', width).attr('height', height).attr('class', 'timeline');
    svg.append('defs').append('clipPath').attr('id', 'clip-' + s.index)
      .append('rect').attr('x', LABEL_WIDTH).attr('y', 0).attr('width', width - LABEL_WIDTH).attr('height', height);
    var axisG = svg.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + (top - 4) + ')');
    var plot = svg.append('g').attr('clip-path', 'url(#clip-' + s.index + ')');

    // lanes: background by node state, label at the left
    var laneG = plot.append('g');
    var labels = svg.append('g');
    lanes.forEach(function (l) {
      labels.append('text').attr('class', 'lane-label').attr('x', 6).attr('y', l.y + 12).text(l.name);
      if (l.hiddenPods) {
        labels.append('text').attr('class', 'more-pods').attr('x', 6).attr('y', l.podsY + l.rows.length * ROW + 11)
          .text('… ' + l.hiddenPods + ' more pods here (not drawn; see the object history)');
      }
    });
    labels.append('text').attr('x', 6).attr('y', stepsY + 11).text('steps');
    if (checks.length) labels.append('text').attr('x', 6).attr('y', checksY + 12).text('checks');
    if (faults.length) labels.append('text').attr('x', 6).attr('y', faultsY + 11).text('faults');

    function visible(from, to) {
      return x(to) >= LABEL_WIDTH && x(from) <= width;
    }

    function draw() {
      laneG.selectAll('*').remove();
      axisG.call(d3.axisTop(x).ticks(Math.max(2, Math.floor((width - LABEL_WIDTH) / 90))).tickFormat(duration));
      axisG.append('text').attr('x', LABEL_WIDTH - 8).attr('y', -6).attr('text-anchor', 'end').text(s.clock + ' time');
      lanes.forEach(function (l) {
        laneG.append('rect').attr('x', LABEL_WIDTH).attr('y', l.y).attr('width', width - LABEL_WIDTH).attr('height', l.height).attr('fill', '#f6f8fa');
        (l.node ? l.node.states : []).forEach(function (st) {
          var text = nodeStateText(st.state);
          if (!text) return;
          var fill = st.state.ready !== 'True' ? '#ffd8d3' : 'url(#hatch)';
          var tip = l.name + ': ' + text + ' (' + duration(st.from) + '→' + duration(st.to) + ')' + (st.state.taints.length ? '\ntaints: ' + st.state.taints.join(', ') : '');
          var w = Math.max(1, x(st.to) - x(st.from));
          laneG.append('rect').attr('x', x(st.from)).attr('y', l.y).attr('width', w).attr('height', l.height).attr('fill', fill).attr('opacity', 0.6);
          laneG.append('rect').attr('class', 'node-state').attr('x', x(st.from)).attr('y', l.y + 1).attr('width', w).attr('height', STATUS_STRIP - 2)
            .attr('fill', st.state.ready !== 'True' ? '#ff8182' : '#afb8c1').append('title').text(tip);
          if (w > text.length * 5.6 + 6) laneG.append('text').attr('class', 'lane-state').attr('x', x(st.from) + 3).attr('y', l.y + STATUS_STRIP - 3).text(text);
        });
        if (l.node && l.node.deletedAt !== undefined) {
          laneG.append('rect').attr('x', x(l.node.deletedAt)).attr('y', l.y).attr('width', Math.max(0, x(end) - x(l.node.deletedAt))).attr('height', l.height).attr('fill', '#d0d7de')
            .append('title').text(l.name + ' deleted at ' + duration(l.node.deletedAt));
        }
        l.rows.forEach(function (row, i) {
          var ry = l.podsY + i * ROW;
          row.bars.forEach(function (bar) {
            bar.states.forEach(function (st) {
              if (!visible(st.from, st.to)) return; // zoomed in: what is off screen is not drawn
              var w = Math.max(1.5, x(st.to) - x(st.from));
              laneG.append('rect').attr('class', 'pod').attr('x', x(st.from)).attr('y', ry).attr('width', w).attr('height', ROW - 3).attr('rx', 2)
                .attr('fill', podColor(st.state))
                .append('title').text(bar.namespace + '/' + bar.name + (bar.node ? ' on ' + bar.node : ' (not scheduled)') + '\n' + podStateText(st.state) + ' ' + duration(st.from) + '→' + duration(st.to));
            });
            var from = x(bar.states[0].from);
            var to = x(bar.states[bar.states.length - 1].to);
            if (to - Math.max(from, LABEL_WIDTH) > bar.name.length * 5.6 + 6) {
              laneG.append('text').attr('class', 'pod-label').attr('x', Math.max(from, LABEL_WIDTH) + 3).attr('y', ry + ROW - 6).text(bar.name);
            }
          });
        });
      });
      // every step as a tick on the steps row; checks as bars from start to when they held or failed
      s.steps.forEach(function (m) {
        laneG.append('rect').attr('class', 'step').attr('x', x(m.startMs)).attr('y', stepsY + 2).attr('width', Math.max(2, x(m.endMs) - x(m.startMs))).attr('height', 10)
          .attr('fill', m.status === 'failed' || m.status === 'error' ? '#cf222e' : '#8c959f').attr('stroke', '#fff').attr('stroke-width', 1)
          .append('title').text(m.title + ' (' + duration(m.startMs) + '→' + duration(m.endMs) + ')');
      });
      checks.forEach(function (m) {
        var r = laneG.append('rect').attr('class', 'check-bar ' + m.status).attr('x', x(m.startMs)).attr('y', checksY + 2).attr('width', Math.max(3, x(m.endMs) - x(m.startMs))).attr('height', 12)
          .attr('fill', CHECK_COLORS[m.status] || '#8c959f');
        r.append('title').text(m.title + (m.status === 'passed' ? ': held at ' + duration(m.endMs) : ': ' + m.status + ' at ' + duration(m.endMs)));
        if (m.status !== 'passed') {
          // beside the bar, on whichever side has room
          var label = '✗ ' + m.title;
          var right = x(m.endMs) + 4 + label.length * 5.8 < width;
          laneG.append('text').attr('class', 'check-label').attr('text-anchor', right ? 'start' : 'end').attr('x', right ? x(m.endMs) + 4 : x(m.startMs) - 4).attr('y', checksY + 12).text(label);
        }
      });
      // faults: a line across every lane and a label on top
      var places = faultLabels(faults, x, width);
      faults.forEach(function (m, i) {
        var fx = x(m.startMs);
        var p = places[i];
        laneG.append('line').attr('class', 'fault').attr('x1', fx).attr('x2', fx).attr('y1', faultsY + p.row * 14 + 2).attr('y2', height)
          .attr('stroke', '#a40e26').attr('stroke-width', 1.5).attr('stroke-dasharray', '4 3');
        laneG.append('text').attr('class', 'fault-label').attr('text-anchor', p.before ? 'end' : 'start').attr('x', p.before ? fx - 3 : fx + 3).attr('y', faultsY + p.row * 14 + 11).text(faultLabel(m))
          .append('title').text(m.verb + ': ' + m.title + ' at ' + duration(m.startMs));
      });
    }

    var defs = svg.select('defs');
    var hatch = defs.append('pattern').attr('id', 'hatch').attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6);
    hatch.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#eaeef2');
    hatch.append('path').attr('d', 'M0,6 L6,0').attr('stroke', '#8c959f').attr('stroke-width', 1);
    draw();
    var pending = 0;
    svg.call(d3.zoom().scaleExtent([1, 2000]).translateExtent([[LABEL_WIDTH, 0], [width, height]]).extent([[LABEL_WIDTH, 0], [width, height]])
      .on('zoom', function (event) {
        x = event.transform.rescaleX(x0);
        // one redraw per frame however many wheel events come (a big run has thousands of bars)
        if (!pending) pending = requestAnimationFrame(function () { pending = 0; draw(); });
      }));
  }

  function legend() {
    var box = el('div', { class: 'legend' }, 'pods:');
    [['Pending', POD_COLORS.Pending], ['Running, not Ready', POD_COLORS.Running], ['Running, Ready', POD_COLORS.Ready], ['Terminating', POD_COLORS.Terminating], ['Succeeded', POD_COLORS.Succeeded], ['Failed', POD_COLORS.Failed]]
      .forEach(function (p) { box.appendChild(el('span', { class: 'sw', style: 'background:' + p[1] })); box.appendChild(document.createTextNode(p[0])); });
    box.appendChild(document.createTextNode(' · nodes:'));
    box.appendChild(el('span', { class: 'sw', style: 'background:#ffd8d3' })); box.appendChild(document.createTextNode('not Ready'));
    box.appendChild(el('span', { class: 'sw', style: 'background:repeating-linear-gradient(135deg,#eaeef2 0 3px,#8c959f 3px 4px)' })); box.appendChild(document.createTextNode('cordoned'));
    box.appendChild(document.createTextNode(' · drag to pan, wheel to zoom, hover for details'));
    return box;
  }

  function diffBlock(text) {
    var pre = el('pre', { class: 'diff' });
    text.split('\n').forEach(function (line) {
      var cls = line.startsWith('@@') ? 'hunk' : line.startsWith('-') ? 'del' : line.startsWith('+') ? 'add' : '';
      pre.appendChild(el('span', cls ? { class: cls } : {}, line + '\n'));
    });
    return pre;
  }

  function isFailure(m) {
    return m.status === 'failed' || m.status === 'error';
  }

  function checksBlock(s) {
    var box = el('div', { class: 'checks' });
    if (!s.hasResult) { box.appendChild(el('p', { class: 'note' }, 'made from a history file without its result: the steps are known by name and time only, with no verdicts')); return box; }
    // what went wrong first, with its diff; the checks that held folded below
    var failures = s.steps.filter(isFailure);
    var held = s.steps.filter(function (m) { return m.check && !isFailure(m); });
    failures.forEach(function (m) { box.appendChild(checkItem(m)); });
    if (held.length) {
      var fold = el('details', failures.length ? {} : { open: '' });
      fold.appendChild(el('summary', {}, held.length + ' checks held'));
      held.forEach(function (m) { fold.appendChild(checkItem(m)); });
      box.appendChild(fold);
    }
    return box;
  }

  function checkItem(m) {
    var div = el('div', { class: 'check ' + m.status });
    div.appendChild(el('strong', {}, (isFailure(m) ? '✗ ' : '✓ ') + m.title));
    var when = isFailure(m) ? ' ' + m.status + ' at ' + duration(m.endMs) : ' held at ' + duration(m.endMs);
    div.appendChild(el('span', { class: 'when' }, when + (m.waitedMs !== undefined ? ' (waited ' + duration(m.waitedMs) + ')' : '') + ' · ' + m.location));
    if (m.claim) div.appendChild(el('div', { class: 'meta' }, 'claim: ' + m.claim));
    if (m.error) div.appendChild(el('div', { class: 'mismatch' }, m.error));
    m.failures.forEach(function (f) {
      div.appendChild(el('div', {}, '✗ ' + f.subject + (f.location ? ' (' + f.location + ')' : '')));
      f.mismatches.forEach(function (line) { div.appendChild(el('div', { class: 'mismatch' }, line)); });
      if (f.diff) div.appendChild(diffBlock(f.diff));
    });
    return div;
  }

  function eventsBlock(s) {
    var box = el('div');
    var search = el('input', { class: 'search', type: 'search', placeholder: 'filter events by reason, object or message' });
    var wrap = el('div', { class: 'scroll' });
    var table = el('table', { class: 'events' });
    var head = el('tr');
    ['time', 'type', 'reason', 'object', 'message', 'count'].forEach(function (h) { head.appendChild(el('th', {}, h)); });
    table.appendChild(head);
    var rows = s.events.map(function (e) {
      var tr = el('tr', { class: e.type });
      [duration(e.t), e.type, e.reason, e.object, e.message, String(e.count)].forEach(function (v) { tr.appendChild(el('td', {}, v)); });
      table.appendChild(tr);
      return { tr: tr, text: (e.reason + ' ' + e.object + ' ' + e.message).toLowerCase() };
    });
    search.addEventListener('input', function () {
      var q = search.value.toLowerCase();
      rows.forEach(function (r) { r.tr.style.display = r.text.includes(q) ? '' : 'none'; });
    });
    box.appendChild(search); wrap.appendChild(table); box.appendChild(wrap);
    if (s.omitted.events) box.appendChild(el('p', { class: 'note' }, s.omitted.events + ' later events not shown'));
    return box;
  }

  function objectsBlock(s) {
    var box = el('div');
    var search = el('input', { class: 'search', type: 'search', placeholder: 'search objects by kind/name, e.g. pod/zk-1' });
    var list = el('div', { class: 'scroll' });
    var items = s.objects.map(function (o) {
      var id = o.kind + '/' + (o.namespace ? o.namespace + '/' : '') + o.name;
      var d = el('details', { class: 'object' });
      d.appendChild(el('summary', {}, id + ' (' + o.changes.length + (o.omittedChanges ? ' + ' + o.omittedChanges + ' not shown' : '') + ' changes)'));
      var ul = el('ul');
      o.changes.forEach(function (c) {
        var li = el('li', {}, duration(c.t) + ' ' + c.type);
        if (c.fields.length) {
          var inner = el('ul');
          c.fields.forEach(function (f) { inner.appendChild(el('li', {}, f)); });
          li.appendChild(inner);
        }
        ul.appendChild(li);
      });
      d.appendChild(ul);
      list.appendChild(d);
      return { d: d, text: (o.kind + '/' + o.name + ' ' + o.kind + '/' + (o.namespace || '') + '/' + o.name).toLowerCase() };
    });
    search.addEventListener('input', function () {
      var q = search.value.toLowerCase();
      items.forEach(function (i) { i.d.style.display = i.text.includes(q) ? '' : 'none'; });
    });
    box.appendChild(search); box.appendChild(list);
    if (s.omitted.objects) box.appendChild(el('p', { class: 'note' }, s.omitted.objects + ' more objects not shown'));
    return box;
  }

  function scenarioSection(s, index) {
    s.index = index;
    var status = s.hasResult ? s.status : 'unknown';
    var sec = el('section', { class: 'scenario', id: s.name });
    var h = el('h2');
    h.appendChild(el('span', { class: 'badge ' + status }, status));
    h.appendChild(document.createTextNode(s.name));
    sec.appendChild(h);
    if (s.title) sec.appendChild(el('div', {}, s.title));
    sec.appendChild(el('div', { class: 'meta' }, s.file + ' · ' + s.backend + ' · seed ' + s.seed + ' · ' + s.clock + ' ' + duration(s.endMs) + (s.wallMs ? ' · wall ' + duration(s.wallMs) : '')));
    if (s.error) sec.appendChild(el('div', { class: 'mismatch' }, s.error));
    sec.appendChild(legend());
    var chart = el('div', { class: 'chart' });
    sec.appendChild(chart);
    if (s.omitted.pods) sec.appendChild(el('p', { class: 'note' }, s.omitted.pods + ' more pods not drawn (the report draws at most the first ' + s.pods.length + ')'));
    sec.appendChild(el('h3', {}, 'Checks'));
    sec.appendChild(checksBlock(s));
    sec.appendChild(el('h3', {}, 'Events (' + s.events.length + ')'));
    sec.appendChild(eventsBlock(s));
    sec.appendChild(el('h3', {}, 'Object history (' + s.objects.length + ' objects)'));
    sec.appendChild(objectsBlock(s));
    document.body.appendChild(sec);
    drawChart(chart, s);
  }

  var header = el('header', { class: 'run' });
  header.appendChild(el('h1', {}, 'kscenario report · ' + data.summary));
  data.scenarios.forEach(function (s) { header.appendChild(el('a', { href: '#' + encodeURIComponent(s.name) }, (s.hasResult && s.status !== 'passed' ? '✗ ' : '') + s.name)); });
  document.body.appendChild(header);
  data.scenarios.forEach(scenarioSection);
})();
