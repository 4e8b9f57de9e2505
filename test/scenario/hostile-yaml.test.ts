/**
 * YAML built to exhaust the loader (alias bombs, runaway nesting) ends in a positioned error in
 * well under a second, never in a stack overflow or an expansion that runs for minutes.
 */
import { describe, expect, test } from '@jest/globals';
import { peekIdentity } from '../../src/scenario/filter';
import { loadScenarioText } from '../../src/scenario';
import { MAX_ALIAS_NODES, MAX_NESTING } from '../../src/scenario/yaml-limits';
import { at, errorsOf, withSteps, yaml } from './helpers';

const HEAD = yaml(`
  apiVersion: kscenario.dev/v1alpha1
  kind: Scenario
  metadata: {name: hostile}
`);

/** Nine aliases of nine aliases …: 9^7 values from a few hundred bytes. */
const ALIAS_BOMB = HEAD + yaml(`
  spec:
    steps:
      - name: lol
        expect:
          resources:
            - kind: ConfigMap
              name: c
              match:
                a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
                d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
                f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
                g: &g {<<: {x: *f}, y: *f, z: *f}
`);

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

function blockNesting(levels: number): string {
  let text = HEAD + 'spec:\n  x:\n';
  for (let i = 0; i < levels; i++) text += `${'  '.repeat(i + 2)}k:\n`;
  return text;
}

describe('alias bombs', () => {
  test('are stopped once aliases have built MAX_ALIAS_NODES values, with one error at an alias', async () => {
    const { value: errors, ms } = await timed(() => errorsOf(ALIAS_BOMB, 'bomb.yaml'));
    expect(ms).toBeLessThan(1000);
    const bomb = errors.filter((e) => e.message.includes('alias'));
    expect(bomb.map((e) => e.describe())).toEqual([
      `bomb.yaml:${at(ALIAS_BOMB, '*a')}: aliases expand to more than ${MAX_ALIAS_NODES} values (an alias bomb?)\n  hint: each *alias copies the whole value of its anchor, and aliases inside it are copied again: write the value out, or alias smaller pieces`,
    ]);
    expect(bomb[0]!.code).toBe('YAML_SYNTAX');
  });

  test('many aliases of a small anchor are fine', async () => {
    const items = Array.from({ length: 200 }, (_, i) => `            - {kind: ConfigMap, name: c${i}, match: *m}`).join('\n');
    const text = `${HEAD}spec:\n  steps:\n    - expect:\n        resources:\n            - {kind: ConfigMap, name: c, match: &m {data: {a: "1", b: "2", c: "3"}}}\n${items}\n`;
    const result = await loadScenarioText('ok.yaml', text);
    expect(result.errors).toEqual([]);
  });

  test('the metadata peek of --filter gives up on a bomb (the load reports it) instead of throwing', () => {
    const bombInMetadata = HEAD.replace('metadata: {name: hostile}', '') + yaml(`
      metadata:
        name: hostile
        a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    `);
    expect(peekIdentity('bomb.yaml', bombInMetadata)).toBeUndefined();
  });
});

describe('nesting depth', () => {
  test(`block nesting deeper than ${MAX_NESTING} levels is an error at the first level too deep`, async () => {
    const text = blockNesting(5000);
    const { value: errors, ms } = await timed(() => errorsOf(text, 'deep.yaml'));
    expect(ms).toBeLessThan(2000);
    // level 1 is the document's map (line 1), level 2 the map under spec (line 5, column 3),
    // then one more per line, indented two more: level n is at line n + 3, column 2n - 1
    const level = MAX_NESTING + 1;
    expect(errors.map((e) => e.describe())).toEqual([
      `deep.yaml:${level + 3}:${2 * level - 1}: YAML nested more than ${MAX_NESTING} levels deep (maps and lists)\n  hint: scenarios and manifests need far fewer than ${MAX_NESTING} levels: look for an unclosed [ or { or indentation that runs away`,
    ]);
  });

  test('flow nesting is bounded the same way, without any internal text', async () => {
    const lists = `${HEAD}spec: {x: ${'['.repeat(1000)}${']'.repeat(1000)}}\n`;
    const maps = `${HEAD}spec: {x: ${'{a: '.repeat(1000)}1${'}'.repeat(1000)}}\n`;
    for (const text of [lists, maps]) {
      const errors = await errorsOf(text, 'flow.yaml');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.code).toBe('YAML_SYNTAX');
      expect(errors[0]!.location).toMatchObject({ file: 'flow.yaml', line: 4 });
      expect(errors[0]!.message).not.toMatch(/stack|Maximum/);
    }
  });

  test(`${MAX_NESTING} levels load, one more does not`, async () => {
    // document, spec, steps, step, expect, resources, item: 7 levels, then match and the maps in it
    const deep = `${'{a: '.repeat(MAX_NESTING - 7)}1${'}'.repeat(MAX_NESTING - 7)}`;
    const ok = withSteps(`
      - expect:
          resources: [{kind: ConfigMap, name: c, match: ${deep}}]
    `);
    expect(await errorsOf(ok)).toEqual([]);
    const over = ok.replace('{a: ', '{a: {a: ').replace('}]', '}}]');
    expect((await errorsOf(over)).map((e) => e.message)).toEqual([`YAML nested more than ${MAX_NESTING} levels deep (maps and lists)`]);
  });

  test('a manifest file nested too deep is reported in that file', async () => {
    const text = withSteps(`
      - apply: deep.yaml
    `);
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: ${'['.repeat(200)}${']'.repeat(200)}\n`;
    const errors = await errorsOf(text, 'x.yaml', async (f) => (f.endsWith('deep.yaml') ? manifest : undefined));
    expect(errors.map((e) => [e.location?.file.endsWith('deep.yaml'), e.location?.line, e.message])).toEqual([
      [true, 4, `YAML nested more than ${MAX_NESTING} levels deep (maps and lists)`],
    ]);
  });
});
