/**
 * Every object change a simulator's API server emits, stamped with the virtual time, for unit
 * tests that look back at intermediate states (the Simulator itself keeps no history: the runner
 * records its own from the backend's watch, src/runner/history-recorder.ts). Put it first among
 * the components so it sees each change before any other component reacts to it, in write order.
 * Changes made before components start (the system namespaces) are not recorded.
 */
import type { ObjectChange } from '../../src/history/entry';
import type { Component, SimContext } from '../../src/sim/context';

export class WatchHistory implements Component {
  readonly entries: ObjectChange[] = [];

  start(ctx: SimContext): void {
    ctx.api.watch(({ type, object }) => {
      const { kind, metadata } = object;
      this.entries.push({ t: ctx.clock.now(), type, kind, namespace: metadata.namespace, name: metadata.name, object });
    });
  }
}
