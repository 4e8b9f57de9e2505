/**
 * Events expire as kube-apiserver's --event-ttl makes them (src/sim/apiserver/event-ttl.ts):
 * each write attaches the Event to the etcd lease current then (granted for the TTL plus a
 * reuse minute, shared by writes within that minute, up to 1,000), and etcd deletes what is still
 * attached when the lease expires.
 */
import { describe, expect, test } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import { EVENT_TTL_MS, LEASE_MAX_OBJECTS, LEASE_REUSE_MS } from '../../../src/sim/apiserver/event-ttl';
import type { WatchEvent } from '../../../src/sim/apiserver/store';
import { Simulator } from '../../../src/sim/simulator';

const EXPIRY = EVENT_TTL_MS + LEASE_REUSE_MS;

function setup() {
  const sim = new Simulator({ version: '1.37', seed: 1, images: {} }, []);
  const pod = sim.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const record = (message: string) => sim.events.record(pod, 'Normal', 'Note', message, 'kubelet', 'node-1');
  const messages = () => sim.api.list<KObject & { message: string }>('Event', 'default').map((e) => e.message).sort();
  const seen: WatchEvent[] = [];
  sim.api.watch((ev) => seen.push(ev), ['Event']);
  return { sim, record, messages, seen };
}

describe('Event TTL (kube-apiserver --event-ttl, etcd3 leaseManager)', () => {
  test('the TTL is an hour and a lease lasts a minute longer, as upstream\'s defaults give', () => {
    expect(EVENT_TTL_MS).toBe(3_600_000);
    expect(LEASE_REUSE_MS).toBe(60_000);
    expect(LEASE_MAX_OBJECTS).toBe(1000);
  });

  test('an Event is deleted when its lease expires, and watchers see DELETED', () => {
    const { sim, record, messages, seen } = setup();
    record('first');
    sim.clock.runUntil(EXPIRY - 1);
    expect(messages()).toEqual(['first']);
    sim.clock.runUntil(EXPIRY);
    expect(messages()).toEqual([]);
    expect(seen.map((e) => [e.type, (e.object as KObject & { message: string }).message])).toEqual([['ADDED', 'first'], ['DELETED', 'first']]);
  });

  test('writes within the reuse minute share a lease; a later write gets a new one', () => {
    const { sim, record, messages } = setup();
    record('at 0');
    sim.clock.runUntil(LEASE_REUSE_MS - 1);
    record('within the minute');
    sim.clock.runUntil(LEASE_REUSE_MS);
    record('a minute later');
    sim.clock.runUntil(EXPIRY);
    expect(messages()).toEqual(['a minute later']);
    sim.clock.runUntil(LEASE_REUSE_MS + EXPIRY);
    expect(messages()).toEqual([]);
  });

  test('an update attaches the Event to the current lease: a repeat keeps it an hour longer', () => {
    const { sim, record, messages } = setup();
    record('repeats');
    sim.clock.runUntil(30 * 60_000);
    record('repeats'); // count 2: an update of the same Event
    sim.clock.runUntil(EXPIRY);
    expect(messages()).toEqual(['repeats']);
    sim.clock.runUntil(30 * 60_000 + EXPIRY);
    expect(messages()).toEqual([]);
  });

  test('a lease takes 1,000 writes; the next one starts another', () => {
    const { sim, messages } = setup();
    let n = 0;
    const write = (message: string) => sim.api.create({ apiVersion: 'v1', kind: 'Event', metadata: { name: `web.${n++}`, namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' }, reason: 'Note', message });
    for (let i = 0; i < LEASE_MAX_OBJECTS; i++) write(`on the first lease ${i}`);
    sim.clock.runUntil(1000);
    write('on a second lease');
    sim.clock.runUntil(EXPIRY);
    expect(messages()).toEqual(['on a second lease']);
    sim.clock.runUntil(1000 + EXPIRY);
    expect(messages()).toEqual([]);
  });

  test('finalizers do not keep an Event: etcd deletes the key below the registry', () => {
    const { sim, messages } = setup();
    sim.api.create({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.1', namespace: 'default', finalizers: ['example.com/keep'] }, involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' }, reason: 'Note', message: 'kept?' });
    sim.clock.runUntil(EXPIRY);
    expect(messages()).toEqual([]);
  });
});
