/**
 * The ajv instance the scenario schema is compiled with: its options and the schema's own
 * keywords. Used at build time (scripts/generate-validators.js writes the compiled validators as
 * code) and at run time only for a schema node the build did not compile.
 */
import Ajv, { _, type AnySchemaObject, type KeywordCxt } from 'ajv';
import names from 'ajv/dist/compile/names';
import { strConcat } from 'ajv/dist/compile/codegen';
import { recordSlot } from './matcher-slots';

export function scenarioAjv(schema: AnySchemaObject, options: { source?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true, verbose: true, allowUnionTypes: true, strict: true, strictRequired: false,
    ...(options.source ? { code: { source: true, esm: true, lines: true } } : {}),
  });
  ajv.addKeyword('tsType');
  ajv.addKeyword('errorMessage');
  ajv.addKeyword({
    // Marks schema nodes where a matcher may stand (value) or anywhere below (subtree); see
    // matcher-slots.ts. Generated code rather than a validate function, so standalone code can hold it.
    keyword: 'matcherSlot',
    schemaType: 'string',
    code(cxt: KeywordCxt) {
      const record = cxt.gen.scopeValue('func', { ref: recordSlot, code: _`recordSlot` });
      cxt.gen.code(_`${record}(${strConcat(names.instancePath, cxt.it.errorPath)}, ${cxt.schema as string})`);
    },
  });
  ajv.addSchema(schema);
  return ajv;
}
