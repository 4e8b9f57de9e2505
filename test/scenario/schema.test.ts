/** The schema is consistent with itself, with the code's constants and with the generated types. */
import { describe, expect, test } from '@jest/globals';
import Ajv from 'ajv';
import schemaJson from '../../schema/scenario.schema.json';
import { STEP_COMMON_FIELDS, STEP_VERBS } from '../../generated/scenario';
import { MATCHER_TAGS } from '../../src/check/matchers';
import { EMULATED_VERSIONS } from '../../src/kube/version';

type Node = Record<string, any>;
const schema = schemaJson as unknown as Node;
const defs = schema['definitions'] as Record<string, Node>;

describe('the scenario schema', () => {
  test('is valid draft-07 and compiles in ajv strict mode', () => {
    const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true });
    ajv.addKeyword('tsType');
    ajv.addKeyword('errorMessage');
    ajv.addKeyword('matcherSlot');
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['$id']).toMatch(/^https:\/\//);
  });

  test('a step has the common fields, every verb, and a rule that exactly one verb is present', () => {
    const step = defs['Step']!;
    expect(Object.keys(step['properties'])).toEqual([...STEP_COMMON_FIELDS, ...STEP_VERBS]);
    const rule = step['allOf'].find((r: Node) => r['oneOf']);
    expect(rule['oneOf']).toEqual(STEP_VERBS.map((v) => ({ required: [v] })));
  });

  test('the one-verb rule holds for editors too', () => {
    const ajv = new Ajv({ strict: false });
    const validStep = ajv.compile({ ...schema, $ref: '#/definitions/Step', properties: undefined, required: undefined, additionalProperties: undefined, $id: undefined });
    expect(validStep({ name: 'x', sleep: '1s' })).toBe(true);
    expect(validStep({ name: 'x' })).toBe(false);
    expect(validStep({ sleep: '1s', cordon: 'worker-1' })).toBe(false);
  });

  test('lists the versions and matcher tags the code supports', () => {
    expect(defs['KubernetesVersion']!['enum']).toEqual([...EMULATED_VERSIONS]);
    expect(defs['Matcher']!['properties']['$matcher']['enum']).toEqual([...MATCHER_TAGS]);
    expect(defs['LifecycleWord']!['enum']).toEqual([
      'Created', 'Scheduled', 'Running', 'Ready', 'NotReady', 'Terminating', 'Deleted', 'Succeeded', 'Failed', 'Bound', 'Released', 'Available',
    ]);
  });

  test('every definition and every property has a description for editors', () => {
    const missing: string[] = [];
    const describedRef = (n: Node): boolean => typeof n['$ref'] === 'string' && !!defs[String(n['$ref'].split('/').pop())]?.['description'];
    for (const [name, def] of Object.entries(defs)) {
      if (!def['description']) missing.push(`definitions.${name}`);
      for (const [prop, p] of Object.entries((def['properties'] ?? {}) as Record<string, Node>)) {
        if (!p['description'] && !describedRef(p)) missing.push(`${name}.${prop}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
