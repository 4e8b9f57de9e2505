/**
 * KEP-5440 (kubernetes#135965, beta and on from 1.36; #139287): a suspended Job may change its
 * pod template's scheduling directives and container resources.
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { container, merge, updateErrors } from '../../sim/apiserver/helpers';

const IMMUTABLE = expect.stringMatching(/^spec\.template: Invalid value: .*: field is immutable$/);
const V136: KubeVersion = '1.36';
const V137: KubeVersion = '1.37';

const job = (patch: unknown = {}): KObject =>
  merge(
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      spec: {
        suspend: true,
        template: { spec: { restartPolicy: 'Never', containers: [container({ image: 'perl', resources: { requests: { cpu: '1' } } })] } },
      },
    },
    patch,
  ) as KObject;

const withCpu = (j: KObject, cpu: string): KObject =>
  merge(j, { spec: { template: { spec: { containers: [container({ image: 'perl', resources: { requests: { cpu } } })] } } } });
const withNodeSelector = (j: KObject): KObject =>
  merge(j, { spec: { template: { metadata: { labels: { extra: 'x' } }, spec: { nodeSelector: { zone: 'a' } } } } });
const withImage = (j: KObject): KObject =>
  merge(j, { spec: { template: { spec: { containers: [container({ image: 'perl:2', resources: { requests: { cpu: '1' } } })] } } } });

describe('Job template of a suspended Job', () => {
  it('stays immutable up to 1.35 (the gates are off; the older never-started rule is not modelled)', () => {
    const j = job();
    expect(updateErrors(j, withCpu(j, '2'), '1.35')).toEqual([IMMUTABLE]);
    expect(updateErrors(j, withNodeSelector(j), '1.35')).toEqual([IMMUTABLE]);
  });

  it.each([V136, V137])('on %s lets a never-started suspended Job change resources and scheduling directives', (v) => {
    const j = job();
    expect(updateErrors(j, withCpu(j, '2'), v)).toEqual([]);
    expect(updateErrors(j, withNodeSelector(j), v)).toEqual([]);
    expect(updateErrors(j, withImage(j), v)).toEqual([IMMUTABLE]);
  });

  it.each([V136, V137])('on %s needs suspend on the stored Job', (v) => {
    const j = job({ spec: { suspend: false } });
    expect(updateErrors(j, withCpu(merge(j, { spec: { suspend: true } }), '2'), v)).toEqual([IMMUTABLE]);
  });

  it.each([V136, V137])('on %s needs the Suspended condition and no active pod once started', (v) => {
    const started = job({ status: { startTime: '2026-01-01T00:00:00Z' } });
    expect(updateErrors(started, withCpu(started, '2'), v)).toEqual([IMMUTABLE]);
    const marked = job({ status: { startTime: '2026-01-01T00:00:00Z', conditions: [{ type: 'Suspended', status: 'True' }] } });
    expect(updateErrors(marked, withCpu(marked, '2'), v)).toEqual([]);
    const busy = job({ status: { startTime: '2026-01-01T00:00:00Z', active: 1, conditions: [{ type: 'Suspended', status: 'True' }] } });
    expect(updateErrors(busy, withNodeSelector(busy), v)).toEqual([IMMUTABLE]);
  });
});
