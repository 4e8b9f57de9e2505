import { describe, expect, test } from '@jest/globals';
import { ApiError } from '../../../src/errors';
import type { KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { ApiServer, SYSTEM_NAMESPACES } from '../../../src/sim/apiserver/store';
import { evaluate, forbiddenDetail, policyOf } from '../../../src/sim/apiserver/pod-security/policy';
import { Clock } from '../../../src/sim/clock';
import { Rng } from '../../../src/sim/rng';

type Json = Record<string, unknown>;

function server(v: KubeVersion = '1.37') {
  const api = new ApiServer(v, new Clock(), new Rng(1));
  for (const ns of SYSTEM_NAMESPACES) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return api;
}

const namespace = (name: string, labels: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

const pod = (name: string, ns: string, spec: Json = {}, container: Json = {}): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns },
  spec: { containers: [{ name: 'nginx', image: 'nginx', ...container }], ...spec },
});

/** A container the restricted level accepts. */
const RESTRICTED_CONTAINER: Json = {
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
};

const ENFORCE = 'pod-security.kubernetes.io/enforce';

function errorOf(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('PodSecurity admission in the API server', () => {
  test('restricted enforce refuses a plain pod with the documented message', () => {
    const api = server();
    api.create(namespace('my-ns', { [ENFORCE]: 'restricted' }));
    const err = errorOf(() => api.create(pod('nginx', 'my-ns')));
    expect(err.status).toBe(403);
    expect(err.message).toBe(
      'pods "nginx" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), '
        + 'unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), '
        + 'runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), '
        + 'seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(api.get('Pod', 'my-ns', 'nginx')).toBeUndefined();
  });

  test('a compliant pod is admitted without warnings; an unlabelled namespace admits anything', () => {
    const api = server();
    api.create(namespace('my-ns', { [ENFORCE]: 'restricted' }));
    api.create(pod('ok', 'my-ns', {}, RESTRICTED_CONTAINER));
    expect(api.admissionWarnings()).toEqual([]);
    api.create(pod('priv', 'default', { hostNetwork: true }, { securityContext: { privileged: true } }));
    expect(api.admissionWarnings()).toEqual([]);
  });

  test('workloads are never enforced, only warned about; warn follows a stricter enforce level', () => {
    const api = server();
    api.create(namespace('my-ns', { [ENFORCE]: 'baseline' }));
    const deployment: KObject = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'my-ns' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { hostPID: true, containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }] } },
      },
    };
    api.create(deployment);
    expect(api.admissionWarnings()).toEqual([
      'would violate PodSecurity "baseline:latest": host namespaces (hostPID=true), hostPort (container "c" uses hostPort 8080)',
    ]);
  });

  test('an explicit warn label warns on pods the enforce level admits', () => {
    const api = server();
    api.create(namespace('my-ns', { [ENFORCE]: 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.24' }));
    api.create(pod('p', 'my-ns', {}, { securityContext: { runAsUser: 0 } }));
    expect(api.admissionWarnings()).toEqual([
      'would violate PodSecurity "restricted:v1.24": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), '
        + 'unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), '
        + 'runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), runAsUser=0 (container "nginx" must not set runAsUser=0), '
        + 'seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
  });

  test('invalid labels are refused on namespace create with upstream field errors', () => {
    const api = server();
    const err = errorOf(() => api.create(namespace('bad', { [ENFORCE]: 'strict', 'pod-security.kubernetes.io/enforce-version': '1.30' })));
    expect(err.status).toBe(422);
    expect(err.message).toBe(
      'Namespace "bad" is invalid: [metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted, '
        + 'metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "1.30": must be "latest" or "v1.x"]',
    );
  });

  test('tightening enforce warns about the existing pods that violate it', () => {
    const api = server();
    api.create(namespace('team', {}));
    for (const name of ['b', 'a']) api.create(pod(name, 'team', {}, { securityContext: { privileged: true } }));
    api.create(pod('c', 'team', { hostIPC: true }));
    const ns = api.get('Namespace', undefined, 'team')!;
    api.update({ ...ns, metadata: { ...ns.metadata, labels: { [ENFORCE]: 'baseline' } } });
    expect(api.admissionWarnings()).toEqual([
      'existing pods in namespace "team" violate the new PodSecurity enforce level "baseline:latest"',
      'a (and 1 other pod): privileged',
      'c: host namespaces',
    ]);
  });

  test('pod updates are only judged when images or containers change', () => {
    const api = server();
    api.create(namespace('team', {}));
    api.create(pod('p', 'team'));
    const ns = api.get('Namespace', undefined, 'team')!;
    api.update({ ...ns, metadata: { ...ns.metadata, labels: { [ENFORCE]: 'restricted' } } });
    const live = api.get('Pod', 'team', 'p')!;
    api.update({ ...live, metadata: { ...live.metadata, labels: { touched: 'yes' } } });
    const relabelled = api.get('Pod', 'team', 'p')!;
    const spec = relabelled.spec as { containers: Json[] };
    const err = errorOf(() => api.update({ ...relabelled, spec: { ...spec, containers: [{ ...spec.containers[0], image: 'nginx:2' }] } }));
    expect(err.message).toMatch(/^pods "p" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
  });
});

describe('policy versions', () => {
  const meta = {};
  const detail = (level: 'baseline' | 'restricted', version: number | 'latest', spec: Json, emulated = 37) =>
    forbiddenDetail(evaluate({ level, version }, meta, spec as never, emulated));
  const restrictedOk = (extra: Json): Json => ({ containers: [{ name: 'c', ...RESTRICTED_CONTAINER, securityContext: { ...(RESTRICTED_CONTAINER.securityContext as Json), ...extra } }] });

  test('runAsUser=0 is checked from policy v1.23', () => {
    expect(detail('restricted', 22, restrictedOk({ runAsUser: 0 }))).toBe('');
    expect(detail('restricted', 23, restrictedOk({ runAsUser: 0 }))).toBe('runAsUser=0 (container "c" must not set runAsUser=0)');
  });

  test('the 1.37 sysctls are allowed at latest only when 1.37 is emulated', () => {
    const spec = { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }] }, containers: [{ name: 'c' }] };
    expect(detail('baseline', 'latest', spec, 37)).toBe('');
    expect(detail('baseline', 'latest', spec, 36)).toBe('forbidden sysctls (net.ipv4.tcp_notsent_lowat)');
    // a version newer than the emulated release means the emulated release's checks
    expect(detail('baseline', 40, spec, 36)).toBe('forbidden sysctls (net.ipv4.tcp_notsent_lowat)');
  });

  test('restricted replaces baseline checks it overrides (hostPath becomes a restricted volume type)', () => {
    const spec = { volumes: [{ name: 'host', hostPath: { path: '/' } }], ...restrictedOk({}) };
    expect(detail('baseline', 'latest', spec)).toBe('hostPath volumes (volume "host")');
    expect(detail('restricted', 'latest', spec)).toBe('restricted volume types (volume "host" uses restricted volume type "hostPath")');
  });

  test('Windows pods are exempt from the Linux-only restricted checks from v1.25', () => {
    const spec = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'c' }] };
    expect(detail('restricted', 25, spec)).toBe('');
    expect(detail('restricted', 24, spec)).toMatch(/^allowPrivilegeEscalation != false .*unrestricted capabilities .*seccompProfile/);
  });

  test('probe hosts are checked from v1.34, baseline checks come before restricted ones', () => {
    const spec = { containers: [{ name: 'c', ...RESTRICTED_CONTAINER, readinessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } }], hostNetwork: true };
    expect(detail('restricted', 33, spec)).toBe('host namespaces (hostNetwork=true)');
    expect(detail('restricted', 34, spec)).toBe('host namespaces (hostNetwork=true), probe or lifecycle host (container "c" uses probe or lifecycle host "10.0.0.1")');
  });

  test('a missing warn label follows enforce, an invalid enforce level fails closed', () => {
    expect(policyOf({ [ENFORCE]: 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30' }).policy.warn).toEqual({ level: 'restricted', version: 30 });
    const bad = policyOf({ [ENFORCE]: 'nope' });
    expect(bad.policy.enforce.level).toBe('restricted');
    expect(bad.policy.warn.level).toBe('privileged');
    expect(bad.errors).toHaveLength(1);
  });
});
