/** The cluster backend's pure pieces: node shape, API error mapping, warnings, nslookup and resolv.conf. */
import { describe, expect, test } from '@jest/globals';
import { ApiError } from '../../../src/errors';
import type { KObject } from '../../../src/kube/object';
import { DetailedApiError, kubectlMessage } from '../../../src/kube/status-errors';
import { apiErrorFrom, parseWarnings } from '../../../src/backends/cluster/api-errors';
import { minorVersion, nodeShapeDifferences, nodeShapeError } from '../../../src/backends/cluster/node-shape';
import { parseNslookup, parseResolvConf, resolveThroughSearch, searchCandidates } from '../../../src/backends/cluster/pod-io';

const CP = 'node-role.kubernetes.io/control-plane';

function node(name: string, labels: Record<string, string> = {}, taints: unknown[] = [], capacity: Record<string, string> = {}, allocatable = capacity): KObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: taints.length ? { taints } : {}, status: { capacity, allocatable } };
}

const KIND_NODES = [
  node('control-plane', { [CP]: '' }, [{ key: CP, effect: 'NoSchedule' }]),
  node('worker-1'),
  node('worker-2', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
];

describe('node shape', () => {
  test('kind with two workers fits the default cluster (transient taints ignored)', () => {
    expect(nodeShapeDifferences([
      { name: 'control-plane', role: 'control-plane' }, { name: 'worker-1', role: 'worker' }, { name: 'worker-2', role: 'worker' },
    ], KIND_NODES)).toEqual([]);
  });

  test('count, names, roles, labels, taints and capacity are named', () => {
    const diffs = nodeShapeDifferences([
      { name: 'control-plane', role: 'worker' },
      { name: 'worker-1', role: 'worker', labels: { zone: 'a' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }], capacity: { cpu: '4' } },
      { name: 'worker-3', role: 'worker' },
      { name: 'worker-4', role: 'worker' },
    ], [...KIND_NODES.slice(0, 2).map((n) => n.metadata.name === 'worker-1' ? node('worker-1', { zone: 'b' }, [], { cpu: '8' }) : n), node('extra')]);
    expect(diffs).toEqual([
      'the scenario wants 4 node(s), the cluster has 3',
      'node(s) missing from the cluster: worker-3, worker-4',
      'node(s) the scenario does not describe: extra',
      "node control-plane: the scenario wants a worker node, the cluster's has role(s) control-plane",
      `node control-plane: has taint ${CP}:NoSchedule, which the scenario does not expect`,
      'node worker-1: label zone is "b", the scenario wants "a"',
      'node worker-1: taint dedicated=db:NoSchedule is missing',
      'node worker-1: capacity cpu is 8, the scenario wants 4',
      'node worker-1: allocatable cpu is 8, the scenario wants 4 (what the scheduler counts; the kubelet reserves the difference from capacity)',
    ]);
    const err = nodeShapeError(diffs, 'at http://x');
    expect(err.code).toBe('BACKEND');
    expect(err.describe()).toMatch(/does not have the nodes the scenario is written for:\n  - the scenario wants 4/);
    expect(err.hint).toMatch(/kind|serve/);
  });

  test('equal quantities written differently are the same capacity', () => {
    expect(nodeShapeDifferences([{ name: 'w', capacity: { memory: '1Gi', cpu: '1' } }], [node('w', {}, [], { memory: '1048576Ki', cpu: '1000m' })])).toEqual([]);
  });

  test('a node of the stated capacity whose kubelet reserves part of it does not fit: the scheduler counts allocatable', () => {
    const kubeadm = node('w', {}, [], { cpu: '8', memory: '16Gi' }, { cpu: '8', memory: '16674Mi' });
    expect(nodeShapeDifferences([{ name: 'w', capacity: { cpu: '8', memory: '16Gi' } }], [kubeadm])).toEqual([
      'node w: allocatable memory is 16674Mi, the scenario wants 16Gi (what the scheduler counts; the kubelet reserves the difference from capacity)',
    ]);
    expect(nodeShapeDifferences([{ name: 'w', capacity: { cpu: '8' } }], [kubeadm])).toEqual([]);
  });

  test('version from /version', () => {
    expect(minorVersion({ major: '1', minor: '33+', gitVersion: 'v1.33.2-eks' })).toBe('1.33');
    expect(minorVersion({ gitVersion: 'v1.35.0' })).toBe('1.35');
  });
});

describe('API errors', () => {
  test('a Status becomes an ApiError with code, reason, message, causes and details', () => {
    const body = JSON.stringify({
      kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 422, reason: 'Invalid',
      message: 'StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      details: { name: 'web', group: 'apps', kind: 'StatefulSet', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }] },
    });
    const err = apiErrorFrom(422, body);
    expect(err).toBeInstanceOf(DetailedApiError);
    expect(err.status).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }]);
    expect(kubectlMessage(err)).toBe('The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  test('messages get the scenario\'s namespace names back; a body that is not a Status still gives an error', () => {
    const body = JSON.stringify({ kind: 'Status', code: 429, reason: 'TooManyRequests', message: 'Cannot evict pod as it would violate the pod\'s disruption budget.', details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget zk-pdb needs 2 healthy pods and has 2 currently' }] } });
    const e = apiErrorFrom(429, body);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.causes[0]!.reason).toBe('DisruptionBudget');
    const nf = apiErrorFrom(404, JSON.stringify({ kind: 'Status', code: 404, reason: 'NotFound', message: 'namespaces "ks-x-1" not found', details: { name: 'ks-x-1', kind: 'namespaces' } }), (s) => s.replace('ks-x-1', 'shop'));
    expect(nf.message).toBe('namespaces "shop" not found');
    expect((nf as DetailedApiError).details.name).toBe('shop');
    const plain = apiErrorFrom(503, 'upstream connect error');
    expect([plain.status, plain.reason, plain.message]).toEqual([503, 'ServiceUnavailable', 'upstream connect error']);
  });

  test('Warning headers', () => {
    expect(parseWarnings('299 - "spec.template.spec.containers[0].resources.limits[memory]: fractional byte value \\"1.5\\" is invalid"'))
      .toEqual(['spec.template.spec.containers[0].resources.limits[memory]: fractional byte value "1.5" is invalid']);
    expect(parseWarnings(['299 - "a"', '299 - "b, c"'])).toEqual(['a', 'b, c']);
    expect(parseWarnings('299 - "a", 299 - "b"')).toEqual(['a', 'b']);
    expect(parseWarnings(undefined)).toEqual([]);
  });
});

describe('DNS through nslookup', () => {
  const conf = parseResolvConf('search ks-x--dns.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:5\n');

  test('resolv.conf', () => {
    expect(conf).toEqual({ search: ['ks-x--dns.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'], ndots: 5, zone: 'cluster.local' });
  });

  test('search candidates are those of a pod in the asked namespace', () => {
    expect(searchCandidates('web-0.nginx', 'default', conf)).toEqual([
      'web-0.nginx.default.svc.cluster.local', 'web-0.nginx.svc.cluster.local', 'web-0.nginx.cluster.local', 'web-0.nginx.corp.example', 'web-0.nginx',
    ]);
    expect(searchCandidates('a.b.c.d.e.f', 'default', conf)[0]).toBe('a.b.c.d.e.f');
    expect(searchCandidates('x.example.', 'default', conf)).toEqual(['x.example']);
  });

  test('busybox answers', () => {
    const a = parseNslookup('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.244.1.2\nName:\tweb.default.svc.cluster.local\nAddress: 10.244.2.3\n\n', '', 0);
    expect(a).toEqual({ found: true, addresses: ['10.244.1.2', '10.244.2.3'], srv: [] });
    const srv = parseNslookup('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n_foo._tcp.s.default.svc.cluster.local\tservice = 0 50 1234 b-1.s.default.svc.cluster.local\n', '', 0);
    expect(srv).toEqual({ found: true, addresses: [], srv: [{ priority: 0, weight: 50, port: 1234, target: 'b-1.s.default.svc.cluster.local' }] });
    expect(parseNslookup('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can\'t find x.default.svc.cluster.local: NXDOMAIN\n', '', 1)).toEqual({ found: false, addresses: [], srv: [] });
    expect(parseNslookup('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n*** Can\'t find x.cluster.local: No answer\n', '', 0)).toEqual({ found: true, addresses: [], srv: [] });
    expect(parseNslookup('', ';; connection timed out; no servers could be reached', 1)).toEqual({ error: ';; connection timed out; no servers could be reached' });
  });

  test('the first answer with records wins; NODATA lets the search go on', async () => {
    const answers: Record<string, { found: boolean; addresses: string[]; srv: [] }> = {
      'a.default.svc.cluster.local': { found: false, addresses: [], srv: [] },
      'a.svc.cluster.local': { found: true, addresses: [], srv: [] },
      'a.cluster.local': { found: true, addresses: ['10.0.0.1'], srv: [] },
    };
    const asked: string[] = [];
    const r = await resolveThroughSearch(searchCandidates('a', 'default', conf), async (n) => (asked.push(n), answers[n] ?? { found: false, addresses: [], srv: [] }));
    expect(r.addresses).toEqual(['10.0.0.1']);
    expect(asked).toEqual(['a.default.svc.cluster.local', 'a.svc.cluster.local', 'a.cluster.local']);
  });
});

describe('busybox 1.28 nslookup (what kscenario serve answers)', () => {
  test('answers, and "can\'t resolve"', () => {
    const head = 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n';
    expect(parseNslookup(`${head}Name:      web.default.svc.cluster.local.\nAddress 1: 10.244.1.2 web-0.web.default.svc.cluster.local\nAddress 2: 10.244.2.2\n`, '', 0))
      .toEqual({ found: true, addresses: ['10.244.1.2', '10.244.2.2'], srv: [] });
    expect(parseNslookup(head, "nslookup: can't resolve 'x.default.svc.cluster.local.'\n", 1)).toEqual({ found: false, addresses: [], srv: [] });
  });
});
