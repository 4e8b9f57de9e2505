import { describe, expect, it } from '@jest/globals';
import { harness, nginx } from './harness';

type H = ReturnType<typeof harness>;

const read = (h: H, path: string) => h.kubelets.readFile('default', 'web', undefined, path);

function relabel(h: H, labels: Record<string, string>, annotations: Record<string, string>): void {
  const pod = h.api.get<Record<string, unknown> & { metadata: Record<string, unknown> }>('Pod', 'default', 'web')!;
  h.api.update({ ...pod, metadata: { ...pod.metadata, labels, annotations } } as never);
}

describe('downwardAPI and projected volume files (pkg/volume/downwardapi, pkg/fieldpath FormatMap)', () => {
  it('writes labels and annotations as sorted key="value" lines and follows a label change at the pod update sync', () => {
    const h = harness();
    h.pod({
      containers: [{ ...nginx, resources: { limits: { cpu: '250m', memory: '64Mi' } }, volumeMounts: [{ name: 'podinfo', mountPath: '/etc/podinfo' }, { name: 'podinfo', mountPath: '/etc/sub', subPath: 'labels' }] }],
      volumes: [{
        name: 'podinfo',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
            { path: 'rack', fieldRef: { fieldPath: 'metadata.labels[\'rack\']' } },
            { path: 'cpu_limit', resourceFieldRef: { containerName: 'nginx', resource: 'limits.cpu', divisor: '1m' } },
            { path: 'mem_request', resourceFieldRef: { containerName: 'nginx', resource: 'requests.memory', divisor: '1Mi' } },
            { path: 'mem_limit_default', resourceFieldRef: { containerName: 'nginx', resource: 'limits.ephemeral-storage', divisor: '1Gi' } },
          ],
        },
      }],
    }, { labels: { zone: 'us-est-coast', cluster: 'test-cluster1', rack: 'rack-22' }, annotations: { build: 'two', builder: 'john-doe' } });
    h.at(30_000);
    expect(read(h, '/etc/podinfo/labels')).toBe('cluster="test-cluster1"\nrack="rack-22"\nzone="us-est-coast"');
    expect(read(h, '/etc/podinfo/annotations')).toBe('build="two"\nbuilder="john-doe"');
    expect(read(h, '/etc/podinfo/rack')).toBe('rack-22');
    expect(read(h, '/etc/podinfo/cpu_limit')).toBe('250');
    // requests default to the limits (SetDefaults_Pod); an unset limit is the node's allocatable (100Gi)
    expect(read(h, '/etc/podinfo/mem_request')).toBe('64');
    expect(read(h, '/etc/podinfo/mem_limit_default')).toBe('100');
    relabel(h, { zone: 'us-est-coast', cluster: 'test-cluster1', rack: 'rack-23' }, { note: 'say "hi"\nbye' });
    h.at(30_100);
    expect(read(h, '/etc/podinfo/labels')).toBe('cluster="test-cluster1"\nrack="rack-23"\nzone="us-est-coast"');
    expect(read(h, '/etc/podinfo/annotations')).toBe('note="say \\"hi\\"\\nbye"');
    // a subPath mount keeps what the container started with
    expect(read(h, '/etc/sub')).toBe('cluster="test-cluster1"\nrack="rack-22"\nzone="us-est-coast"');
  });

  it('combines configMap, secret and downwardAPI sources in a projected volume, following the ConfigMap at the next resync', () => {
    const h = harness();
    h.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { color: 'red' } });
    h.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pw', namespace: 'default' }, stringData: { password: 's3cr3t' } });
    h.pod({
      containers: [{ ...nginx, volumeMounts: [{ name: 'all', mountPath: '/projected' }] }],
      volumes: [{
        name: 'all',
        projected: {
          sources: [
            { configMap: { name: 'cfg', items: [{ key: 'color', path: 'config/color' }] } },
            { secret: { name: 'pw' } },
            { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          ],
        },
      }],
    }, { labels: { app: 'web' } });
    h.at(30_000);
    expect(read(h, '/projected/config/color')).toBe('red');
    expect(read(h, '/projected/password')).toBe('s3cr3t');
    expect(read(h, '/projected/labels')).toBe('app="web"');
    const cm = h.api.get<Record<string, unknown>>('ConfigMap', 'default', 'cfg')!;
    h.api.update({ ...cm, data: { color: 'blue' } } as never);
    h.at(31_000);
    expect(read(h, '/projected/config/color')).toBe('red');
    h.at(100_000);
    expect(read(h, '/projected/config/color')).toBe('blue');
  });
});
