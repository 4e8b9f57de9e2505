/**
 * Docker node faults, with recorded commands: the IP each node keeps, the order of removeNode,
 * addNode on a node set aside at creation, errors carrying Docker's stderr, the start-up checks
 * for kind and Docker, and detecting a kind cluster behind --backend cluster.
 */
import { describe, expect, test } from '@jest/globals';
import type { Backend, ObjectRef } from '../../../src/backend/contract';
import { kindContainers, parseKindProviderId, withKindNodeFaults } from '../../../src/backends/kind/detect';
import { DockerNodeFaults, parseNetworks } from '../../../src/backends/kind/faults';
import { checkTools, parseKindVersion } from '../../../src/backends/kind/tools';
import { SimulatorBackend } from '../../../src/backends/simulator/index';
import type { KObject } from '../../../src/kube/object';
import { clusterRequest } from '../../../src/runner/cluster-request';
import { resolveCluster } from '../../../src/scenario/defaults';
import { RecordingRunner } from './recording-runner';

const CONTAINERS = new Map([['control-plane', 'ks-t-1-control-plane'], ['worker-1', 'ks-t-1-worker'], ['worker-2', 'ks-t-1-worker2'], ['worker-3', 'ks-t-1-worker3']]);

function fakeApi(nodes: Set<string> = new Set()) {
  const calls: string[] = [];
  return {
    calls,
    api: {
      get: async (ref: ObjectRef) => (nodes.has(ref.name) ? ({ apiVersion: 'v1', kind: 'Node', metadata: { name: ref.name } } as KObject) : undefined),
      patch: async (ref: ObjectRef, type: string, patch: unknown) => {
        calls.push(`PATCH ${ref.kind} ${ref.name} ${type} ${JSON.stringify(patch)}`);
        return { object: {} as KObject, warnings: [] };
      },
      delete: async (ref: ObjectRef) => {
        calls.push(`DELETE ${ref.kind} ${ref.name}`);
      },
    },
  };
}

function faults(runner: RecordingRunner, api = fakeApi().api, extra: Partial<ConstructorParameters<typeof DockerNodeFaults>[0]> = {}) {
  return new DockerNodeFaults({ runner, container: (n) => CONTAINERS.get(n), network: 'kscenario-test', pinnable: true, api, ...extra });
}

describe('Docker node faults', () => {
  test('killNode reads the node\'s IP, stops the container and pins the IP for its restart; restartNode starts it', async () => {
    const runner = new RecordingRunner();
    const f = faults(runner);
    await f.killNode('worker-1');
    await f.restartNode('worker-1');
    expect(runner.lines()).toEqual([
      "docker inspect --format '{{json .NetworkSettings.Networks}}' ks-t-1-worker",
      'docker stop ks-t-1-worker',
      'docker network disconnect kscenario-test ks-t-1-worker',
      'docker network connect --ip 10.251.17.3 kscenario-test ks-t-1-worker',
      'docker start ks-t-1-worker',
    ]);
  });

  test('disconnectNode and reconnectNode: off the network and back with the address it had', async () => {
    const runner = new RecordingRunner();
    const f = faults(runner);
    await f.disconnectNode('worker-2');
    await f.reconnectNode('worker-2');
    expect(runner.lines()).toEqual([
      "docker inspect --format '{{json .NetworkSettings.Networks}}' ks-t-1-worker2",
      'docker network disconnect kscenario-test ks-t-1-worker2',
      'docker network connect --ip 10.251.17.3 kscenario-test ks-t-1-worker2',
    ]);
  });

  test('on kind\'s own network (no user-configured subnet) a refused --ip is reconnected without it and reported', async () => {
    const runner = new RecordingRunner((c) => (c.args.includes('--ip')
      ? { exitCode: 1, stdout: '', stderr: 'Error response from daemon: user specified IP address is supported only when connecting to networks with user configured subnets\n' }
      : undefined));
    const f = faults(runner, fakeApi().api, { network: undefined, pinnable: false });
    await f.disconnectNode('worker-1');
    const err = await f.reconnectNode('worker-1').catch((e: Error) => e);
    expect(runner.lines().slice(1)).toEqual([
      'docker network disconnect kscenario-test ks-t-1-worker',
      'docker network connect --ip 10.251.17.3 kscenario-test ks-t-1-worker',
      'docker network connect kscenario-test ks-t-1-worker',
      "docker inspect --format '{{json .NetworkSettings.Networks}}' ks-t-1-worker",
    ]);
    expect(String(err)).toContain('Docker refused to give ks-t-1-worker its address 10.251.17.3 back');
    expect(String(err)).toContain('user specified IP address is supported only when connecting to networks with user configured subnets');
  });

  test('a docker failure names the command and carries its stderr', async () => {
    const runner = new RecordingRunner((c) => (c.args[0] === 'stop' ? { exitCode: 1, stdout: '', stderr: 'Error response from daemon: No such container: ks-t-1-worker\n' } : undefined));
    const err = await faults(runner).killNode('worker-1').catch((e: Error) => e);
    expect(String(err)).toContain('killNode worker-1: `docker stop ks-t-1-worker` exited with code 1:\n    Error response from daemon: No such container: ks-t-1-worker');
  });

  test('removeNode deletes the machine first, then the Node (a running kubelet would register it again)', async () => {
    const runner = new RecordingRunner();
    const { api, calls } = fakeApi();
    const order: string[] = [];
    const f = faults(runner, { ...api, delete: async (ref) => { order.push(`api: DELETE ${ref.kind} ${ref.name}`); await api.delete(ref); } });
    const run = runner.run.bind(runner);
    runner.run = async (c) => { order.push(`docker ${c.args.join(' ')}`); return run(c); };
    await f.removeNode('worker-1');
    expect(order).toEqual(['docker rm --force ks-t-1-worker', 'api: DELETE Node worker-1']);
    expect(calls).toEqual(['DELETE Node worker-1']);
  });

  test('addNode boots the node set aside for it, waits for its Node and sets the labels a kubelet may not set', async () => {
    const runner = new RecordingRunner();
    const registered = new Set<string>();
    const { api, calls } = fakeApi(registered);
    const f = faults(runner, api, { added: new Map([['worker-3', { container: 'ks-t-1-worker3', apiLabels: { 'node-role.kubernetes.io/extra': '' } }]]) });
    const run = runner.run.bind(runner);
    runner.run = async (c) => { const r = await run(c); if (c.args[0] === 'start') registered.add('worker-3'); return r; };
    await f.addNode({ name: 'worker-3' });
    expect(runner.lines()).toEqual(['docker start ks-t-1-worker3']);
    expect(calls).toEqual(['PATCH Node worker-3 merge {"metadata":{"labels":{"node-role.kubernetes.io/extra":""}}}']);
    await expect(f.addNode({ name: 'worker-9' })).rejects.toThrow(/kind cannot add a node to a running cluster/);
  });

  test('reading addresses from docker inspect', () => {
    expect([...parseNetworks('{"kind":{"IPAddress":"172.18.0.3"},"other":{"IPAddress":""}}\n')]).toEqual([['kind', '172.18.0.3']]);
    expect(parseNetworks('not json').size).toBe(0);
  });
});

describe('start-up checks', () => {
  test('kind and a Docker engine present: the kind release is read', async () => {
    expect(await checkTools(new RecordingRunner())).toEqual({ kindRelease: 'v0.33.0', dockerVersion: '29.0.1', cgroupVersion: '2' });
    expect(parseKindVersion('kind v0.32.0 go1.24.4 linux/amd64')).toBe('v0.32.0');
  });

  test('neither kind nor a Docker engine: one error naming both, with install hints', async () => {
    const runner = new RecordingRunner((c) => (c.program === 'kind'
      ? { exitCode: 127, stdout: '', stderr: 'bash: line 1: kind: command not found\n' }
      : { exitCode: 1, stdout: JSON.stringify({ ServerErrors: ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'] }), stderr: '' }));
    const err = await checkTools(runner).catch((e: Error) => e);
    expect(runner.lines()).toEqual(['kind version', "docker info --format '{{json .}}'"]);
    const text = (err as unknown as { describe(): string }).describe();
    expect(text).toContain('`kind` is not installed (or not on PATH)');
    expect(text).toContain('hint: install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)');
    expect(text).toContain("no Docker engine answers `docker info`: Cannot connect to the Docker daemon at unix:///var/run/docker.sock");
    expect(text).toContain('hint: start the Docker engine');
  });
});

describe('a kind cluster behind --backend cluster', () => {
  test('provider IDs name the container', () => {
    expect(parseKindProviderId('kind://docker/kind/kind-worker2')).toEqual({ provider: 'docker', cluster: 'kind', container: 'kind-worker2' });
    expect(parseKindProviderId('aws:///eu-west-1a/i-0abc')).toBeUndefined();
    const node = (name: string, providerID?: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: providerID ? { providerID } : {} }) as KObject;
    expect(kindContainers([node('worker-1', 'kind://docker/dev/dev-worker')])?.get('worker-1')?.container).toBe('dev-worker');
    expect(kindContainers([node('a', 'kind://docker/dev/dev-worker'), node('b')])).toBeUndefined();
  });

  test('Docker faults are added when Docker sees the containers, not otherwise', async () => {
    // the simulator's nodes carry kind provider IDs (kind://docker/kind/<node>), as on kind
    const sim = new SimulatorBackend({ seed: 1 });
    await sim.start(clusterRequest(resolveCluster(undefined)));
    const withoutFaults: Backend = Object.assign(Object.create(sim) as Backend, { capabilities: { ...sim.capabilities, nodeFaults: undefined } });
    const seen = new RecordingRunner();
    const wrapped = await withKindNodeFaults(withoutFaults, { runner: seen });
    expect(wrapped.capabilities.nodeFaults).toBeDefined();
    expect(wrapped.capabilities.podIO).toBe(sim.capabilities.podIO);
    await wrapped.capabilities.nodeFaults!.killNode('worker-1');
    expect(seen.lines()).toEqual([
      "docker inspect --format '{{json .NetworkSettings.Networks}}' control-plane",
      "docker inspect --format '{{json .NetworkSettings.Networks}}' worker-1",
      'docker stop worker-1',
    ]);
    await expect(wrapped.capabilities.nodeFaults!.addNode({ name: 'x' })).rejects.toThrow(/kind cannot add a node/);
    const notes: string[] = [];
    const blind = new RecordingRunner(() => ({ exitCode: 1, stdout: '', stderr: 'Error: No such object: control-plane' }));
    expect((await withKindNodeFaults(withoutFaults, { runner: blind, notice: (l) => notes.push(l) })).capabilities.nodeFaults).toBeUndefined();
    expect(notes[0]).toContain('Docker here does not see container control-plane: no node faults');
    // a backend with faults of its own keeps them
    expect(await withKindNodeFaults(sim, { runner: seen })).toBe(sim);
    await sim.stop();
  });
});
