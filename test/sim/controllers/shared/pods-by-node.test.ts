/** The spec.nodeName index the node lifecycle, taint eviction and pod GC controllers keep from the pod watch. */
import { describe, expect, it } from '@jest/globals';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../../src/sim/apiserver/store';
import { Clock } from '../../../../src/sim/clock';
import { PodsByNode } from '../../../../src/sim/controllers/shared/pods-by-node';
import { Rng } from '../../../../src/sim/rng';

describe('PodsByNode', () => {
  it('follows binding and deletion, including a name re-used on another node', () => {
    const api = new ApiServer('1.35', new Clock(), new Rng(1));
    for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const index = new PodsByNode(api);
    const sizes: number[] = [];
    api.watch((ev) => {
      if (ev.object.kind !== 'Pod') return;
      index.observe(ev);
      sizes.push((index as unknown as { index: Map<string, Set<string>> }).index.size);
    });
    const pod = (name: string) => api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    pod('a');
    pod('b');
    expect(index.pods('n1')).toEqual([]);
    api.bind('default', 'a', 'n1');
    api.bind('default', 'b', 'n1');
    expect(index.pods('n1').map((p) => p.metadata!.name)).toEqual(['a', 'b']);
    api.delete('Pod', 'default', 'a', { gracePeriodSeconds: 0 });
    expect(index.pods('n1').map((p) => p.metadata!.name)).toEqual(['b']);
    pod('a');
    api.bind('default', 'a', 'n2');
    expect(index.pods('n2').map((p) => p.metadata!.name)).toEqual(['a']);
    expect(index.pods('n1').map((p) => p.metadata!.name)).toEqual(['b']);
    api.delete('Pod', 'default', 'b', { gracePeriodSeconds: 0 });
    api.delete('Pod', 'default', 'a', { gracePeriodSeconds: 0 });
    // nothing left behind once every pod is gone
    expect(sizes[sizes.length - 1]).toBe(0);
  });
});
