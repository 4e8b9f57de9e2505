import { describe, expect, test } from '@jest/globals';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario';
import { Matcher } from '../../src/check/matchers';
import { InputErrors } from '../../src/errors';
import { yaml } from './helpers';

const CANARY = 'test/fixtures/scenario/partition-canary.yaml';
const INLINE = 'test/fixtures/scenario/inline-manifests.yaml';

describe('a valid scenario', () => {
  test('loads typed, with every step in run order and its position', async () => {
    const s = await loadScenarioFile(CANARY);
    expect(s.file).toBe(CANARY);
    expect(s.scenario.metadata.name).toBe('partition-canary');
    expect(s.scenario.metadata.claims).toEqual(['002-9']);
    expect(s.scenario.spec.seed).toBe(7);
    expect(s.steps.map((st) => `${st.section}/${st.index} ${st.location.line}:${st.location.column}`)).toEqual([
      'setup/0 26:7',
      'steps/0 29:7',
      'steps/1 37:7',
      'steps/2 39:7',
      'steps/3 43:7',
      'steps/4 58:7',
      'cleanup/0 66:7',
    ]);
    expect(s.steps[3]!.path).toEqual(['spec', 'steps', 2]);
    expect(s.steps[3]!.step.setImage).toEqual({ target: 'statefulset/web', container: 'nginx', image: 'nginx:1.16.1' });
    expect(s.steps[3]!.step.at).toBe('1m30s');
  });

  test('locate finds any value, and falls back to the nearest ancestor', async () => {
    const s = await loadScenarioFile(CANARY);
    expect(s.locate(['spec', 'steps', 1, 'setPartition', 'partition'])).toEqual({ file: CANARY, line: 38, column: 58 });
    expect(s.locate(['spec', 'cluster', 'nodes', 1, 'capacity', 'memory'])).toEqual({ file: CANARY, line: 19, column: 38 });
    // a field that is not written: the map that would hold it
    expect(s.locate(['spec', 'steps', 1, 'setPartition', 'namespace'])).toEqual({ file: CANARY, line: 38, column: 21 });
    expect(s.locate([])).toEqual({ file: CANARY, line: 2, column: 1 });
  });

  test('matcher tags become Matchers with the position of their tag', async () => {
    const s = await loadScenarioFile(CANARY);
    const count = s.scenario.spec.steps[0]!.expect!.resources![0]!.count;
    expect(count).toBeInstanceOf(Matcher);
    expect(count).toMatchObject({ kind: 'gte', arg: 3, location: { file: CANARY, line: 35, column: 20 } });
    const canary = s.scenario.spec.steps[3]!.expect!;
    const image = (canary.resources![1]!.match as { spec: { containers: Array<{ image: unknown }> } }).spec.containers[0]!.image;
    expect(image).toMatchObject({ kind: 'not', arg: 'nginx:1.16.1' });
    const event = canary.events![0]!;
    expect(event.reason).toMatchObject({ kind: 'oneOf', arg: ['Pulled', 'Pulling'] });
    expect(event.message).toMatchObject({ kind: 'regex', arg: '^Successfully pulled', location: { line: 57, column: 78 } });
  });

  test('the cluster is resolved with defaults', async () => {
    const s = await loadScenarioFile(CANARY);
    expect(s.cluster.kubernetesVersion).toBe('1.33');
    expect(s.cluster.nodes.map((n) => `${n.name}:${n.role}`)).toEqual(['control-plane:control-plane', 'worker-1:worker', 'worker-2:worker']);
    expect(s.cluster.storageClasses).toEqual([
      { name: 'standard', default: true, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete' },
    ]);
    expect(s.cluster.images['nginx:broken']).toEqual({ pull: 'fail' });

    const bare = await loadScenarioFile(INLINE);
    expect(bare.cluster.kubernetesVersion).toBe('1.37');
    expect(bare.cluster.nodes.map((n) => n.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    expect(bare.scenario.spec.cluster).toBeUndefined(); // the scenario stays as written
  });
});

describe('manifests of apply and create', () => {
  test('from a file next to the scenario, every document, with positions in that file', async () => {
    const s = await loadScenarioFile(CANARY);
    const manifests = s.steps[0]!.manifests!;
    const file = 'test/fixtures/scenario/manifests/web.yaml';
    expect(manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}`)).toEqual(['Service/nginx', 'StatefulSet/web']);
    expect(manifests[1]!.location).toEqual({ file, line: 11, column: 1 });
    expect(manifests[1]!.locate(['spec', 'replicas'])).toEqual({ file, line: 17, column: 13 });
    expect(manifests[1]!.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual({ file, line: 26, column: 18 });
  });

  test('from a literal block: positions are lines and columns of the scenario file', async () => {
    const s = await loadScenarioFile(INLINE);
    const [first, second] = s.steps[0]!.manifests!;
    expect(first!.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first' }, data: { a: '1' } });
    expect(first!.location).toEqual({ file: INLINE, line: 9, column: 9 });
    expect(first!.locate(['metadata', 'name'])).toEqual({ file: INLINE, line: 12, column: 17 });
    expect(first!.locate(['data', 'a'])).toEqual({ file: INLINE, line: 13, column: 19 });
    expect(second!.location).toEqual({ file: INLINE, line: 15, column: 9 });
    expect(second!.locate(['metadata', 'name'])).toEqual({ file: INLINE, line: 18, column: 17 });
  });

  test('one object, or a list of objects, located in the scenario', async () => {
    const s = await loadScenarioFile(INLINE);
    const [ns] = s.steps[1]!.manifests!;
    expect(ns!.object.kind).toBe('Namespace');
    expect(ns!.location).toEqual({ file: INLINE, line: 21, column: 9 });
    expect(ns!.locate(['metadata', 'name'])).toEqual({ file: INLINE, line: 23, column: 26 });
    const list = s.steps[2]!.manifests!;
    expect(list.map((m) => m.object.metadata.name)).toEqual(['third', 'fourth']);
    expect(list[1]!.location).toEqual({ file: INLINE, line: 27, column: 11 });
    expect(list[1]!.locate(['metadata', 'name'])).toEqual({ file: INLINE, line: 29, column: 28 });
  });

  test('steps that are not apply or create have no manifests', async () => {
    const s = await loadScenarioFile(CANARY);
    expect(s.steps[2]!.manifests).toBeUndefined();
  });

  test('a quoted inline text is parsed too; its positions point at the string', async () => {
    const text = yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: quoted}
      spec:
        steps:
          - apply: "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: q}\\n"
    `);
    const r = await loadScenarioText('q.yaml', text);
    expect(r.errors).toEqual([]);
    const [m] = r.scenario!.steps[0]!.manifests!;
    expect(m!.object.metadata.name).toBe('q');
    expect(m!.locate(['metadata', 'name'])).toEqual({ file: 'q.yaml', line: 6, column: 14 });
  });
});

describe('YAML features', () => {
  test('anchors, aliases and merge keys', async () => {
    const text = yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: anchors}
      spec:
        steps:
          - &web {name: one, scale: {target: statefulset/web, replicas: 1}}
          - {<<: *web, name: two}
    `);
    const r = await loadScenarioText('a.yaml', text);
    expect(r.errors).toEqual([]);
    expect(r.scenario!.scenario.spec.steps[1]).toEqual({ name: 'two', scale: { target: 'statefulset/web', replicas: 1 } });
  });

  test('every matcher tag', async () => {
    const text = yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: tags}
      spec:
        steps:
          - expect:
              resources:
                - kind: Pod
                  name: p
                  match:
                    a: !regex ^web-[0-9]+$
                    b: !gte 2
                    c: !lte 1Gi
                    d: !gt 0.5
                    e: !lt "3"
                    f: !oneOf [Running, !regex "^Pend"]
                    g: !not {phase: Failed}
                    h: !contains [x, y]
                    i: !exists
                    j: !absent
                    k: !any
                    l: !not 3
    `);
    const r = await loadScenarioText('t.yaml', text);
    expect(r.errors.map((e) => e.describe())).toEqual([]);
    const match = r.scenario!.scenario.spec.steps[0]!.expect!.resources![0]!.match as Record<string, Matcher>;
    const shown = Object.fromEntries(Object.entries(match).map(([k, m]) => [k, [m.kind, m.arg]]));
    expect(shown).toEqual({
      a: ['regex', '^web-[0-9]+$'],
      b: ['gte', 2],
      c: ['lte', '1Gi'],
      d: ['gt', 0.5],
      e: ['lt', '3'],
      f: ['oneOf', ['Running', expect.objectContaining({ kind: 'regex', arg: '^Pend' })]],
      g: ['not', { phase: 'Failed' }],
      h: ['contains', ['x', 'y']],
      i: ['exists', null],
      j: ['absent', null],
      k: ['any', null],
      l: ['not', 3],
    });
    expect(match['f']!.location).toEqual({ file: 't.yaml', line: 16, column: 18 });
  });
});

test('loadScenarioFile throws InputErrors with every problem of the file', async () => {
  await expect(loadScenarioFile('test/fixtures/scenario/nope.yaml')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  await expect(loadScenarioFile('test/fixtures/scenario/manifests/web.yaml')).rejects.toBeInstanceOf(InputErrors);
});
