/**
 * `kscenario control-plane` without starting anything: the cluster a -f file describes, the
 * versions listing, and the refusals that come before any process starts.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { clusterFromFile } from '../../src/controlplane/cli';
import { writeFiles } from '../support/inline';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t), color: false });
  return { code, out, err };
}

describe('-f: the nodes of a file', () => {
  test("a scenario's spec.cluster, validated as kscenario run loads it", async () => {
    const dir = writeFiles({
      's.yaml': `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
  cluster:
    nodes:
      - {name: cp, role: control-plane}
      - {name: db, labels: {disk: ssd}, taints: [{key: dedicated, value: db, effect: NoSchedule}]}
  steps:
    - expect: {resources: [{kind: Node, name: db, match: {metadata: {labels: {disk: !regex "^ss"}}}}]}
`,
    });
    const c = await clusterFromFile(join(dir, 's.yaml'));
    expect(c.version).toBe('1.37');
    // kind's default class, as the scenario names none
    expect(c.storageClasses.map((sc) => sc.name)).toEqual(['standard']);
    expect(c.nodes).toEqual([
      { name: 'cp', role: 'control-plane' },
      { name: 'db', role: 'worker', labels: { disk: 'ssd' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
    ]);
  });

  test('a bare cluster file, with defaults filled in', async () => {
    const dir = writeFiles({ 'c.yaml': 'kubernetesVersion: "1.37"\nnodes:\n  - {name: a}\n  - {name: b, role: control-plane}\n', 'empty.yaml': '{}\n' });
    expect(await clusterFromFile(join(dir, 'c.yaml'))).toMatchObject({ version: '1.37', nodes: [{ name: 'a', role: 'worker' }, { name: 'b', role: 'control-plane' }] });
    expect((await clusterFromFile(join(dir, 'empty.yaml'))).nodes.map((n) => n.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
  });

  test('a file that is neither is refused', async () => {
    const dir = writeFiles({ 'bad.yaml': 'nodes: {name: a}\n', 'noname.yaml': 'nodes: [{role: worker}]\n' });
    await expect(clusterFromFile(join(dir, 'bad.yaml'))).rejects.toMatchObject({ code: 'SCHEMA' });
    await expect(clusterFromFile(join(dir, 'noname.yaml'))).rejects.toThrow(/nodes\[0\] has no name/);
    await expect(clusterFromFile(join(dir, 'missing.yaml'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});

describe('kscenario control-plane', () => {
  test('versions lists the pins', async () => {
    const r = await cli(['control-plane', 'versions']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1.35  Kubernetes v1.35.4  etcd v3.6.5\n');
    expect(r.out).toContain('1.36  Kubernetes v1.36.3  etcd v3.6.8');
    expect(r.out).toContain('1.37  Kubernetes v1.37.2  etcd v3.7.0  (default)');
    expect(r.out).toContain('KWOK v0.8.0');
  });

  test('build --dry-run prints the go build commands of a version and builds nothing; 1.36 and 1.37 have modules', async () => {
    for (const [minor, kubernetes, etcd] of [['1.36', 'v1.36.3', 'v3.6.8'], ['1.37', 'v1.37.2', 'v3.7.0']] as const) {
      const r = await cli(['control-plane', 'build', '--version', minor, '--dry-run']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Kubernetes ${kubernetes} (etcd ${etcd}): `);
      expect(r.out).toContain(`src/controlplane/go/v${minor}/go.mod`);
      for (const pkg of ['k8s.io/kubernetes/cmd/kube-apiserver', 'k8s.io/kubernetes/cmd/kube-controller-manager', 'k8s.io/kubernetes/cmd/kube-scheduler', 'go.etcd.io/etcd/server/v3', 'sigs.k8s.io/kwok/cmd/kwok']) {
        expect(r.out).toMatch(new RegExp(`\\n  go build -trimpath .* ${pkg.replace(/\./g, '\\.')}\\n`));
      }
      expect(r.out).toContain(`version.gitVersion=${kubernetes} `);
    }
    const unknown = await cli(['control-plane', 'build', '--version', '1.30', '--dry-run']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Kubernetes 1.30 has no control-plane module');
  });

  test('up refuses a version without a module, --nodes with -f, and a directory that is not its own', async () => {
    const unknown = await cli(['control-plane', 'up', '--version', '1.30', '--no-build']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Kubernetes 1.30 has no control-plane module');
    const both = await cli(['control-plane', 'up', '--nodes', '2', '-f', 'x.yaml']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--nodes and -f exclude each other');
    const dir = writeFiles({ 'mine.txt': 'keep me' });
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'x'), '');
    // refused before looking for binaries (or building them)
    const taken = await cli(['control-plane', 'up', '--dir', dir, '--nodes', '1']);
    expect(taken.code).toBe(2);
    expect(taken.err).toContain(`${dir} is not empty (mine.txt, sub)`);
  });

  test('down and status of a directory without a control plane', async () => {
    const dir = writeFiles({});
    expect((await cli(['control-plane', 'down', '--dir', dir])).out).toBe(`no control plane in ${dir}\n`);
    const status = await cli(['control-plane', 'status', '--dir', dir]);
    expect(status.code).toBe(1);
  });
});
