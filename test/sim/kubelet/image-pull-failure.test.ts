import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import { container, harness, type Harness } from './harness';

const NOT_FOUND = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:broken": ' +
  'failed to resolve reference "docker.io/library/nginx:broken": docker.io/library/nginx:broken: not found';

/** [time, waiting reason] each time the reported reason changes. */
function reasons(h: Harness, until: number): Array<[number, string | undefined]> {
  const out: Array<[number, string | undefined]> = [];
  for (let t = 0; t <= until; t += 100) {
    h.at(t);
    const r = container(h.get('web'))?.state?.waiting?.reason;
    if (out[out.length - 1]?.[1] !== r) out.push([t, r]);
  }
  return out;
}

describe('an image that cannot be pulled', () => {
  const start = (version: '1.31' | '1.35') => {
    const h = harness({ version, images: { 'nginx:broken': { pull: 'fail' } } });
    h.pod({ containers: [{ name: 'nginx', image: 'nginx:broken' }] });
    return h;
  };

  it('shows ErrImagePull after the failed pull, then ImagePullBackOff, alternating', () => {
    const h = start('1.35');
    const seen = reasons(h, 120_000);
    expect(seen.map((s) => s[1])).toEqual([
      'ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff',
      'ErrImagePull', 'ImagePullBackOff',
    ]);
    // the pull starts after the sandbox (0.5s) and fails after 1s
    expect(seen[1]![0]).toBe(1500);
    const g = start('1.35');
    g.at(1500);
    expect(container(g.get('web'))?.state?.waiting?.message).toBe(NOT_FOUND);
    expect(h.get('web')?.status?.phase).toBe('Pending');
  });

  it('retries the pull with the image back-off: 10s, 20s, 40s... plus the pod worker retry period', () => {
    const attempts: number[] = [];
    const g = start('1.35');
    let last = 0;
    for (let t = 0; t <= 200_000; t += 100) {
      g.at(t);
      const n = g.events('web').find((e) => e.reason === 'Pulling')?.count ?? 0;
      if (n > last) attempts.push(t);
      last = n;
    }
    // the first pull starts after the sandbox; each next one waits out the back-off since the
    // last failure (1s after its start) and then up to 15s more for the pod worker's retry
    expect(attempts[0]).toBe(500);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    const backoffs = [10_000, 20_000, 40_000, 80_000];
    expect(gaps.length).toBeGreaterThanOrEqual(4);
    gaps.slice(0, 4).forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(backoffs[i]! + 1000);
      expect(gap).toBeLessThanOrEqual(backoffs[i]! + 1000 + 16_000);
    });
  });

  it('records the upstream events', () => {
    const h = start('1.35');
    h.at(20_000);
    expect(h.events('web').map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Normal', 'Pulling', 'Pulling image "nginx:broken"'],
      ['Warning', 'Failed', `Failed to pull image "nginx:broken": ${NOT_FOUND}`],
      ['Warning', 'Failed', 'Error: ErrImagePull'],
      ['Normal', 'BackOff', 'Back-off pulling image "nginx:broken"'],
      ['Warning', 'Failed', 'Error: ImagePullBackOff'],
    ]);
  });

  it('says what the last pull error was during the back-off from 1.32, not before', () => {
    const back = (h: Harness) => {
      h.at(20_000);
      return container(h.get('web'))?.state?.waiting;
    };
    expect(back(start('1.35'))).toEqual({ reason: 'ImagePullBackOff', message: `Back-off pulling image "nginx:broken": ErrImagePull: ${NOT_FOUND}` });
    expect(back(start('1.31'))).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:broken"' });
  });

  it('stays Pending and never gets ready', () => {
    const h = start('1.35');
    h.at(600_000);
    const p: Pod = h.get('web')!;
    expect(p.status?.phase).toBe('Pending');
    expect(container(p)?.ready).toBe(false);
  });
});
