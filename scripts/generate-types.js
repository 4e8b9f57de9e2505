#!/usr/bin/env node
/**
 * Writes generated/scenario.ts from schema/scenario.schema.json with json-schema-to-typescript.
 *
 *   node scripts/generate-types.js           write generated/scenario.ts
 *   node scripts/generate-types.js --check   exit 1 when generated/ is stale
 *   node scripts/generate-types.js --stdout  print what would be written
 *   --out <file>                             write or check another file than generated/scenario.ts
 *
 * The schema carries things for editors and for the loader's messages that would distort the
 * types (titles name types; if/not/oneOf-of-required rules become intersections), so they are
 * removed from a copy before compiling. The output only depends on the schema: deterministic.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { writeOrCheck } = require('./generated-output');

const ROOT = path.resolve(__dirname, '..');
const SCHEMA_FILE = path.join(ROOT, 'schema', 'scenario.schema.json');
const OUT_FILE = path.join(ROOT, 'generated', 'scenario.ts');

/** Keywords whose value is a map of name -> schema. */
const SCHEMA_MAPS = ['properties', 'definitions', 'patternProperties'];
/** Keywords whose value is one schema. */
const SCHEMA_SINGLE = ['items', 'additionalProperties'];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
/**
 * Annotations for editors and the loader. A title would rename the generated type, $id would
 * name the root type after the URL, and json-schema-to-typescript narrows a type by its default.
 */
const ANNOTATIONS = ['$id', '$schema', 'title', 'errorMessage', 'examples', 'default', 'matcherSlot'];
/** Rules about which fields go together: enforced by validation, invisible in the types. */
const RULES = ['not', 'if', 'then', 'else', 'dependencies', 'propertyNames'];
/** A subschema with none of these (and only rule-only alternatives) states a rule, e.g. {required: [target]}. */
const SHAPE = ['type', 'properties', '$ref', 'items', 'enum', 'const', 'additionalProperties', 'patternProperties', 'tsType'];

function isRuleOnly(schema) {
  if (typeof schema !== 'object' || schema === null) return false;
  if (SHAPE.some((k) => k in schema)) return false;
  return SCHEMA_LISTS.every((k) => !(k in schema) || schema[k].every(isRuleOnly));
}

/** A copy of `schema` for json-schema-to-typescript: annotations and rules removed. */
function forTypes(schema) {
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.includes(key) || RULES.includes(key)) continue;
    if (SCHEMA_MAPS.includes(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forTypes(v)]));
    } else if (SCHEMA_SINGLE.includes(key)) {
      out[key] = forTypes(value);
    } else if (SCHEMA_LISTS.includes(key)) {
      const kept = value.filter((s) => !isRuleOnly(s)).map(forTypes);
      if (kept.length > 0) out[key] = kept;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The verbs and the common fields of a step, read from the schema's one-verb rule (oneOf: [{required: [verb]}, ...]). */
function stepFields(schema) {
  const step = schema.definitions.Step;
  const rule = (step.allOf || []).find((s) => Array.isArray(s.oneOf) && s.oneOf.every((r) => Array.isArray(r.required)));
  if (!rule) throw new Error('schema: Step has no one-verb rule (allOf: [{oneOf: [{required: [verb]}, ...]}])');
  const verbs = rule.oneOf.map((r) => r.required[0]);
  const common = Object.keys(step.properties).filter((k) => !verbs.includes(k));
  return { common, verbs };
}

const BANNER = `/* eslint-disable */
/**
 * GENERATED from schema/scenario.schema.json by scripts/generate-types.js (npm run generate).
 * Do not edit: change the schema and regenerate.
 */`;

function constants(schema) {
  const { common, verbs } = stepFields(schema);
  const list = (xs) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
  return [
    '',
    '/** The verbs a step can have; a step has exactly one. */',
    `export const STEP_VERBS = ${list(verbs)} as const;`,
    'export type StepVerb = (typeof STEP_VERBS)[number];',
    '',
    '/** The fields any step may have beside its verb. */',
    `export const STEP_COMMON_FIELDS = ${list(common)} as const;`,
    '',
  ].join('\n');
}

/** The text of generated/scenario.ts for the schema on disk. */
async function generate() {
  const { compile } = require('json-schema-to-typescript');
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  const ts = await compile(forTypes(schema), 'Scenario', {
    bannerComment: BANNER,
    cwd: path.dirname(SCHEMA_FILE),
    unreachableDefinitions: true,
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 110, trailingComma: 'all', bracketSpacing: true },
  });
  return ts + constants(schema);
}

async function main(args) {
  return writeOrCheck(args, OUT_FILE, await generate());
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`generate-types: ${err && err.message ? err.message : err}\n`);
      process.exit(2);
    },
  );
}

module.exports = { generate, forTypes, stepFields };
