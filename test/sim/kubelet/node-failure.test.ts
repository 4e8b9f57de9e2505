import { describe, expect, it } from '@jest/globals';
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../../src/kube/object';
import type { NodeLease } from '../../../src/sim/node-heartbeats';
import { container, harness, nginx, ready, type Harness } from './harness';

const BOOT_MS = 5_000;

function node(h: Harness, name = 'worker-1'): Node | undefined {
  return h.api.get<Node>('Node', undefined, name);
}

function condition(h: Harness, type: string, name = 'worker-1'): NodeCondition | undefined {
  return node(h, name)?.status?.conditions?.find((c) => c.type === type);
}

/** What the node lifecycle controller writes when a node stops posting status. */
function markNodeUnknown(h: Harness, name = 'worker-1'): void {
  const n = node(h, name)!;
  const now = h.api.timestamp();
  const conditions = n.status!.conditions!.map((c) => ({
    ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now,
  }));
  h.api.updateStatus({ ...(n as unknown as KObject), status: { ...n.status, conditions } });
}

/** What MarkPodsNotReady writes. */
function markPodNotReady(h: Harness, name: string): void {
  const p = h.get(name)!;
  const conditions = p.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
  h.api.updateStatus({ ...(p as unknown as KObject), status: { ...p.status, conditions } });
}

function bindPod(h: Harness, name: string): Pod {
  return h.pod({ containers: [nginx] }, { name });
}

/** `renewing`, `stopped@<last renewal ms>` or `absent` */
function leaseText(lease: NodeLease): string {
  return lease.state === 'stopped' ? `stopped@${lease.lastRenewalMs}` : lease.state;
}

function renewalLog(h: Harness): string[] {
  const log: string[] = [];
  h.kubelets.heartbeats().onChange((n) => log.push(`${h.clock.now()}:${n}:${leaseText(h.kubelets.lease(n))}`));
  return log;
}

describe('killNode', () => {
  it('stops the machine: the API keeps what it last heard, heartbeats stop at the last 10s renewal', () => {
    const h = harness();
    const log = renewalLog(h);
    bindPod(h, 'web');
    h.at(25_000);
    const before = h.get('web')!;
    expect(ready(before)).toBe(true);
    expect(h.kubelets.lease('worker-1')).toEqual({ state: 'renewing' });
    h.act('killNode', 'worker-1');
    // the kubelet started at 0 and renewed at 0, 10 s, 20 s
    expect(h.kubelets.lease('worker-1')).toEqual({ state: 'stopped', lastRenewalMs: 20_000 });
    expect(log).toEqual(['25000:worker-1:stopped@20000']);
    h.at(600_000);
    expect(h.get('web')).toEqual(before);
    expect(node(h)!.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    // nothing is left ticking for a dead node
    expect(h.clock.nextTime()).toBeUndefined();
    expect(h.kubelets.isHeartbeating('worker-1')).toBe(false);
  });

  it('makes the pods unreachable for exec and refuses a second kill', () => {
    const h = harness();
    bindPod(h, 'web');
    h.at(10_000);
    h.act('killNode', 'worker-1');
    expect(() => h.kubelets.readFile('default', 'web', undefined, '/etc/hostname')).toThrow(expect.objectContaining({
      code: 'BACKEND', message: expect.stringContaining('node "worker-1" is down'),
    }));
    expect(() => h.act('writeFile', { pod: 'web', path: '/x', content: 'y' })).toThrow(expect.objectContaining({ code: 'BACKEND' }));
    expect(() => h.act('killNode', 'worker-1')).toThrow(expect.objectContaining({ code: 'USAGE', message: 'killNode: node "worker-1" is already down' }));
  });

  it('names the nodes there are when the node is unknown', () => {
    const h = harness({ nodes: [{ name: 'worker-1' }, { name: 'worker-2' }] });
    expect(() => h.act('killNode', 'worker-9')).toThrow(expect.objectContaining({
      code: 'BAD_REFERENCE', message: 'killNode: node "worker-9" not found', hint: 'nodes: worker-1, worker-2',
    }));
    expect(() => h.act('restartNode', { name: 'worker-1' })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('restartNode', () => {
  it('refuses a node that is not down', () => {
    const h = harness();
    expect(() => h.act('restartNode', 'worker-1')).toThrow(expect.objectContaining({ code: 'USAGE', message: 'restartNode: node "worker-1" is not down' }));
  });

  it('boots the kubelet, which restarts containers afresh in new sandboxes', () => {
    const h = harness();
    const log = renewalLog(h);
    bindPod(h, 'web');
    h.at(20_000);
    const oldId = container(h.get('web'))!.containerID;
    const bootID = node(h)!.status?.nodeInfo?.bootID;
    h.act('killNode', 'worker-1');
    h.at(100_000);
    h.act('restartNode', 'worker-1');
    h.at(100_000 + BOOT_MS - 1);
    expect(h.kubelets.lease('worker-1')).toEqual({ state: 'stopped', lastRenewalMs: 20_000 });
    h.at(130_000);
    expect(h.kubelets.lease('worker-1')).toEqual({ state: 'renewing' });
    expect(log).toEqual(['20000:worker-1:stopped@20000', `${100_000 + BOOT_MS}:worker-1:renewing`]);
    const p = h.get('web')!;
    expect(ready(p)).toBe(true);
    const c = container(p)!;
    expect(c.containerID).not.toBe(oldId);
    expect(c.restartCount).toBe(1);
    // containerd found the task gone when it started: exit 255, reason Unknown, finished at boot
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown', finishedAt: h.api.timestamp(100_000 + BOOT_MS) });
    expect(p.status?.podIP).toBe('10.244.0.2');
    // the host kernel's boot id does not change when a kind node container restarts
    expect(node(h)!.status?.nodeInfo?.bootID).toBe(bootID);
    expect(h.events('worker-1').map((e) => e.reason)).not.toContain('Rebooted');
    expect(h.events('worker-1').find((e) => e.reason === 'Starting')).toMatchObject({ message: 'Starting kubelet.', count: 2 });
  });

  it('posts Ready again over the Unknown conditions the node controller wrote', () => {
    const h = harness();
    h.at(10_000);
    h.act('killNode', 'worker-1');
    h.at(60_000);
    markNodeUnknown(h);
    h.at(90_000);
    h.act('restartNode', 'worker-1');
    h.at(90_000 + BOOT_MS);
    const boot = h.api.timestamp(90_000 + BOOT_MS);
    expect(node(h)!.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime, c.lastHeartbeatTime])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', boot, boot],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', boot, boot],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', boot, boot],
      ['Ready', 'True', 'KubeletReady', boot, boot],
    ]);
    expect(h.events('worker-1').find((e) => e.reason === 'NodeReady')).toMatchObject({ message: 'Node worker-1 status is now: NodeReady', count: 2 });
  });

  it('writes nothing to the Node when it comes back before anyone noticed', () => {
    const h = harness();
    h.at(10_000);
    const before = node(h);
    h.act('killNode', 'worker-1');
    h.act('restartNode', 'worker-1');
    h.at(60_000);
    expect(node(h)).toEqual(before);
  });

  it('finishes deletions requested while it was down, admits pods bound meanwhile', () => {
    const h = harness();
    bindPod(h, 'old');
    h.at(10_000);
    h.act('killNode', 'worker-1');
    h.api.delete('Pod', 'default', 'old');
    bindPod(h, 'new');
    h.at(200_000);
    expect(h.get('old')?.metadata?.deletionTimestamp).toBeDefined();
    expect(h.get('new')?.status?.phase).toBe('Pending');
    h.act('restartNode', 'worker-1');
    h.at(240_000);
    // the containers are already dead: nothing to wait for before the final delete
    expect(h.deleted('old')?.t).toBe(200_000 + BOOT_MS);
    expect(ready(h.get('new'))).toBe(true);
    expect(h.get('new')?.status?.podIP).toBe('10.244.0.2');
  });

  it('registers the node again if its Node object was deleted while it was down', () => {
    const h = harness();
    bindPod(h, 'web');
    h.at(10_000);
    h.act('killNode', 'worker-1');
    h.api.delete('Node', undefined, 'worker-1');
    h.act('restartNode', 'worker-1');
    h.at(10_000 + BOOT_MS);
    expect(node(h)?.metadata?.creationTimestamp).toBe(h.api.timestamp(10_000 + BOOT_MS));
    expect(condition(h, 'Ready')?.status).toBe('True');
    h.at(40_000);
    expect(container(h.get('web'))).toMatchObject({ restartCount: 1, ready: true });
  });

  it('does not start the kubelet of a node killed again while booting', () => {
    const h = harness();
    h.at(10_000);
    h.act('killNode', 'worker-1');
    h.act('restartNode', 'worker-1');
    h.at(12_000);
    h.act('killNode', 'worker-1');
    h.at(100_000);
    expect(h.kubelets.lease('worker-1')).toEqual({ state: 'stopped', lastRenewalMs: 10_000 });
    expect(h.events('worker-1').find((e) => e.reason === 'Starting')?.count).toBe(1);
  });
});

describe('disconnectNode / reconnectNode', () => {
  it('keeps containers running while the API hears nothing, then catches up after reconnecting', () => {
    const h = harness();
    const log = renewalLog(h);
    bindPod(h, 'web');
    h.at(15_000);
    h.act('disconnectNode', 'worker-1');
    expect(h.kubelets.lease('worker-1')).toEqual({ state: 'stopped', lastRenewalMs: 10_000 });
    const before = h.get('web')!;
    const startedEvents = h.events('web').find((e) => e.reason === 'Started')!.count;
    h.act('crashContainer', { pod: 'web', exitCode: 1 });
    h.at(120_000);
    // restarted on the node, but the API still shows the old container
    expect(h.get('web')).toEqual(before);
    expect(h.events('web').find((e) => e.reason === 'Started')!.count).toBe(startedEvents);
    expect(h.kubelets.kubelet('worker-1')!.worker(before.metadata!.uid!)!.instances.at(-1)).toMatchObject({ state: 'running', attempt: 1 });
    // exec goes through the API server: a cut-off node's pods cannot be reached
    expect(() => h.kubelets.readFile('default', 'web', undefined, '/etc/hostname')).toThrow(expect.objectContaining({
      code: 'BACKEND', message: expect.stringContaining('cut off from the control plane'),
    }));
    h.at(125_000);
    h.act('reconnectNode', 'worker-1');
    expect(h.kubelets.lease('worker-1')).toEqual({ state: 'renewing' });
    expect(log).toEqual(['15000:worker-1:stopped@10000', '125000:worker-1:renewing']);
    h.at(129_999);
    expect(container(h.get('web'))?.restartCount).toBe(0);
    // the status manager's next 10 s sync sends what the API missed
    h.at(130_000);
    expect(container(h.get('web'))).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 1, reason: 'Error' } } });
    expect(h.kubelets.readFile('default', 'web', undefined, '/etc/hostname')).toBe('web\n');
  });

  it('hears of no deletion while cut off, then kills with the full grace period and deletes', () => {
    const h = harness();
    bindPod(h, 'web');
    h.at(10_000);
    h.act('disconnectNode', 'worker-1');
    h.api.delete('Pod', 'default', 'web', { gracePeriodSeconds: 30 });
    h.at(400_000);
    expect(h.get('web')?.metadata?.deletionTimestamp).toBeDefined();
    h.act('reconnectNode', 'worker-1');
    h.at(500_000);
    const d = h.deleted('web')!;
    // nginx exits on SIGTERM within the grace period; then the sandbox stops and the pod goes
    expect(d.t).toBeGreaterThan(400_000);
    expect(d.t).toBeLessThan(400_000 + 30_000);
    expect(h.events('web').map((e) => e.reason)).toContain('Killing');
  });

  it('sends a deletion it could not send while cut off', () => {
    const h = harness();
    bindPod(h, 'web');
    h.at(10_000);
    h.api.delete('Pod', 'default', 'web', { gracePeriodSeconds: 30 });
    h.at(10_100);
    h.act('disconnectNode', 'worker-1');
    h.at(200_000);
    expect(h.get('web')).toBeDefined();
    h.act('reconnectNode', 'worker-1');
    h.at(200_000);
    expect(h.deleted('web')?.t).toBe(200_000);
  });

  it('admits pods bound while cut off only after reconnecting', () => {
    const h = harness();
    h.at(5_000);
    h.act('disconnectNode', 'worker-1');
    bindPod(h, 'late');
    h.at(100_000);
    expect(h.get('late')?.status?.phase).toBe('Pending');
    h.act('reconnectNode', 'worker-1');
    h.at(130_000);
    expect(ready(h.get('late'))).toBe(true);
  });

  it('puts Ready back on the node and its pods after the node controller marked them', () => {
    const h = harness();
    bindPod(h, 'web');
    h.at(10_000);
    h.act('disconnectNode', 'worker-1');
    h.at(70_000);
    markNodeUnknown(h);
    markPodNotReady(h, 'web');
    h.at(103_000);
    h.act('reconnectNode', 'worker-1');
    h.at(109_999);
    expect(condition(h, 'Ready')?.status).toBe('Unknown');
    h.at(110_000);
    expect(condition(h, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: h.api.timestamp(110_000) });
    expect(ready(h.get('web'))).toBe(true);
  });

  it('refuses to disconnect twice or reconnect a connected node', () => {
    const h = harness();
    expect(() => h.act('reconnectNode', 'worker-1')).toThrow(expect.objectContaining({ code: 'USAGE', message: 'reconnectNode: node "worker-1" is not disconnected' }));
    h.act('disconnectNode', 'worker-1');
    expect(() => h.act('disconnectNode', 'worker-1')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('restarted while cut off, learns its pods only when the link is back', () => {
    const h = harness();
    bindPod(h, 'web');
    h.at(10_000);
    h.act('disconnectNode', 'worker-1');
    h.act('killNode', 'worker-1');
    h.at(20_000);
    h.act('restartNode', 'worker-1');
    h.at(60_000);
    expect(h.kubelets.lease('worker-1')).toEqual({ state: 'stopped', lastRenewalMs: 10_000 });
    expect(h.kubelets.kubelet('worker-1')!.worker(h.get('web')!.metadata!.uid!)!.instances.every((i) => i.state === 'exited')).toBe(true);
    h.act('reconnectNode', 'worker-1');
    h.at(90_000);
    expect(container(h.get('web'))).toMatchObject({ restartCount: 1, ready: true });
  });
});

describe('removeNode', () => {
  it('deletes the Node and forgets its kubelet; the pods stay for the pod GC', () => {
    const h = harness({ nodes: [{ name: 'worker-1' }, { name: 'worker-2' }] });
    const log = renewalLog(h);
    bindPod(h, 'web');
    h.at(10_000);
    h.act('killNode', 'worker-1');
    h.act('removeNode', 'worker-1');
    expect(node(h)).toBeUndefined();
    expect(h.get('web')?.spec?.nodeName).toBe('worker-1');
    expect(h.kubelets.lease('worker-1')).toEqual({ state: 'absent' }); // no kubelet: no Lease, not "renewing"
    expect(log).toEqual(['10000:worker-1:stopped@10000', '10000:worker-1:absent']);
    expect(() => h.kubelets.readFile('default', 'web', undefined, '/etc/hostname')).toThrow(expect.objectContaining({ code: 'BACKEND' }));
    expect(() => h.act('removeNode', 'worker-1')).toThrow(expect.objectContaining({ code: 'BAD_REFERENCE', hint: 'nodes: worker-2' }));
    h.at(100_000);
    expect(h.clock.nextTime()).toBeUndefined();
  });

  it('tells heartbeat listeners once when a running node is removed', () => {
    const h = harness({ nodes: [{ name: 'worker-1' }, { name: 'worker-2' }] });
    const log = renewalLog(h);
    h.at(12_000);
    h.act('removeNode', 'worker-1');
    expect(log).toEqual(['12000:worker-1:absent']);
    expect(h.api.list('Node').map((n) => n.metadata.name)).toEqual(['worker-2']);
  });

  it('frees the name and address for a node added later', () => {
    const h = harness({ nodes: [{ name: 'worker-1' }, { name: 'worker-2' }] });
    h.at(1_000);
    const ip = node(h)!.status?.addresses?.[0]?.address;
    h.act('removeNode', 'worker-1');
    h.act('addNode', { name: 'worker-1' });
    expect(node(h)!.status?.addresses?.[0]?.address).toBe(ip);
    expect(h.kubelets.isHeartbeating('worker-1')).toBe(true);
  });
});
