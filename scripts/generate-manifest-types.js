#!/usr/bin/env node
/**
 * Writes src/kube/manifest-types.generated.ts: the field types of every kind the emulated API
 * server serves, as the real one decodes them — what src/kube/decode-check.ts needs to refuse a
 * manifest the way the API server's JSON decoding does, and nothing else (no descriptions,
 * defaults or list semantics).
 *
 *   node scripts/generate-manifest-types.js           write the file
 *   node scripts/generate-manifest-types.js --check   exit 1 when the file is stale
 *   node scripts/generate-manifest-types.js --stdout  print what would be written
 *
 * Sources, read from the Go module cache (GOMODCACHE, default ~/go/pkg/mod):
 * - the structure (fields, primitive types, int32/int64 formats, lists, maps, int-or-string,
 *   quantities, times): Kubernetes' OpenAPI v3 documents, k8s.io/kubernetes@<release>/api/openapi-spec/v3;
 * - the Go names the decoder prints in its messages (`of type v1.Protocol`, embedded structs such
 *   as `Volume.VolumeSource` that the decoder names in the field path): the Go types of
 *   k8s.io/api@<release> and k8s.io/apimachinery@<release> (pkg/apis/meta/v1), read with a small
 *   parser of struct declarations. Where a type is not found there, the name is derived from the
 *   OpenAPI name (package = its version segment), which is what Go prints for unnamed types.
 *
 * Releases without documents on disk use the nearest newer one (VERSION_SOURCES below); kinds a
 * release serves that its document does not describe (e.g. flowcontrol v1beta3, up to 1.31) get
 * no entry and are not type-checked.
 *
 * A field type is a compact string:
 *   s string, b bool, i32 int32, i64 int64, int, f64 float64, byte []byte (base64 text),
 *   ios IntOrString, q Quantity, t Time (RFC 3339 text), any (free-form JSON),
 *   @<type> a struct of the table, []<t> a list, {}<t> a map with string keys,
 *   <GoName>~<t> the same with the Go name the decoder prints when it is not derivable.
 */
'use strict';
require('./register-ts');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { servedTypes } = require('../src/kube/registry.ts');
const { SUPPORTED_VERSIONS } = require('../src/kube/version.ts');

const ROOT = path.resolve(__dirname, '..');
const OUT_FILE = path.join(ROOT, 'src', 'kube', 'manifest-types.generated.ts');
const MODCACHE = process.env.GOMODCACHE || path.join(os.homedir(), 'go', 'pkg', 'mod');

/** The releases whose OpenAPI documents and Go types are on disk, newest first. */
const RELEASES = [
  { minor: '1.37', kubernetes: 'v1.37.2', staging: 'v0.37.2' },
  { minor: '1.36', kubernetes: 'v1.36.3', staging: 'v0.36.3' },
  { minor: '1.35', kubernetes: 'v1.35.4', staging: 'v0.35.4' },
];

/** Each supported minor reads the document of the nearest release on disk that is not older. */
function releaseFor(minor) {
  const [, m] = minor.split('.').map(Number);
  const candidates = RELEASES.filter((r) => Number(r.minor.split('.')[1]) >= m);
  return candidates[candidates.length - 1] ?? RELEASES[RELEASES.length - 1];
}

const SPECIAL = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'ios',
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'q',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 't',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 't',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'any',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': 'any',
};

const SPECIAL_BASES = new Set(Object.values(SPECIAL));

/** `io.k8s.api.apps.v1.DeploymentSpec` -> `apps.v1.DeploymentSpec`; meta types -> `meta.v1.X`. */
function shortName(full) {
  return full.replace(/^io\.k8s\.api\./, '').replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, '').replace(/^io\.k8s\./, '');
}

// ---- Go declarations ----------------------------------------------------------------------------

/** The Go source directory of an OpenAPI type name, or undefined. */
function goDir(full, release) {
  let m = /^io\.k8s\.api\.([\w]+)\.(v[\w]+)\.\w+$/.exec(full);
  if (m) return path.join(MODCACHE, `k8s.io/api@${release.staging}`, m[1], m[2]);
  m = /^io\.k8s\.apimachinery\.pkg\.apis\.meta\.(v1)\.\w+$/.exec(full);
  if (m) return path.join(MODCACHE, `k8s.io/apimachinery@${release.staging}`, 'pkg/apis/meta/v1');
  return undefined;
}

const packages = new Map();

/** Struct fields and named types of a Go package (non-test, non-generated files). */
function goPackage(dir) {
  if (packages.has(dir)) return packages.get(dir);
  const pkg = { structs: new Map(), named: new Map(), imports: new Map(), name: path.basename(dir) };
  if (fs.existsSync(dir)) {
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.go') || file.endsWith('_test.go') || file.startsWith('zz_') || file.startsWith('generated')) continue;
      readGoFile(fs.readFileSync(path.join(dir, file), 'utf8'), pkg);
    }
  }
  packages.set(dir, pkg);
  return pkg;
}

function readGoFile(text, pkg) {
  for (const m of text.matchAll(/^\s*(?:import\s+)?(\w+\s+)?"([\w./-]+)"\s*$/gm)) {
    const alias = m[1]?.trim() ?? path.basename(m[2]);
    pkg.imports.set(alias, path.basename(m[2]));
  }
  for (const m of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
    const fields = [];
    for (const line of m[2].split('\n')) {
      const f = /^\s+(?:(\w+)\s+)?(\S+)\s+`json:"([^"]*)"/.exec(line);
      if (!f) continue;
      const [jsonName, ...opts] = f[3].split(',');
      fields.push({ goName: f[1] ?? f[2].replace(/^\*/, '').split('.').pop(), goType: f[2], json: jsonName, inline: opts.includes('inline') || (!f[1] && !jsonName) });
    }
    pkg.structs.set(m[1], fields);
  }
  for (const m of text.matchAll(/^type (\w+) ([^\s{][^\n]*)$/gm)) pkg.named.set(m[1], m[2].trim());
}

const BUILTIN = new Set(['string', 'bool', 'int', 'int32', 'int64', 'float64', 'uint8', 'byte']);

/** How reflect's Type.String() prints a Go type written in `pkg` (pointers dropped: the decoder reports the pointee). */
function goDisplay(goType, pkg) {
  const t = goType.replace(/^\*/, '');
  if (t.startsWith('[]')) return `[]${goDisplay(t.slice(2), pkg)}`;
  const map = /^map\[([^\]]+)\](.+)$/.exec(t);
  if (map) return `map[${goDisplay(map[1], pkg)}]${goDisplay(map[2], pkg)}`;
  if (BUILTIN.has(t)) return t === 'byte' ? 'uint8' : t;
  const dot = t.indexOf('.');
  if (dot > 0) return `${pkg.imports.get(t.slice(0, dot)) ?? t.slice(0, dot)}.${t.slice(dot + 1)}`;
  return `${pkg.name}.${t}`;
}

/** The element (list) or value (map) type of a Go type, through local named types. */
function goElement(goType, pkg) {
  let t = goType.replace(/^\*/, '');
  for (let i = 0; i < 5 && pkg.named.has(t); i++) t = pkg.named.get(t);
  if (t.startsWith('[]')) return t.slice(2);
  const map = /^map\[[^\]]+\](.+)$/.exec(t);
  return map ? map[1] : undefined;
}

/** The JSON fields of a Go struct with the embedded struct names the decoder puts in its paths. */
function goFields(structName, pkg, prefix = [], out = new Map()) {
  for (const f of pkg.structs.get(structName) ?? []) {
    if (f.inline) {
      const embedded = f.goType.replace(/^\*/, '');
      if (!embedded.includes('.')) goFields(embedded, pkg, [...prefix, f.goName], out);
      else if (embedded === 'metav1.TypeMeta') for (const j of ['kind', 'apiVersion']) out.set(j, { goType: 'string', embedded: [...prefix, 'TypeMeta'] });
      continue;
    }
    if (f.json && f.json !== '-') out.set(f.json, { goType: f.goType, embedded: prefix });
  }
  return out;
}

// ---- OpenAPI to the table -----------------------------------------------------------------------

const PRIMITIVE_DISPLAY = { s: 'string', b: 'bool', i32: 'int32', i64: 'int64', int: 'int', f64: 'float64', byte: '[]uint8' };

/** The Go name the decoder would print for a table type, derived without Go sources. */
function derivedDisplay(ref) {
  if (ref.startsWith('[]')) return `[]${derivedDisplay(ref.slice(2))}`;
  if (ref.startsWith('{}')) return `map[string]${derivedDisplay(ref.slice(2))}`;
  if (ref.startsWith('@')) {
    const parts = ref.slice(1).split('.');
    return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
  }
  const tilde = ref.indexOf('~');
  if (tilde >= 0) return ref.slice(0, tilde);
  return PRIMITIVE_DISPLAY[ref] ?? ref;
}

function refName(schema) {
  const ref = schema.$ref ?? schema.allOf?.find((s) => s.$ref)?.$ref;
  return ref ? ref.replace('#/components/schemas/', '') : undefined;
}

/** The table string of one property schema; `goType` (when known) names it as Go prints it. */
function fieldType(schema, goType, pkg, reach) {
  const base = baseType(schema, goType, pkg, reach);
  // IntOrString, Quantity, Time and free-form JSON decode themselves: their Go name is never printed.
  if (!goType || SPECIAL_BASES.has(base)) return base;
  const display = goDisplay(goType, pkg);
  return display === derivedDisplay(base) ? base : `${display}~${base}`;
}

function baseType(schema, goType, pkg, reach) {
  const ref = refName(schema);
  if (ref) {
    if (SPECIAL[ref]) return SPECIAL[ref];
    reach(ref);
    return `@${shortName(ref)}`;
  }
  const element = goType && pkg ? goElement(goType, pkg) : undefined;
  switch (schema.type) {
    case 'array':
      return `[]${fieldType(schema.items ?? {}, element, pkg, reach)}`;
    case 'object':
      return schema.additionalProperties && typeof schema.additionalProperties === 'object'
        ? `{}${fieldType(schema.additionalProperties, element, pkg, reach)}`
        : 'any';
    case 'string':
      return schema.format === 'byte' ? 'byte' : schema.format === 'int-or-string' ? 'ios' : schema.format === 'date-time' ? 't' : 's';
    case 'integer':
      return schema.format === 'int32' ? 'i32' : schema.format === 'int64' ? 'i64' : 'int';
    case 'number':
      return 'f64';
    case 'boolean':
      return 'b';
    default:
      return 'any';
  }
}

function loadSchemas(release) {
  const dir = path.join(MODCACHE, `k8s.io/kubernetes@${release.kubernetes}`, 'api/openapi-spec/v3');
  const schemas = new Map();
  for (const file of fs.readdirSync(dir).sort()) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) schemas.set(name, schema);
  }
  return schemas;
}

/** The kinds (apiVersion + kind -> type) and struct types one release's documents describe. */
function releaseTable(release, roots) {
  const schemas = loadSchemas(release);
  const byGvk = new Map();
  for (const [name, schema] of schemas) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) byGvk.set(`${gvk.group ? gvk.group + '/' : ''}${gvk.version} ${gvk.kind}`, name);
  }
  const kinds = {};
  const types = new Map();
  const pending = [];
  const reach = (name) => {
    if (!types.has(name)) {
      types.set(name, undefined);
      pending.push(name);
    }
  };
  for (const key of [...roots].sort()) {
    const name = byGvk.get(key);
    if (!name) continue;
    kinds[key] = shortName(name);
    reach(name);
  }
  while (pending.length) {
    const name = pending.shift();
    const schema = schemas.get(name);
    if (!schema) throw new Error(`${release.kubernetes}: ${name} is referenced but not defined`);
    const dir = goDir(name, release);
    const pkg = dir ? goPackage(dir) : undefined;
    const go = pkg ? goFields(name.split('.').pop(), pkg) : new Map();
    const fields = {};
    const embedded = {};
    for (const [field, prop] of Object.entries(schema.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const g = go.get(field);
      fields[field] = fieldType(prop, g?.goType, pkg, reach);
      if (g?.embedded.length) embedded[field] = g.embedded.join('.');
    }
    types.set(name, Object.keys(embedded).length ? { fields, embedded } : { fields });
  }
  const byShort = new Map([...types].map(([name, t]) => [shortName(name), JSON.stringify(t)]));
  return { kinds, types: byShort };
}

/**
 * The whole table: the newest release's types; each older release keeps the types that differ
 * from the next newer one's (basedOn), so a change two releases share is written once.
 */
function buildTable() {
  const rootsByRelease = new Map(RELEASES.map((r) => [r.minor, new Set()]));
  const readsFrom = {};
  for (const minor of SUPPORTED_VERSIONS) {
    const release = releaseFor(minor);
    readsFrom[minor] = release.minor;
    for (const t of servedTypes(minor)) rootsByRelease.get(release.minor).add(`${t.group ? t.group + '/' : ''}${t.version} ${t.kind}`);
  }
  const [newest, ...older] = RELEASES;
  const base = releaseTable(newest, rootsByRelease.get(newest.minor));
  const releases = { [newest.minor]: { source: `k8s.io/kubernetes@${newest.kubernetes}`, kinds: base.kinds, types: {} } };
  let effective = base.types;
  let newer = newest.minor;
  for (const r of older) {
    const t = releaseTable(r, rootsByRelease.get(r.minor));
    const changed = {};
    for (const [name, text] of [...t.types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (effective.get(name) !== text) changed[name] = text;
    releases[r.minor] = { source: `k8s.io/kubernetes@${r.kubernetes}`, basedOn: newer, kinds: t.kinds, types: changed };
    effective = new Map([...effective, ...t.types]);
    newer = r.minor;
  }
  return { readsFrom, releases, types: base.types };
}

function render(table) {
  const lines = [
    '// Generated by scripts/generate-manifest-types.js from the Kubernetes OpenAPI v3 documents and',
    '// Go types in the Go module cache. Do not edit: run `npm run generate`.',
    "import type { ManifestTypeTable } from './manifest-types';",
    '',
    'export const MANIFEST_TYPES: ManifestTypeTable = {',
    `  readsFrom: ${JSON.stringify(table.readsFrom)},`,
    '  releases: {',
  ];
  for (const [minor, r] of Object.entries(table.releases)) {
    lines.push(`    ${JSON.stringify(minor)}: {`, `      source: ${JSON.stringify(r.source)},`, ...(r.basedOn ? [`      basedOn: ${JSON.stringify(r.basedOn)},`] : []), `      kinds: ${JSON.stringify(r.kinds)},`, '      types: {');
    for (const [name, text] of Object.entries(r.types)) lines.push(`        ${JSON.stringify(name)}: ${text},`);
    lines.push('      },', '    },');
  }
  lines.push('  },', '  types: {');
  for (const [name, text] of [...table.types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`    ${JSON.stringify(name)}: ${text},`);
  lines.push('  },', '};', '');
  return lines.join('\n');
}

/** The source directories the table is made from that are not on disk (none on a machine that built them). */
function missingSources() {
  return RELEASES.flatMap((r) => [
    path.join(MODCACHE, `k8s.io/kubernetes@${r.kubernetes}`, 'api/openapi-spec/v3'),
    path.join(MODCACHE, `k8s.io/api@${r.staging}`),
    path.join(MODCACHE, `k8s.io/apimachinery@${r.staging}`),
  ]).filter((dir) => !fs.existsSync(dir));
}

function main(args) {
  // The table is committed: without the sources (a machine whose Go module cache lacks these
  // releases) it is kept as it is; --check says it cannot judge (exit 3).
  const missing = missingSources();
  if (missing.length) {
    process.stderr.write(`${path.relative(ROOT, OUT_FILE)} kept as committed: its sources are not on disk (${missing.join(', ')}); \`go mod download k8s.io/kubernetes@<release>\` brings them\n`);
    if (args.includes('--check')) process.exitCode = 3;
    return;
  }
  const text = render(buildTable());
  if (args.includes('--stdout')) return void process.stdout.write(text);
  if (args.includes('--check')) {
    if (!fs.existsSync(OUT_FILE) || fs.readFileSync(OUT_FILE, 'utf8') !== text) {
      process.stderr.write(`${path.relative(ROOT, OUT_FILE)} is stale: run npm run generate\n`);
      process.exitCode = 1;
    }
    return;
  }
  if (!fs.existsSync(OUT_FILE) || fs.readFileSync(OUT_FILE, 'utf8') !== text) fs.writeFileSync(OUT_FILE, text);
}

if (require.main === module) main(process.argv.slice(2));
module.exports = { missingSources };
