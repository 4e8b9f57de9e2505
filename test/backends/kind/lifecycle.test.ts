/**
 * The kind cluster lifecycle through `kscenario run --backend kind`, with the kind and docker
 * commands recorded (nothing is created; the simulator stands in for the cluster backend): a
 * cluster per scenario or --reuse, --keep, a failed creation, and the cleanup paths — a signal
 * during create, during a step and during cleanup each leave no cluster, as the recorded `kind
 * delete cluster` commands show.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { Command } from '../../../src/backends/kind/process';
import { SimulatorBackend } from '../../../src/backends/simulator/index';
import { writeFiles } from '../../support/inline';
import { runKind } from './harness';
import { RecordingRunner, type Answer } from './recording-runner';

const KILL = 'scenarios/nodes/kill-node-deployment.yaml';
const STS = 'scenarios/statefulset/identity-and-dns.yaml';
const STS2 = 'scenarios/statefulset/max-unavailable-zero-1.34.yaml';
const ZK = 'scenarios/zookeeper/third-pod-pending.yaml';
const DS = 'scenarios/pod-controllers/daemonset-proxy.yaml';

const isCreate = (l: string) => l.includes('kind create cluster');
const isDelete = (l: string) => l.startsWith('kind delete cluster');

/** The lifecycle commands only (no readiness waits, no faults): what was created and deleted, in order. */
function lifecycle(runner: RecordingRunner): string[] {
  return runner.lines()
    .filter((l) => isCreate(l) || isDelete(l) || l.startsWith('docker network create') || l.startsWith('docker network rm'))
    .map((l) => (isCreate(l) ? `create ${/--name (\S+)/.exec(l)![1]}` : isDelete(l) ? `delete ${/--name (\S+)/.exec(l)![1]}` : l.startsWith('docker network create') ? 'network create' : 'network rm'));
}

describe('kind cluster lifecycle', () => {
  test('a cluster per scenario, each deleted after it; the network goes at the end', async () => {
    const runner = new RecordingRunner();
    const r = await runKind([STS, ZK], {}, runner);
    expect(r.stdout).toContain('✓ statefulset-identity-and-dns');
    expect(runner.lines().slice(0, 2)).toEqual(['kind version', "docker info --format '{{json .}}'"]);
    expect(lifecycle(runner)).toEqual(['network create', 'create ks-test-1', 'delete ks-test-1', 'create ks-test-2', 'delete ks-test-2', 'network rm']);
    expect(r.stderr).toContain('statefulset-identity-and-dns: creating kind cluster ks-test-1 (3 node(s), kindest/node:v1.37.0@sha256:a1ed56cf');
  });

  test('--reuse: consecutive scenarios with the same shape share a cluster; one that faulted a node is not handed on', async () => {
    const runner = new RecordingRunner();
    // every cluster at 1.35, so that the four share a shape but for the killed node
    await runKind([STS, ZK, KILL, STS2], { reuse: true, kubernetesVersion: '1.35' }, runner);
    // STS and ZK have the same shape; KILL too, but ZK left the cluster clean, so KILL reuses it;
    // KILL kills a node, so the last scenario gets a fresh cluster
    expect(lifecycle(runner)).toEqual(['network create', 'create ks-test-1', 'delete ks-test-1', 'create ks-test-2', 'delete ks-test-2', 'network rm']);
    const killAt = runner.lines().findIndex((l) => l === 'docker stop ks-test-1-worker');
    const firstDelete = runner.lines().findIndex(isDelete);
    expect(killAt).toBeGreaterThan(0);
    expect(killAt).toBeLessThan(firstDelete);
  });

  test('--keep: nothing is deleted, and the run says what it kept', async () => {
    const runner = new RecordingRunner();
    const r = await runKind([STS, ZK], { keep: true }, runner);
    expect(lifecycle(runner)).toEqual(['network create', 'create ks-test-1', 'create ks-test-2']);
    expect(r.stderr).toContain('--keep: kept kind cluster(s) ks-test-1, ks-test-2');
  });

  test('a failed `kind create cluster`: the scenario errors with kind\'s stderr, what it left is deleted, the run goes on', async () => {
    let first = true;
    const runner = new RecordingRunner((c) => {
      if (c.program === 'kind' && c.args[0] === 'create' && first) {
        first = false;
        return { exitCode: 1, stdout: '', stderr: 'ERROR: failed to create cluster: could not find a log line that matches "Reached target .*Multi-User System.*"\n' };
      }
      return undefined;
    });
    const r = await runKind([STS, ZK], {}, runner);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('creating kind cluster ks-test-1: `KIND_EXPERIMENTAL_DOCKER_NETWORK=kscenario-test kind create cluster --name ks-test-1');
    expect(r.stdout).toContain('could not find a log line that matches');
    expect(lifecycle(runner)).toEqual(['network create', 'create ks-test-1', 'delete ks-test-1', 'create ks-test-2', 'delete ks-test-2', 'network rm']);
  });

  test('a scenario that runs out of time: its cluster is deleted all the same', async () => {
    const dir = writeFiles({ 'slow.yaml': `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: slow}
spec:
  timeout: 1m
  steps:
    - sleep: 2m
    - sleep: 1s
` });
    const runner = new RecordingRunner();
    const r = await runKind(['slow.yaml'], {}, runner, dir);
    expect(r.code).not.toBe(0);
    expect(lifecycle(runner)).toEqual(['network create', 'create ks-test-1', 'delete ks-test-1', 'network rm']);
  });

  test('added nodes: created with the cluster and set aside; the addNode step boots it', async () => {
    // the stand-in cluster registers the node when its container starts, as its kubelet would
    let sim: SimulatorBackend | undefined;
    const runner = new RecordingRunner(async (c) => {
      if (c.args[0] === 'start' && c.args[1] === 'ks-test-1-worker3') await sim!.capabilities.nodeFaults!.addNode({ name: 'worker-3' });
      return undefined;
    });
    const r = await runKind([DS], { kindOverrides: { openCluster: async () => (sim = new SimulatorBackend({ seed: 1 })) } }, runner);
    expect(r.stdout).toContain('✓ a node joins');
    expect(r.stdout).toContain('✓ the new node gets a pod');
    const lines = runner.lines();
    const setAside = lines.indexOf('docker stop ks-test-1-worker3');
    const boot = lines.indexOf('docker start ks-test-1-worker3');
    expect(setAside).toBeGreaterThan(lines.findIndex(isCreate));
    expect(boot).toBeGreaterThan(setAside);
  });

  describe('signals', () => {
    let exit: jest.SpiedFunction<typeof process.exit>;
    let exited: Promise<number>;
    beforeEach(() => {
      let resolve: (code: number) => void = () => undefined;
      exited = new Promise((r) => (resolve = r));
      exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
        resolve(code ?? 0);
        return undefined as never;
      }) as typeof process.exit);
    });
    afterEach(() => exit.mockRestore());

    /** Sends SIGINT (to this process's handlers) when a command matching `when` starts; `answer` then answers it. */
    function signalWhen(when: (c: Command) => boolean, answer: () => Answer | Promise<Answer>, signal: NodeJS.Signals = 'SIGINT') {
      let sent = false;
      return new RecordingRunner((c) => {
        if (sent || !when(c)) return undefined;
        sent = true;
        process.emit(signal, signal);
        return answer();
      });
    }

    test('SIGINT during `kind create cluster`: the creation is killed and the cluster deleted; exit 130', async () => {
      const runner = signalWhen((c) => c.program === 'kind' && c.args[0] === 'create', () => 'hang');
      const run = runKind([STS, ZK], {}, runner);
      expect(await exited).toBe(130);
      await run;
      const create = runner.calls.find((c) => isCreate(c.line))!;
      expect(create.aborted).toBe(true);
      expect(lifecycle(runner)).toEqual(['network create', 'create ks-test-1', 'delete ks-test-1', 'network rm']);
      // nothing is created after the signal
      expect(runner.lines().filter(isCreate)).toHaveLength(1);
    });

    test('SIGTERM during a step (killNode\'s docker stop): the cluster is deleted; exit 143', async () => {
      const runner = signalWhen((c) => c.program === 'docker' && c.args[0] === 'stop', () => 'hang', 'SIGTERM');
      const run = runKind([KILL, STS], {}, runner);
      expect(await exited).toBe(143);
      await run;
      expect(runner.calls.find((c) => c.line === 'docker stop ks-test-1-worker')!.aborted).toBe(true);
      expect(lifecycle(runner)).toEqual(['network create', 'create ks-test-1', 'delete ks-test-1', 'network rm']);
    });

    test('SIGINT during cleanup (`kind delete cluster` running): the deletion finishes, once, before the exit', async () => {
      let finishDelete: (a: Answer) => void = () => undefined;
      const runner = signalWhen((c) => c.program === 'kind' && c.args[0] === 'delete', () => new Promise<Answer>((r) => (finishDelete = r)));
      const run = runKind([STS, ZK], {}, runner);
      while (!runner.calls.some((c) => isDelete(c.line))) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 50));
      expect(exit).not.toHaveBeenCalled();
      const deleting = runner.calls.find((c) => isDelete(c.line))!;
      expect(deleting.done).toBe(false);
      const atExit = exited.then(() => ({ deleted: deleting.done, commands: runner.lines().length }));
      finishDelete(undefined);
      expect(await exited).toBe(130);
      await run;
      expect(deleting.aborted).toBe(false);
      // the exit came after the deletion and the network's removal
      expect(await atExit).toEqual({ deleted: true, commands: runner.lines().length });
      expect(lifecycle(runner)).toEqual(['network create', 'create ks-test-1', 'delete ks-test-1', 'network rm']);
    });
  });
});
