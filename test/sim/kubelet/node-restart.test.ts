import { describe, expect, it } from '@jest/globals';
import { container, harness, nginx, ready } from './harness';

describe('a node whose kubelet stops and starts again (the base of killNode/restartNode)', () => {
  it('leaves the API as it was while down, then recreates the sandbox and restarts the containers', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(10_000);
    const kubelet = h.kubelets.kubelet('worker-1')!;
    kubelet.stop();
    expect(h.kubelets.isHeartbeating('worker-1')).toBe(false);
    h.at(100_000);
    // nobody reports the dead containers
    expect(ready(h.get('web'))).toBe(true);
    expect(h.clock.nextTime()).toBeUndefined();
    kubelet.start();
    h.at(130_000);
    const p = h.get('web')!;
    expect(ready(p)).toBe(true);
    expect(container(p)).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 255, reason: 'Unknown' } } });
    // a new sandbox; kindnet's host-local state lived on the node's tmpfs /run, so addresses are
    // handed out from the start of the range again and the only pod gets the first one back
    expect(p.status?.podIP).toBe('10.244.0.2');
    expect(h.events('web').find((e) => e.reason === 'SandboxChanged')?.message).toBe('Pod sandbox changed, it will be killed and re-created.');
  });

  it('finishes a deletion requested while it was down once it is back', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(10_000);
    const kubelet = h.kubelets.kubelet('worker-1')!;
    kubelet.stop();
    h.api.delete('Pod', 'default', 'web');
    h.at(300_000);
    expect(h.get('web')?.metadata?.deletionTimestamp).toBeDefined();
    kubelet.start();
    h.at(301_000);
    expect(h.get('web')).toBeUndefined();
  });
});
