import { describe, expect, it } from '@jest/globals';
import { applyDefaults } from '../../../src/kube/defaults';
import type { KObject } from '../../../src/kube/object';
import { formatFieldError, validateCreate } from '../../../src/kube/validation';
import { DEFAULT_VERSION } from '../../../src/kube/version';

function errors(limits: unknown[]): string[] {
  const lr = applyDefaults({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'default' }, spec: { limits } } as KObject, DEFAULT_VERSION);
  return validateCreate(lr, DEFAULT_VERSION).map((e) => formatFieldError(e));
}

describe('ValidateLimitRange', () => {
  it('accepts the kubernetes.io examples', () => {
    expect(errors([{ type: 'Container', max: { cpu: '800m' }, min: { cpu: '200m' } }])).toEqual([]);
    expect(errors([{ type: 'PersistentVolumeClaim', max: { storage: '2Gi' }, min: { storage: '1Gi' } }, { type: 'Pod', max: { cpu: '2' } }])).toEqual([]);
  });

  it('orders min <= defaultRequest <= default <= max with upstream messages', () => {
    expect(errors([{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }])).toEqual([
      'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "1": min value 2 is greater than default request value 1',
      'spec.limits[0].default[cpu]: Invalid value: "2": min value 2 is greater than default value 1',
    ]);
    expect(errors([{ type: 'Container', default: { memory: '1Gi' }, defaultRequest: { memory: '2Gi' } }])).toEqual([
      'spec.limits[0].defaultRequest[memory]: Invalid value: "2Gi": default request value 2Gi is greater than default limit value 1Gi',
    ]);
  });

  it('checks ratios, Pod defaults, PVC storage bounds, duplicate types and non-overcommittable resources', () => {
    expect(errors([{ type: 'Container', maxLimitRequestRatio: { cpu: '500m' } }])).toEqual(['spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1']);
    expect(errors([{ type: 'Pod', min: { cpu: '1' }, max: { cpu: '2' }, maxLimitRequestRatio: { cpu: '3' } }]))
      .toEqual(['spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "3": ratio 3 is greater than max/min = 2.000000']);
    expect(errors([{ type: 'Pod', default: { cpu: '1' } }])).toEqual(["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]);
    expect(errors([{ type: 'PersistentVolumeClaim', max: { cpu: '1' } }]))
      .toEqual(['spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided']);
    expect(errors([{ type: 'Pod', max: { cpu: '1' } }, { type: 'Pod', max: { cpu: '2' } }])).toEqual(['spec.limits[1].type: Duplicate value: "Pod"']);
    expect(errors([{ type: 'Container', default: { 'hugepages-2Mi': '4Mi' }, defaultRequest: { 'hugepages-2Mi': '2Mi' } }]))
      .toEqual(['spec.limits[0].defaultRequest[hugepages-2Mi]: Invalid value: "2Mi": default value 4Mi must equal to defaultRequest value 2Mi in hugepages-2Mi']);
  });
});
