/**
 * The up-front refusal reads the field inventory's unimplemented rules: each from the release
 * that keeps the field, only for the values (and siblings) a rule names.
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../src/kube/object';
import type { KubeVersion } from '../../src/kube/version';
import { unimplementedIn } from '../../src/sim/unimplemented';

const pod = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } as KObject);
const fields = (o: KObject, v: KubeVersion = '1.35') => unimplementedIn(o, v).map((u) => u.field);

describe('fields refused by value', () => {
  it('runAsNonRoot: only true without a runAsUser beside it (the kubelet would read the image user)', () => {
    const c = (securityContext: Record<string, unknown>) => pod({ containers: [{ name: 'c', image: 'nginx', securityContext }] });
    expect(fields(c({ runAsNonRoot: true }))).toEqual(['spec.containers[0].securityContext.runAsNonRoot']);
    expect(fields(c({ runAsNonRoot: true, runAsUser: 1000 }))).toEqual([]);
    expect(fields(c({ runAsNonRoot: false }))).toEqual([]);
    expect(fields(pod({ securityContext: { runAsNonRoot: true }, containers: [{ name: 'c', image: 'nginx' }] }))).toEqual(['spec.securityContext.runAsNonRoot']);
  });

  it('hostPath types that check the path, in pods and in persistent volumes; the creating types are implemented', () => {
    const vol = (type: string) => pod({ containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'h', hostPath: { path: '/x', type } }] });
    expect(fields(vol('Directory'))).toEqual(['spec.volumes[0].hostPath.type']);
    expect(fields(vol('Socket'))).toEqual(['spec.volumes[0].hostPath.type']);
    expect(fields(vol('DirectoryOrCreate'))).toEqual([]);
    expect(fields(vol(''))).toEqual([]);
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: { hostPath: { path: '/x', type: 'File' } } } as KObject;
    expect(fields(pv)).toEqual(['spec.hostPath.type']);
  });
});

describe('fields refused from the release that keeps them', () => {
  it('a field of 1.35 from 1.35 (image volumes)', () => {
    const p = pod({ containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'i', image: { reference: 'busybox' } }] });
    expect(fields(p, '1.34')).toEqual([]);
    expect(fields(p, '1.35')).toEqual(['spec.volumes[0].image']);
  });

  it('a whole kind is named by its kind, in every release', () => {
    const hpa = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: {} } as KObject;
    expect(unimplementedIn(hpa, '1.29')).toEqual([{ path: [], field: 'HorizontalPodAutoscaler', feature: 'the horizontal pod autoscaler and a metrics pipeline' }]);
  });

  it('metadata.managedFields of any kind; literal env values and implemented fields pass', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: [{ manager: 'kubectl' }] }, data: { a: 'b' } } as KObject;
    expect(fields(cm)).toEqual(['metadata.managedFields']);
    expect(fields(pod({ containers: [{ name: 'c', image: 'nginx', env: [{ name: 'A', value: 'b' }], workingDir: '/w' }] }))).toEqual([]);
  });
});

describe('fields of admission plugins the simulator does not run', () => {
  it('a pod overhead (the RuntimeClass plugin sets it, and refuses one no class defines)', () => {
    expect(fields(pod({ overhead: { cpu: '10m' }, containers: [{ name: 'c', image: 'nginx' }] }))).toEqual(['spec.overhead']);
  });
});

describe('postStart hooks', () => {
  const withHook = (postStart: Record<string, unknown>) => pod({ containers: [{ name: 'c', image: 'nginx', lifecycle: { postStart } }] });
  it('a command that ends at once with 0 is what the simulator does already; others are refused', () => {
    expect(fields(withHook({ exec: { command: ['/bin/sh', '-c', 'echo ok > /usr/share/nginx/html/health.html'] } }))).toEqual([]);
    expect(fields(withHook({ exec: { command: ['sh', '-c', 'sleep 5'] } }))).toEqual(['spec.containers[0].lifecycle.postStart']);
    expect(fields(withHook({ exec: { command: ['sh', '-c', 'exit 1'] } }))).toEqual(['spec.containers[0].lifecycle.postStart']);
    expect(fields(withHook({ httpGet: { port: 80, path: '/warm' } }))).toEqual(['spec.containers[0].lifecycle.postStart']);
  });
});

describe('environment variables from ConfigMaps and Secrets, and $(NAME) in command and args', () => {
  const c = (container: Record<string, unknown>) => pod({ containers: [{ name: 'c', image: 'busybox', ...container }] });
  it('pass: the kubelet model builds the environment and expands the references (sim/kubelet/environment.ts)', () => {
    expect(fields(c({
      command: ['sleep', '$(DELAY)'],
      args: ['echo $(MSG) done'],
      envFrom: [{ configMapRef: { name: 'settings' } }, { prefix: 'DB_', secretRef: { name: 'db', optional: true } }],
      env: [
        { name: 'DELAY', valueFrom: { configMapKeyRef: { name: 'settings', key: 'delay' } } },
        { name: 'MSG', valueFrom: { secretKeyRef: { name: 'db', key: 'user' } } },
      ],
    }))).toEqual([]);
  });
  it('values read from files (EnvFiles) are still refused', () => {
    const fromFile = { name: 'A', valueFrom: { fileKeyRef: { volumeName: 'cfg', path: 'env', key: 'A' } } };
    expect(fields(c({ env: [fromFile] }))).toEqual(['spec.containers[0].env[0].valueFrom.fileKeyRef']);
  });
});
