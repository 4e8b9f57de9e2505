/**
 * The real kubectl against `kscenario serve`: discovery, apply, rollout status, get with
 * server-side tables, scale, drain, watch, delete and error messages. Virtual time runs at 50×
 * so rollouts take a fraction of a second.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { parseFrame } from '../../src/serve/exec/channel';
import { serve, tableRows, WEB, writeFile, type Served } from './helpers';

jest.setTimeout(60_000);

let s: Served;

beforeAll(async () => {
  s = await serve({ speed: 50, timestamps: 'wall' });
});

afterAll(async () => {
  await s.close();
});

describe('kubectl against kscenario serve', () => {
  test('kubectl get nodes lists the kind-like nodes with status, roles and version', async () => {
    const r = await s.kubectl(['get', 'nodes']);
    expect(r.stderr).toBe('');
    const rows = tableRows(r.stdout);
    expect(rows.map((x) => x.NAME)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    expect(rows.map((x) => x.STATUS)).toEqual(['Ready', 'Ready', 'Ready']);
    expect(rows.map((x) => x.ROLES)).toEqual(['control-plane', '<none>', '<none>']);
    expect(rows[0]!.VERSION).toBe('v1.37.2');
    expect(rows[0]!.AGE).toMatch(/^\d+s$/);
  });

  test('kubectl apply creates a StatefulSet and rollout status waits until it is ready', async () => {
    writeFile(s.dir, 'web.yaml', WEB);
    const apply = await s.kubectl(['apply', '-f', 'web.yaml']);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toBe('service/nginx created\nstatefulset.apps/web created\n');
    const rollout = await s.kubectl(['rollout', 'status', 'statefulset/web', '--timeout=30s']);
    expect(rollout.code).toBe(0);
    expect(rollout.stdout).toContain('partitioned roll out complete: 3 new pods have been updated...');

    const pods = tableRows((await s.kubectl(['get', 'pods'])).stdout);
    expect(pods.map((p) => [p.NAME, p.READY, p.STATUS, p.RESTARTS])).toEqual([
      ['web-0', '1/1', 'Running', '0'],
      ['web-1', '1/1', 'Running', '0'],
      ['web-2', '1/1', 'Running', '0'],
    ]);
    const sts = tableRows((await s.kubectl(['get', 'statefulset', 'web'])).stdout);
    expect(sts[0]).toMatchObject({ NAME: 'web', READY: '3/3' });
  });

  test('a second kubectl apply of the same file changes nothing; a changed image rolls out', async () => {
    const again = await s.kubectl(['apply', '-f', 'web.yaml']);
    expect(again.stdout).toBe('service/nginx unchanged\nstatefulset.apps/web unchanged\n');
    writeFile(s.dir, 'web2.yaml', WEB.replace('nginx:1.16.1', 'nginx:1.17'));
    const changed = await s.kubectl(['apply', '-f', 'web2.yaml']);
    expect(changed.stdout).toBe('service/nginx unchanged\nstatefulset.apps/web configured\n');
    expect((await s.kubectl(['rollout', 'status', 'sts/web', '--timeout=30s'])).code).toBe(0);
    const images = await s.kubectl(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}']);
    expect(images.stdout.trim().split('\n')).toEqual(['nginx:1.17', 'nginx:1.17', 'nginx:1.17']);
  });

  test('kubectl get pods -o wide shows IP, NODE, NOMINATED NODE and READINESS GATES', async () => {
    const rows = tableRows((await s.kubectl(['get', 'pods', '-o', 'wide'])).stdout);
    expect(Object.keys(rows[0]!)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    for (const r of rows) {
      expect(r.IP).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(r.NODE).toMatch(/^worker-\d$/);
      expect(r['NOMINATED NODE']).toBe('<none>');
    }
  });

  test('a crashed container shows in RESTARTS with the age of the last restart; -A adds NAMESPACE', async () => {
    const crash = await fetch(`${s.served.url}/apis/kscenario.dev/v1alpha1/actions`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ verb: 'crashContainer', args: { pod: 'web-2', exitCode: 1 } }),
    });
    expect(crash.status).toBe(200);
    await until(async () => /^1 \(\d+s ago\)$/.test(tableRows((await s.kubectl(['get', 'pods'])).stdout).find((p) => p.NAME === 'web-2')?.RESTARTS ?? ''));
    const all = tableRows((await s.kubectl(['get', 'pods', '-A', '--show-labels'])).stdout);
    expect(Object.keys(all[0]!)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS']);
    expect(all.find((p) => p.NAME === 'web-2')).toMatchObject({ NAMESPACE: 'default', LABELS: expect.stringContaining('app=nginx') });
    expect(all.filter((p) => p.NAMESPACE === 'kube-system').length).toBeGreaterThan(5);
  });

  test('kubectl scale uses the scale subresource', async () => {
    const r = await s.kubectl(['scale', 'statefulset', 'web', '--replicas=4']);
    expect(r.stdout).toBe('statefulset.apps/web scaled\n');
    expect((await s.kubectl(['rollout', 'status', 'sts/web', '--timeout=30s'])).code).toBe(0);
    const pods = tableRows((await s.kubectl(['get', 'pods', '-l', 'app=nginx'])).stdout);
    expect(pods.map((p) => p.NAME)).toEqual(['web-0', 'web-1', 'web-2', 'web-3']);
  });

  test('kubectl drain cordons the node and evicts its pods, which come back elsewhere', async () => {
    const before = tableRows((await s.kubectl(['get', 'pods', '-o', 'wide'])).stdout);
    const node = before.find((p) => p.NAME === 'web-0')!.NODE!;
    const r = await s.kubectl(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=30s']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`node/${node} cordoned`);
    expect(r.stdout).toContain(`node/${node} drained`);
    const nodes = tableRows((await s.kubectl(['get', 'nodes'])).stdout);
    expect(nodes.find((n) => n.NAME === node)!.STATUS).toBe('Ready,SchedulingDisabled');
    expect((await s.kubectl(['rollout', 'status', 'sts/web', '--timeout=30s'])).code).toBe(0);
    const after = tableRows((await s.kubectl(['get', 'pods', '-o', 'wide'])).stdout);
    expect(after.filter((p) => p.NODE === node)).toEqual([]);
    expect((await s.kubectl(['uncordon', node])).stdout).toBe(`node/${node} uncordoned\n`);
  });

  test('kubectl get pods --watch prints the table, then a row per change', async () => {
    const child = s.spawnKubectl(['get', 'pods', '--watch']);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.split('\n').length > 4);
    const del = await s.kubectl(['delete', 'pod', 'web-3', '--wait=false']);
    expect(del.stdout).toBe('pod "web-3" deleted\n');
    await until(() => /web-3 .*Terminating/.test(out));
    child.kill();
    const lines = out.split('\n').filter((l) => l);
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.filter((l) => l.startsWith('NAME'))).toHaveLength(1);
    expect(lines.some((l) => /^web-3\s+\S+\s+Terminating/.test(l))).toBe(true);
  });

  test('exec output waits until the client can take it (client-go drops frames of streams it has not made yet)', async () => {
    const url = `${s.served.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/web-1/exec?command=hostname&stdout=true&stderr=true`;
    const ws = new WebSocket(url, ['v5.channel.k8s.io']);
    const opened = await new Promise<number>((resolve, reject) => {
      ws.on('open', () => resolve(performance.now()));
      ws.on('error', reject);
    });
    const first = await new Promise<{ at: number; data: Buffer }>((resolve) => ws.once('message', (data: Buffer) => resolve({ at: performance.now(), data })));
    ws.close();
    expect(first.at - opened).toBeGreaterThanOrEqual(90);
    expect(parseFrame(first.data)).toEqual({ kind: 'data', stream: 1, data: Buffer.from('web-1\n') });
  });

  test('kubectl exec writes and reads files, resolves cluster DNS, and refuses other commands with 126', async () => {
    const write = await s.kubectl(['exec', '-i', 'web-1', '--', 'sh', '-c', 'cat > /usr/share/nginx/html/index.html'], { input: 'hello from web-1\n' });
    expect(write).toMatchObject({ code: 0, stderr: '' });
    const read = await s.kubectl(['exec', 'web-1', '--', 'cat', '/usr/share/nginx/html/index.html']);
    expect(read).toEqual({ code: 0, stdout: 'hello from web-1\n', stderr: '' });
    const missing = await s.kubectl(['exec', 'web-1', '-c', 'nginx', '--', 'cat', '/nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('cat: /nope: No such file or directory\ncommand terminated with exit code 1\n');
    const dns = await s.kubectl(['exec', 'web-1', '--', 'nslookup', 'web-0.nginx']);
    expect(dns.code).toBe(0);
    const ip = tableRows((await s.kubectl(['get', 'pods', '-o', 'wide'])).stdout).find((p) => p.NAME === 'web-0')!.IP;
    expect(dns.stdout).toContain(`Name:      web-0.nginx\nAddress 1: ${ip}\n`);
    const other = await s.kubectl(['exec', 'web-1', '--', 'ls', '/']);
    expect(other).toEqual({
      code: 126, stdout: '',
      stderr: expect.stringContaining('kscenario serve: command not supported by the simulator: ls /\n') as unknown as string,
    });
  });

  test('kubectl create <generator> sends protobuf, which the server decodes for the kinds it makes', async () => {
    const run = async (args: string[]) => {
      const r = await s.kubectl(args);
      expect(r.stderr).toBe('');
      return r.stdout;
    };
    expect(await run(['create', 'namespace', 'team'])).toBe('namespace/team created\n');
    expect(await run(['create', 'deployment', 'hello', '--image=nginx:1.25', '--replicas=2', '--port=80', '-n', 'team'])).toBe('deployment.apps/hello created\n');
    expect(await run(['create', 'configmap', 'cfg', '--from-literal=a=1', '-n', 'team'])).toBe('configmap/cfg created\n');
    expect(await run(['create', 'secret', 'generic', 'sec', '--from-literal=password=s3cr3t', '-n', 'team'])).toBe('secret/sec created\n');
    expect(await run(['create', 'service', 'clusterip', 'hello', '--tcp=80:8080', '-n', 'team'])).toBe('service/hello created\n');
    expect(await run(['create', 'deployment', 'zero', '--image=nginx', '--replicas=0', '-n', 'team'])).toBe('deployment.apps/zero created\n');
    expect(await run(['create', 'role', 'reader', '--verb=get,list', '--resource=pods', '-n', 'team'])).toBe('role.rbac.authorization.k8s.io/reader created\n');
    expect(await run(['create', 'rolebinding', 'rb', '--role=reader', '--user=alice', '-n', 'team'])).toBe('rolebinding.rbac.authorization.k8s.io/rb created\n');
    expect(await run(['autoscale', 'deployment', 'hello', '--min=2', '--max=4', '--cpu-percent=80', '-n', 'team'])).toBe('horizontalpodautoscaler.autoscaling/hello autoscaled\n');
    expect((await s.kubectl(['rollout', 'status', 'deploy/hello', '-n', 'team', '--timeout=30s'])).code).toBe(0);
    const dep = JSON.parse(await run(['get', 'deploy', 'hello', '-n', 'team', '-o', 'json']));
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] })]);
    expect(JSON.parse(await run(['get', 'deploy', 'zero', '-n', 'team', '-o', 'json'])).spec.replicas).toBe(0);
    expect(Buffer.from(await run(['get', 'secret', 'sec', '-n', 'team', '-o', 'jsonpath={.data.password}']), 'base64').toString()).toBe('s3cr3t');
    expect(JSON.parse(await run(['get', 'svc', 'hello', '-n', 'team', '-o', 'jsonpath={.spec.ports}']))).toEqual([{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });

  test('kubectl delete waits until the object is gone', async () => {
    const r = await s.kubectl(['delete', 'statefulset', 'web']);
    expect(r.stdout).toBe('statefulset.apps "web" deleted\n');
    const get = await s.kubectl(['get', 'statefulset', 'web']);
    expect(get.code).toBe(1);
    expect(get.stderr).toBe('Error from server (NotFound): statefulsets.apps "web" not found\n');
  });

  test('errors read as they do against a real API server', async () => {
    expect((await s.kubectl(['get', 'foos'])).stderr).toBe('error: the server doesn\'t have a resource type "foos"\n');
    expect((await s.kubectl(['get', 'pod', 'nope'])).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    const invalid = await s.kubectl(['run', 'bad', '--image=nginx', '--restart=Never', '--overrides={"spec":{"containers":[{"name":"bad","image":""}]}}']);
    expect(invalid.stderr).toBe('The Pod "bad" is invalid: spec.containers[0].image: Required value\n');
    writeFile(s.dir, 'ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: default}\n');
    const exists = await s.kubectl(['create', '-f', 'ns.yaml']);
    expect(exists.stderr).toBe('Error from server (AlreadyExists): error when creating "ns.yaml": namespaces "default" already exists\n');
    const ssa = await s.kubectl(['apply', '--server-side', '-f', 'web.yaml']);
    expect(ssa.code).not.toBe(0);
    expect(ssa.stderr).toContain('server-side apply (application/apply-patch+yaml) is not supported');
  });

  test('kubectl describe shows event ages in virtual time (timestamps shifted to the wall clock)', async () => {
    const r = await s.kubectl(['describe', 'node', 'worker-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\b\d{3,}d\b/);
  });
});

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
