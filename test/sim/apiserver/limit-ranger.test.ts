import { describe, expect, it } from '@jest/globals';
import type { LimitRange, Pod } from 'kubernetes-types/core/v1';
import { applyDefaults } from '../../../src/kube/defaults';
import type { KObject } from '../../../src/kube/object';
import { DEFAULT_VERSION } from '../../../src/kube/version';
import { LIMIT_RANGER_ANNOTATION, aggregateMessage, limitRangerDefaults, limitRangerValidate } from '../../../src/sim/apiserver/limit-ranger';
import { pod, pvc } from './helpers';

const range = (limits: unknown[]): LimitRange =>
  applyDefaults({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'default' }, spec: { limits } } as KObject, DEFAULT_VERSION) as unknown as LimitRange;

const withResources = (resources: unknown, init?: unknown): KObject =>
  pod({ spec: { containers: [{ name: 'app', image: 'nginx', resources }], ...(init ? { initContainers: [{ name: 'setup', image: 'busybox', resources: init }] } : {}) } });

function refusal(obj: KObject, ranges: LimitRange[], old?: KObject): string | undefined {
  try {
    limitRangerValidate(obj, old, ranges);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('LimitRange defaulting (SetDefaults_LimitRangeItem)', () => {
  it('defaults a Container item: limit from max, request from the default limit, else from min', () => {
    const [item] = range([{ type: 'Container', max: { cpu: '800m' }, min: { cpu: '200m', memory: '1Mi' } }]).spec!.limits;
    expect(item!.default).toEqual({ cpu: '800m' });
    expect(item!.defaultRequest).toEqual({ cpu: '800m', memory: '1Mi' });
  });

  it('leaves Pod items and stated defaults alone', () => {
    const [podItem, container] = range([{ type: 'Pod', max: { cpu: '2' } }, { type: 'Container', max: { cpu: '2' }, default: { cpu: '1' }, defaultRequest: { cpu: '500m' } }]).spec!.limits;
    expect(podItem!.default).toBeUndefined();
    expect(container!.default).toEqual({ cpu: '1' });
    expect(container!.defaultRequest).toEqual({ cpu: '500m' });
  });
});

describe('LimitRanger defaults', () => {
  const lr = range([{ type: 'Container', default: { memory: '512Mi', cpu: '1' }, defaultRequest: { memory: '256Mi', cpu: '500m' } }]);

  it('fills containers and init containers, and writes the annotation in upstream order', () => {
    const out = limitRangerDefaults(withResources({ requests: { cpu: '100m' } }, {}) as unknown as Pod, [lr]);
    expect(out.spec!.containers[0]!.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    expect(out.spec!.initContainers![0]!.resources).toEqual({ requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    expect(out.metadata!.annotations![LIMIT_RANGER_ANNOTATION]).toBe(
      'LimitRanger plugin set: memory request for container app; cpu, memory limit for container app; '
      + 'cpu, memory request for init container setup; cpu, memory limit for init container setup');
  });

  it('returns the pod unchanged when every container states everything', () => {
    const p = withResources({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }) as unknown as Pod;
    expect(limitRangerDefaults(p, [lr])).toBe(p);
  });
});

describe('LimitRanger validation', () => {
  const containers = range([{ type: 'Container', min: { cpu: '200m' }, max: { cpu: '800m' }, maxLimitRequestRatio: { memory: '2' } }]);

  it('refuses a limit over the max and a request under the min with the plugin messages', () => {
    expect(refusal(withResources({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1.5', memory: '1Gi' } }), [containers]))
      .toBe('pods "web-0" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m');
    expect(refusal(withResources({ requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '800m', memory: '1Gi' } }), [containers]))
      .toBe('pods "web-0" is forbidden: minimum cpu usage per Container is 200m, but request is 100m');
  });

  it('reports the ratio with %f and several failures in brackets', () => {
    expect(refusal(withResources({ requests: { cpu: '500m', memory: '100Mi' }, limits: { cpu: '800m', memory: '300Mi' } }), [containers]))
      .toBe('pods "web-0" is forbidden: memory max limit to request ratio per Container is 2, but provided ratio is 3.000000');
    expect(refusal(withResources({}), [containers])).toBe('pods "web-0" is forbidden: [minimum cpu usage per Container is 200m.  No request is specified, '
      + 'maximum cpu usage per Container is 800m.  No limit is specified, memory max limit to request ratio per Container is 2, but no request is specified or request is 0]');
  });

  it('checks Pod items against the pod totals (sum of containers, max with init containers)', () => {
    const podMax = range([{ type: 'Pod', max: { cpu: '1' } }]);
    const twoContainers = pod({ spec: { containers: [
      { name: 'a', image: 'nginx', resources: { requests: { cpu: '600m' }, limits: { cpu: '600m' } } },
      { name: 'b', image: 'nginx', resources: { requests: { cpu: '600m' }, limits: { cpu: '600m' } } },
    ] } });
    expect(refusal(twoContainers, [podMax])).toBe('pods "web-0" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m');
    const bigInit = withResources({ requests: { cpu: '100m' }, limits: { cpu: '100m' } }, { requests: { cpu: '900m' }, limits: { cpu: '900m' } });
    expect(refusal(bigInit, [podMax])).toBeUndefined();
  });

  it('checks claims on create and update, and skips pod updates and terminating objects', () => {
    const storage = range([{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '2Gi' } }]);
    expect(refusal(pvc({ spec: { resources: { requests: { storage: '5Gi' } } } }), [storage]))
      .toBe('persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi');
    expect(refusal(pvc({ spec: { resources: { requests: { storage: '500Mi' } } } }), [storage], pvc()))
      .toBe('persistentvolumeclaims "data" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    expect(refusal(withResources({}), [containers], pod())).toBeUndefined();
    expect(refusal(pvc({ spec: { resources: { requests: { storage: '5Gi' } } } }), [storage], pvc({ metadata: { deletionTimestamp: '2025-01-01T00:00:00Z' } }))).toBeUndefined();
  });

  it('aggregates duplicate messages once', () => {
    expect(aggregateMessage(['a', 'a'])).toBe('a');
    expect(aggregateMessage(['a', 'b'])).toBe('[a, b]');
  });
});
