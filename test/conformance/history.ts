/**
 * The runner's history (src/runner/history-recorder.ts) recorded from this backend's watches:
 * what `expectHistory` and `--history` judge must be the same on every backend.
 */
import { expect } from '@jest/globals';
import type { HistoryEntry, ObjectChange } from '../../src/history/entry';
import { isObjectChange } from '../../src/history/entry';
import { HistoryRecorder } from '../../src/runner/history-recorder';
import { configMap, pod } from './fixtures';
import { NS, eventually, isPodRunning, ref, section, uniqueName, type SuiteEnv } from './harness';
import { watchInto } from './watch';

/** `TYPE name` (or `STEP_START step`) of the entries about `names` and of the step markers. */
function story(entries: HistoryEntry[], ...names: string[]): string[] {
  return entries.flatMap((e) => {
    if (!isObjectChange(e)) return [`${e.type} ${e.step}`];
    return names.includes(e.name) ? [`${e.type} ${e.name}`] : [];
  });
}

const recorded = (h: HistoryRecorder, type: ObjectChange['type'], name: string) =>
  async () => h.entries.some((e) => isObjectChange(e) && e.type === type && e.name === name);

export function historyTests(env: SuiteEnv): void {
  section('history recording', env, (s) => {
    s.test('sees objects present at start as ADDED, then a create, change and delete in order within step markers', async () => {
      const [old, name] = [uniqueName('existing'), uniqueName('recorded')];
      await s.backend.create(configMap(old, {}));
      const history = await HistoryRecorder.start(s.backend, s.cluster.version);
      try {
        await eventually(s.backend, `history records the existing ${old}`, recorded(history, 'ADDED', old), 30_000);
        history.mark('change a config map', 'STEP_START');
        await s.backend.create(configMap(name, { v: '1' }));
        await s.backend.patch(ref('ConfigMap', name), 'merge', { data: { v: '2' } });
        await s.backend.delete(ref('ConfigMap', name));
        // The watch streams may deliver after the request returned: the step ends once they did.
        await eventually(s.backend, `history records DELETED ${name}`, recorded(history, 'DELETED', name), 30_000);
        history.mark('change a config map', 'STEP_END');
      } finally {
        history.stop();
      }
      expect(story(history.entries, old, name)).toEqual([
        `ADDED ${old}`,
        'STEP_START change a config map',
        `ADDED ${name}`,
        `MODIFIED ${name}`,
        `DELETED ${name}`,
        'STEP_END change a config map',
      ]);
      const changes = history.entries.filter((e): e is ObjectChange => isObjectChange(e) && e.name === name);
      expect(changes.map((e) => [e.kind, e.namespace, e.object.data])).toEqual([
        ['ConfigMap', NS, { v: '1' }], ['ConfigMap', NS, { v: '2' }], ['ConfigMap', NS, { v: '2' }],
      ]);
      const times = history.entries.map((e) => e.t);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    s.test('records what the cluster does on its own (a pod scheduled and started) and nothing after stop()', async () => {
      const name = uniqueName('recorded-pod');
      const history = await HistoryRecorder.start(s.backend, s.cluster.version);
      let stoppedAt = 0;
      try {
        await s.backend.create(pod(name));
        await eventually(s.backend, `history records pod ${name} Running`, async () =>
          history.entries.some((e) => isObjectChange(e) && e.name === name && isPodRunning(e.object)), 120_000);
      } finally {
        history.stop();
        stoppedAt = history.entries.length;
      }
      const podChanges = history.entries.filter((e): e is ObjectChange => isObjectChange(e) && e.kind === 'Pod' && e.name === name);
      expect(podChanges[0]?.type).toBe('ADDED');
      expect(podChanges.slice(1).every((e) => e.type === 'MODIFIED')).toBe(true);
      const bound = podChanges.findIndex((e) => (e.object.spec as { nodeName?: string }).nodeName);
      const running = podChanges.findIndex((e) => isPodRunning(e.object));
      expect(bound).toBeGreaterThan(0);
      expect(running).toBeGreaterThanOrEqual(bound);

      // After stop(): a change another watch sees is not recorded.
      const unrecorded = uniqueName('unrecorded');
      const sentinel = await watchInto(s.backend, { kind: 'ConfigMap', namespace: NS });
      try {
        await s.backend.delete(ref('Pod', name), { gracePeriodSeconds: 0 });
        await s.backend.create(configMap(unrecorded, {}));
        await sentinel.until('ADDED', unrecorded);
      } finally {
        sentinel.handle.stop();
      }
      expect(history.entries.length).toBe(stoppedAt);
    });
  });
}
