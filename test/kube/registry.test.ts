import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../src/errors';
import { SUPPORTED_VERSIONS } from '../../src/kube/version';
import { kindForResourceName, removedApiHint, resolveType, servedTypes, typeForKind } from '../../src/kube/registry';

const REQUIRED: Array<[string, string]> = [
  ['v1', 'Namespace'], ['v1', 'Node'], ['v1', 'Pod'], ['v1', 'Service'], ['v1', 'Endpoints'], ['v1', 'PersistentVolume'],
  ['v1', 'PersistentVolumeClaim'], ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'Event'], ['v1', 'ServiceAccount'],
  ['apps/v1', 'StatefulSet'], ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ControllerRevision'],
  ['batch/v1', 'Job'], ['batch/v1', 'CronJob'], ['policy/v1', 'PodDisruptionBudget'], ['storage.k8s.io/v1', 'StorageClass'],
  ['discovery.k8s.io/v1', 'EndpointSlice'], ['events.k8s.io/v1', 'Event'], ['coordination.k8s.io/v1', 'Lease'],
];

const REMOVED: Array<[string, string]> = [
  ['apps/v1alpha1', 'PetSet'], ['apps/v1beta1', 'StatefulSet'], ['apps/v1beta2', 'Deployment'], ['extensions/v1beta1', 'Deployment'],
  ['extensions/v1beta1', 'Ingress'], ['batch/v1beta1', 'CronJob'], ['policy/v1beta1', 'PodDisruptionBudget'],
  ['storage.k8s.io/v1beta1', 'StorageClass'], ['discovery.k8s.io/v1beta1', 'EndpointSlice'], ['events.k8s.io/v1beta1', 'Event'],
  ['coordination.k8s.io/v1beta1', 'Lease'],
];

describe('resolveType', () => {
  it.each(SUPPORTED_VERSIONS)('serves every GA type in %s', (v) => {
    for (const [apiVersion, kind] of REQUIRED) expect(resolveType(apiVersion, kind, v).kind).toBe(kind);
  });

  it.each(SUPPORTED_VERSIONS)('serves no removed API in %s', (v) => {
    for (const [apiVersion, kind] of REMOVED) expect(() => resolveType(apiVersion, kind, v)).toThrow(ApiError);
  });

  it('uses the RESTMapper wording', () => {
    expect(() => resolveType('apps/v1alpha1', 'PetSet', '1.35')).toThrow('no matches for kind "PetSet" in version "apps/v1alpha1"');
    expect(() => resolveType('apps/v1', 'Statefulset', '1.35')).toThrow('no matches for kind "Statefulset" in version "apps/v1"');
  });

  it('stops serving flowcontrol v1beta3 in 1.32', () => {
    expect(resolveType('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.31').version).toBe('v1beta3');
    expect(() => resolveType('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32')).toThrow(ApiError);
    expect(servedTypes('1.31').length).toBe(servedTypes('1.32').length + 2);
  });

  it('serves the same types on 1.36 and 1.37 as on 1.35 (no GA version of these kinds was added or removed)', () => {
    const names = (v: '1.35' | '1.36' | '1.37') => servedTypes(v).map((t) => `${t.group}/${t.version} ${t.kind}`);
    expect(names('1.36')).toEqual(names('1.35'));
    expect(names('1.37')).toEqual(names('1.35'));
    expect(() => resolveType('autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.37')).toThrow(ApiError);
  });

  it('describes the type', () => {
    expect(resolveType('apps/v1', 'StatefulSet', '1.35')).toEqual({
      group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', singular: 'statefulset', shortNames: ['sts'], namespaced: true, hasStatus: true,
    });
    expect(typeForKind('PersistentVolume').namespaced).toBe(false);
    expect(typeForKind('Event').group).toBe('');
  });
});

describe('kindForResourceName', () => {
  it.each([
    ['sts', 'StatefulSet'], ['statefulset', 'StatefulSet'], ['statefulsets', 'StatefulSet'], ['StatefulSet', 'StatefulSet'],
    ['statefulsets.apps', 'StatefulSet'], ['sts.v1.apps', 'StatefulSet'], ['pvc', 'PersistentVolumeClaim'], ['po', 'Pod'],
    ['svc', 'Service'], ['deploy', 'Deployment'], ['pdb', 'PodDisruptionBudget'], ['no', 'Node'], ['ns', 'Namespace'],
    ['ep', 'Endpoints'], ['endpoints', 'Endpoints'], ['sc', 'StorageClass'], ['cj', 'CronJob'], ['ev', 'Event'], ['pv', 'PersistentVolume'],
  ])('%s names %s', (name, kind) => {
    expect(kindForResourceName(name)).toBe(kind);
  });

  it('returns undefined for unknown names', () => {
    expect(kindForResourceName('petsets')).toBeUndefined();
    expect(kindForResourceName('statefulsets.extensions')).toBeUndefined();
  });
});

describe('removedApiHint', () => {
  it('explains PetSet and removed beta versions', () => {
    expect(removedApiHint('apps/v1alpha1', 'PetSet')).toBe('PetSet was renamed StatefulSet in Kubernetes 1.5; use apiVersion apps/v1, kind StatefulSet');
    expect(removedApiHint('policy/v1beta1', 'PodDisruptionBudget')).toBe('policy/v1beta1 was removed in 1.25; use policy/v1');
    expect(removedApiHint('extensions/v1beta1', 'Ingress')).toBe('extensions/v1beta1 was removed in 1.22; use networking.k8s.io/v1');
    expect(removedApiHint('batch/v1beta1', 'CronJob')).toBe('batch/v1beta1 was removed in 1.25; use batch/v1');
  });

  it('points a wrong version of a served kind at the served one', () => {
    expect(removedApiHint('apps/v2', 'Deployment')).toBe('Deployment is served as apps/v1; use apiVersion apps/v1');
    expect(removedApiHint('example.com/v1', 'Widget')).toBeUndefined();
  });
});
