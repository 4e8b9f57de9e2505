import { describe, expect, it } from '@jest/globals';
import { bench, deployment, rsWithImage, setImage } from './helpers';

function scalingEvents(version: '1.31' | '1.32' | '1.35'): { events: string[]; v1: string; v2: string } {
  const b = bench(version);
  b.api.create(deployment('web', 2, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }, 'app:v1'));
  b.run(5000);
  setImage(b, 'web', 'app:v2');
  b.run(30_000);
  const events = b.eventsAbout('web').filter((e) => e.startsWith('ScalingReplicaSet: ')).map((e) => e.slice('ScalingReplicaSet: '.length));
  return { events, v1: rsWithImage(b, 'app:v1')!.metadata.name, v2: rsWithImage(b, 'app:v2')!.metadata.name };
}

describe('Deployment controller: ScalingReplicaSet event text per version', () => {
  it('reads "to <new> from <old>" before 1.32, and "to <n>" when it creates the ReplicaSet', () => {
    const { events, v1, v2 } = scalingEvents('1.31');
    expect(events).toEqual([
      `Scaled up replica set ${v1} to 2`,
      `Scaled up replica set ${v2} to 1`,
      `Scaled down replica set ${v1} to 1 from 2`,
      `Scaled up replica set ${v2} to 2 from 1`,
      `Scaled down replica set ${v1} to 0 from 1`,
    ]);
  });

  it.each(['1.32', '1.35'] as const)('reads "from <old> to <new>" from 1.32 (kubernetes#125118), "from 0 to <n>" on creation: %s', (version) => {
    const { events, v1, v2 } = scalingEvents(version);
    expect(events).toEqual([
      `Scaled up replica set ${v1} from 0 to 2`,
      `Scaled up replica set ${v2} from 0 to 1`,
      `Scaled down replica set ${v1} from 2 to 1`,
      `Scaled up replica set ${v2} from 1 to 2`,
      `Scaled down replica set ${v1} from 1 to 0`,
    ]);
  });
});
