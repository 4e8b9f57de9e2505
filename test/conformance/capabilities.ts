/**
 * The optional capabilities, each tested only where the backend claims it (a backend without one
 * passes these tests vacuously; the runner refuses scenarios that need it before they start).
 * A section of its own: killing a node must not disturb the other sections' pods.
 */
import { expect } from '@jest/globals';
import type { Backend } from '../../src/backend/contract';
import type { KObject } from '../../src/kube/object';
import { pod, podSpec, SHELL_IMAGE } from './fixtures';
import { NS, condition, eventually, isPodReady, ref, section, uniqueName, type SuiteEnv } from './harness';

type ContainerStatus = { name: string; state?: { running?: unknown } };

function containerRunning(p: KObject | undefined, container: string): boolean {
  const statuses = (p?.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses ?? [];
  return !!statuses.find((c) => c.name === container)?.state?.running;
}

async function runningPod(backend: Backend, obj: KObject): Promise<void> {
  await backend.create(obj);
  const name = obj.metadata.name;
  await eventually(backend, `container app of pod ${name} is running`, async () => containerRunning(await backend.get(ref('Pod', name)), 'app'), 180_000);
}

const nodeReady = (n: KObject | undefined) => condition(n, 'Ready')?.status;

export function capabilityTests(env: SuiteEnv): void {
  section('capabilities', env, (s) => {
    s.test('podIO: a file written in a running pod reads back; a missing file reads as undefined', async () => {
      const io = s.backend.capabilities.podIO;
      if (!io) return;
      const name = uniqueName('io');
      await runningPod(s.backend, pod(name, {}, podSpec(SHELL_IMAGE)));
      const target = { namespace: NS, pod: name, container: 'app' };
      await io.writeFile(target, '/tmp/kscenario-conformance.txt', 'written by the conformance suite\n');
      expect(await io.readFile(target, '/tmp/kscenario-conformance.txt')).toBe('written by the conformance suite\n');
      expect(await io.readFile({ namespace: NS, pod: name }, '/tmp/kscenario-conformance.txt')).toBe('written by the conformance suite\n');
      expect(await io.readFile(target, '/tmp/kscenario-conformance-missing.txt')).toBeUndefined();
    });

    s.test('simulator controls: a failed readiness probe makes the pod unready, a healed one ready again', async () => {
      const sim = s.backend.capabilities.simulator;
      if (!sim) return;
      const name = uniqueName('probed');
      const spec = { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: SHELL_IMAGE, readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } }] };
      await runningPod(s.backend, pod(name, {}, spec));
      await eventually(s.backend, `pod ${name} is Ready`, async () => isPodReady(await s.backend.get(ref('Pod', name))), 60_000);
      await sim.setProbe({ namespace: NS, pod: name }, 'readiness', false, 'conformance: failing');
      await eventually(s.backend, `pod ${name} is not Ready`, async () => !isPodReady(await s.backend.get(ref('Pod', name))), 60_000);
      await sim.setProbe({ namespace: NS, pod: name }, 'readiness', true);
      await eventually(s.backend, `pod ${name} is Ready again`, async () => isPodReady(await s.backend.get(ref('Pod', name))), 60_000);
    });

    // Last in its section: the node stays down only until restarted, but pods on it may be disturbed.
    s.test('nodeFaults: a killed node becomes NotReady, a restarted one Ready again', async () => {
      const faults = s.backend.capabilities.nodeFaults;
      if (!faults) return;
      const nodes = await s.backend.list('Node');
      const worker = nodes.find((n) => !Object.keys(n.metadata.labels ?? {}).includes('node-role.kubernetes.io/control-plane') && nodeReady(n) === 'True');
      expect(worker).toBeDefined();
      const node = worker!.metadata.name;
      await faults.killNode(node);
      try {
        // The node lifecycle controller marks it Unknown after node-monitor-grace-period (40–50 s upstream).
        await eventually(s.backend, `node ${node} is NotReady`, async () => nodeReady(await s.backend.get({ kind: 'Node', name: node })) !== 'True', 300_000);
        expect(nodeReady(await s.backend.get({ kind: 'Node', name: node }))).toBe('Unknown');
      } finally {
        await faults.restartNode(node);
      }
      await eventually(s.backend, `node ${node} is Ready again`, async () => nodeReady(await s.backend.get({ kind: 'Node', name: node })) === 'True', 300_000);
    }, { timeoutMs: 900_000 });
  });
}
