import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../../src/errors';
import type { KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../src/sim/apiserver/store';
import { Clock } from '../../../src/sim/clock';
import { Rng } from '../../../src/sim/rng';

function server(version: KubeVersion = '1.35'): ApiServer {
  const api = new ApiServer(version, new Clock(), new Rng(1));
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  return api;
}

const resources = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '200m', memory: '200Mi' } };

function create(api: ApiServer, extra: Record<string, unknown> = {}): Pod {
  return api.create<Pod>({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'nginx', resources, resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }, { resourceName: 'memory', restartPolicy: 'RestartContainer' }] }], ...extra },
  } as KObject);
}

function resize(api: ApiServer, pod: Pod, container: Record<string, unknown>, meta: Record<string, unknown> = {}): Pod {
  const c = pod.spec!.containers[0]!;
  const wanted = { ...pod, metadata: { ...pod.metadata, ...meta }, spec: { ...pod.spec, nodeName: 'elsewhere', containers: [{ ...c, ...container }] } };
  return api.update<Pod>(wanted as unknown as KObject, 'resize');
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof ApiError ? `${e.status} ${e.message}` : String(e);
  }
  return 'accepted';
}

describe('pods/resize (podResizeStrategy, ValidatePodResize)', () => {
  it('takes only the container resources, bumps the generation, and keeps metadata and the rest of the spec', () => {
    const api = server();
    const pod = create(api);
    const out = resize(api, pod, { resources: { requests: { cpu: '150m', memory: '100Mi' }, limits: { cpu: '300m', memory: '200Mi' } }, image: 'nginx:2' }, { labels: { app: 'other' } });
    expect(out.spec!.containers[0]!.resources).toEqual({ requests: { cpu: '150m', memory: '100Mi' }, limits: { cpu: '300m', memory: '200Mi' } });
    expect(out.spec!.containers[0]!.image).toBe('nginx');
    expect(out.spec!.nodeName).toBeUndefined();
    expect(out.metadata!.labels).toEqual({ app: 'web' });
    expect(out.metadata!.generation).toBe(2);
  });

  it('refuses a change of QoS class, removed requests, other resources and a changed resize policy', () => {
    const api = server();
    const pod = create(api);
    expect(refusal(() => resize(api, pod, { resources: { requests: { cpu: '200m', memory: '200Mi' }, limits: { cpu: '200m', memory: '200Mi' } } })))
      .toBe('422 Pod "web" is invalid: spec: Invalid value: "Burstable": Pod QOS Class may not change as a result of resizing');
    // (a request missing beside its limit would be defaulted from it: remove both)
    expect(refusal(() => resize(api, pod, { resources: { requests: { cpu: '100m' }, limits: { cpu: '200m' } } })))
      .toBe('422 Pod "web" is invalid: [spec.containers[0].resources.requests: Forbidden: resource requests cannot be removed, spec.containers[0].resources.limits: Forbidden: resource limits cannot be removed]');
    expect(refusal(() => resize(api, pod, { resources: { requests: { ...resources.requests, 'ephemeral-storage': '1Gi' }, limits: resources.limits } })))
      .toBe('422 Pod "web" is invalid: spec: Forbidden: only cpu and memory resources are mutable');
    expect(refusal(() => resize(api, pod, { resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'RestartContainer' }] })))
      .toBe('422 Pod "web" is invalid: spec: Forbidden: only cpu and memory resources are mutable');
  });

  it('validates resizePolicy on create, and a main-resource update may still not change resources', () => {
    const api = server();
    expect(refusal(() => api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'default' }, spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx', resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'RestartContainer' }, { resourceName: 'gpu', restartPolicy: 'NotRequired' }] }] } } as KObject)))
      .toBe('422 Pod "x" is invalid: [spec.containers[0].resizePolicy: Invalid value: "RestartContainer": must be \'NotRequired\' when `restartPolicy` is \'Never\', spec.containers[0].resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory"]');
    const pod = create(api);
    const c = pod.spec!.containers[0]!;
    expect(refusal(() => api.update({ ...pod, spec: { ...pod.spec, containers: [{ ...c, resources: { ...resources, requests: { cpu: '150m', memory: '100Mi' } } }] } } as unknown as KObject)))
      .toMatch(/^422 Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than/);
  });

  it('is not served before 1.33, where resizePolicy is dropped on write', () => {
    const api = server('1.32');
    const pod = create(api);
    expect(pod.spec!.containers[0]!.resizePolicy).toBeUndefined();
    expect(refusal(() => resize(api, pod, { resources }))).toBe('404 the server could not find the requested resource');
  });
});

describe('memory limit decreases (kubernetes#130183, lifted by #133012)', () => {
  const lower = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '200m', memory: '150Mi' } };
  const notRequired = (api: ApiServer) => api.create<Pod>({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx', resources }] },
  } as KObject);

  it('are refused on 1.33 without a RestartContainer memory policy', () => {
    const api = server('1.33');
    expect(refusal(() => resize(api, notRequired(api), { resources: lower })))
      .toBe('422 Pod "web" is invalid: spec.containers[0].resources.limits[memory]: Forbidden: memory limits cannot be decreased unless resizePolicy is RestartContainer');
  });

  it('are allowed from 1.34', () => {
    const api = server('1.34');
    expect(resize(api, notRequired(api), { resources: lower }).spec!.containers[0]!.resources!.limits!.memory).toBe('150Mi');
  });
});

describe('admission of pods/resize', () => {
  it('ResourceQuota charges the increase and refuses a resize beyond the quota', () => {
    const api = server();
    api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { 'requests.cpu': '250m' } } } as KObject);
    const q = api.get<KObject>('ResourceQuota', 'default', 'q')!;
    api.updateStatus({ ...q, status: { hard: { 'requests.cpu': '250m' }, used: { 'requests.cpu': '0' } } } as KObject);
    const pod = create(api);
    expect(api.get<KObject & { status: { used: Record<string, string> } }>('ResourceQuota', 'default', 'q')!.status.used['requests.cpu']).toBe('100m');
    resize(api, pod, { resources: { requests: { cpu: '200m', memory: '100Mi' }, limits: { cpu: '300m', memory: '200Mi' } } });
    expect(api.get<KObject & { status: { used: Record<string, string> } }>('ResourceQuota', 'default', 'q')!.status.used['requests.cpu']).toBe('200m');
    expect(refusal(() => resize(api, api.get<Pod>('Pod', 'default', 'web')!, { resources: { requests: { cpu: '300m', memory: '100Mi' }, limits: { cpu: '400m', memory: '200Mi' } } })))
      .toBe('403 pods "web" is forbidden: exceeded quota: q, requested: requests.cpu=100m, used: requests.cpu=200m, limited: requests.cpu=250m');
  });

  it('PodResizeValidator (1.36+) refuses requests beyond the node\'s allocatable of a bound pod', () => {
    const api = server('1.36');
    api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { 'kubernetes.io/os': 'linux' } }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } } as KObject);
    const pod = create(api, { nodeName: 'n1' });
    expect(refusal(() => resize(api, pod, { resources: { requests: { cpu: '5', memory: '100Mi' }, limits: { cpu: '6', memory: '200Mi' } } })))
      .toBe('403 pods "web" is forbidden: node didn\'t have enough allocatable resources: cpu, requested: 5000, allocatable: 4000');
    expect(resize(api, pod, { resources: { requests: { cpu: '3', memory: '100Mi' }, limits: { cpu: '6', memory: '200Mi' } } }).spec!.containers[0]!.resources!.requests!.cpu).toBe('3');
  });
});
