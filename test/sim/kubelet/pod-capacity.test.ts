/**
 * The kubelet's pods limit at admission (noderesources.Fits, the "pods" resource): it counts the
 * active pods of its node, kept from the pod workers' changes rather than listed at each
 * admission. Each step below changes what counts — a pod running to completion, a pod deleted,
 * the kubelet restarting — and the next admission must see it.
 */
import { describe, expect, it } from '@jest/globals';
import { harness, nginx, ready } from './harness';

const twoPodNode = [{ name: 'worker-1', capacity: { cpu: '4', memory: '8Gi', pods: '2' } }];

describe('the kubelet admits pods up to its pods capacity', () => {
  it('counts active pods only: a completed pod frees its place, a deleted one too, and a restart forgets nothing', () => {
    const h = harness({ nodes: twoPodNode });
    const run = (name: string, spec: Record<string, unknown> = { containers: [nginx] }) => h.pod(spec, { name });
    const outOfPods = (name: string) => h.get(name)?.status?.reason === 'OutOfpods';

    run('short', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 30'] }] });
    run('long');
    h.at(10_000);
    run('third');
    h.at(11_000);
    expect(outOfPods('third')).toBe(true);
    expect(h.get('third')?.status?.message).toBe('Pod was rejected: Node didn\'t have enough resource: pods, requested: 1, used: 2, capacity: 2');

    // 'short' ends (Succeeded, its worker still there): no longer active
    h.at(60_000);
    expect(h.get('short')?.status?.phase).toBe('Succeeded');
    run('after-completion');
    h.at(70_000);
    expect(ready(h.get('after-completion'))).toBe(true);

    // the node is full again; deleting 'long' frees a place once its worker is done
    run('refused');
    h.at(71_000);
    expect(outOfPods('refused')).toBe(true);
    h.api.delete('Pod', 'default', 'long');
    h.at(120_000);
    expect(h.get('long')).toBeUndefined();
    run('after-delete');
    h.at(130_000);
    expect(ready(h.get('after-delete'))).toBe(true);

    // a restarted kubelet still counts the two running pods
    const kubelet = h.kubelets.kubelet('worker-1')!;
    kubelet.stop();
    h.at(140_000);
    kubelet.start();
    h.at(200_000);
    run('after-restart');
    h.at(201_000);
    expect(outOfPods('after-restart')).toBe(true);
    expect(ready(h.get('after-completion')) && ready(h.get('after-delete'))).toBe(true);
  });
});
