/**
 * watch: the API server's list-then-watch from "now", resumption after a resourceVersion,
 * namespace filtering and stopping. Events may arrive asynchronously (a real watch stream), so
 * every assertion first waits — on the backend's clock — for the event it is about, and absence is
 * shown against a second watch that did see the later change.
 */
import { expect } from '@jest/globals';
import type { Backend, WatchEvent, WatchHandle, WatchRequest } from '../../src/backend/contract';
import { clusterRole, configMap } from './fixtures';
import { NS, OTHER_NS, RUN_TOKEN, eventually, ref, section, uniqueName, type SuiteEnv } from './harness';

export interface Watched {
  events: WatchEvent[];
  handle: WatchHandle;
  /** `TYPE name` of the events about the named objects, in delivery order */
  of(...names: string[]): string[];
  /** waits until an event `TYPE name` has been delivered */
  until(type: WatchEvent['type'], name: string, timeoutMs?: number): Promise<void>;
}

export async function watchInto(backend: Backend, req: WatchRequest): Promise<Watched> {
  const events: WatchEvent[] = [];
  const handle = await backend.watch(req, (ev) => events.push(ev));
  const has = (type: string, name: string) => events.some((e) => e.type === type && e.object.metadata.name === name);
  return {
    events,
    handle,
    of: (...names) => events.filter((e) => names.includes(e.object.metadata.name)).map((e) => `${e.type} ${e.object.metadata.name}`),
    until: (type, name, timeoutMs = 30_000) => eventually(backend, `watch ${req.kind} delivers ${type} ${name}`, async () => has(type, name), timeoutMs),
  };
}

export function watchTests(env: SuiteEnv): void {
  section('object API: watch', env, (s) => {
    s.test('from now: the current objects first as ADDED, then ADDED/MODIFIED/DELETED in the order made', async () => {
      const [a, b, c] = [uniqueName('w'), uniqueName('w'), uniqueName('w')];
      await s.backend.create(configMap(a, { v: '1' }));
      await s.backend.create(configMap(b, { v: '1' }));
      const w = await watchInto(s.backend, { kind: 'ConfigMap', namespace: NS });
      try {
        await w.until('ADDED', a);
        await w.until('ADDED', b);
        const initial = w.events.length;
        expect(w.events.every((e) => e.type === 'ADDED')).toBe(true);

        await s.backend.patch(ref('ConfigMap', a), 'merge', { data: { v: '2' } });
        await s.backend.delete(ref('ConfigMap', b));
        await s.backend.create(configMap(c, { v: '1' }));
        await s.backend.patch(ref('ConfigMap', c), 'merge', { data: { v: '2' } });
        await s.backend.delete(ref('ConfigMap', c));
        await w.until('DELETED', c);

        expect(w.of(a, b, c)).toEqual([`ADDED ${a}`, `ADDED ${b}`, `MODIFIED ${a}`, `DELETED ${b}`, `ADDED ${c}`, `MODIFIED ${c}`, `DELETED ${c}`]);
        const later = w.events.slice(initial);
        expect(later.find((e) => e.type === 'MODIFIED' && e.object.metadata.name === a)?.object.data).toEqual({ v: '2' });
        // DELETED carries the object's last state.
        expect(later.find((e) => e.type === 'DELETED' && e.object.metadata.name === c)?.object).toMatchObject({ kind: 'ConfigMap', data: { v: '2' } });
        for (const e of w.events) expect({ apiVersion: e.object.apiVersion, kind: e.object.kind }).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
      } finally {
        w.handle.stop();
      }
    });

    s.test('resuming after a resourceVersion delivers exactly the later changes', async () => {
      const [x, y] = [uniqueName('resume'), uniqueName('resume')];
      await s.backend.create(configMap(x, { v: '1' }));
      const { object: seen } = await s.backend.patch(ref('ConfigMap', x), 'merge', { data: { v: '2' } });
      await s.backend.create(configMap(y, { v: '1' }));
      await s.backend.patch(ref('ConfigMap', x), 'merge', { data: { v: '3' } });
      await s.backend.delete(ref('ConfigMap', y));

      const w = await watchInto(s.backend, { kind: 'ConfigMap', namespace: NS, resourceVersion: seen.metadata.resourceVersion });
      try {
        await w.until('DELETED', y);
        expect(w.of(x, y)).toEqual([`ADDED ${y}`, `MODIFIED ${x}`, `DELETED ${y}`]);
        expect(w.events.find((e) => e.object.metadata.name === x)?.object.data).toEqual({ v: '3' });
        expect(w.events.some((e) => e.object.metadata.resourceVersion === seen.metadata.resourceVersion)).toBe(false);
      } finally {
        w.handle.stop();
      }
    });

    s.test('a namespace watch sees only its namespace; a watch without one sees every namespace', async () => {
      const [here, there] = [uniqueName('nsw'), uniqueName('nsw')];
      const other = await watchInto(s.backend, { kind: 'ConfigMap', namespace: OTHER_NS });
      const all = await watchInto(s.backend, { kind: 'ConfigMap' });
      try {
        await s.backend.create(configMap(here, {}));
        await s.backend.create(configMap(there, {}, OTHER_NS));
        await other.until('ADDED', there);
        await all.until('ADDED', there);
        // `here` was made first: had the OTHER_NS watch been given it, it would have come before `there`.
        expect(other.of(here, there)).toEqual([`ADDED ${there}`]);
        expect(other.events.every((e) => e.object.metadata.namespace === OTHER_NS)).toBe(true);
        expect(all.of(here, there)).toEqual([`ADDED ${here}`, `ADDED ${there}`]);
        expect(all.events.find((e) => e.object.metadata.name === there)?.object.metadata.namespace).toBe(OTHER_NS);
      } finally {
        other.handle.stop();
        all.handle.stop();
      }
    });

    s.test('a watch of a cluster-scoped kind ignores the namespace', async () => {
      const name = `kscenario-conformance-${RUN_TOKEN}-${uniqueName('watched-role')}`;
      const w = await watchInto(s.backend, { kind: 'ClusterRole', namespace: NS });
      try {
        await s.backend.create(clusterRole(name));
        await w.until('ADDED', name);
        await s.backend.delete({ kind: 'ClusterRole', name });
        await w.until('DELETED', name);
        expect(w.of(name)).toEqual([`ADDED ${name}`, `DELETED ${name}`]);
      } finally {
        w.handle.stop();
        if (await s.backend.get({ kind: 'ClusterRole', name })) await s.backend.delete({ kind: 'ClusterRole', name });
      }
    });

    s.test('stop() ends delivery', async () => {
      const [before, after] = [uniqueName('stop'), uniqueName('stop')];
      const stopped = await watchInto(s.backend, { kind: 'ConfigMap', namespace: NS });
      const sentinel = await watchInto(s.backend, { kind: 'ConfigMap', namespace: NS });
      try {
        await s.backend.create(configMap(before, {}));
        await stopped.until('ADDED', before);
        stopped.handle.stop();
        const delivered = stopped.events.length;
        await s.backend.create(configMap(after, {}));
        await s.backend.delete(ref('ConfigMap', before));
        await sentinel.until('DELETED', before);
        expect(stopped.events.length).toBe(delivered);
        expect(stopped.of(before, after)).toEqual([`ADDED ${before}`]);
      } finally {
        sentinel.handle.stop();
      }
    });
  });
}
