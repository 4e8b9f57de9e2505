import { describe, expect, it } from '@jest/globals';
import { harness, nginx } from './harness';

type H = ReturnType<typeof harness>;

function setup(mounts: unknown[] = [{ name: 'cfg', mountPath: '/etc/config' }]): H {
  const h = harness();
  h.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { color: 'red' } });
  h.pod({ containers: [{ ...nginx, volumeMounts: mounts }], volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }] });
  h.at(30_000);
  return h;
}

function change(h: H, color: string): void {
  const cm = h.api.get<Record<string, unknown>>('ConfigMap', 'default', 'cfg')!;
  h.api.update({ ...cm, data: { color } } as never);
}

const read = (h: H, path = '/etc/config/color') => h.kubelets.readFile('default', 'web', undefined, path);

/** The first virtual ms (100 ms steps) at which `path` reads `want`. */
function firstSeen(h: H, want: string, until: number, path?: string): number | undefined {
  for (let t = h.clock.now(); t <= until; t += 100) {
    h.at(t);
    if (read(h, path) === want) return t;
  }
  return undefined;
}

describe('configMap and secret volume contents after a change (kubelet periodic resync)', () => {
  it('updates the files at the pod\'s next periodic resync, 60-90 s after its last sync, and costs nothing while idle', () => {
    const h = setup();
    expect(h.clock.nextTime()).toBeUndefined();
    change(h, 'blue');
    h.at(30_001);
    expect(read(h)).toBe('red');
    // the pod last synced when nginx started (~4 s): the resync falls between 64 and 95 s
    const seen = firstSeen(h, 'blue', 200_000)!;
    expect(seen).toBeGreaterThanOrEqual(64_000);
    expect(seen).toBeLessThanOrEqual(95_000);
    // nothing left to do once written
    expect(h.clock.nextTime()).toBeUndefined();
  });

  it('updates at once when the pod is synced for another reason first (a container restart)', () => {
    const h = setup();
    change(h, 'blue');
    h.at(35_000);
    expect(read(h)).toBe('red');
    h.act('crashContainer', { pod: 'web', container: 'nginx', exitCode: 1 });
    // the PLEG relist syncs the pod at 36 s, which rewrites the volume and restarts nginx
    expect(firstSeen(h, 'blue', 40_000)).toBe(36_100);
  });

  it('never updates a subPath mount: it shows what the container started with until it restarts', () => {
    const h = setup([{ name: 'cfg', mountPath: '/etc/color', subPath: 'color' }, { name: 'cfg', mountPath: '/etc/config' }]);
    change(h, 'blue');
    h.at(200_000);
    expect(read(h)).toBe('blue');
    expect(read(h, '/etc/color')).toBe('red');
    h.act('crashContainer', { pod: 'web', container: 'nginx', exitCode: 1 });
    h.at(210_000);
    expect(read(h, '/etc/color')).toBe('blue');
  });

  it('follows Secrets the same way', () => {
    const h = harness();
    h.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { pw: Buffer.from('one').toString('base64') } });
    h.pod({ containers: [{ ...nginx, volumeMounts: [{ name: 's', mountPath: '/etc/s' }] }], volumes: [{ name: 's', secret: { secretName: 's' } }] });
    h.at(30_000);
    const s = h.api.get<Record<string, unknown>>('Secret', 'default', 's')!;
    h.api.update({ ...s, data: { pw: Buffer.from('two').toString('base64') } } as never);
    h.at(31_000);
    expect(read(h, '/etc/s/pw')).toBe('one');
    h.at(100_000);
    expect(read(h, '/etc/s/pw')).toBe('two');
  });
});
