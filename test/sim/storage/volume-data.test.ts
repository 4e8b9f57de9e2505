import { describe, expect, it } from '@jest/globals';
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import { VolumeData, storageKeyOfHostPath, storageKeyOfPv } from '../../../src/sim/storage/volume-data';

const pinned = (node: string) => ({
  required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] },
});

function pv(name: string, spec: Record<string, unknown>): PersistentVolume {
  return { metadata: { name }, spec } as PersistentVolume;
}

describe('storage keys', () => {
  it('names hostPath and local volumes by node and path, NFS by server and path, others by PV', () => {
    expect(storageKeyOfHostPath('worker-1', '/mnt/data/')).toBe('hostPath:worker-1:/mnt/data');
    expect(storageKeyOfPv(pv('a', { hostPath: { path: '/srv' } }), 'worker-2')).toBe('hostPath:worker-2:/srv');
    expect(storageKeyOfPv(pv('a', { local: { path: '/mnt/disks/ssd1' }, nodeAffinity: pinned('worker-1') }))).toBe('hostPath:worker-1:/mnt/disks/ssd1');
    expect(storageKeyOfPv(pv('a', { nfs: { server: '10.0.0.1', path: 'exports//a' } }))).toBe('nfs:10.0.0.1:/exports/a');
    expect(storageKeyOfPv(pv('disk', { csi: { driver: 'x', volumeHandle: 'h' } }))).toBe('pv:disk');
  });
});

describe('VolumeData', () => {
  it('shows a node\'s host file system through every hostPath into it', () => {
    const d = new VolumeData();
    d.files(storageKeyOfHostPath('node-1', '/mnt/data')).set('/index.html', 'hello');
    const mnt = d.files(storageKeyOfHostPath('node-1', '/mnt'));
    expect(mnt.get('/data/index.html')).toBe('hello');
    expect(mnt.has('/data/index.html')).toBe(true);
    mnt.set('/data/other', 'x');
    expect(d.files(storageKeyOfHostPath('node-1', '/mnt/data')).get('other')).toBe('x');
    // a local PV (and local-path's directories) are the same file system
    const local = pv('l', { local: { path: '/mnt/data' }, nodeAffinity: pinned('node-1') });
    expect(d.files(storageKeyOfPv(local)).get('/index.html')).toBe('hello');
    // another node has its own
    expect(d.files(storageKeyOfHostPath('node-2', '/mnt')).size).toBe(0);
  });

  it('lists a directory\'s files like a Map, relative to it', () => {
    const d = new VolumeData();
    const mnt = d.files(storageKeyOfHostPath('n', '/mnt'));
    mnt.set('/top', '1');
    d.files(storageKeyOfHostPath('n', '/mnt/data')).set('/inner', '2');
    expect(mnt.size).toBe(2);
    expect([...mnt]).toEqual([['/top', '1'], ['/data/inner', '2']]);
    expect([...mnt.keys()]).toEqual(['/top', '/data/inner']);
    expect([...mnt.values()]).toEqual(['1', '2']);
    const seen: string[] = [];
    mnt.forEach((v, k) => seen.push(`${k}=${v}`));
    expect(seen).toEqual(['/top=1', '/data/inner=2']);
    expect(mnt.delete('/top')).toBe(true);
    expect(mnt.size).toBe(1);
    mnt.clear();
    expect(d.files(storageKeyOfHostPath('n', '/mnt/data')).size).toBe(0);
  });

  it('scrubs a subtree (Recycle) and keeps the rest of the node\'s files', () => {
    const d = new VolumeData();
    d.files(storageKeyOfHostPath('n', '/mnt')).set('/keep', 'k');
    d.files(storageKeyOfHostPath('n', '/mnt/vol')).set('/a/b', 'x');
    d.scrub(storageKeyOfHostPath('n', '/mnt/vol'));
    expect(d.files(storageKeyOfHostPath('n', '/mnt/vol')).size).toBe(0);
    expect(d.files(storageKeyOfHostPath('n', '/mnt')).get('/keep')).toBe('k');
  });

  it('destroys a subtree (Delete) and keeps the rest of the node\'s files', () => {
    const d = new VolumeData();
    const root = '/var/local-path-provisioner';
    d.files(storageKeyOfHostPath('n', root)).set('/other_ns_claim/f', 'stays');
    d.files(storageKeyOfHostPath('n', `${root}/pvc-1_default_data`)).set('/f', 'goes');
    d.destroy(storageKeyOfHostPath('n', `${root}/pvc-1_default_data`));
    expect([...d.files(storageKeyOfHostPath('n', root))]).toEqual([['/other_ns_claim/f', 'stays']]);
  });

  it('keeps one tree per NFS server, and a disk per other PV', () => {
    const d = new VolumeData();
    d.files('nfs:10.0.0.1:/exports/a').set('/f', '1');
    expect(d.files('nfs:10.0.0.1:/exports').get('/a/f')).toBe('1');
    expect(d.files('nfs:10.0.0.2:/exports/a').size).toBe(0);
    // an IPv6 server: the path starts at the first ":/"
    d.files('nfs:fd00::1:/exports/b').set('/g', '2');
    expect(d.files('nfs:fd00::1:/exports').get('/b/g')).toBe('2');
    d.files('pv:one').set('/f', 'x');
    expect(d.files('pv:two').size).toBe(0);
    d.scrub('pv:one');
    expect(d.files('pv:one').size).toBe(0);
    d.files('pv:one').set('/f', 'y');
    d.destroy('pv:one');
    expect(d.files('pv:one').get('/f')).toBeUndefined();
  });

  it('keeps a view working after its directory is destroyed and made again', () => {
    const d = new VolumeData();
    const key = storageKeyOfHostPath('n', '/tmp/data');
    const view = d.files(key);
    view.set('/a', '1');
    d.destroy(key);
    expect(view.get('/a')).toBeUndefined();
    d.files(key).set('/a', '2');
    expect(view.get('/a')).toBe('2');
  });
});
