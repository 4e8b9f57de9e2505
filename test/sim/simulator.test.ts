/**
 * The simulator's engine: watches dispatched by kind in subscription order, and waitFor that
 * re-checks only after changes of the kinds a check reads.
 */
import { describe, expect, test } from '@jest/globals';
import type { Component } from '../../src/sim/context';
import { Simulator } from '../../src/sim/simulator';

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
const secret = (name: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default' } });

/** A component that writes a Secret at 1s and 2s and a ConfigMap at 3s. */
const writer: Component = {
  start(ctx) {
    ctx.clock.at(1000, () => ctx.api.create(secret('s1')));
    ctx.clock.at(2000, () => ctx.api.create(secret('s2')));
    ctx.clock.at(3000, () => ctx.api.create(configMap('c1')));
  },
};

function simulator(components: Component[]): Simulator {
  return new Simulator({ version: '1.35', seed: 1, images: {} }, components);
}

describe('Simulator engine', () => {
  test('a watcher gets only its kinds, and watchers of one change run in subscription order', () => {
    const calls: string[] = [];
    const sim = simulator([]);
    sim.api.watch((ev) => calls.push(`all:${ev.object.kind}`));
    sim.api.watch((ev) => calls.push(`cm:${ev.object.kind}`), ['ConfigMap']);
    sim.api.watch((ev) => calls.push(`secret:${ev.object.kind}`), ['Secret']);
    sim.api.create(configMap('a'));
    sim.api.create(secret('b'));
    expect(calls).toEqual(['all:ConfigMap', 'cm:ConfigMap', 'all:Secret', 'secret:Secret']);
  });

  test('an unsubscribed watcher is not called again', () => {
    const sim = simulator([]);
    let seen = 0;
    const stop = sim.api.watch(() => seen++, ['ConfigMap']);
    sim.api.create(configMap('a'));
    stop();
    sim.api.create(configMap('b'));
    expect(seen).toBe(1);
  });

  test('waitFor with the kinds a check reads re-checks only after changes of those kinds', async () => {
    const sim = simulator([writer]);
    const checkedAt: number[] = [];
    const held = await sim.waitFor(async () => {
      checkedAt.push(sim.clock.now());
      return sim.api.list('ConfigMap', 'default').some((o) => o.metadata.name === 'c1');
    }, 10_000, ['ConfigMap']);
    expect(held).toBe(true);
    expect(checkedAt).toEqual([0, 3000]);
  });

  test('waitFor without kinds re-checks after any change', async () => {
    const sim = simulator([writer]);
    const checkedAt: number[] = [];
    await sim.waitFor(async () => {
      checkedAt.push(sim.clock.now());
      return sim.api.list('ConfigMap', 'default').some((o) => o.metadata.name === 'c1');
    }, 10_000);
    expect(checkedAt).toEqual([0, 1000, 2000, 3000]);
  });

  test('waitFor without kinds re-checks after content outside the API changed, and only then', async () => {
    let content = 'old';
    const rewriter: Component = {
      start(ctx) {
        ctx.clock.at(1000, () => undefined);
        ctx.clock.at(4000, () => {
          content = 'new';
          ctx.contentChanged?.();
        });
      },
    };
    const sim = simulator([rewriter]);
    const checkedAt: number[] = [];
    const held = await sim.waitFor(async () => {
      checkedAt.push(sim.clock.now());
      return content === 'new';
    }, 10_000);
    expect(held).toBe(true);
    expect(checkedAt).toEqual([0, 4000]);
  });
});
