/**
 * A scenario that needs what the chosen backend lacks is refused before it runs: every step or
 * field that needs a missing capability is named with its file:line:col and a hint.
 */
import { describe, expect, test } from '@jest/globals';
import { SimulatorBackend } from '../../src/backends/simulator/index';
import { capabilityNeeds, unmetNeeds } from '../../src/runner/capabilities';
import { loadScenarioPaths } from '../../src/scenario/load';
import { writeFiles } from '../support/inline';

const SCENARIO = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: needs}
spec:
  cluster:
    images:
      "nginx:9.9-missing": {pull: fail}
      "nginx:1.25": {pullSeconds: 20}
  steps:
    - killNode: worker-1
    - failProbe: {pod: web-0, probe: readiness}
    - expect:
        files: [{pod: web-0, path: /x, content: "y"}]
    - kubectl: get pods
    - scale: {target: statefulset/web, replicas: 2}
`;

async function load() {
  const dir = writeFiles({ 's.yaml': SCENARIO });
  const { scenarios, errors } = await loadScenarioPaths([`${dir}/s.yaml`]);
  expect(errors).toEqual([]);
  return scenarios[0]!;
}

describe('capabilities a scenario needs', () => {
  test('found from verbs, checks and image pull timing (a failing pull needs nothing: real clusters fail it too), with positions', async () => {
    const needs = capabilityNeeds(await load());
    expect(needs.map((n) => [n.capability, n.what, n.location.line])).toEqual([
      ['simulator', 'spec.cluster.images["nginx:1.25"].pullSeconds (image pull timing)', 8],
      ['nodeFaults', 'the killNode step', 10],
      ['simulator', 'the failProbe step', 11],
      ['podIO', 'an expect.files check', 13],
      ['kubectl', 'the kubectl step', 14],
    ]);
  });

  test('a backend without them refuses each with the backend named and a hint', async () => {
    const errors = unmetNeeds(await load(), { name: 'cluster', capabilities: {} });
    expect(errors).toHaveLength(5);
    expect(errors[1]!.describe()).toMatch(/s\.yaml:10:7: the killNode step needs node faults, which the cluster backend does not have\n  hint: /);
    expect(errors.every((e) => e.code === 'UNSUPPORTED')).toBe(true);
  });

  test('the simulator meets them all (kubectl through kscenario serve)', async () => {
    const sim = new SimulatorBackend({ seed: 1 });
    expect(unmetNeeds(await load(), sim)).toEqual([]);
  });
});

describe('what the simulator does not implement', () => {
  const GAPS = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: gaps}
spec:
  steps:
    - apply: |
        apiVersion: batch/v1
        kind: Job
        metadata: {name: pi}
        spec:
          completionMode: Indexed
          completions: 2
          template:
            spec:
              runtimeClassName: gvisor
              restartPolicy: Never
              containers: [{name: pi, image: perl}]
    - apply:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              securityContext: {sysctls: [{name: net.core.somaxconn, value: "1024"}]}
              containers: [{name: web, image: nginx}]
    - apply:
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web}
        spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 3}
    - name: refused anyway
      expectError: !regex "."
      apply:
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: rc}
        spec: {template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: nginx}]}}}
`;

  test('each field or kind is refused where it is written, with a hint; a step expecting an error is left alone; real clusters refuse nothing', async () => {
    const dir = writeFiles({ 'g.yaml': GAPS });
    const { scenarios, errors } = await loadScenarioPaths([`${dir}/g.yaml`]);
    expect(errors).toEqual([]);
    const refused = unmetNeeds(scenarios[0]!, new SimulatorBackend({ seed: 1 }));
    expect(refused.map((e) => [e.message, e.location?.line])).toEqual([
      ['the simulator does not implement spec.template.spec.runtimeClassName yet (the RuntimeClass admission plugin and runtime handlers)', 15],
      ['the simulator does not implement spec.template.spec.securityContext.sysctls yet (the kubelet\'s sysctl admission)', 27],
      ['the simulator does not implement HorizontalPodAutoscaler yet (the horizontal pod autoscaler and a metrics pipeline)', 30],
    ]);
    expect(refused[0]!.describe()).toMatch(/g\.yaml:15:\d+: the simulator does not implement spec\.template\.spec\.runtimeClassName yet .*\n  hint: remove it from the manifest, or run the scenario on a real cluster/);
    expect(unmetNeeds(scenarios[0]!, { name: 'cluster', capabilities: {} })).toEqual([]);
  });
});

describe('fields the field inventory classifies as unimplemented', () => {
  const NEW_GAPS = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: inventory-gaps}
spec:
  steps:
    - apply:
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report}
        spec:
          schedule: "*/5 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: report
                      image: busybox
                      envFrom: [{configMapRef: {name: settings}}]
                      lifecycle: {postStart: {httpGet: {port: 80}}}
                  volumes:
                    - {name: logs, hostPath: {path: /var/log/app, type: Directory}}
                    - {name: data, hostPath: {path: /data, type: DirectoryOrCreate}}
    - apply:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        binaryData: {blob: AAEC}
    - apply:
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: ebs}
        spec:
          capacity: {storage: 1Gi}
          accessModes: [ReadWriteOnce]
          awsElasticBlockStore: {volumeID: vol-1}
    - apply:
        apiVersion: v1
        kind: Endpoints
        metadata: {name: external}
        subsets: [{addresses: [{ip: 192.0.2.10}], ports: [{port: 80}]}]
`;

  test('each is refused at the field with file:line:col; a value that is implemented is not', async () => {
    const dir = writeFiles({ 'n.yaml': NEW_GAPS });
    const { scenarios, errors } = await loadScenarioPaths([`${dir}/n.yaml`]);
    expect(errors).toEqual([]);
    const refused = unmetNeeds(scenarios[0]!, new SimulatorBackend({ seed: 1 }));
    expect(refused.map((e) => [e.message.replace(/ yet \(.*/, ''), e.location?.line])).toEqual([
      ['the simulator does not implement spec.jobTemplate.spec.template.spec.containers[0].lifecycle.postStart', 21],
      ['the simulator does not implement spec.jobTemplate.spec.template.spec.volumes[0].hostPath.type', 23],
      ['the simulator does not implement binaryData', 29],
      ['the simulator does not implement spec.awsElasticBlockStore', 37],
      ['the simulator does not implement subsets', 42],
    ]);
    expect(refused[0]!.describe()).toMatch(/n\.yaml:21:\d+: the simulator does not implement spec\.jobTemplate\.spec\.template\.spec\.containers\[0\]\.lifecycle\.postStart yet \(postStart hooks/);
    expect(refused[2]!.describe()).toMatch(/n\.yaml:29:21: the simulator does not implement binaryData yet \(binaryData keys as files of configMap volumes\)\n  hint: remove it/);
  });
});

