/**
 * Bindings at load time: every use names a binding an earlier step captures, once, in a place
 * that observes a value; tag arguments have the right form. Each error at file:line:col.
 */
import { describe, expect, test } from '@jest/globals';
import { Matcher } from '../../src/check/matchers';
import type { InputError } from '../../src/errors';
import { loadScenarioText } from '../../src/scenario';
import { at, errorsOf, linesOf, withSteps } from './helpers';

/** The one error of a file, checked to be alone. */
async function onlyError(text: string): Promise<InputError> {
  const [e, ...rest] = await errorsOf(text);
  expect(rest).toEqual([]);
  return e!;
}

/** `CODE line:col` of an error. */
function where(e: InputError): string {
  return `${e.code} ${e.location!.line}:${e.location!.column}`;
}

/** A first step capturing pv, indented as the steps written after it in the tests. */
const CAPTURE_PV = `
      - name: before
        expect:
          resources:
            - {kind: PersistentVolumeClaim, name: data, match: {spec: {volumeName: !capture pv}}}`;

describe('references to bindings', () => {
  test('a scenario that captures and then uses bindings in names and checks loads', async () => {
    const text = withSteps(`
      - expect:
          resources:
            - {kind: Pod, name: web-0, match: {spec: {nodeName: !capture node}, metadata: {uid: !capture uid, labels: {app: !capture app}}}}
            - {kind: Pod, selector: {app: web}, count: !capture n}
      - killNode: $(node)
      - delete: {kind: Pod, selector: "app=$(app)", namespace: $(app)}
      - expect:
          resources:
            - {kind: Pod, name: web-$(n), namespace: $(app), match: {metadata: {uid: !differs $(uid)}, spec: {nodeName: !oneOf [!same $(node), other]}}}
            - {kind: Pod, selector: {app: $(app)}, count: !same $(n)}
          events:
            - {involved: pod/web-0, message: !same "Successfully assigned default/web-0 to $(node)"}
    `);
    const result = await loadScenarioText('x.yaml', text);
    expect(result.errors.map((e) => e.describe())).toEqual([]);
    const step = result.scenario!.steps[2]!.step as { delete: { selector: string } };
    expect(step.delete.selector).toBe('app=$(app)'); // filled in when the step runs
  });

  test('an unknown name, with a did-you-mean among the captured ones', async () => {
    const text = withSteps(`${CAPTURE_PV}
      - expect:
          resources:
            - {kind: PersistentVolume, name: $(pvv)}
    `);
    const e = await onlyError(text);
    expect(where(e)).toBe(`BAD_REFERENCE ${at(text, '$(pvv)')}`);
    expect(e.message).toBe("$(pvv) refers to a binding no step captures; did you mean 'pv'?");
    expect(e.hint).toBe('bindings of this scenario: pv');
  });

  test('a name nothing captures, in a scenario without captures: the hint says how to capture', async () => {
    const text = withSteps(`
      - expect:
          resources:
            - {kind: PersistentVolumeClaim, name: data, match: {spec: {volumeName: !same $(pv)}}}
    `);
    const e = await onlyError(text);
    expect(where(e)).toBe(`BAD_REFERENCE ${at(text, '!same')}`);
    expect(e.hint).toMatch(/^write !capture <name> where an expect step observes the value/);
  });

  test('used before the step that captures it, and by that step itself', async () => {
    const text = withSteps(`
      - delete: {target: persistentvolume/$(pv)}
      - expect:
          resources:
            - {kind: PersistentVolumeClaim, name: data, match: {spec: {volumeName: !capture pv}}}
            - {kind: PersistentVolume, name: $(pv)}
    `);
    expect(await linesOf(text)).toEqual([
      `BAD_REFERENCE ${at(text, 'persistentvolume/$(pv)')} $(pv) is used before it is captured: step 2 captures it`,
      `BAD_REFERENCE ${at(text, '$(pv)}', 1)} $(pv) is captured by this same step; a binding can be used from the next step on`,
    ]);
  });

  test('setup captures for steps, steps for cleanup; cleanup cannot capture for steps', async () => {
    const text = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  setup:
    - expect: {resources: [{kind: Pod, name: a, match: {status: {podIP: !capture ip}}}]}
  steps:
    - expect: {resources: [{kind: Pod, name: b, match: {status: {podIP: !differs $(ip)}}}]}
    - expect: {resources: [{kind: Pod, name: $(late)}]}
  cleanup:
    - expect: {resources: [{kind: Pod, name: c, match: {metadata: {uid: !capture late}}}]}
`;
    expect(await linesOf(text)).toEqual([`BAD_REFERENCE ${at(text, '$(late)')} $(late) is used before it is captured: step 1 of cleanup captures it`]);
  });

  test('a binding captured twice', async () => {
    const text = withSteps(`${CAPTURE_PV}
      - expect:
          resources:
            - {kind: PersistentVolumeClaim, name: logs, match: {spec: {volumeName: !capture pv}}}
    `);
    expect(await linesOf(text)).toEqual([`DUPLICATE_NAME ${at(text, '!capture pv', 1)} binding 'pv' is already captured by step 1 'before'`]);
  });

  test('a malformed reference in a name', async () => {
    const text = withSteps(`
      - delete: {target: pod/$(my-pod)}
      - delete: {target: pod/$(pod}
    `);
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, 'pod/$(my-pod)')} spec.steps[0].delete.target: '$(my-pod)' is not a binding reference: a binding name is a letter followed by letters, digits or _, e.g. pv, oldIP, claim_uid`,
      `SCHEMA ${at(text, 'pod/$(pod}')} spec.steps[1].delete.target: '$(pod' opens a binding reference with $( but does not close it with )`,
    ]);
  });

  test('a binding written as text in a check is refused with the tag to use', async () => {
    const text = withSteps(`${CAPTURE_PV}
      - expect:
          resources:
            - {kind: PersistentVolumeClaim, name: data, match: {spec: {volumeName: $(pv)}}}
    `);
    const e = await onlyError(text);
    expect(where(e)).toBe(`SCHEMA ${at(text, '$(pv)')}`);
    expect(e.message).toBe("spec.steps[1].expect.resources[0].match.spec.volumeName: '$(pv)' would be compared as text: $(…) is filled in only in names (target, name, pod, selector, ...)");
    expect(e.hint).toBe('to compare with the captured value write !same $(pv) (or !differs $(pv))');
  });

  test('also in expectError, a text naming a binding is refused', async () => {
    const text = withSteps(`${CAPTURE_PV}
      - delete: {target: persistentvolume/$(pv)}
        expectError: 'persistentvolumes "$(pv)" not found'
    `);
    expect((await onlyError(text)).message).toBe(`spec.steps[1].expectError: 'persistentvolumes "$(pv)" not found' would be compared as text: $(…) is filled in only in names (target, name, pod, selector, ...)`);
  });

  test('$(…) that names no binding stays text in checks and manifests (Kubernetes expands $(VAR) in commands)', async () => {
    const text = withSteps(`
      - apply: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: busybox:1.24, command: [sh, -c, "echo $(HOSTNAME)"]}]}}
      - expect:
          resources:
            - {kind: Pod, name: p, match: {spec: {containers: [{name: c, command: [sh, -c, "echo $(HOSTNAME)"]}]}}}
    `);
    expect(await linesOf(text)).toEqual([]);
  });

  test('a binding in a name whose pattern forbids $ passes the schema (namespace, node)', async () => {
    const text = withSteps(`
      - expect: {resources: [{kind: Pod, name: p, match: {spec: {nodeName: !capture node}, metadata: {namespace: !capture ns}}}]}
      - cordon: $(node)
      - scale: {target: deployment/web, namespace: $(ns), replicas: 2}
      - scale: {target: deployment/web, namespace: "Bad_$(ns)", replicas: 2}
    `);
    // the text around a reference is still judged: upper case and _ are not in a namespace name
    expect(await linesOf(text)).toEqual([
      expect.stringMatching(new RegExp(`^SCHEMA ${at(text, '"Bad_$(ns)"')} .*is not a valid namespace name`)),
    ]);
  });
});

describe('!capture', () => {
  test('refused outside expect.resources and inside other matchers', async () => {
    const text = withSteps(`
      - expect:
          resources:
            - {kind: Pod, name: p, match: {spec: {nodeName: !oneOf [!capture node, worker-1]}}}
          events:
            - {involved: pod/p, count: !capture events}
      - expectHistory:
          always: [{kind: Pod, name: p, match: {status: {podIP: !capture ip}}}]
      - patch: {target: pod/p, patch: {metadata: {labels: {a: b}}}}
        expectError: !capture message
    `);
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '!capture node')} !capture node cannot be used inside !oneOf: what it would record depends on which alternative matched`,
      `SCHEMA ${at(text, '!capture events')} !capture events cannot be used in spec.steps[0].expect.events[0].count: values are captured only from the objects of expect.resources`,
      `SCHEMA ${at(text, '!capture ip')} !capture ip cannot be used in spec.steps[1].expectHistory.always[0].match.status.podIP: values are captured only from the objects of expect.resources`,
      `SCHEMA ${at(text, '!capture message')} !capture message cannot be used in spec.steps[2].expectError: values are captured only from the objects of expect.resources`,
    ]);
  });

  test('its argument must be a binding name', async () => {
    const text = withSteps(`
      - expect:
          resources:
            - kind: Pod
              name: p
              count: !capture 3
              match:
                a: !capture [x]
                b: !capture {x: 1}
                c: !capture
                d: !capture $(pv)
                e: !capture my-pv
    `);
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '!capture 3')} !capture needs the name of the binding to define, e.g. !capture pv, got 3`,
      `SCHEMA ${at(text, '!capture [x]')} !capture needs the name of the binding to define, e.g. !capture pv, got a list`,
      `SCHEMA ${at(text, '!capture {x: 1}')} !capture needs the name of the binding to define, e.g. !capture pv, got a map`,
      `SCHEMA ${at(text, '!capture\n')} !capture needs the name of the binding to define, e.g. !capture pv`,
      `SCHEMA ${at(text, '!capture $(pv)')} !capture defines a binding: write its bare name, !capture pv; $(pv) is how later steps use it`,
      `SCHEMA ${at(text, '!capture my-pv')} !capture "my-pv": not a binding name`,
    ]);
  });

  test('a captured binding is a Matcher holding its name', async () => {
    const result = await loadScenarioText('x.yaml', withSteps(CAPTURE_PV));
    const step = result.scenario!.steps[0]!.step as unknown as { expect: { resources: Array<{ match: { spec: { volumeName: Matcher } } }> } };
    expect(step.expect.resources[0]!.match.spec.volumeName).toEqual(expect.objectContaining({ kind: 'capture', arg: 'pv' }));
  });
});

describe('!same and !differs', () => {
  test('the argument must refer to a binding as $(name)', async () => {
    const text = withSteps(`${CAPTURE_PV}
      - expect:
          resources:
            - kind: PersistentVolumeClaim
              name: data
              match:
                a: !same pv
                b: !differs [1]
                c: !same {a: 1}
                d: !same 3
                e: !same pvc-$(pv
    `);
    const prefix = '!same compares with a captured value, written $(name): e.g. !same $(pv) or !same pvc-$(uid)';
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '!same pv')} ${prefix}; did you mean !same $(pv)?`,
      `SCHEMA ${at(text, '!differs [1]')} !differs compares with a captured value, written $(name): e.g. !differs $(pv) or !differs pvc-$(uid), got a list`,
      `SCHEMA ${at(text, '!same {a: 1}')} ${prefix}, got a map`,
      `SCHEMA ${at(text, '!same 3')} ${prefix}, got 3`,
      `SCHEMA ${at(text, '!same pvc-$(pv')} !same pvc-$(pv: '$(pv' opens a binding reference with $( but does not close it with )`,
    ]);
  });

  test('where a name goes, the hint says to write $(name) (and a misspelt binding there is not reported again)', async () => {
    const text = withSteps(`${CAPTURE_PV}
      - expect:
          resources:
            - {kind: PersistentVolume, name: !same $(pvv)}
    `);
    const e = await onlyError(text);
    expect(`${where(e)} ${e.message}`).toBe(`SCHEMA ${at(text, '!same $(pvv)')} spec.steps[1].expect.resources[0].name: the matcher !same cannot be used here`);
    expect(e.hint).toMatch(/takes a captured value as \$\(name\), e\.g\. name: pvc-\$\(uid\)/);
  });
});

describe('in manifests', () => {
  test('a binding tag in an inline manifest is reported once, as a misplaced matcher', async () => {
    const text = withSteps(`
      - apply: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: !capture a, b: !same $(x)}}
    `);
    expect(await linesOf(text)).toEqual([
      `SCHEMA ${at(text, '!capture a')} spec.steps[0].apply.data.a: the matcher !capture cannot be used here`,
      `SCHEMA ${at(text, '!same $(x)')} spec.steps[0].apply.data.b: the matcher !same cannot be used here`,
    ]);
  });
});
