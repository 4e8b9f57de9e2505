/**
 * Values of the wrong type in manifests, end to end: `validate` refuses them at the field with the
 * API server's message and a hint (issue 13: they used to pass, and `replicas: "three"` spun into
 * a livelock), and the simulated API server refuses them when a step writes them at run time, so
 * `expectError` can assert the message.
 */
import { describe, expect, test } from '@jest/globals';
import { indented, runInline, webDeployment, webDeploymentScenario } from '../support/inline';

/** A scenario applying one inline manifest. */
function applying(manifest: string): string {
  return `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: types}
spec:
  steps:
    - apply: |
${indented(manifest, 8)}
`;
}

const DEPLOYMENT = (replicas: string, podSpec?: string) => webDeployment(replicas, podSpec);

async function validate(manifest: string): Promise<{ code: number; out: string }> {
  const r = await runInline({ 's.yaml': applying(manifest) }, ['validate', 's.yaml']);
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('validate refuses mistyped fields at the field', () => {
  test.each([
    ['"three"', 'string', 'replicas must be an integer (int32)'],
    ['"3"', 'string', 'replicas must be an integer: write replicas: 3 without quotes'],
    ['1.5', 'number 1.5', 'replicas must be a whole number'],
    ['2147483648', 'number 2147483648', 'replicas is an int32: it must be between -2147483648 and 2147483647'],
  ])('replicas: %s', async (replicas, value, hint) => {
    const { code, out } = await validate(DEPLOYMENT(replicas));
    expect(code).toBe(2);
    expect(out).toContain(`s.yaml:11:21: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal ${value} into Go struct field DeploymentSpec.spec.replicas of type int32\n  hint: ${hint}`);
  });

  test('containerPort: "80"', async () => {
    const { code, out } = await validate(DEPLOYMENT('1', 'containers: [{name: c, image: nginx, ports: [{containerPort: "80"}]}]'));
    expect(code).toBe(2);
    expect(out).toContain('s.yaml:15:81: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32\n  hint: containerPort must be an integer: write containerPort: 80 without quotes');
  });

  test('nodeName: 42', async () => {
    const { out } = await validate(DEPLOYMENT('1', 'nodeName: 42, containers: [{name: c, image: nginx}]'));
    expect(out).toContain('s.yaml:15:30: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.nodeName of type string\n  hint: nodeName must be text: write nodeName: "42" in quotes');
  });

  test('ConfigMap data: {k: 5}', async () => {
    const { out } = await validate('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: 5}');
    expect(out).toContain('s.yaml:10:19: ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n  hint: k must be text: write k: "5" in quotes');
  });

  test('unknown fields, each at its place, as kubectl apply --validate=strict refuses them', async () => {
    const { code, out } = await validate(DEPLOYMENT('1', 'containers: [{name: c, image: nginx, imagePullPolicyy: Always}]').replace('  replicas: 1', '  replicas: 1\n  replica: 2'));
    expect(code).toBe(2);
    expect(out).toContain('s.yaml:12:11: Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n  hint: did you mean \'replicas\'?');
    expect(out).toContain('s.yaml:16:57: Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"\n  hint: did you mean \'imagePullPolicy\'?');
  });

  test('a well-typed manifest still loads', async () => {
    expect(await validate(DEPLOYMENT('3'))).toMatchObject({ code: 0 });
  });
});

describe('the simulated API server refuses them at run time', () => {
  test('a strategic merge patch writing replicas: "three" is refused in the patch handler\'s words', async () => {
    const steps = `    - patch: {target: deployment/web, patch: {spec: {replicas: "three"}}}
      expectError: ' "" is invalid: patch: Invalid value: "map[spec:map[replicas:three]]": unrecognized type: int32'
    - patch: {target: deployment/web, patch: {spec: {template: {spec: {nodeName: 42}}}}}
      expectError: 'patch: Invalid value: "map[spec:map[template:map[spec:map[nodeName:42]]]]": cannot convert int64 to string'
    - patch: {target: deployment/web, type: merge, patch: {spec: {replicas: 1.5}}}
      expectError: !regex 'patch: Invalid value: ".*": json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32$'
    - expect: {within: 1m, resources: [{kind: Deployment, name: web, match: {spec: {replicas: 2}}}]}
`;
    const r = await runInline({ 's.yaml': webDeploymentScenario('patch-types', 2, steps) }, ['run', 's.yaml']);
    expect(r.stdout + r.stderr).not.toContain('livelock');
    expect(r.code).toBe(0);
  });

  test('a create with expectError gets the 400 of the decoder', async () => {
    const text = applying(DEPLOYMENT('"three"')).replace('    - apply: |', '    - expectError: \'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\'\n      apply: |');
    const r = await runInline({ 's.yaml': text }, ['run', 's.yaml']);
    expect(r.stdout + r.stderr).toContain('passed');
    expect(r.code).toBe(0);
  });
});
