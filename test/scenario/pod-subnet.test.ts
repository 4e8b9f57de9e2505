/** spec.cluster.podSubnet: loaded onto the resolved cluster, refused with its position when kind or kubeadm would refuse it. */
import { describe, expect, test } from '@jest/globals';
import { loadScenarioText } from '../../src/scenario';
import { at, errorsOf, linesOf, yaml } from './helpers';

function scenario(podSubnet: string): string {
  return yaml(`
    apiVersion: kscenario.dev/v1alpha1
    kind: Scenario
    metadata: {name: t}
    spec:
      cluster:
        podSubnet: ${podSubnet}
      steps:
        - sleep: 1s
  `);
}

describe('spec.cluster.podSubnet', () => {
  test('a valid CIDR is carried on the resolved cluster', async () => {
    const r = await loadScenarioText('x.yaml', scenario('10.0.0.0/12'));
    expect(r.errors).toEqual([]);
    expect(r.scenario?.cluster.podSubnet).toBe('10.0.0.0/12');
  });

  test('absent, the cluster has none (backends use kind\'s 10.244.0.0/16)', async () => {
    const r = await loadScenarioText('x.yaml', yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: t}
      spec:
        steps:
          - sleep: 1s
    `));
    expect(r.errors).toEqual([]);
    expect(r.scenario?.cluster.podSubnet).toBeUndefined();
  });

  test('an invalid CIDR is refused at its line and column', async () => {
    const text = scenario('10.244.0/16');
    const [line] = await linesOf(text, 'x.yaml');
    expect(line).toBe(`SCHEMA ${at(text, '10.244.0/16')} spec.cluster.podSubnet: kind: invalid pod subnet: '10.244.0/16' is not a CIDR such as 10.244.0.0/16`);
    const [e] = await errorsOf(text, 'cluster.yaml');
    expect(e!.describe()).toMatch(/^cluster\.yaml:6:16: /);
  });

  test('a subnet smaller than one node\'s /24 is refused', async () => {
    const text = scenario('10.244.0.0/25');
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '10.244.0.0/25')} spec.cluster.podSubnet: kubeadm: the size of pod subnet with mask 25 is smaller than the size of node subnet with mask 24 (each node gets a /24; use a prefix of /24 or shorter)`,
    ]);
  });

  test('a subnet larger than a /8 is refused', async () => {
    expect((await linesOf(scenario('10.0.0.0/7')))[0]).toContain('pod subnet mask (7) and node-mask (24) difference is greater than 16');
  });

  test('an IPv6 subnet is refused: the clusters are IPv4 single-stack', async () => {
    expect((await linesOf(scenario('"fd00:10:244::/56"')))[0]).toContain('expected IPv4 CIDR for IPv4 family');
  });

  test('a number is a schema error', async () => {
    const [e] = await errorsOf(scenario('24'));
    expect(e).toMatchObject({ code: 'SCHEMA', location: { line: 6 } });
  });
});

describe('spec.cluster.podSubnet on the simulator', () => {
  test('nodes take their pod CIDRs from the scenario\'s subnet', async () => {
    const { runInline } = await import('../support/inline');
    const r = await runInline({ 's.yaml': yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: subnet}
      spec:
        cluster:
          podSubnet: 10.250.0.0/16
        steps:
          - expect:
              resources:
                - {kind: Node, name: control-plane, match: {spec: {podCIDR: 10.250.0.0/24}}}
                - {kind: Node, name: worker-1, match: {spec: {podCIDR: 10.250.1.0/24}}}
    `) }, ['run', 's.yaml']);
    expect(r.stdout).toContain('1 passed, 0 failed');
  });
});
