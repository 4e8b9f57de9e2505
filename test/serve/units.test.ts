/** Pure pieces of the server: path parsing, Accept negotiation, field selectors, timestamps, Scale, patches. */
import { describe, expect, test } from '@jest/globals';
import { negotiate } from '../../src/serve/accept';
import { parseRoute } from '../../src/serve/route';
import { parseFieldSelector, selectorPredicate } from '../../src/serve/selectors';
import { shiftTimestamp, wallTimestamps } from '../../src/serve/timestamps';
import { applyScale, scaleOf } from '../../src/serve/scale';
import { applyPatch, patchKind } from '../../src/serve/patch-request';
import { kubeconfigYaml } from '../../src/serve/kubeconfig';
import { parse } from 'yaml';
import { planFor, runPlan } from '../../src/serve/exec/commands';
import { chooseProtocol, exitStatus, frame, parseFrame } from '../../src/serve/exec/channel';
import { decodeProtobufBody, PROTOBUF_MAGIC } from '../../src/serve/protobuf/decode';

describe('parseRoute', () => {
  test('core and group paths, namespaces, subresources, the watch prefix', () => {
    expect(parseRoute('/api/v1/namespaces/default/pods/web-0/status')).toEqual({ kind: 'resource', group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'web-0', subresource: 'status', watchPath: false });
    expect(parseRoute('/apis/apps/v1/statefulsets')).toEqual({ kind: 'resource', group: 'apps', version: 'v1', resource: 'statefulsets', watchPath: false });
    expect(parseRoute('/api/v1/watch/namespaces/x/pods')).toEqual({ kind: 'resource', group: '', version: 'v1', resource: 'pods', namespace: 'x', watchPath: true });
    expect(parseRoute('/api/v1/namespaces/kube-system')).toEqual({ kind: 'resource', group: '', version: 'v1', resource: 'namespaces', name: 'kube-system', watchPath: false });
    expect(parseRoute('/api/v1/namespaces/x/finalize')).toEqual({ kind: 'resource', group: '', version: 'v1', resource: 'namespaces', name: 'x', subresource: 'finalize', watchPath: false });
    expect(parseRoute('/apis/apps')).toEqual({ kind: 'group', group: 'apps' });
    expect(parseRoute('/api/v2/pods')).toEqual({ kind: 'notFound' });
    expect(parseRoute('/apis/kscenario.dev/v1alpha1/clock')).toEqual({ kind: 'extension', parts: ['clock'] });
    expect(parseRoute('/openapi/v3/apis/apps/v1')).toEqual({ kind: 'openapi', path: 'openapi/v3/apis/apps/v1' });
  });
});

describe('negotiate', () => {
  test('kubectl get asks for a Table first', () => {
    expect(negotiate('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toEqual({ as: 'table', version: 'v1' });
    expect(negotiate('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json')).toEqual({ as: 'aggregated', version: 'v2' });
    expect(negotiate('application/vnd.kubernetes.protobuf,application/json')).toEqual({ as: 'object' });
    expect(negotiate(undefined)).toEqual({ as: 'object' });
  });
});

describe('field selectors', () => {
  const pod: any = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'n' }, spec: { nodeName: 'w1' }, status: { phase: 'Running' } };
  test('=, == and != with escapes', () => {
    expect(parseFieldSelector('spec.nodeName=w1,status.phase!=Failed')).toEqual([{ field: 'spec.nodeName', op: '=', value: 'w1' }, { field: 'status.phase', op: '!=', value: 'Failed' }]);
    expect(parseFieldSelector('metadata.name==a\\,b')).toEqual([{ field: 'metadata.name', op: '=', value: 'a,b' }]);
    expect(selectorPredicate('Pod', true, undefined, 'spec.nodeName=w1,status.phase=Running')(pod)).toBe(true);
    expect(selectorPredicate('Pod', true, 'app', 'spec.nodeName=w1')(pod)).toBe(false);
    expect(selectorPredicate('Node', false, undefined, 'spec.unschedulable=false')({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: {} } as any)).toBe(true);
    expect(() => selectorPredicate('Pod', true, undefined, 'spec.hostname=x')).toThrow('field label not supported: spec.hostname');
    expect(() => selectorPredicate('Node', false, undefined, 'metadata.namespace=x')).toThrow('field label not supported: metadata.namespace');
  });
});

describe('timestamps', () => {
  test('shifting keeps fractional digits', () => {
    expect(shiftTimestamp('2025-01-01T00:00:00Z', 3_600_000)).toBe('2025-01-01T01:00:00Z');
    expect(shiftTimestamp('2025-01-01T00:00:00.123456Z', -1000)).toBe('2024-12-31T23:59:59.123456Z');
  });

  test('wall mode: responses shifted, a timestamp sent out maps back exactly even after the offset moved', () => {
    let offset = 10_000;
    const m = wallTimestamps(() => offset);
    const shown = m.toClient({ metadata: { creationTimestamp: '2025-01-01T00:00:00Z', name: '2025-01-01' }, list: ['2025-01-01T00:00:01Z'] });
    expect(shown).toEqual({ metadata: { creationTimestamp: '2025-01-01T00:00:10Z', name: '2025-01-01' }, list: ['2025-01-01T00:00:11Z'] });
    offset = 20_000;
    expect(m.fromClient(shown)).toEqual({ metadata: { creationTimestamp: '2025-01-01T00:00:00Z', name: '2025-01-01' }, list: ['2025-01-01T00:00:01Z'] });
    expect(m.fromClient({ restartedAt: '2025-01-01T00:01:00Z' })).toEqual({ restartedAt: '2025-01-01T00:00:40Z' });
  });
});

describe('scale', () => {
  const sts: any = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '7', creationTimestamp: 't' }, spec: { replicas: 3, selector: { matchLabels: { app: 'nginx' } } }, status: { replicas: 2 } };
  test('a Scale from the workload and back', () => {
    expect(scaleOf(sts)).toEqual({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '7', creationTimestamp: 't' }, spec: { replicas: 3 }, status: { replicas: 2, selector: 'app=nginx' } });
    expect(applyScale(sts, { metadata: { name: 'web' }, spec: { replicas: 5 } }, '1.35')).toMatchObject({ metadata: { resourceVersion: undefined }, spec: { replicas: 5 } });
    expect(applyScale(sts, { metadata: { name: 'web', resourceVersion: '7' }, spec: { replicas: 0 } }, '1.35').metadata.resourceVersion).toBe('7');
    expect(() => applyScale(sts, { metadata: { name: 'web' }, spec: { replicas: -1 } }, '1.35')).toThrow('Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });
});

describe('patch requests', () => {
  test('content types, and resourceVersion kept only when the patch sets it', () => {
    expect(patchKind('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchKind('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(() => patchKind('application/apply-patch+yaml')).toThrow('server-side apply');
    expect(() => patchKind('text/plain')).toThrow('unknown format');
    const live = { metadata: { name: 'x', resourceVersion: '5' }, spec: { a: 1 } };
    expect(applyPatch(live, 'merge', { spec: { a: 2 } })).toEqual({ metadata: { name: 'x', resourceVersion: undefined }, spec: { a: 2 } });
    expect(applyPatch(live, 'merge', { metadata: { resourceVersion: '4' }, spec: { a: 2 } }).metadata.resourceVersion).toBe('4');
    expect(applyPatch(live, 'json', [{ op: 'replace', path: '/metadata/resourceVersion', value: '5' }]).metadata.resourceVersion).toBe('5');
  });
});

describe('kubeconfig', () => {
  test('cluster, user and context named kscenario over plain http', () => {
    const kc = parse(kubeconfigYaml('http://127.0.0.1:1234'));
    expect(kc).toMatchObject({
      'current-context': 'kscenario',
      clusters: [{ name: 'kscenario', cluster: { server: 'http://127.0.0.1:1234', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'kscenario' }],
      contexts: [{ name: 'kscenario', context: { cluster: 'kscenario', user: 'kscenario' } }],
    });
  });
});

describe('exec commands', () => {
  const files = new Map<string, string>([['/etc/hostname', 'web-0\n']]);
  const io = {
    readFile: (p: string) => files.get(p),
    writeFile: (p: string, c: string) => void files.set(p, c),
    resolve: (name: string) => (name === 'web' ? { found: true, addresses: ['10.244.1.2'], srv: [], fqdn: 'web.default.svc.cluster.local' } : { found: false, addresses: [], srv: [] }),
    hostname: 'web-0',
    dnsServer: '10.96.0.10',
  };

  test('the command set', () => {
    expect(planFor(['cat', '/a', '/b'])).toEqual({ kind: 'read', paths: ['/a', '/b'] });
    expect(planFor(['sh', '-c', 'cat > /data/x'])).toEqual({ kind: 'write', path: '/data/x', append: false, echo: false });
    expect(planFor(['/bin/sh', '-c', 'cat >> /data/x'])).toEqual({ kind: 'write', path: '/data/x', append: true, echo: false });
    expect(planFor(['tee', '-a', '/x'])).toEqual({ kind: 'write', path: '/x', append: true, echo: true });
    expect(planFor(['sh', '-c', 'cat /etc/hostname'])).toEqual({ kind: 'read', paths: ['/etc/hostname'] });
    expect(planFor(['nslookup', '-type=srv', 'web'])).toEqual({ kind: 'dns', name: 'web', type: 'SRV', style: 'nslookup' });
    expect(planFor(['getent', 'hosts', 'web'])).toEqual({ kind: 'dns', name: 'web', type: 'A', style: 'getent' });
    expect(planFor(['sh', '-c', 'cat /a | grep x']).kind).toBe('unsupported');
    expect(planFor(['rm', '-rf', '/']).kind).toBe('unsupported');
  });

  test('running them', () => {
    expect(runPlan(planFor(['cat', '/etc/hostname']), [], io, '')).toEqual({ stdout: 'web-0\n', stderr: '', exitCode: 0 });
    expect(runPlan(planFor(['sh', '-c', 'cat > /x']), [], io, 'one\n').exitCode).toBe(0);
    runPlan(planFor(['sh', '-c', 'cat >> /x']), [], io, 'two\n');
    expect(files.get('/x')).toBe('one\ntwo\n');
    const echo = planFor(['sh', '-c', 'echo "$(hostname)" > /usr/share/nginx/html/index.html']);
    expect(echo).toEqual({ kind: 'write', path: '/usr/share/nginx/html/index.html', append: false, echo: false, text: '$(hostname)\n' });
    runPlan(echo, [], io, '');
    expect(files.get('/usr/share/nginx/html/index.html')).toBe('web-0\n');
    runPlan(planFor(['sh', '-c', 'echo hi $HOSTNAME >> /usr/share/nginx/html/index.html']), [], io, '');
    expect(files.get('/usr/share/nginx/html/index.html')).toBe('web-0\nhi web-0\n');
    expect(runPlan(planFor(['getent', 'hosts', 'web']), [], io, '').stdout).toBe('10.244.1.2      web.default.svc.cluster.local\n');
    expect(runPlan(planFor(['nslookup', 'nope']), [], io, '')).toMatchObject({ exitCode: 1, stderr: "nslookup: can't resolve 'nope'\n" });
    const argv = ['ps', 'aux'];
    expect(runPlan(planFor(argv), argv, io, '')).toMatchObject({ exitCode: 126, stderr: expect.stringContaining('kscenario serve: command not supported by the simulator: ps aux') });
  });

  test('channel frames and the exit status', () => {
    expect(parseFrame(frame(1, 'hi'))).toEqual({ kind: 'data', stream: 1, data: Buffer.from('hi') });
    expect(parseFrame(Buffer.from([255, 0]))).toEqual({ kind: 'close', stream: 0 });
    expect(exitStatus(0, ['x'])).toEqual({ metadata: {}, status: 'Success' });
    expect(exitStatus(126, ['ls'])).toMatchObject({ reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '126' }] } });
    expect(chooseProtocol(['v4.channel.k8s.io', 'v5.channel.k8s.io'])).toBe('v5.channel.k8s.io');
    expect(chooseProtocol(['channel.k8s.io'])).toBe(false);
  });
});

describe('protobuf bodies', () => {
  /** A tiny encoder for the test: length-delimited fields and varints. */
  function varint(n: number): Buffer {
    const out: number[] = [];
    let v = n;
    do {
      let b = v & 0x7f;
      v = Math.floor(v / 128);
      if (v) b |= 0x80;
      out.push(b);
    } while (v);
    return Buffer.from(out);
  }
  const bytes = (field: number, b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b) : b;
    return Buffer.concat([varint((field << 3) | 2), varint(buf.length), buf]);
  };
  const num = (field: number, n: number) => Buffer.concat([varint(field << 3), varint(n)]);
  const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
    Buffer.concat([PROTOBUF_MAGIC, bytes(1, Buffer.concat([bytes(1, apiVersion), bytes(2, kind)])), bytes(2, raw), bytes(3, ''), bytes(4, '')]);

  test('a Namespace and a Deployment with a zero replicas pointer; zero non-pointer fields are left out', () => {
    const meta = Buffer.concat([bytes(1, 'team'), bytes(2, ''), num(7, 0), bytes(8, ''), bytes(11, Buffer.concat([bytes(1, 'a'), bytes(2, 'b')]))]);
    expect(decodeProtobufBody(envelope('v1', 'Namespace', Buffer.concat([bytes(1, meta), bytes(2, ''), bytes(3, '')])))).toEqual({
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { a: 'b' } }, spec: {},
    });
    const spec = Buffer.concat([num(1, 0), num(5, 0), num(7, 0)]);
    expect(decodeProtobufBody(envelope('apps/v1', 'Deployment', Buffer.concat([bytes(1, bytes(1, 'd')), bytes(2, spec)])))).toEqual({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 0 },
    });
  });

  test('DeleteOptions in any group version (kubectl drain --disable-eviction)', () => {
    expect(decodeProtobufBody(envelope('v1', 'DeleteOptions', Buffer.concat([num(1, 7), bytes(2, bytes(1, 'u-1'))])))).toEqual({
      apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 7, preconditions: { uid: 'u-1' },
    });
    expect(decodeProtobufBody(envelope('apps/v1', 'DeleteOptions', num(1, 0)))).toMatchObject({ gracePeriodSeconds: 0 });
  });

  test('anything not decoded is a 415 that says to send JSON', () => {
    expect(() => decodeProtobufBody(envelope('v1', 'Namespace', bytes(99, 'x')))).toThrow(/Namespace field 99 .* is not decoded; send JSON instead/);
    expect(() => decodeProtobufBody(envelope('v1', 'Pod', Buffer.alloc(0)))).toThrow(/Pod \(v1\) is not decoded/);
    expect(() => decodeProtobufBody(Buffer.from('{}'))).toThrow(/protobuf envelope/);
  });
});

describe('a simulation failure', () => {
  test('stops time and is reported to every later request instead of crashing the server', async () => {
    const { buildCluster } = await import('../../src/sim/cluster');
    const { resolveCluster } = await import('../../src/scenario/defaults');
    const { clusterRequest } = await import('../../src/runner/cluster-request');
    const { startServer } = await import('../../src/serve');
    const cluster = buildCluster(clusterRequest(resolveCluster(undefined)), 1);
    const lines: string[] = [];
    const served = await startServer(cluster, { speed: 1000, log: (l) => lines.push(l) });
    try {
      cluster.sim.clock.after(5_000, () => {
        throw new Error('broken invariant');
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(lines).toContain('kscenario serve: the simulation stopped: broken invariant');
      const res = await fetch(`${served.url}/api/v1/nodes`);
      expect(res.status).toBe(500);
      expect(((await res.json()) as { message: string }).message).toBe('kscenario serve: the simulation stopped: broken invariant');
    } finally {
      await served.close();
    }
  });
});
