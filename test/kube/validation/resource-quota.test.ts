import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import { formatFieldError, validateCreate, validateUpdate } from '../../../src/kube/validation';
import type { KubeVersion } from '../../../src/kube/version';

const V137: KubeVersion = '1.37';
const V133: KubeVersion = '1.33';

function quota(spec: unknown): KObject {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec } as KObject;
}

function errors(spec: unknown, v = V137): string[] {
  return validateCreate(quota(spec), v).map((e) => formatFieldError(e, v));
}

describe('ResourceQuota scopes (validateResourceQuotaScopes)', () => {
  it('accepts the e2e quotas: pods and compute resources under the pod scopes, pods alone under BestEffort', () => {
    expect(errors({ hard: { pods: '5', 'requests.cpu': '1', 'limits.memory': '1Gi' }, scopes: ['Terminating'] })).toEqual([]);
    expect(errors({ hard: { pods: '5' }, scopes: ['BestEffort'] })).toEqual([]);
    expect(errors({ hard: { pods: '5', configmaps: '1' }, scopes: ['NotTerminating'] })).toEqual(['spec.scopes: Invalid value: ["NotTerminating"]: unsupported scope applied to resource']);
  });

  it('refuses a resource the scope does not track: one error per resource, which the API server joins into one message', () => {
    expect(errors({ hard: { pods: '5', 'requests.cpu': '1', 'requests.memory': '1Gi' }, scopes: ['BestEffort'] })).toEqual([
      'spec.scopes: Invalid value: ["BestEffort"]: unsupported scope applied to resource',
      'spec.scopes: Invalid value: ["BestEffort"]: unsupported scope applied to resource',
    ]);
    expect(errors({ hard: { pods: '5', 'requests.cpu': '1' }, scopes: ['BestEffort'] }, V133)).toEqual([
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource',
    ]);
  });

  it('refuses unknown and conflicting scopes', () => {
    expect(errors({ hard: { pods: '5' }, scopes: ['Terminating', 'NotTerminating'] })).toEqual([
      'spec.scopes: Invalid value: ["Terminating","NotTerminating"]: conflicting scopes',
    ]);
    expect(errors({ hard: { pods: '5' }, scopes: ['Sometimes'] })).toEqual(['spec.scopes: Invalid value: ["Sometimes"]: unsupported scope']);
  });

  it('checks scope selector operators and values', () => {
    expect(errors({ hard: { pods: '5' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } })).toEqual([]);
    expect(errors({ hard: { pods: '5' }, scopeSelector: { matchExpressions: [{ scopeName: 'BestEffort', operator: 'In', values: ['x'] }] } })).toEqual([
      "spec.scopeSelector.matchExpressions.operator: Invalid value: \"In\": must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
    ]);
    expect(errors({ hard: { pods: '5' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In' }] } })).toEqual([
      "spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
    ]);
    expect(errors({ hard: { 'requests.cpu': '1' }, scopeSelector: { matchExpressions: [{ scopeName: 'BestEffort', operator: 'Exists' }] } })).toEqual([
      'spec.scopeSelector.matchExpressions: Invalid value: {"MatchExpressions":[{"ScopeName":"BestEffort","Operator":"Exists","Values":null}]}: unsupported scope applied to resource',
    ]);
  });

  it('keeps the scopes immutable', () => {
    const old = quota({ hard: { pods: '5' }, scopes: ['BestEffort'] });
    const changed = quota({ hard: { pods: '5' }, scopes: ['NotBestEffort'] });
    expect(validateUpdate(changed, old, V137).map((e) => formatFieldError(e, V137))).toEqual(['spec.scopes: Invalid value: ["NotBestEffort"]: field is immutable']);
    expect(validateUpdate(quota({ hard: { pods: '7' }, scopes: ['BestEffort'] }), old, V137)).toEqual([]);
  });
});
