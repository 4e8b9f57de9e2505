/**
 * preStop hooks (kuberuntime_container.go killContainer / executePreStopHook, lifecycle/handlers.go):
 * the hook runs before SIGTERM for at most the grace period; the whole seconds it took come off
 * the grace period, which never drops below 2s; a failed hook is a FailedPreStopHook event.
 */
import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1';
import { container, harness, nginx, type Harness } from './harness';

/** A pod whose first container has `preStop`, deleted at 10s; when it left the API. */
function deleteWithHook(h: Harness, preStop: unknown, spec: Record<string, unknown> = {}, first: Record<string, unknown> = nginx): number | undefined {
  h.pod({ containers: [{ ...first, lifecycle: { preStop } }], ...spec });
  h.at(10_000);
  h.api.delete('Pod', 'default', 'web');
  h.at(400_000);
  return h.deleted('web')?.t;
}

const failures = (h: Harness) => h.events('web').filter((e) => e.reason === 'FailedPreStopHook');
const sleeper = { name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] };

describe('exec preStop hooks', () => {
  it('keeps the container running until a long hook hits the grace period, then gives the stop 2s', () => {
    const h = harness();
    h.pod({ terminationGracePeriodSeconds: 120, containers: [{ ...nginx, lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 180'] } } } }] });
    h.at(10_000);
    h.api.delete('Pod', 'default', 'web');
    h.at(129_000);
    expect(container(h.get('web'))?.state?.running).toBeDefined();
    expect(h.get('web')?.status?.phase).toBe('Running');
    expect(failures(h)).toEqual([]);
    h.at(200_000);
    // hook cut at 130s, SIGTERM, nginx exits 0.5s later, sandbox stopped 0.2s after that
    expect(h.deleted('web')?.t).toBe(130_700);
    expect(container(h.deleted('web')?.last)?.state?.terminated).toMatchObject({ exitCode: 0 });
    // the hook's process died with the container: the exec failed
    expect(failures(h)).toEqual([{ reason: 'FailedPreStopHook', message: 'PreStopHook failed', type: 'Warning', count: 1, fieldPath: 'spec.containers{nginx}' }]);
    expect(h.events('web').map((e) => e.reason).slice(-2)).toEqual(['Killing', 'FailedPreStopHook']);
  });

  it('runs with the container\'s variables: a script\'s $NAME is their value', () => {
    const h = harness();
    const withEnv = { ...sleeper, env: [{ name: 'DRAIN', value: '10.5' }] };
    const gone = deleteWithHook(h, { exec: { command: ['sh', '-c', 'sleep $DRAIN'] } }, {}, withEnv);
    expect(gone).toBe(10_000 + 10_500 + 20_000 + 200);
  });

  it('takes the whole seconds the hook ran off the grace period', () => {
    const h = harness();
    // sleep ignores SIGTERM: SIGKILL comes when the rest of the grace period (30 - 10 = 20s) is over
    const gone = deleteWithHook(h, { exec: { command: ['sh', '-c', 'echo draining; sleep 10.5'] } }, {}, sleeper);
    expect(gone).toBe(10_000 + 10_500 + 20_000 + 200);
    expect(container(h.deleted('web')?.last, 'app')?.state?.terminated).toMatchObject({ exitCode: 137 });
    expect(failures(h)).toEqual([]);
  });

  it('lets a short hook finish, then stops the container as usual', () => {
    const h = harness();
    expect(deleteWithHook(h, { exec: { command: ['/bin/sh', '-c', 'sleep 5'] } })).toBe(15_700);
    expect(failures(h)).toEqual([]);
  });

  it('bounds the hook by a shorter grace period from the delete', () => {
    const h = harness();
    h.pod({ containers: [{ ...nginx, lifecycle: { preStop: { exec: { command: ['sleep', '60'] } } } }] });
    h.at(10_000);
    h.api.delete('Pod', 'default', 'web', { gracePeriodSeconds: 5 });
    h.at(100_000);
    expect(h.deleted('web')?.t).toBe(15_700);
    expect(failures(h)).toHaveLength(1);
  });

  it('reports a hook that exits non-zero, and goes on with the stop at once', () => {
    const h = harness();
    expect(deleteWithHook(h, { exec: { command: ['sh', '-c', 'echo bye; exit 3'] } })).toBe(10_700);
    expect(failures(h).map((e) => e.message)).toEqual(['PreStopHook failed']);
    const g = harness();
    expect(deleteWithHook(g, { exec: { command: ['false'] } })).toBe(10_700);
    expect(failures(g)).toHaveLength(1);
  });

  it('takes commands it does not know to finish at once with success', () => {
    for (const command of [['/usr/sbin/nginx', '-s', 'quit'], ['sh', '/scripts/drain.sh'], ['sh', '-c', 'curl -s localhost/drain && nginx -s quit']]) {
      const h = harness();
      expect(deleteWithHook(h, { exec: { command } })).toBe(10_700);
      expect(failures(h)).toEqual([]);
    }
  });

  it('ends the hook when the container exits under it, as a failure', () => {
    const h = harness();
    const app = { name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 20'] };
    h.pod({ restartPolicy: 'Never', containers: [{ ...app, lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 100'] } } } }] });
    h.at(10_000);
    const startedAt = h.firstTime('web', (p: Pod) => !!container(p, 'app')?.state?.running)!;
    h.api.delete('Pod', 'default', 'web');
    h.at(100_000);
    expect(container(h.deleted('web')?.last, 'app')?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    // `sleep 20` ends by itself, the hook with it; the sandbox stops 0.2s later (not 30s + 2s)
    expect(h.deleted('web')!.t).toBe(startedAt + 20_000 + 200);
    expect(failures(h)).toHaveLength(1);
  });

  it('runs the hook for a liveness restart too, bounded by the probe\'s grace period', () => {
    const liveness = { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 10, failureThreshold: 1, terminationGracePeriodSeconds: 8 };
    const restartedAt = (lifecycle: unknown): number | undefined => {
      const h = harness();
      h.pod({ containers: [{ ...nginx, livenessProbe: liveness, lifecycle }] });
      h.at(10_000);
      h.act('failProbe', { pod: 'web', container: 'nginx', probe: 'liveness' });
      h.at(60_000);
      return h.firstTime('web', (p: Pod) => (container(p)?.restartCount ?? 0) > 0);
    };
    const withHook = restartedAt({ preStop: { exec: { command: ['sh', '-c', 'sleep 30'] } } });
    // the hook holds the kill for the probe's 8s, not the pod's 30s
    expect(withHook! - restartedAt(undefined)!).toBe(8_000);
  });
});

describe('other preStop handlers', () => {
  it('an httpGet hook answers at once', () => {
    const h = harness();
    expect(deleteWithHook(h, { httpGet: { path: '/shutdown', port: 80 } })).toBe(10_700);
    expect(failures(h)).toEqual([]);
  });

  it('a tcpSocket hook cannot run: it fails at once', () => {
    const h = harness();
    expect(deleteWithHook(h, { tcpSocket: { port: 80 } })).toBe(10_700);
    expect(failures(h)).toHaveLength(1);
  });

  it('the sleep action waits from 1.30 and returns at once before', () => {
    const h = harness();
    expect(deleteWithHook(h, { sleep: { seconds: 5 } })).toBe(15_700);
    const old = harness({ version: '1.29' });
    expect(deleteWithHook(old, { sleep: { seconds: 5 } })).toBe(10_700);
  });
});
