import { describe, expect, it } from '@jest/globals';
import type { KObject } from '../../../src/kube/object';
import { formatFieldError, validateCreate, validateStatusUpdate, validateUpdate } from '../../../src/kube/validation';
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

describe('ResourceQuota hard resources (ValidateResourceQuotaResourceName, ValidateResourceQuantityValue)', () => {
  it('accepts the standard names, hugepages, object counts and prefixed names as they are', () => {
    expect(errors({
      hard: {
        cpu: '0.5', 'limits.memory': '1.5Gi', 'requests.hugepages-2Mi': '1Gi', pods: 10, 'services.loadbalancers': '0',
        'count/deployments.apps': '2', 'requests.nvidia.com/gpu': '0.5', 'gold.storageclass.storage.k8s.io/requests.storage': '500Gi',
      },
    })).toEqual([]);
  });

  it('refuses a name that is no standard resource with both messages', () => {
    expect(errors({ hard: { 'limits.pods': '4' } })).toEqual([
      'spec.hard[limits.pods]: Invalid value: "limits.pods": must be a standard resource type or fully qualified',
      'spec.hard[limits.pods]: Invalid value: "limits.pods": must be a standard resource for quota',
    ]);
    // `storage` is a standard resource but not a quota resource
    expect(errors({ hard: { storage: '1Gi' } })).toEqual(['spec.hard[storage]: Invalid value: "storage": must be a standard resource for quota']);
    // an unqualified name: the name's own errors, then still the quota check
    const bad = errors({ hard: { 'pods!': '1' } });
    expect(bad).toHaveLength(2);
    expect(bad[0]).toMatch(/^spec\.hard\[pods!\]: Invalid value: "pods!": name part must consist of alphanumeric characters/);
    expect(bad[1]).toBe('spec.hard[pods!]: Invalid value: "pods!": must be a standard resource for quota');
  });

  it('refuses negative values with the quantity as text, on every release', () => {
    for (const v of [V133, V137]) expect(errors({ hard: { 'requests.memory': '-1Gi' } }, v)).toEqual(['spec.hard[requests.memory]: Invalid value: "-1Gi": must be greater than or equal to 0']);
  });

  it('refuses fractions of integer resources: the Quantity as Go syntax up to 1.33, as JSON from 1.34', () => {
    expect(errors({ hard: { pods: '1500m' } })).toEqual(['spec.hard[pods]: Invalid value: "1500m": must be an integer']);
    expect(errors({ hard: { pods: '1500m' } }, V133)).toEqual([
      'spec.hard[pods]: Invalid value: resource.Quantity{i:resource.int64Amount{value:1500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1500m", Format:"DecimalSI"}: must be an integer',
    ]);
    // 0.5 is no canonical text: ParseQuantity caches none, and JSON prints the canonical 500m
    expect(errors({ hard: { 'count/pods': '0.5' } })).toEqual(['spec.hard[count/pods]: Invalid value: "500m": must be an integer']);
    expect(errors({ hard: { 'count/pods': '0.5' } }, V133)).toEqual([
      'spec.hard[count/pods]: Invalid value: resource.Quantity{i:resource.int64Amount{value:5, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}: must be an integer',
    ]);
    // extended resources are integer resources; requests.-prefixed ones are not (IsExtendedResourceName)
    expect(errors({ hard: { 'nvidia.com/gpu': '1.5' } })).toEqual(['spec.hard[nvidia.com/gpu]: Invalid value: "1500m": must be an integer']);
    expect(errors({ hard: { pods: '-1.5' } })).toEqual([
      'spec.hard[pods]: Invalid value: "-1500m": must be greater than or equal to 0',
      'spec.hard[pods]: Invalid value: "-1500m": must be an integer',
    ]);
  });

  it('counts a value within a milli-unit of a whole number as whole, as MilliValue rounds', () => {
    expect(errors({ hard: { pods: '1.9999' } })).toEqual([]);
    expect(errors({ hard: { pods: '1.001' } })).toHaveLength(1);
  });

  it('checks the status lists of a status write the same way', () => {
    const q = { ...quota({ hard: { pods: '2' } }), metadata: { name: 'q', namespace: 'default', resourceVersion: '1' } } as KObject;
    const written = { ...q, status: { hard: { pods: '2' }, used: { pods: '0.5', 'limits.pods': '1' } } } as KObject;
    expect(validateStatusUpdate(written, q, V137).map((e) => formatFieldError(e, V137))).toEqual([
      'status.used[limits.pods]: Invalid value: "limits.pods": must be a standard resource type or fully qualified',
      'status.used[limits.pods]: Invalid value: "limits.pods": must be a standard resource for quota',
      'status.used[pods]: Invalid value: "500m": must be an integer',
    ]);
  });
});
