/**
 * The differential run's selection and bookkeeping (the run itself is `npm run test:differential`):
 * which scenarios the real control plane can judge, and the divergences docs/divergences.md lists.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusedSteps } from '../../src/controlplane/backend';
import { loadScenarioText } from '../../src/scenario/load';
import type { LoadedScenario } from '../../src/scenario/loaded';
import { DIVERGENCES_FILE, ineligibility, kubeletBehaviour, listedDivergences } from './differential';

async function scenario(steps: string, cluster = ''): Promise<LoadedScenario> {
  const text = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
${cluster}  steps:
${steps}`;
  const r = await loadScenarioText(join(__dirname, 'inline.yaml'), text);
  if (!r.scenario) throw new Error(r.errors.map((e) => e.describe()).join('\n'));
  return r.scenario;
}

const DEPLOYMENT = (container: string) => `    - apply: |
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - ${container}
`;

describe('which scenarios run on both', () => {
  test('a scenario of objects, scheduling and node faults runs on both', async () => {
    const s = await scenario(`${DEPLOYMENT('{name: c, image: nginx}')}    - killNode: worker-1
    - expect: {within: 2m, resources: [{kind: Pod, selector: {app: web}, count: 1}]}
`);
    expect(ineligibility(s)).toBeUndefined();
  });

  test("what needs a kubelet is left out, with the reason", async () => {
    const probe = await scenario(DEPLOYMENT('{name: c, image: nginx, readinessProbe: {httpGet: {path: /, port: 80}}}'));
    expect(kubeletBehaviour(probe)).toEqual(['probes (readinessProbe in Deployment web)']);
    const job = await scenario(`    - apply: |
        apiVersion: batch/v1
        kind: Job
        metadata: {name: pi}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: pi, image: perl, command: [perl, -e, "1"]}]
`);
    expect(kubeletBehaviour(job)).toEqual(['containers that run to completion (Job pi)']);
    const pull = await scenario(`${DEPLOYMENT('{name: c, image: nginx}')}    - expect: {resources: [{kind: Pod, selector: {app: web}, each: {match: {status: {containerStatuses: [{state: {waiting: {reason: ErrImagePull}}}]}}}}]}
`);
    expect(ineligibility(pull)).toBe('image pulls (an expected pull failure)');
    const unpullable = await scenario(DEPLOYMENT('{name: c, image: "nginx:sometag"}'), '  cluster: {images: {"nginx:sometag": {pull: fail}}}\n');
    expect(ineligibility(unpullable)).toBe('image pulls (nginx:sometag cannot be pulled)');
    const reboot = await scenario('    - killNode: worker-1\n    - restartNode: worker-1\n');
    expect(refusedSteps(reboot).map((e) => `${e.code} ${e.location?.line}`)).toEqual(['UNSUPPORTED 7']);
    expect(ineligibility(reboot)).toMatch(/^the restartNode step cannot run on KWOK nodes: a rebooted node restarts its containers/);
    const storageClass = await scenario(`    - apply: |
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: expandable}
        provisioner: rancher.io/local-path
        allowVolumeExpansion: true
`);
    expect(refusedSteps(storageClass).map((e) => `${e.code} ${e.location?.line}`)).toEqual(['UNSUPPORTED 7']);
    expect(ineligibility(storageClass)).toMatch(/^StorageClass expandable of rancher\.io\/local-path is created by a step: the kwok backend's provisioner knows only/);
    const files = await scenario(`${DEPLOYMENT('{name: c, image: nginx}')}    - writeFile: {pod: web-0, path: /a, content: x}
`);
    expect(ineligibility(files)).toContain('the writeFile step needs pod I/O');
    const rejected = await scenario(`${DEPLOYMENT('{name: c, image: nginx}')}    - expect: {resources: [{kind: Pod, selector: {app: web}, each: {match: {status: {reason: PodOSNotSupported}}}}]}
`);
    expect(ineligibility(rejected)).toBe("the kubelet's pod admission (a rejected pod expected in a check)");
    const configError = await scenario(`${DEPLOYMENT('{name: c, image: nginx}')}    - expect: {resources: [{kind: Pod, selector: {app: web}, each: {match: {status: {containerStatuses: [{state: {waiting: {reason: CreateContainerConfigError}}}]}}}}]}
`);
    expect(ineligibility(configError)).toBe('container waiting reasons the kubelet reports (expected in a check)');
    const hour = await scenario(`${DEPLOYMENT('{name: c, image: nginx}')}    - sleep: 45m\n    - sleep: 15m\n`);
    expect(ineligibility(hour)).toBe('sleeps of 60 minutes, which a real control plane takes in real time');
    expect(ineligibility(await scenario(`${DEPLOYMENT('{name: c, image: nginx}')}    - sleep: 15m\n`))).toBeUndefined();
    const other = await scenario('    - killNode: worker-1\n', '  cluster: {kubernetesVersion: "1.33"}\n');
    expect(ineligibility(other)).toBe('Kubernetes 1.33 (the differential run uses 1.37)');
  });
});

describe('docs/divergences.md', () => {
  test('the table rows name scenarios in backquotes, with the reason last', () => {
    const md = '| scenario | simulator | control plane | reason |\n| --- | --- | --- | --- |\n| `a-b` | passed | failed | KWOK starts pods at once |\n| not a row |\n';
    expect([...listedDivergences(md)]).toEqual([['a-b', 'KWOK starts pods at once']]);
  });

  test('every listed scenario exists and has a reason', async () => {
    const listed = listedDivergences(readFileSync(DIVERGENCES_FILE, 'utf8'));
    const { loadScenarioPaths } = await import('../../src/scenario/load');
    const { scenarios } = await loadScenarioPaths([join(__dirname, '../../scenarios')]);
    const names = new Set(scenarios.map((s) => s.scenario.metadata.name));
    for (const [name, reason] of listed) {
      expect(names.has(name) ? name : `unknown scenario ${name}`).toBe(name);
      expect(reason.length).toBeGreaterThan(10);
    }
  }, 60_000); // loads every scenario
});
