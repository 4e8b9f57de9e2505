/**
 * Keys named like Object.prototype members (constructor, toString, __proto__, hasOwnProperty) in
 * manifests and expectations go through the real CLI like any other key: applied, matched,
 * reported. A missing one once reached Object.prototype and crashed the reporter.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInline } from '../support/inline';

const KEYS = '{constructor: a, toString: b, __proto__: c, hasOwnProperty: d}';
// label and annotation keys must start with a letter or digit: __proto__ is not a valid one
const LABEL_KEYS = '{constructor: a, toString: b, hasOwnProperty: d}';

function scenario(name: string, match: string, selector = LABEL_KEYS): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: ${name}}
spec:
  setup:
    - apply:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c, labels: ${LABEL_KEYS}, annotations: ${LABEL_KEYS}}
        data: ${KEYS}
  steps:
    - name: check
      expect:
        within: 1s
        resources:
          - {kind: ConfigMap, name: c, match: ${match}}
          - {kind: ConfigMap, selector: ${selector}, count: 1}
`;
}

describe('prototype-named keys', () => {
  test('in ConfigMap data, labels and annotations: applied and matched', async () => {
    const r = await runInline({ 'ok.yaml': scenario('ok', `{data: ${KEYS}, metadata: {labels: ${LABEL_KEYS}, annotations: ${LABEL_KEYS}}}`) }, ['run', 'ok.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^1 passed, 0 failed$/m);
    expect(r.code).toBe(0);
  });

  test('expected but missing: reported as missing, the summary and the JSON report kept', async () => {
    const match = '{data: {constructor: x, __proto__: y, valueOf: w}, metadata: {labels: {toString: z, isPrototypeOf: v}}}';
    const r = await runInline({ 'bad.yaml': scenario('bad', match, '{hasOwnProperty: q}') }, ['run', '--reporter', 'json', '--output', 'out.json', 'bad.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ConfigMap c: data.constructor: expected x, observed a');
    expect(r.stdout).toContain('ConfigMap c: data.__proto__: expected y, observed c');
    expect(r.stdout).toContain('ConfigMap c: metadata.labels.toString: expected z, observed b');
    expect(r.stdout).toContain('ConfigMap c: data.valueOf: missing, expected w');
    expect(r.stdout).toContain('ConfigMap c: metadata.labels.isPrototypeOf: missing, expected v');
    expect(r.stdout).toMatch(/^0 passed, 1 failed$/m);
    const report = JSON.parse(readFileSync(join(r.dir, 'out.json'), 'utf8')) as { scenarios: Array<{ name: string; status: string }> };
    expect(report.scenarios.map((s) => [s.name, s.status])).toEqual([['bad', 'failed']]);
  });
});
