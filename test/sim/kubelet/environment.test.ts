import { describe, expect, it } from '@jest/globals';
import type { Container, Pod, Service } from 'kubernetes-types/core/v1';
import { containerEnvironment, expandedCommand, processEnvironment, type EnvironmentSources } from '../../../src/sim/kubelet/environment';
import { expandReferences, mappingFor } from '../../../src/sim/kubelet/var-expansion';

const pod: Pod = { metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { nodeName: 'worker-1', containers: [] } };

function sources(configMaps: Record<string, Record<string, string>> = {}, secrets: Record<string, Record<string, string>> = {}, services: Service[] = []): EnvironmentSources {
  return {
    pod,
    services: () => services,
    podIP: '10.244.1.5',
    hostIP: '172.18.0.3',
    allocatable: { cpu: '4', memory: '8Gi' },
    configMap: (name) => configMaps[name],
    secret: (name) => secrets[name],
  };
}

const env = (c: Partial<Container>, from = sources()) => containerEnvironment({ name: 'app', ...c }, from);
const vars = (c: Partial<Container>, from = sources()) => {
  const result = env(c, from);
  if (!result.ok) throw new Error(result.message);
  return Object.fromEntries(result.vars);
};

describe('$(NAME) references', () => {
  const expand = (text: string) => expandReferences(text, mappingFor(new Map([['A', 'x'], ['B', 'y']])));

  it('replaces known names and keeps unknown ones as written', () => {
    expect(expand('$(A)-$(B)-$(C)')).toBe('x-y-$(C)');
  });

  it('reads $$ as one $, so $$(A) is the text $(A)', () => {
    expect(expand('$$(A) $$ $$$(A)')).toBe('$(A) $ $x');
  });

  it('keeps a $ before other characters, an unclosed $( and a final $', () => {
    expect(expand('$A ${A} $(A')).toBe('$A ${A} $(A');
    expect(expand('cost: 5$')).toBe('cost: 5$');
    expect(expand('$é')).toBe('$é');
  });

  it('closes a reference at the first )', () => {
    expect(expand('$($(A))')).toBe('$($(A))');
    expect(expandReferences('$(A(B))', mappingFor(new Map([['A(B', 'z']])))).toBe('z)');
  });

  it('looks the maps up in order', () => {
    const m = mappingFor(new Map([['A', 'first']]), new Map([['A', 'second'], ['B', 'b']]));
    expect(expandReferences('$(A) $(B)', m)).toBe('first b');
  });
});

describe('a container environment', () => {
  it('takes envFrom sources in order, with prefixes, and env over them', () => {
    const from = sources({ one: { COLOR: 'red', SIZE: 'm' }, two: { COLOR: 'blue' } }, { creds: { user: 'admin' } });
    expect(vars({
      envFrom: [{ configMapRef: { name: 'one' } }, { configMapRef: { name: 'two' } }, { prefix: 'DB_', secretRef: { name: 'creds' } }],
      env: [{ name: 'SIZE', value: 'xl' }],
    }, from)).toEqual({ COLOR: 'blue', SIZE: 'xl', DB_user: 'admin' });
  });

  it('passes keys that are not C identifiers on as they are (no check from 1.35)', () => {
    expect(vars({ envFrom: [{ configMapRef: { name: 'c' } }] }, sources({ c: { 'app.mode': 'x', '1st': 'y' } }))).toEqual({ 'app.mode': 'x', '1st': 'y' });
  });

  it('expands a value against the variables defined before it, not after', () => {
    expect(vars({
      env: [
        { name: 'SERVICE_PORT', value: '8080' },
        { name: 'ADDRESS', value: 'http://$(SERVICE_HOST):$(SERVICE_PORT)' },
        { name: 'SERVICE_HOST', value: 'db' },
        { name: 'ESCAPED', value: '$$(SERVICE_PORT)' },
      ],
    })).toEqual({ SERVICE_PORT: '8080', ADDRESS: 'http://$(SERVICE_HOST):8080', SERVICE_HOST: 'db', ESCAPED: '$(SERVICE_PORT)' });
  });

  it('reads keys of ConfigMaps and decoded Secrets', () => {
    const from = sources({ cfg: { level: 'debug' } }, { pw: { password: 's3cr3t' } });
    expect(vars({
      env: [
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'level' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'pw', key: 'password' } } },
      ],
    }, from)).toEqual({ LEVEL: 'debug', PASSWORD: 's3cr3t' });
  });

  it('fails with the kubelet\'s messages for a missing object or key that is not optional', () => {
    expect(env({ env: [{ name: 'L', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'level' } } }] })).toEqual({ ok: false, message: 'configmap "cfg" not found' });
    expect(env({ envFrom: [{ secretRef: { name: 'pw' } }] })).toEqual({ ok: false, message: 'secret "pw" not found' });
    expect(env({ env: [{ name: 'L', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'lvl' } } }] }, sources({ cfg: { level: 'x' } })))
      .toEqual({ ok: false, message: "couldn't find key lvl in ConfigMap shop/cfg" });
    expect(env({ env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'pw', key: 'pass' } } }] }, sources({}, { pw: {} })))
      .toEqual({ ok: false, message: "couldn't find key pass in Secret shop/pw" });
  });

  it('skips optional references to what is missing', () => {
    expect(vars({
      envFrom: [{ configMapRef: { name: 'none', optional: true } }],
      env: [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'none', key: 'a', optional: true } } },
        { name: 'B', valueFrom: { secretKeyRef: { name: 'pw', key: 'b', optional: true } } },
        { name: 'C', value: 'c' },
      ],
    }, sources({}, { pw: {} }))).toEqual({ C: 'c' });
  });

  it('gives fieldRef and resourceFieldRef values', () => {
    expect(vars({
      resources: { limits: { memory: '64Mi' } },
      env: [
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'EMPTY' },
      ],
    })).toEqual({ NODE: 'worker-1', NS: 'shop', IP: '10.244.1.5', MEM: '64', CPU: '4', EMPTY: '' });
  });

  it('expands command and args with the variables', () => {
    const c = expandedCommand({ name: 'app', command: ['sleep', '$(DELAY)'], args: ['$(UNKNOWN)', '$$(DELAY)'] }, new Map([['DELAY', '30']]));
    expect([c.command, c.args]).toEqual([['sleep', '30'], ['$(UNKNOWN)', '$(DELAY)']]);
  });
});

describe('service variables in a container environment (makeEnvironmentVariables)', () => {
  const services: Service[] = [
    { metadata: { namespace: 'default', name: 'kubernetes' }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] } },
    { metadata: { namespace: 'shop', name: 'my-svc' }, spec: { clusterIP: '10.96.4.4', ports: [{ port: 8080, protocol: 'TCP' }] } },
  ];
  const withServices = sources({}, {}, services);

  it('adds them, lets $(NAME) in values, command and args see them, and lets the container override them', () => {
    const c: Partial<Container> = {
      command: ['sh', '-c', 'curl $(KUBERNETES_SERVICE_HOST):$(MY_SVC_SERVICE_PORT)'],
      env: [
        { name: 'URL', value: 'http://$(MY_SVC_SERVICE_HOST):$(MY_SVC_SERVICE_PORT)' },
        { name: 'MY_SVC_SERVICE_PORT', value: '9999' },
      ],
    };
    const result = vars(c, withServices);
    expect(result.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
    // the reference is expanded before the container's own MY_SVC_SERVICE_PORT is defined
    expect(result.URL).toBe('http://10.96.4.4:8080');
    expect(result.MY_SVC_SERVICE_PORT).toBe('9999');
    const expanded = expandedCommand({ name: 'app', ...c }, new Map(Object.entries(result)));
    expect(expanded.command).toEqual(['sh', '-c', 'curl 10.96.0.1:9999']);
  });

  it('keeps only default/kubernetes with enableServiceLinks false', () => {
    const noLinks = { ...withServices, pod: { ...pod, spec: { ...pod.spec!, enableServiceLinks: false } } };
    const result = vars({}, noLinks);
    expect(result.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
    expect(result.MY_SVC_SERVICE_HOST).toBeUndefined();
  });

  it('gives the process the runtime\'s HOSTNAME unless the container sets one', () => {
    expect(processEnvironment(new Map([['A', '1']]), 'web-0').get('HOSTNAME')).toBe('web-0');
    expect(processEnvironment(new Map([['HOSTNAME', 'mine']]), 'web-0').get('HOSTNAME')).toBe('mine');
  });
});
