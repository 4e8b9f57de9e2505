/**
 * CronJob 1.37 (kubernetes#133313): the controller's Jobs are those whose controller reference
 * carries the CronJob's uid, no longer any Job whose controller has the CronJob's name.
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../../src/kube/object';
import type { KubeVersion } from '../../../../src/kube/version';
import { cluster } from '../job/harness';

const cronJob: KObject = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'hello', namespace: 'default' },
  spec: {
    schedule: '0 0 1 1 *',
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } } } },
  },
};

describe('Jobs controlled by another object with the CronJob name', () => {
  it.each<[KubeVersion, boolean]>([
    ['1.35', true],
    ['1.36', true],
    ['1.37', false],
  ])('on %s are reported as UnexpectedJob: %s', (version, reported) => {
    const c = cluster({ version, cronJobs: true });
    const cm = c.sim.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hello', namespace: 'default' } });
    c.sim.api.create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'other',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'hello', uid: cm.metadata.uid!, controller: true }],
      },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } } },
    });
    c.sim.api.create(cronJob);
    c.at(10_000);
    const unexpected = c.events('hello').filter((e) => e.includes('UnexpectedJob'));
    expect(unexpected).toEqual(reported ? ['Warning UnexpectedJob: Saw a job that the controller did not create or forgot: other'] : []);
    expect(c.get('Job', 'other')).toBeDefined();
  });
});
