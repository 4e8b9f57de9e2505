/**
 * KEP-5440 (kubernetes#135965, beta and on from 1.36; #139287): a suspended Job may change its
 * pod template's scheduling directives and container resources.
 */
import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import type { KubeVersion } from '../../../src/kube/version';
import { container, merge, updateErrors } from '../../sim/apiserver/helpers';

const IMMUTABLE = expect.stringMatching(/^spec\.template: Invalid value: .*: field is immutable$/);
/** With MutablePodResourcesForSuspendedJobs and a qualifying Job only the pod spec is compared. */
const SPEC_IMMUTABLE = expect.stringMatching(/^spec\.template\.spec: Invalid value: .*: field is immutable$/);
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
    expect(updateErrors(j, withImage(j), v)).toEqual([SPEC_IMMUTABLE]);
  });

  it('on 1.36.0 a never-started Job needs the Suspended condition too (the regression #139329 fixed in 1.36.1)', () => {
    const j = job();
    expect(updateErrors(j, withNodeSelector(j), '1.36.0')).toEqual([IMMUTABLE]);
    expect(updateErrors(j, withNodeSelector(j), '1.36.1')).toEqual([]);
    const marked = job({ status: { conditions: [{ type: 'Suspended', status: 'True' }] } });
    expect(updateErrors(marked, withNodeSelector(marked), '1.36.0')).toEqual([]);
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

  // v1.36.3/v1.37.2 shouldAllowMutablePodTemplate: no active pod, whether started or not.
  it.each([V136, V137])('on %s needs no active pod even when never started', (v) => {
    const busy = job({ status: { active: 1 } });
    expect(updateErrors(busy, withCpu(busy, '2'), v)).toEqual([IMMUTABLE]);
  });

  // v1.36.3/v1.37.2 validatePodTemplateUpdate: of the affinity only nodeAffinity may change.
  it.each([V136, V137])('on %s lets nodeAffinity change but not pod anti-affinity', (v) => {
    const j = job();
    const term = { labelSelector: { matchLabels: { app: 'pi' } }, topologyKey: 'kubernetes.io/hostname' };
    const node = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } };
    expect(updateErrors(j, merge(j, { spec: { template: { spec: { affinity: { nodeAffinity: node } } } } }), v)).toEqual([]);
    const anti = merge(j, { spec: { template: { spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } } } });
    expect(updateErrors(j, anti, v)).toEqual([SPEC_IMMUTABLE]);
  });

  // validatePodResourceUpdatesOnly: resources only of a container whose name is unchanged.
  it.each([V136, V137])('on %s rejects new resources on a renamed container', (v) => {
    const j = job();
    const renamed = merge(j, { spec: { template: { spec: { containers: [container({ name: 'other', image: 'perl', resources: { requests: { cpu: '2' } } })] } } } });
    expect(updateErrors(j, renamed, v)).toEqual([SPEC_IMMUTABLE]);
  });
});
