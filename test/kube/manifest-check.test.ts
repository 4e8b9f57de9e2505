import { describe, expect, it } from '@jest/globals';
import { checkManifest } from '../../src/kube/manifest-check';
import { merge, pdb, statefulSet } from '../sim/apiserver/helpers';

describe('checkManifest', () => {
  it('finds nothing wrong with a valid manifest (namespace may be omitted)', () => {
    const sts = statefulSet();
    delete sts.metadata.namespace;
    expect(checkManifest(sts, '1.35')).toEqual([]);
  });

  it('reports missing apiVersion and kind', () => {
    expect(checkManifest({ metadata: { name: 'x' } }, '1.35')).toEqual([
      { path: ['apiVersion'], code: 'MANIFEST_INVALID', message: 'apiVersion not set' },
      { path: ['kind'], code: 'MANIFEST_INVALID', message: 'kind not set' },
    ]);
    expect(checkManifest('hello', '1.35')[0]!.code).toBe('MANIFEST_INVALID');
  });

  it('reports unserved APIs with a hint (seed 003-1, 000-6)', () => {
    const petset = { apiVersion: 'apps/v1alpha1', kind: 'PetSet', metadata: { name: 'web' }, spec: {} };
    expect(checkManifest(petset, '1.35')).toEqual([
      {
        path: ['apiVersion'],
        code: 'API_NOT_SERVED',
        message: 'no matches for kind "PetSet" in version "apps/v1alpha1"',
        hint: 'PetSet was renamed StatefulSet in Kubernetes 1.5; use apiVersion apps/v1, kind StatefulSet',
      },
    ]);
    const [problem] = checkManifest(merge(pdb(), { apiVersion: 'policy/v1beta1' }), '1.29');
    expect(problem).toMatchObject({ code: 'API_NOT_SERVED', hint: 'policy/v1beta1 was removed in 1.25; use policy/v1' });
  });

  it('reports validation errors at the field the user wrote', () => {
    const problems = checkManifest(statefulSet({ spec: { replicas: -1, selector: { matchLabels: { app: 'db' } } } }), '1.35');
    expect(problems).toEqual([
      { path: ['spec', 'replicas'], code: 'MANIFEST_INVALID', message: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0' },
      { path: ['spec', 'template', 'metadata', 'labels'], code: 'MANIFEST_INVALID', message: 'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`' },
    ]);
  });

  it('points errors on defaulted fields at the nearest field the user wrote', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
    };
    expect(checkManifest(job, '1.35')).toEqual([
      {
        path: ['spec', 'template', 'spec'],
        code: 'MANIFEST_INVALID',
        message: 'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
      },
    ]);
  });

  it('applies the version: maxUnavailable 0 only fails where the gate is on (1.35.0)', () => {
    const sts = statefulSet({ spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } } });
    expect(checkManifest(sts, '1.34')).toEqual([]);
    expect(checkManifest(sts, '1.35')).toEqual([]);
    expect(checkManifest(sts, '1.35.0').map((p) => p.path)).toEqual([['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable']]);
  });

  it('rejects both minAvailable and maxUnavailable on a PDB (seed 000-6)', () => {
    const [problem] = checkManifest(pdb({ spec: { minAvailable: 2 } }), '1.35');
    expect(problem!.message).toMatch(/^spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
    expect(problem!.path).toEqual(['spec']);
  });
});
