/**
 * A bounded fuzz run in `npm test` (issue 13 item 6): mutated scenario files through the loader,
 * the matchers and the runner on the simulator, in-process. `npm run fuzz` runs 10,000 cases, each
 * in a child process with a time limit (scripts/fuzz.js). FUZZ_SEED replays another seed;
 * FUZZ_RUNS runs more cases.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { join } from 'node:path';
import { mutate, mutatedCase, SCENARIOS, seedFiles } from './mutations';
import { judge } from './oracle';

const SEED = Number(process.env.FUZZ_SEED ?? 13);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

describe('fuzz: mutated scenarios', () => {
  test(`${RUNS} mutated scenarios end in a positioned input error or a run without internal errors (seed ${SEED})`, async () => {
    const files = seedFiles();
    await fc.assert(fc.asyncProperty(mutatedCase(files), async (c) => {
      expect(await judge(c.file, mutate(c))).toBeUndefined();
    }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  }, 120_000);

  // What fuzz runs found, kept as cases of their own.
  test.each([
    ['spec.cluster.namespaces: 5 (the loader read the cluster before the schema refused it: TypeError)', 'cluster: {namespaces: 5}'],
    ['spec.cluster.nodes: a map', 'cluster: {nodes: {name: x}}'],
    ['spec.cluster.images: a list', 'cluster: {images: [a]}'],
    ['spec.cluster: a string', 'cluster: big'],
  ])('found: %s', async (_, cluster) => {
    const text = `apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata: {name: f}\nspec:\n  ${cluster}\n  steps:\n    - sleep: 1s\n`;
    expect(await judge(join(SCENARIOS, 'found.yaml'), text)).toBeUndefined();
  });

  test('a case is reproducible from its seed', () => {
    const files = seedFiles();
    const [c] = fc.sample(mutatedCase(files), { numRuns: 1, seed: 7 });
    expect(mutate(c!)).toBe(mutate(c!));
    const [again] = fc.sample(mutatedCase(files), { numRuns: 1, seed: 7 });
    expect(again).toEqual(c);
  });
});
