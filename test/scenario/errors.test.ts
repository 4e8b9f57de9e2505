/**
 * Every kind of input error names the file, line and column of the problem, with a stable code.
 * Messages are checked for what they must tell the user, not for exact wording.
 */
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../src/errors';
import { at, errorsOf, line, linesOf, withSteps, yaml } from './helpers';

describe('YAML syntax', () => {
  test('malformed YAML names file:line:col and what is wrong', async () => {
    const text = withSteps(`
      - sleep: 1s
      - expect: {within: 5s, resources: [{kind: Pod, name: p}
      - sleep: 2s
    `);
    const errors = await errorsOf(text, 'broken.yaml');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(InputError);
    expect(errors[0]!.code).toBe('YAML_SYNTAX');
    expect(errors[0]!.message).toMatch(/^YAML syntax error: /);
    expect(errors[0]!.describe()).toMatch(/^broken\.yaml:\d+:\d+: YAML syntax error: /);
    expect(errors[0]!.location!.line).toBeGreaterThanOrEqual(7);
  });

  test('a tab used for indentation', async () => {
    const [e] = await errorsOf('apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata:\n\tname: x\n');
    expect(e).toMatchObject({ code: 'YAML_SYNTAX', location: { line: 4, column: 1 } });
    expect(e!.hint).toMatch(/spaces/);
  });

  test('duplicate keys are errors, at the repeated key', async () => {
    const text = withSteps(`
      - name: a
        sleep: 1s
        name: b
    `);
    expect(await linesOf(text)).toEqual([`YAML_SYNTAX ${at(text, 'name: b')} duplicate key 'name' in this map`]);
  });
});

describe('the one-verb rule', () => {
  test('unknown verb, with did-you-mean and the valid verbs', async () => {
    const text = withSteps(`
      - sleep: 1s
      - sleep: 1s
      - scael: {target: statefulset/web, replicas: 2}
    `);
    const [e, ...rest] = await errorsOf(text);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ code: 'SCHEMA', location: { line: 8, column: 7 } });
    expect(at(text, 'scael')).toBe('8:7');
    expect(e!.message).toBe("unknown verb 'scael' in step 3; did you mean 'scale'?");
    expect(e!.hint).toMatch(/^valid verbs: apply, create, delete, .*expectHistory$/);
  });

  test('a step with two verbs: at the second one', async () => {
    const lines = await linesOf(withSteps(`
      - name: both
        scale: {target: statefulset/web, replicas: 2}
        sleep: 5s
    `));
    expect(lines).toEqual(["SCHEMA 8:7 step 1 'both' has 2 verbs (scale, sleep); a step does one thing"]);
  });

  test('a step with no verb', async () => {
    const text = withSteps(`
      - sleep: 1s
      - name: nothing
        claim: it does nothing
    `);
    const [e, ...rest] = await errorsOf(text);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ code: 'SCHEMA', message: "step 2 'nothing' has no verb" });
    expect(`${e!.location!.line}:${e!.location!.column}`).toBe(at(text, 'name: nothing'));
    expect(e!.hint).toMatch(/exactly one of: apply, /);
  });

  test('an unknown field beside a verb', async () => {
    const lines = await linesOf(withSteps(`
      - nmae: x
        sleep: 1s
    `));
    expect(lines).toEqual(["SCHEMA 6:7 unknown field 'nmae' in step 1; did you mean 'name'?"]);
  });

  test('steps of setup and cleanup are named by their section', async () => {
    const text = yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: t}
      spec:
        setup:
          - aply: x.yaml
        steps:
          - sleep: 1s
    `);
    expect(await linesOf(text)).toEqual([`SCHEMA ${at(text, 'aply')} unknown verb 'aply' in step 1 of setup; did you mean 'apply'?`]);
  });
});

describe('schema errors', () => {
  test('a bad duration', async () => {
    const lines = await linesOf(withSteps(`
      - sleep: 5 minutes
      - after: 30
        sleep: 1s
    `));
    expect(lines).toEqual([
      "SCHEMA 6:14 spec.steps[0].sleep: '5 minutes' is not a duration; use 500ms, 30s, 5m or 1h (or combine them: 1m30s)",
      'SCHEMA 7:14 spec.steps[1].after: 30 is not a duration; use 500ms, 30s, 5m or 1h (or combine them: 1m30s)',
    ]);
  });

  test('a missing required field, at the map that lacks it, with what the map needs', async () => {
    const [e] = await errorsOf(withSteps(`
      - scale: {target: statefulset/web}
    `));
    expect(e).toMatchObject({ code: 'SCHEMA', location: { line: 6, column: 14 } });
    expect(e!.message).toBe("spec.steps[0].scale: missing required field 'replicas'");
    expect(e!.hint).toBe('spec.steps[0].scale needs target, replicas');
  });

  test('a wrong enum value lists the allowed values', async () => {
    const text = withSteps(`
      - rollout: {target: deployment/web, action: undoo}
    `);
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, 'undoo')} spec.steps[0].rollout.action: 'undoo' is not one of 'undo', 'pause', 'resume', 'restart'; did you mean 'undo'?`,
    ]);
  });

  test('an unknown property, at its key, with did-you-mean and the valid fields', async () => {
    const [e] = await errorsOf(withSteps(`
      - drain:
          node: worker-1
          ignoreDaemonset: true
    `));
    expect(e).toMatchObject({ code: 'SCHEMA', location: { line: 8, column: 9 } });
    expect(e!.message).toBe("spec.steps[0].drain: unknown field 'ignoreDaemonset'; did you mean 'ignoreDaemonSets'?");
    expect(e!.hint).toMatch(/^valid fields: node, ignoreDaemonSets, /);
  });

  test('a wrong type, with a hint to quote numbers meant as text', async () => {
    const text = yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: t}
      spec:
        cluster:
          kubernetesVersion: 1.30
        steps:
          - sleep: 1s
    `);
    const [e] = await errorsOf(text);
    expect(e).toMatchObject({ code: 'SCHEMA', location: { line: 6, column: 24 } });
    expect(e!.message).toBe('spec.cluster.kubernetesVersion must be a text, got the number 1.3');
    expect(e!.hint).toBe('put the value in quotes: YAML reads it as the number 1.3 (unquoted, 1.30 becomes 1.3)');
  });

  test('an unsupported Kubernetes version', async () => {
    const text = yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: t}
      spec:
        cluster: {kubernetesVersion: "1.25"}
        steps: [{sleep: 1s}]
    `);
    const [error] = await errorsOf(text);
    expect(line(error!)).toBe(`SCHEMA ${at(text, '"1.25"')} spec.cluster.kubernetesVersion: '1.25' is not an allowed value`);
    expect(error!.hint).toMatch(/^allowed: '1\.29', '1\.30', .* '1\.37', '1\.29\.0', .* '1\.35\.0', '1\.35\.1', .* '1\.37\.2'$/);
  });

  test('a patch release newer than the simulator emulates', async () => {
    const text = yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: t}
      spec:
        cluster: {kubernetesVersion: "1.35.8"}
        steps: [{sleep: 1s}]
    `);
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '"1.35.8"')} spec.cluster.kubernetesVersion: '1.35.8' is not an allowed value`,
    ]);
  });

  test('apiVersion, kind and metadata.name', async () => {
    const text = yaml(`
      apiVersion: kscenario.dev/v1beta1
      kind: Scenaro
      metadata: {name: Web_Test}
      spec:
        steps: [{sleep: 1s}]
    `);
    const lines = await linesOf(text);
    expect(lines[0]).toBe("SCHEMA 1:13 apiVersion must be 'kscenario.dev/v1alpha1', not 'kscenario.dev/v1beta1'");
    expect(lines[1]).toBe("SCHEMA 2:7 kind must be 'Scenario', not 'Scenaro'");
    expect(lines[2]).toMatch(new RegExp(`^SCHEMA ${at(text, 'Web_Test')} metadata\\.name: 'Web_Test' is not a DNS-1123 label`));
  });

  test('alternatives: the value is checked against the form its type fits', async () => {
    const lines = await linesOf(withSteps(`
      - apply: 42
      - apply: [{apiVersion: v1, metadata: {name: x}}]
      - delete: {kind: pod, selector: 7}
    `));
    expect(lines).toEqual([
      'SCHEMA 6:14 spec.steps[0].apply must be a file path or inline YAML or a manifest or a list of objects, got the number 42',
      "SCHEMA 7:15 spec.steps[1].apply[0]: missing required field 'kind'",
      'SCHEMA 8:37 spec.steps[2].delete.selector must be a selector string or a matchLabels map or a label selector, got the number 7',
    ]);
  });

  test('rules between fields are reported once, with the rule', async () => {
    const text = withSteps(`
      - delete: {target: pod/x, selector: {app: a}}
      - taint: {key: k, effect: NoSchedule}
      - patch: {target: deployment/web, type: json, patch: {spec: {}}}
      - rollout: {target: deployment/web, action: restart, toRevision: 2}
      - expect: {within: 5s}
      - expect: {files: [{pod: p, path: /x, content: a, absent: true}]}
      - expect: {resources: [{kind: Pod, selector: "app=a", match: {phase: Running}}]}
    `);
    // each at the map that breaks the rule
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '{target: pod/x')} spec.steps[0].delete: delete takes either target (kind/name) or kind with selector.`,
      `SCHEMA ${at(text, '{key: k')} spec.steps[1].taint: taint takes node: <name> or nodes: all.`,
      `SCHEMA ${at(text, '{target: deployment/web, type')} spec.steps[2].patch: A json patch is a list of operations ({op, path, value}); strategic and merge patches are maps.`,
      `SCHEMA ${at(text, '{target: deployment/web, action')} spec.steps[3].rollout: toRevision goes only with action: undo.`,
      `SCHEMA ${at(text, '{within: 5s}')} spec.steps[4].expect: expect needs something to check: resources, files, dns or events.`,
      `SCHEMA ${at(text, '{pod: p')} spec.steps[5].expect.files[0]: A file check takes one of content, contains or absent: true.`,
      `SCHEMA ${at(text, '{kind: Pod, selector')} spec.steps[6].expect.resources[0]: match checks one named object, or with count says how many selected objects match it; to check every object a selector chooses, use each.`,
    ]);
  });

  test('keys of label maps are checked', async () => {
    const text = withSteps(`
      - label: {target: pod/p, labels: {"bad key!": x, ok: null}}
    `);
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '"bad key!"')} spec.steps[0].label.labels: key 'bad key!' is not a valid label key: [prefix/]name, the name at most 63 characters of letters, digits, "-", "_" and "."`,
    ]);
  });

  test('all errors of a file are reported, in file order', async () => {
    const lines = await linesOf(withSteps(`
      - scale: {target: statefulset/web, replicas: -1}
      - sleep: soon
      - cordon: worker-1
        expectError: x
      - sleep: 1s
        expectError: x
    `));
    expect(lines).toEqual([
      'SCHEMA 6:50 spec.steps[0].scale.replicas must be >= 0, got -1',
      "SCHEMA 7:14 spec.steps[1].sleep: 'soon' is not a duration; use 500ms, 30s, 5m or 1h (or combine them: 1m30s)",
      'SCHEMA 11:7 expectError has no meaning on a sleep step (step 4)',
    ]);
  });
});

describe('matchers', () => {
  test('an invalid !regex is reported at its tag', async () => {
    const text = withSteps(`
      - expect:
          events: [{involved: pod/p, message: !regex "(unclosed"}]
    `);
    const lines = await linesOf(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`SCHEMA ${at(text, '!regex')} !regex "(unclosed" is not a valid RE2 pattern: error parsing regexp: missing closing ): \`(unclosed\``);
  });

  test('backreferences and lookaround, which RE2 does not have, are refused at the tag with a hint', async () => {
    const text = withSteps(`
      - expect:
          events:
            - {involved: pod/p, message: !regex "(a)\\\\1"}
            - {involved: pod/p, message: !regex "^web(?=-0)"}
            - {involved: pod/p, message: !regex "(?<!x)y"}
    `);
    const errors = await errorsOf(text);
    expect(errors.map((e) => `${e.location?.line}:${e.location?.column}`)).toEqual([0, 1, 2].map((n) => at(text, '!regex', n)));
    expect(errors[0]!.message).toBe('!regex "(a)\\\\1" is not a valid RE2 pattern: error parsing regexp: invalid escape sequence: `\\1`');
    expect(errors[1]!.message).toContain('invalid or unsupported Perl syntax: `(?=`');
    for (const e of errors) expect(e.hint).toMatch(/RE2 syntax.*no backreferences.*nor lookaround/);
  });

  test('an unknown tag names the tag and the valid ones', async () => {
    const text = withSteps(`
      - expect:
          resources: [{kind: Pod, name: p, count: !atLeast 2}]
      - expect:
          resources: [{kind: Pod, name: p, count: !gtee 2}]
    `);
    const [e, e2, ...rest] = await errorsOf(text);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ code: 'SCHEMA', message: 'unknown tag !atLeast' });
    expect(`${e!.location!.line}:${e!.location!.column}`).toBe(at(text, '!atLeast'));
    expect(e2).toMatchObject({ code: 'SCHEMA', message: "unknown tag !gtee; did you mean '!gte'?" });
    expect(e!.hint).toBe('matchers are !regex, !gte, !lte, !gt, !lt, !oneOf, !not, !contains, !exists, !absent, !any, !capture, !same, !differs');
  });

  test('tags that need a particular value', async () => {
    const text = withSteps(`
      - expect:
          resources:
            - kind: Pod
              name: p
              match:
                a: !oneOf x
                b: !exists yes
                c: !gte many
                d: !not
    `);
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '!oneOf')} !oneOf needs a list, e.g. !oneOf [a, b]`,
      `SCHEMA ${at(text, '!exists')} !exists takes no value; write it alone, e.g. "key: !exists"`,
      `SCHEMA ${at(text, '!gte')} !gte needs a number or a quantity (2, 500m, 1Gi), got "many"`,
      `SCHEMA ${at(text, '!not')} !not needs a value, e.g. !not Running`,
    ]);
  });

  test('a matcher where the schema expects a plain value', async () => {
    const text = withSteps(`
      - scale: {target: statefulset/web, replicas: !gte 2}
      - patch: {target: deployment/web, patch: {spec: {replicas: !any}}}
      - expect: {resources: [{kind: !regex "Po.*", name: p}]}
      - expect: {resources: [{kind: Pod, selector: !regex x}]}
    `);
    // at the tag
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '!gte')} spec.steps[0].scale.replicas: the matcher !gte cannot be used here`,
      `SCHEMA ${at(text, '!any')} spec.steps[1].patch.patch.spec.replicas: the matcher !any cannot be used here`,
      `SCHEMA ${at(text, '!regex')} spec.steps[2].expect.resources[0].kind: the matcher !regex cannot be used here`,
      `SCHEMA ${at(text, '!regex', 1)} spec.steps[3].expect.resources[0].selector: the matcher !regex cannot be used here`,
    ]);
  });
});

describe('references and names', () => {
  test('step names are unique', async () => {
    const text = withSteps(`
      - {name: wait, sleep: 1s}
      - {name: wait, sleep: 2s}
    `);
    expect(await linesOf(text)).toEqual([`DUPLICATE_NAME ${at(text, 'wait', 1)} step name 'wait' is used twice (step 1 'wait' and step 2 'wait')`]);
  });

  test('history windows refer to steps that ran before', async () => {
    const text = withSteps(`
      - {name: scale-up, scale: {target: statefulset/web, replicas: 3}}
      - expectHistory: {window: {from: scale-upp}, always: [{kind: Pod, name: p}]}
      - expectHistory: {window: {from: start, to: later}, always: [{kind: Pod, name: p}]}
      - {name: later, sleep: 1s}
    `);
    expect(await linesOf(text)).toEqual([
      `BAD_REFERENCE ${at(text, 'scale-upp')} window.from of step 2 refers to step 'scale-upp', which does not exist; did you mean 'scale-up'?`,
      `BAD_REFERENCE ${at(text, 'later')} window.to of step 3 refers to step 'later', which has not run yet when this check runs`,
    ]);
  });

  test('node names are unique, and steps name existing nodes', async () => {
    const text = yaml(`
      apiVersion: kscenario.dev/v1alpha1
      kind: Scenario
      metadata: {name: t}
      spec:
        cluster:
          nodes: [{name: a}, {name: b}, {name: a}]
        steps:
          - killNode: c
          - addNode: {name: c}
          - drain: {node: c}
          - addNode: {name: b}
    `);
    expect(await linesOf(text)).toEqual([
      `DUPLICATE_NAME ${at(text, 'a}]')} node 'a' is declared twice`,
      `BAD_REFERENCE ${at(text, 'c\n')} step 1 refers to node 'c', which the cluster does not have`,
      `DUPLICATE_NAME ${at(text, 'b}\n')} step 4 adds node 'b', which already exists`,
    ]);
  });

  test('the default cluster has control-plane, worker-1 and worker-2', async () => {
    const [e] = await errorsOf(withSteps(`
      - cordon: worker-3
    `));
    expect(e).toMatchObject({ code: 'BAD_REFERENCE', location: { line: 6, column: 15 } });
    expect(e!.message).toBe("step 1 refers to node 'worker-3', which the cluster does not have; did you mean 'worker-1'?");
    expect(e!.hint).toBe('nodes at this point: control-plane, worker-1, worker-2 (the default cluster)');
  });

  test('selector strings must parse', async () => {
    const text = withSteps(`
      - delete: {kind: pod, selector: "app in (a"}
    `);
    const lines = await linesOf(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`SCHEMA ${at(text, '"app in')} invalid label selector "app in (a"`)).toBe(true);
  });

  test('setPartition takes a StatefulSet', async () => {
    const text = withSteps(`
      - setPartition: {target: deployment/web, partition: 1}
    `);
    expect(await linesOf(text)).toEqual([`SCHEMA ${at(text, 'deployment/web')} setPartition works on a StatefulSet, not on 'deployment/web'`]);
  });
});

describe('files', () => {
  test('a manifest file that does not exist: at the step', async () => {
    const [e] = await errorsOf(withSteps(`
      - apply: manifests/nope.yaml
    `), 'dir/s.yaml', async () => undefined);
    expect(e).toMatchObject({ code: 'FILE_NOT_FOUND', location: { file: 'dir/s.yaml', line: 6, column: 14 } });
    expect(e!.message).toBe("manifest file 'manifests/nope.yaml' not found (looked for dir/manifests/nope.yaml)");
  });

  test('errors inside a manifest file are located in that file', async () => {
    const files: Record<string, string> = {
      'dir/m.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: ConfigMap\nmetadata: {name: b}\n---\n- a list\n',
      'dir/broken.yaml': 'apiVersion: v1\nkind: [\n',
    };
    const read = async (f: string): Promise<string | undefined> => files[f];
    const errors = await errorsOf(withSteps(`
      - apply: m.yaml
      - apply: broken.yaml
    `), 'dir/s.yaml', read);
    expect(errors.map((e) => `${e.location?.file} ${e.code} ${e.location?.line}:${e.location?.column}`)).toEqual([
      'dir/broken.yaml YAML_SYNTAX 3:1',
      'dir/m.yaml MANIFEST_INVALID 5:1',
      'dir/m.yaml MANIFEST_INVALID 8:1',
    ]);
    expect(errors.map((e) => e.message).slice(1)).toEqual(['apiVersion not set', 'a manifest must be a map with apiVersion, kind and metadata']);
  });

  test('YAML errors inside a literal block are located in the scenario file', async () => {
    const text = withSteps(`
      - apply: |
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: c}
          metadata: {name: d}
    `);
    expect(await linesOf(text)).toEqual([`YAML_SYNTAX ${at(text, 'metadata: {name: d}')} duplicate key 'metadata' in this map`]);
    const crlf = withSteps(`
      - apply: |
          apiVersion: v1
          kind: ConfigMap
          data: {a: b
    `).replace(/\n/g, '\r\n');
    const [e] = await errorsOf(crlf);
    expect(e!.code).toBe('YAML_SYNTAX');
    expect(e!.location!.line).toBeGreaterThanOrEqual(Number(at(crlf, 'data:').split(':')[0]));
  });

  test('an inline manifest with a matcher', async () => {
    const text = withSteps(`
      - apply: |
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: !regex x}
    `);
    expect(await linesOf(text)).toEqual([`SCHEMA ${at(text, '!regex')} metadata.name: the matcher !regex cannot be used in a manifest`]);
  });

  test('a file that is not a scenario', async () => {
    const lines = await linesOf('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n', 'deploy.yaml');
    expect(lines).toEqual(["SCHEMA 1:13 deploy.yaml is not a scenario: its apiVersion is 'apps/v1'"]);
  });

  test('an empty file, and a file with two documents', async () => {
    expect(await linesOf('# nothing\n')).toEqual(['SCHEMA 1:1 the file is empty']);
    const two = withSteps(`
      - sleep: 1s
    `) + '\n---\napiVersion: kscenario.dev/v1alpha1\n';
    expect(await linesOf(two)).toEqual([`SCHEMA ${at(two, 'apiVersion', 1)} a scenario file holds one scenario, but this file has another YAML document here`]);
  });
});
