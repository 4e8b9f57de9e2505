/**
 * spec.requires.kubernetesVersion when a scenario loads: the version it runs at on the simulator
 * must lie in the range (else an error at file:line:col), and `--kubernetes-version` moves only
 * scenarios that pin none, marking those outside their range to be skipped.
 */
import { describe, expect, test } from '@jest/globals';
import { loadScenarioText } from '../../src/scenario/load';

function scenario(spec: string): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: ranged}
spec:
${spec}  steps:
    - sleep: 1s
`;
}

async function load(spec: string, kubernetesVersion?: '1.29' | '1.33' | '1.36') {
  return loadScenarioText('s.yaml', scenario(spec), undefined, kubernetesVersion ? { kubernetesVersion } : {});
}

describe('spec.requires.kubernetesVersion on load', () => {
  test('a scenario in its range loads with the range parsed', async () => {
    const r = await load('  requires: {kubernetesVersion: ">=1.33"}\n');
    expect(r.errors).toEqual([]);
    expect(r.scenario!.versionRange!.text).toBe('>=1.33');
    expect(r.scenario!.cluster.kubernetesVersion).toBe('1.37');
  });

  test('a pin outside the range is an error at the pin', async () => {
    const r = await load('  requires: {kubernetesVersion: ">=1.33"}\n  cluster:\n    kubernetesVersion: "1.31"\n');
    expect(r.errors.map((e) => e.describe())).toEqual([
      's.yaml:7:24: kubernetesVersion "1.31" is outside the scenario\'s spec.requires.kubernetesVersion \'>=1.33\'\n  hint: pin one of 1.33, 1.34, 1.35, 1.36, 1.37',
    ]);
  });

  test('no pin and a range without the default: an error at the range, asking for a pin', async () => {
    const r = await load('  requires:\n    kubernetesVersion: "<1.36"\n');
    expect(r.errors.map((e) => e.describe())).toEqual([
      "s.yaml:6:24: the scenario pins no kubernetesVersion and the default, 1.37, is outside its range '<1.36'\n  hint: pin one of 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35 in spec.cluster.kubernetesVersion",
    ]);
  });

  test('a range of no supported minor, and one that is not a range', async () => {
    expect((await load('  requires: {kubernetesVersion: ">=1.40"}\n')).errors.map((e) => e.message)).toEqual(["kubernetesVersion '>=1.40' matches none of the supported minors"]);
    const bad = (await load('  requires: {kubernetesVersion: "^1.33"}\n')).errors;
    expect(bad).toHaveLength(1);
    expect(bad[0]!.describe()).toBe("s.yaml:5:33: '^1.33' is not a comparator of Kubernetes versions (write >=1.33, <1.36, 1.35, <1.35.4...)");
  });

  test('--kubernetes-version moves a scenario that pins none, and only into its range', async () => {
    expect((await load('', '1.29')).scenario!.cluster.kubernetesVersion).toBe('1.29');
    const inside = (await load('  requires: {kubernetesVersion: ">=1.33"}\n', '1.33')).scenario!;
    expect([inside.cluster.kubernetesVersion, inside.skip]).toEqual(['1.33', undefined]);
    const outside = (await load('  requires: {kubernetesVersion: ">=1.33"}\n', '1.29')).scenario!;
    expect(outside.cluster.kubernetesVersion).toBe('1.37');
    expect(outside.skip).toBe("skipped: the scenario holds on Kubernetes '>=1.33' (spec.requires.kubernetesVersion); this run is at 1.29 (--kubernetes-version)");
  });

  test('--kubernetes-version leaves a pinned scenario at its pin', async () => {
    const s = (await load('  cluster: {kubernetesVersion: "1.34"}\n', '1.29')).scenario!;
    expect([s.cluster.kubernetesVersion, s.skip]).toEqual(['1.34', undefined]);
  });
});
