/**
 * resourcesMayHold is the runner's quick "not yet": it must never say no where checkResources
 * says yes, and it may say yes where checkResources says no only for `!capture` values that
 * differ between the selected objects (the one rule it leaves to checkResources).
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { checkResources, resourcesMayHold } from '../../src/check/resources';
import type { ResourceExpectation } from '../../src/check/types';
import { pod, tag } from './fixtures';

const objects = [
  pod('web-0', { node: 'worker-1', ready: 'True' }),
  pod('web-1', { node: 'worker-2', ready: 'True', image: 'nginx:1.25' }),
  pod('web-10', { node: 'worker-2', ready: 'False', labels: { app: 'nginx', tier: 'canary' } }),
  pod('web-2', { labels: { app: 'nginx', tier: 'canary' } }),
  pod('db-0', { node: 'worker-1', ready: 'True', labels: { app: 'db' } }),
  pod('web-0', { namespace: 'other', node: 'worker-1', ready: 'False' }),
];

const matchParts = fc.constantFrom<Record<string, unknown>>(
  { ready: true },
  { ready: false },
  { phase: 'Running' },
  { phase: tag('oneOf', ['Pending', 'Running']) },
  { spec: { nodeName: 'worker-1' } },
  { spec: { nodeName: tag('capture', 'node') } },
  { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
  { spec: { containers: [{ name: 'nginx', image: tag('regex', '^nginx') }] } },
  { metadata: { labels: { tier: tag('absent') } } },
  { metadata: { name: tag('capture', 'name') } },
  { status: { podIP: tag('exists') } },
);
const counts = fc.constantFrom<unknown>(0, 1, 2, 3, tag('gte', 1), tag('lt', 2), tag('capture', 'n'));

const expectations: fc.Arbitrary<ResourceExpectation> = fc.record(
  {
    name: fc.constantFrom('web-0', 'web-2', 'db-0', 'missing'),
    namespace: fc.constantFrom('default', 'other'),
    selector: fc.constantFrom<Record<string, string>>({ app: 'nginx' }, { tier: 'canary' }, { app: 'none' }),
    absent: fc.boolean(),
    count: counts,
    match: matchParts,
    each: matchParts,
  },
  { requiredKeys: [] },
).map((e) => ({ kind: 'Pod', ...e }) as ResourceExpectation);

describe('resourcesMayHold', () => {
  test('says no only where checkResources fails, and yes where it passes', () => {
    fc.assert(
      fc.property(expectations, fc.subarray(objects), (e, listed) => {
        const full = checkResources(e, listed);
        const quick = resourcesMayHold(e, listed);
        if (full.ok) expect(quick).toBe(true);
        if (!quick) expect(full.ok).toBe(false);
        // a yes that checkResources turns down: only captures that disagree
        if (quick && !full.ok) expect(full.mismatches.every((m) => m.message.startsWith('!capture '))).toBe(true);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  test('a capture whose values differ is left to checkResources', () => {
    const each = { kind: 'Pod', selector: { app: 'nginx' }, each: { spec: { nodeName: tag('capture', 'node') } } } as ResourceExpectation;
    const scheduled = objects.filter((o) => o.metadata.namespace === 'default' && o.metadata.name !== 'web-2');
    expect(resourcesMayHold(each, scheduled)).toBe(true);
    expect(checkResources(each, scheduled).ok).toBe(false);
  });

  test('a failing expectation is a no', () => {
    expect(resourcesMayHold({ kind: 'Pod', name: 'web-2', match: { ready: true } } as ResourceExpectation, objects)).toBe(false);
    expect(resourcesMayHold({ kind: 'Pod', selector: { app: 'nginx' }, count: 2 } as ResourceExpectation, objects)).toBe(false);
    expect(resourcesMayHold({ kind: 'Pod', selector: { app: 'nginx' }, count: 4 } as ResourceExpectation, objects)).toBe(true);
  });
});
