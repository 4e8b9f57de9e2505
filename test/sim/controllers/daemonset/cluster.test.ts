/**
 * The DaemonSet controller inside the whole simulated cluster (real scheduler, kubelets, GC): the
 * scheduler must honour the controller's matchFields pin, the control-plane taint must keep the
 * daemon off, and a node added later must get its pod.
 */
import { describe, expect, it } from '@jest/globals';
import { buildCluster } from '../../../../src/sim/cluster';
import type { KObject } from '../../../../src/kube/object';
import { daemonSet } from './harness';

type PodK = KObject & { spec: any; status?: any };

function cluster() {
  return buildCluster({
    version: '1.35',
    nodes: [{ name: 'control-plane', role: 'control-plane' }, { name: 'worker-1' }, { name: 'worker-2' }] as any,
    storageClasses: [],
    namespaces: [],
    images: {},
  }, 1);
}

const running = (pods: PodK[]) => pods
  .filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running')
  .map((p) => p.spec.nodeName as string)
  .sort();

describe('DaemonSet in the simulated cluster', () => {
  it('runs one pod per worker, bound by the scheduler, and one on a node added later', () => {
    const { sim } = cluster();
    sim.api.create(daemonSet());
    sim.advance(60_000);
    const pods = () => sim.api.list<PodK>('Pod', 'default');
    expect(running(pods())).toEqual(['worker-1', 'worker-2']);
    sim.act('addNode', { name: 'worker-3' });
    sim.advance(60_000);
    expect(running(pods())).toEqual(['worker-1', 'worker-2', 'worker-3']);
    const ds = sim.api.get<KObject & { status: any }>('DaemonSet', 'default', 'ds')!;
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3 });
  });

  it('removes the pods with the DaemonSet (garbage collector, background cascade)', () => {
    const { sim } = cluster();
    sim.api.create(daemonSet());
    sim.advance(60_000);
    sim.api.delete('DaemonSet', 'default', 'ds');
    sim.advance(60_000);
    expect(sim.api.list('Pod', 'default')).toEqual([]);
    expect(sim.api.list('ControllerRevision', 'default')).toEqual([]);
  });
});
