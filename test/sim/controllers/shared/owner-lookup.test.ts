/** The shared owner lookups and the orphan index, fed from a real API server's watch. */
import { describe, expect, it } from '@jest/globals';
import { newControllerRef, type KObject } from '../../../../src/kube/object';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import { OrphanIndex } from '../../../../src/sim/controllers/shared/orphan-index';
import { controlledBy, orphansIn, ownersSelecting, resolveControllerRef } from '../../../../src/sim/controllers/shared/owner-lookup';
import { Rng } from '../../../../src/sim/rng';

const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

function cluster() {
  const api = new ApiServer('1.35', new Clock(), new Rng(1));
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const orphans = new OrphanIndex('Pod');
  api.watch((ev) => orphans.observe(ev.type, ev.object), ['Pod']);
  return { api, orphans };
}

const podSpec = { containers: [{ name: 'c', image: 'nginx' }] };

function replicaSet(api: ApiServer, name: string, matchLabels: Record<string, string>): KObject {
  return api.create({
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default' },
    spec: { selector: { matchLabels }, template: { metadata: { labels: matchLabels }, spec: podSpec } },
  });
}

function pod(api: ApiServer, name: string, labels: Record<string, string>, owner?: KObject): KObject {
  const ownerReferences = owner ? [newControllerRef(owner, RS)] : undefined;
  return api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels, ownerReferences }, spec: podSpec });
}

const names = (objs: KObject[]) => objs.map((o) => o.metadata.name);

describe('owner lookups', () => {
  it('finds owned pods by controller ref and orphans by namespace, following adoption and deletion', () => {
    const { api, orphans } = cluster();
    const rs = replicaSet(api, 'web', { app: 'web' });
    pod(api, 'b', { app: 'web' });
    pod(api, 'a', { app: 'web' }, rs);
    expect(names(controlledBy(api, rs.metadata.uid, 'Pod'))).toEqual(['a']);
    expect(names(orphansIn(api, orphans, 'default'))).toEqual(['b']);
    // adoption: the orphan gains a controller ref and leaves the orphan index
    const b = api.get<KObject>('Pod', 'default', 'b')!;
    api.update({ ...b, metadata: { ...b.metadata, ownerReferences: [newControllerRef(rs, RS)] } });
    expect(names(controlledBy(api, rs.metadata.uid, 'Pod'))).toEqual(['a', 'b']);
    expect(orphans.names('default')).toEqual([]);
    pod(api, 'c', {});
    api.delete('Pod', 'default', 'c', { gracePeriodSeconds: 0 });
    expect(orphans.names('default')).toEqual([]);
  });

  it('resolves a controller ref only while the named object has the same uid', () => {
    const { api } = cluster();
    const rs = replicaSet(api, 'web', { app: 'web' });
    const ref = newControllerRef(rs, RS);
    expect(resolveControllerRef(api, 'ReplicaSet', 'default', ref)?.metadata.uid).toBe(rs.metadata.uid);
    expect(resolveControllerRef(api, 'Deployment', 'default', ref)).toBeUndefined();
    api.delete('ReplicaSet', 'default', 'web');
    replicaSet(api, 'web', { app: 'web' });
    expect(resolveControllerRef(api, 'ReplicaSet', 'default', ref)).toBeUndefined();
  });

  it('lists the owners whose non-empty selector selects a labelled object, in creation order', () => {
    const { api } = cluster();
    replicaSet(api, 'z', { app: 'web' });
    replicaSet(api, 'a', { app: 'web' });
    replicaSet(api, 'other', { app: 'db' });
    const p = pod(api, 'p', { app: 'web' });
    expect(names(ownersSelecting(api, 'ReplicaSet', p))).toEqual(['z', 'a']);
    expect(ownersSelecting(api, 'ReplicaSet', pod(api, 'bare', {}))).toEqual([]);
  });
});
