/**
 * A Secret's stringData is merged into data on every write and never stored
 * (Convert_v1_Secret_To_core_Secret), so reads show only data.
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../src/sim/apiserver/store';
import { Clock } from '../../../src/sim/clock';
import { Rng } from '../../../src/sim/rng';

function server(): ApiServer {
  const api = new ApiServer('1.35', new Clock(), new Rng(1));
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return api;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('Secret stringData', () => {
  it('is written into data as base64 over a data key of the same name, and is not stored', () => {
    const api = server();
    const created = api.create({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' },
      data: { user: b64('old'), keep: b64('kept') }, stringData: { user: 'admin', 'pass.txt': 'héllo' },
    } as KObject);
    expect(created.stringData).toBeUndefined();
    expect(created.data).toEqual({ user: b64('admin'), keep: b64('kept'), 'pass.txt': b64('héllo') });
    expect(api.get('Secret', 'default', 's')).toEqual(created);
  });

  it('on update too', () => {
    const api = server();
    const stored = api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { a: b64('1') } } as KObject);
    const updated = api.update({ ...stored, stringData: { a: '2' } } as KObject);
    expect(updated.stringData).toBeUndefined();
    expect(updated.data).toEqual({ a: b64('2') });
  });

  it('is validated as data: an invalid key is refused under data', () => {
    const api = server();
    expect(() => api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, stringData: { 'a b': 'x' } } as KObject))
      .toThrow(/data\[a b\]: Invalid value: "a b"/);
  });
});
