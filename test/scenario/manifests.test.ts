/**
 * How the loader reports what the API-server rules (checkManifest) find. checkManifest belongs to
 * the simulator's API server and is replaced here by a small stand-in with two rules, so these
 * tests check the loader's part: locations, codes, and skipping steps that expect an error.
 */
import { describe, expect, jest, test } from '@jest/globals';
import type { ManifestProblem } from '../../src/kube/manifest-check';
import { at, linesOf, withSteps } from './helpers';

const seen: Array<{ kind: unknown; version: string }> = [];

jest.mock('../../src/kube/manifest-check', () => ({
  checkManifest: (obj: Record<string, unknown>, version: string): ManifestProblem[] => {
    seen.push({ kind: obj['kind'], version });
    const problems: ManifestProblem[] = [];
    if (obj['apiVersion'] === 'policy/v1beta1') {
      problems.push({ path: ['apiVersion'], code: 'API_NOT_SERVED', message: 'no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"', hint: 'use policy/v1' });
    }
    const spec = obj['spec'] as Record<string, unknown> | undefined;
    if (typeof spec?.['replicas'] === 'number' && spec['replicas'] < 0) {
      problems.push({ path: ['spec', 'replicas'], code: 'MANIFEST_INVALID', message: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0' });
    }
    return problems;
  },
}));

describe('API rules of manifests', () => {
  test('problems are located at the field, in every form of manifest', async () => {
    const files: Record<string, string> = { 'pdb.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: zk}\n' };
    const text = withSteps(`
      - apply: pdb.yaml
      - apply: |
          apiVersion: apps/v1
          kind: StatefulSet
          metadata: {name: web}
          spec:
            replicas: -1
      - create: {apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {replicas: -2}}
    `);
    const lines = await linesOf(text, 's.yaml', async (f) => files[f]);
    expect(lines).toEqual([
      `MANIFEST_INVALID ${at(text, '-1')} spec.replicas: Invalid value: -1: must be greater than or equal to 0`,
      `MANIFEST_INVALID ${at(text, '-2')} spec.replicas: Invalid value: -1: must be greater than or equal to 0`,
      'API_NOT_SERVED 1:13 no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"',
    ]);
  });

  test('checked against the scenario\'s Kubernetes version', async () => {
    seen.length = 0;
    const text = withSteps(`
      - apply: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
    `).replace('spec:\n', 'spec:\n  cluster: {kubernetesVersion: "1.30"}\n');
    expect(await linesOf(text)).toEqual([]);
    expect(seen).toEqual([{ kind: 'ConfigMap', version: '1.30' }]);
  });

  test('not when the step expects the API to refuse them', async () => {
    seen.length = 0;
    const text = withSteps(`
      - expectError: no matches for kind
        apply: {apiVersion: policy/v1beta1, kind: PodDisruptionBudget, metadata: {name: zk}}
    `);
    expect(await linesOf(text)).toEqual([]);
    expect(seen).toEqual([]);
  });
});
