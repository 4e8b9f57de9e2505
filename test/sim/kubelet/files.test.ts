import { describe, expect, it } from '@jest/globals';
import { storageKeyOfHostPath } from '../../../src/sim/storage/volume-data';
import { boundClaim, harness, nginx } from './harness';

const withVolumes = (mounts: unknown[], volumes: unknown[]) => ({
  containers: [{ ...nginx, volumeMounts: mounts }],
  volumes,
});

describe('files in a pod', () => {
  it('puts a file under a PVC mount on the PV storage, where the next pod finds it', () => {
    const h = harness();
    boundClaim(h);
    const spec = withVolumes([{ name: 'www', mountPath: '/usr/share/nginx/html' }], [{ name: 'www', persistentVolumeClaim: { claimName: 'data' } }]);
    h.pod(spec);
    h.at(10_000);
    h.act('writeFile', { pod: 'web', path: '/usr/share/nginx/html/index.html', content: 'web-0\n' });
    expect(h.kubelets.readFile('default', 'web', undefined, '/usr/share/nginx/html/index.html')).toBe('web-0\n');
    expect(h.volumeData.files(storageKeyOfHostPath('worker-1', '/mnt/pv-data')).get('/index.html')).toBe('web-0\n');
    h.api.delete('Pod', 'default', 'web');
    h.at(20_000);
    expect(h.get('web')).toBeUndefined();
    h.pod(spec);
    h.at(30_000);
    expect(h.kubelets.readFile('default', 'web', 'nginx', '/usr/share/nginx/html/index.html')).toBe('web-0\n');
  });

  it('keeps other paths in the container layer, lost when the container restarts', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    h.at(10_000);
    h.act('writeFile', { pod: 'web', path: '/tmp/state', content: 'x' });
    expect(h.kubelets.readFile('default', 'web', undefined, '/tmp/state')).toBe('x');
    expect(h.kubelets.readFile('default', 'web', undefined, '/tmp/../tmp//state')).toBe('x');
    h.act('crashContainer', { pod: 'web' });
    h.at(20_000);
    expect(h.kubelets.readFile('default', 'web', undefined, '/tmp/state')).toBeUndefined();
  });

  it('shares an emptyDir between the containers of a pod, across restarts, not beyond the pod', () => {
    const h = harness();
    const spec = {
      containers: [
        { ...nginx, volumeMounts: [{ name: 'cache', mountPath: '/cache' }] },
        { name: 'side', image: 'busybox:1.36', command: ['sleep', '3600'], volumeMounts: [{ name: 'cache', mountPath: '/shared' }] },
      ],
      volumes: [{ name: 'cache', emptyDir: {} }],
    };
    h.pod(spec);
    h.at(10_000);
    h.act('writeFile', { pod: 'web', container: 'side', path: '/shared/a', content: '1' });
    expect(h.kubelets.readFile('default', 'web', 'nginx', '/cache/a')).toBe('1');
    h.act('crashContainer', { pod: 'web', container: 'nginx' });
    h.at(20_000);
    expect(h.kubelets.readFile('default', 'web', 'nginx', '/cache/a')).toBe('1');
    h.api.delete('Pod', 'default', 'web', { gracePeriodSeconds: 1 });
    h.at(40_000);
    h.pod(spec);
    h.at(50_000);
    expect(h.kubelets.readFile('default', 'web', 'nginx', '/cache/a')).toBeUndefined();
  });

  it('keeps hostPath data on the node', () => {
    const h = harness({ nodes: [{ name: 'worker-1' }, { name: 'worker-2' }] });
    const spec = withVolumes([{ name: 'h', mountPath: '/data' }], [{ name: 'h', hostPath: { path: '/srv' } }]);
    h.pod(spec, { name: 'a' });
    h.pod(spec, { name: 'b' });
    h.pod(spec, { name: 'c' }, 'worker-2');
    h.at(10_000);
    h.act('writeFile', { pod: 'a', path: '/data/x', content: 'on worker-1' });
    expect(h.kubelets.readFile('default', 'b', undefined, '/data/x')).toBe('on worker-1');
    expect(h.kubelets.readFile('default', 'c', undefined, '/data/x')).toBeUndefined();
  });

  it('shows nested hostPath directories as one host file system (a mount of /mnt sees /mnt/data)', () => {
    const h = harness();
    boundClaim(h); // a hostPath PV of /mnt/pv-data
    h.pod(withVolumes([{ name: 'host', mountPath: '/host/mnt' }], [{ name: 'host', hostPath: { path: '/mnt' } }]), { name: 'outer' });
    h.pod(withVolumes([{ name: 'd', mountPath: '/data' }], [{ name: 'd', hostPath: { path: '/mnt/data', type: 'DirectoryOrCreate' } }]), { name: 'inner' });
    h.pod(withVolumes([{ name: 'www', mountPath: '/www' }], [{ name: 'www', persistentVolumeClaim: { claimName: 'data' } }]), { name: 'claimant' });
    h.at(10_000);
    h.act('writeFile', { pod: 'outer', path: '/host/mnt/data/index.html', content: 'hello\n' });
    expect(h.kubelets.readFile('default', 'inner', undefined, '/data/index.html')).toBe('hello\n');
    h.act('writeFile', { pod: 'claimant', path: '/www/page', content: 'from the PV' });
    expect(h.kubelets.readFile('default', 'outer', undefined, '/host/mnt/pv-data/page')).toBe('from the PV');
    // the host path is a directory now: writing over it fails as on a real file system
    expect(() => h.act('writeFile', { pod: 'outer', path: '/host/mnt/data', content: 'x' })).toThrow(/cannot write \/host\/mnt\/data: Is a directory/);
    expect(() => h.act('writeFile', { pod: 'inner', path: '/data/index.html/x', content: 'x' })).toThrow(/Not a directory/);
    // a subPath into the host directory is the same tree too
    h.pod(withVolumes([{ name: 'host', mountPath: '/site', subPath: 'data' }], [{ name: 'host', hostPath: { path: '/mnt' } }]), { name: 'sub' });
    h.at(20_000);
    expect(h.kubelets.readFile('default', 'sub', undefined, '/site/index.html')).toBe('hello\n');
  });

  it('shares an NFS export between pods on any node', () => {
    const h = harness({ nodes: [{ name: 'worker-1' }, { name: 'worker-2' }] });
    const spec = withVolumes([{ name: 'n', mountPath: '/mnt' }], [{ name: 'n', nfs: { server: '10.0.0.5', path: '/exports/a' } }]);
    h.pod(spec, { name: 'a' });
    h.pod(spec, { name: 'b' }, 'worker-2');
    h.at(10_000);
    h.act('writeFile', { pod: 'a', path: '/mnt/f', content: 'shared' });
    expect(h.kubelets.readFile('default', 'b', undefined, '/mnt/f')).toBe('shared');
  });

  it('respects subPath and read-only mounts', () => {
    const h = harness();
    h.pod(withVolumes(
      [{ name: 'v', mountPath: '/etc/app', subPath: 'conf' }, { name: 'v', mountPath: '/ro', readOnly: true }],
      [{ name: 'v', emptyDir: {} }],
    ));
    h.at(10_000);
    h.act('writeFile', { pod: 'web', path: '/etc/app/app.yaml', content: 'a: 1' });
    expect(h.kubelets.readFile('default', 'web', undefined, '/ro/conf/app.yaml')).toBe('a: 1');
    expect(() => h.act('writeFile', { pod: 'web', path: '/ro/x', content: 'no' })).toThrow(/Read-only file system/);
  });

  it('readOnlyRootFilesystem: writes outside the writable mounts fail, /etc/hosts and emptyDir mounts stay writable', () => {
    const h = harness();
    h.pod({
      containers: [{ ...nginx, securityContext: { readOnlyRootFilesystem: true }, volumeMounts: [{ name: 'cache', mountPath: '/var/cache/nginx' }] }],
      volumes: [{ name: 'cache', emptyDir: {} }],
    });
    h.at(10_000);
    const write = (path: string) => () => h.act('writeFile', { pod: 'web', path, content: 'x' });
    expect(write('/usr/share/nginx/html/index.html')).toThrow(/cannot write \/usr\/share\/nginx\/html\/index.html: Read-only file system/);
    // the runtime mounts /etc/hostname and /etc/resolv.conf read-only with the root (containerd)
    expect(write('/etc/resolv.conf')).toThrow(/Read-only file system/);
    expect(write('/etc/hostname')).toThrow(/Read-only file system/);
    write('/etc/hosts')();
    write('/var/cache/nginx/x')();
    expect(h.kubelets.readFile('default', 'web', undefined, '/var/cache/nginx/x')).toBe('x');
    expect(h.kubelets.readFile('default', 'web', undefined, '/etc/hosts')).toBe('x');
  });

  it('projects a ConfigMap read-only', () => {
    const h = harness();
    h.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'nginx.conf': 'events {}' } });
    h.pod(withVolumes([{ name: 'c', mountPath: '/etc/nginx/conf.d' }], [{ name: 'c', configMap: { name: 'cfg' } }]));
    h.at(10_000);
    expect(h.kubelets.readFile('default', 'web', undefined, '/etc/nginx/conf.d/nginx.conf')).toBe('events {}');
    expect(() => h.act('writeFile', { pod: 'web', path: '/etc/nginx/conf.d/x', content: '' })).toThrow(/Read-only/);
  });

  it('reads the kubelet-managed hostname, hosts and resolv.conf', () => {
    const h = harness();
    h.pod({ hostname: 'web-0', subdomain: 'nginx', containers: [nginx] }, { name: 'web' });
    h.pod({ containers: [nginx] }, { name: 'x'.repeat(62) + '-y' });
    h.at(10_000);
    expect(h.kubelets.readFile('default', 'web', undefined, '/etc/hostname')).toBe('web-0\n');
    expect(h.kubelets.readFile('default', 'web', undefined, '/etc/hosts')).toBe(
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' +
      'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
      '10.244.0.2\tweb-0.nginx.default.svc.cluster.local\tweb-0\n');
    expect(h.kubelets.readFile('default', 'web', undefined, '/etc/resolv.conf')).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    // cut to 63 characters, without the trailing '-'
    expect(h.kubelets.readFile('default', 'x'.repeat(62) + '-y', undefined, '/etc/hostname')).toBe('x'.repeat(62) + '\n');
  });

  it('refuses to write into a pod that is missing or not running', () => {
    const h = harness();
    h.pod({ containers: [nginx] });
    expect(() => h.act('writeFile', { pod: 'nope', path: '/a', content: '' })).toThrow(expect.objectContaining({ code: 'BAD_REFERENCE' }));
    expect(() => h.act('writeFile', { pod: 'web', path: '/a', content: '' })).toThrow(expect.objectContaining({ code: 'BACKEND' }));
    expect(() => h.act('writeFile', { pod: 'web', path: 'relative', content: '' })).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(h.kubelets.readFile('default', 'web', undefined, '/etc/hostname')).toBeUndefined();
  });
});

describe('subPathExpr mounts', () => {
  const logsPod = (subPathExpr: string) => ({
    containers: [{
      ...nginx,
      env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      volumeMounts: [{ name: 'logs', mountPath: '/logs', subPathExpr }],
    }],
    volumes: [{ name: 'logs', hostPath: { path: '/var/log/pods' } }],
  });

  it("puts the container's files in the volume directory its expanded variables name", () => {
    const h = harness();
    h.pod(logsPod('$(POD_NAME)'), { name: 'pod1' });
    h.at(10_000);
    h.act('writeFile', { pod: 'pod1', path: '/logs/hello.txt', content: 'Hello\n' });
    expect(h.kubelets.readFile('default', 'pod1', undefined, '/logs/hello.txt')).toBe('Hello\n');
    expect(h.volumeData.files(storageKeyOfHostPath('worker-1', '/var/log/pods')).get('/pod1/hello.txt')).toBe('Hello\n');
  });

  it('keeps a container whose expansion fails in CreateContainerConfigError, with the Failed event', () => {
    const h = harness();
    h.pod(logsPod('$(POD_NAME)/$(MISSING)'), { name: 'pod1' });
    h.at(10_000);
    const status = h.get('pod1')?.status?.containerStatuses?.[0];
    expect(status?.state?.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'missing value for MISSING' });
    expect(h.events('pod1').find((e) => e.reason === 'Failed')).toMatchObject({ type: 'Warning', message: 'Error: missing value for MISSING' });
  });
});
