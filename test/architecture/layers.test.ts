/**
 * The import direction of docs/architecture.md, checked rather than hoped for:
 * cli → runner/report → kubectl/check → backend → kube; backends/* → backend, kube, sim;
 * sim → kube only. A real-cluster backend must need no simulator code.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '../../src');

/** Top-level layer of a file under src/ (`backends/cluster` for the backends). */
function layerOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  if (parts[0] === 'backends' && parts.length > 2) return `backends/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** The layers a file's relative imports reach (type-only imports count: they couple too). */
function importedLayers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => m[1]!);
  return specs
    .map((s) => resolve(dirname(file), s))
    .filter((p) => p.startsWith(SRC + '/'))
    .map((p) => layerOf(existsSync(p) && statSync(p).isDirectory() ? join(p, 'index.ts') : p.endsWith('.ts') ? p : p + '.ts'));
}

/** Which layers each layer may import besides itself; errors, paths, own-keys (src/own-keys.ts) and generated types are shared by all. */
const ALLOWED: Record<string, string[]> = {
  kube: [],
  history: ['kube'],
  backend: ['kube'],
  sim: ['kube', 'history'],
  'backends/simulator': ['backend', 'kube', 'sim', 'serve'],
  'backends/cluster': ['backend', 'kube', 'scenario'],
  'backends/kind': ['backend', 'kube', 'scenario', 'backends/cluster'],
  controlplane: ['backend', 'kube', 'scenario', 'backends/cluster'],
  compare: ['history', 'runner', 'kube'],
  serve: ['backend', 'kube', 'sim', 'scenario'],
  check: ['kube', 'history', 'scenario'],
  scenario: ['kube', 'check'],
  kubectl: ['backend', 'kube', 'check', 'scenario'],
  runner: ['backend', 'kube', 'check', 'scenario', 'kubectl', 'history'],
  // the public API (src/api.ts, src/jest.ts) is the run command without the command line
  api: ['backend', 'backends', 'kube', 'runner', 'scenario', 'history'],
  jest: ['api', 'report', 'scenario'],
};
const SHARED = new Set(['errors', 'paths', 'own-keys']);

describe('layers', () => {
  const files = sourceFiles(SRC);

  test.each(Object.keys(ALLOWED))('%s imports only what it may', (layer) => {
    const offending = files
      .filter((f) => layerOf(f) === layer)
      .flatMap((f) => importedLayers(f)
        .filter((l) => l !== layer && !SHARED.has(l) && !ALLOWED[layer]!.includes(l))
        .map((l) => `${relative(SRC, f)} imports ${l}/`));
    expect(offending).toEqual([]);
  });
});
