#!/usr/bin/env node
/**
 * Maintenance script (not run by npm test): prints every feature gate's stages and its default per
 * minor 1.29-1.37, read from the VersionedSpecs of pkg/features/kube_features.go in the upstream
 * sources of the Go module cache (k8s.io/kubernetes@v1.35.4, @v1.36.3, @v1.37.2; a newer tree's
 * history wins). It needs that module cache: GOMODCACHE or /root/go/pkg/mod. Gates removed from
 * the table before 1.35 (GA long ago) have no history there and are reported as "none".
 *
 *   node scripts/feature-gate-history.js [Gate ...]     # default: every gate
 *
 * Use it to keep src/kube/defaults/feature-gates.ts and docs/feature-gates.md honest.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const MODCACHE = process.env.GOMODCACHE || '/root/go/pkg/mod';
const TREES = ['v1.35.4', 'v1.36.3', 'v1.37.2'];
const MINORS = [29, 30, 31, 32, 33, 34, 35, 36, 37];

function readHistories() {
  const history = new Map();
  for (const tree of TREES) {
    const file = path.join(MODCACHE, `k8s.io/kubernetes@${tree}`, 'pkg/features/kube_features.go');
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: this script needs the Go module cache (go mod download k8s.io/kubernetes@${tree})`);
    const src = fs.readFileSync(file, 'utf8');
    const body = src.slice(src.indexOf('var defaultVersionedKubernetesFeatureGates'));
    for (const [, gate, specs] of body.matchAll(/\n\t(\w+): \{\n((?:\t\t\{[^\n]*\n)+)\t\},/g)) {
      const stages = [...specs.matchAll(/MustParse\("1\.(\d+)"\), Default: (true|false)[^}]*PreRelease: featuregate\.(\w+)(, LockToDefault: true)?/g)]
        .map(([, minor, on, stage, locked]) => ({ minor: Number(minor), on: on === 'true', stage, locked: !!locked }));
      if (stages.length) history.set(gate, stages);
    }
  }
  return history;
}

function defaultAt(stages, minor) {
  const current = stages.filter((s) => s.minor <= minor).pop();
  return current ? (current.on ? 'on' : 'off') : '-';
}

const history = readHistories();
const gates = process.argv.length > 2 ? process.argv.slice(2) : [...history.keys()].sort();
console.log(`gate | stages | ${MINORS.map((m) => `1.${m}`).join(' ')}`);
for (const gate of gates) {
  const stages = history.get(gate);
  if (!stages) {
    console.log(`${gate} | none (not in the tables of ${TREES.join(', ')})`);
    continue;
  }
  const text = stages.map((s) => `${s.stage} ${s.on ? 'on' : 'off'} 1.${s.minor}${s.locked ? ' locked' : ''}`).join(', ');
  console.log(`${gate} | ${text} | ${MINORS.map((m) => defaultAt(stages, m)).join(' ')}`);
}
