/**
 * Bindings in the check engine: templates, `!capture` recording what a match finds (one value per
 * binding, also across the objects of a selection), `!same` / `!differs` comparing with a filled-in
 * value, and the diff showing that value.
 */
import { describe, expect, test } from '@jest/globals';
import { fillTemplate, parseTemplate, type Captured, type TemplatePart } from '../../src/check/bindings';
import { renderDiff } from '../../src/check/diff';
import { matches, matchValue } from '../../src/check/match';
import { Matcher } from '../../src/check/matchers';
import { checkResources } from '../../src/check/resources';
import { pod, tag } from './fixtures';

function parts(text: string): TemplatePart[] {
  const parsed = parseTemplate(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.parts;
}

/** What the runner makes of `!same <template>` once its bindings have these values. */
function filled(kind: 'same' | 'differs', template: string, values: Record<string, unknown>): Matcher {
  const f = fillTemplate(parts(template), (name) => values[name]);
  if (!('value' in f)) throw new Error(f.problem);
  return new Matcher(kind, template, undefined, { value: f.value });
}

describe('templates', () => {
  test('text and references, in order', () => {
    expect(parts('pvc-$(uid)')).toEqual(['pvc-', { binding: 'uid' }]);
    expect(parts('$(a)-$(b)x')).toEqual([{ binding: 'a' }, '-', { binding: 'b' }, 'x']);
    expect(parts('no reference: $ and ( alone')).toEqual(['no reference: $ and ( alone']);
  });

  test('malformed references say what is wrong', () => {
    expect(parseTemplate('pod/$(my-pod)')).toEqual({ error: expect.stringMatching(/^'\$\(my-pod\)' is not a binding reference/) });
    expect(parseTemplate('pod/$()')).toEqual({ error: expect.stringMatching(/^'\$\(\)' is not a binding reference/) });
    expect(parseTemplate('pod/$(pod')).toEqual({ error: "'$(pod' opens a binding reference with $( but does not close it with )" });
  });

  test('one reference alone is the value itself; with text around, text', () => {
    const values: Record<string, unknown> = { n: 3, status: { phase: 'Bound' }, uid: 'abc' };
    const lookup = (name: string) => values[name];
    expect(fillTemplate(parts('$(n)'), lookup)).toEqual({ value: 3 });
    expect(fillTemplate(parts('$(status)'), lookup)).toEqual({ value: { phase: 'Bound' } });
    expect(fillTemplate(parts('web-$(n)'), lookup)).toEqual({ value: 'web-3' });
    expect(fillTemplate(parts('pvc-$(uid)'), lookup)).toEqual({ value: 'pvc-abc' });
  });

  test('a binding without a value, or a map inside text, is a problem naming the binding', () => {
    const lookup = (name: string) => ({ status: { phase: 'Bound' } } as Record<string, unknown>)[name];
    expect(fillTemplate(parts('$(pv)'), lookup)).toEqual({ binding: 'pv', problem: 'not captured' });
    expect(fillTemplate(parts('x-$(status)'), lookup)).toEqual({ binding: 'status', problem: 'not text', value: { phase: 'Bound' } });
  });
});

describe('!capture', () => {
  test('holds when the value is present, and records it with its path', () => {
    const captured: Captured = new Map();
    const p = pod('web-0', { node: 'worker-1' });
    expect(matchValue({ spec: { nodeName: tag('capture', 'node') }, metadata: { labels: tag('capture', 'labels') } }, p, [], captured)).toEqual([]);
    expect(captured).toEqual(new Map([
      ['node', { value: 'worker-1', path: ['spec', 'nodeName'] }],
      ['labels', { value: { app: 'nginx' }, path: ['metadata', 'labels'] }],
    ]));
  });

  test('a missing value is a mismatch, as for !exists', () => {
    const [m] = matchValue({ spec: { nodeName: tag('capture', 'node') } }, pod('web-0'));
    expect(m!.message).toBe('missing, expected a value to capture as node');
  });

  test('the value is a copy: changing the object later does not change the binding', () => {
    const captured: Captured = new Map();
    const p = pod('web-0');
    matchValue({ metadata: { labels: tag('capture', 'labels') } }, p, [], captured);
    (p.metadata.labels as Record<string, string>)['app'] = 'changed';
    expect(captured.get('labels')!.value).toEqual({ app: 'nginx' });
  });

  test('in keyed lists, by the element it is written in', () => {
    const captured: Captured = new Map();
    matchValue({ spec: { containers: [{ name: 'sidecar', image: tag('capture', 'image') }] } }, pod('web-0'), [], captured);
    expect(captured.get('image')!.value).toBe('busybox:1.36');
  });
});

describe('!same and !differs', () => {
  test('!same matches the captured value as if it were written there', () => {
    expect(matches({ spec: { nodeName: filled('same', '$(node)', { node: 'worker-1' }) } }, pod('a', { node: 'worker-1' }))).toBe(true);
    expect(matches({ memory: filled('same', '$(m)', { m: '1Gi' }) }, { memory: '1024Mi' })).toBe(true);
    expect(matches({ metadata: filled('same', '$(meta)', { meta: { name: 'a' } }) }, pod('a'))).toBe(true); // a map as a subset
    expect(matches({ name: filled('same', 'pvc-$(uid)', { uid: 'abc' }) }, { name: 'pvc-abc' })).toBe(true);
    const [m] = matchValue({ spec: { nodeName: filled('same', '$(node)', { node: 'worker-1' }) } }, pod('a', { node: 'worker-2' }));
    expect(m!.message).toBe('expected worker-1 ($(node)), observed worker-2');
  });

  test('!differs needs a value, and one !same would not match', () => {
    const other = filled('differs', '$(ip)', { ip: '10.244.1.2' });
    expect(matches({ podIP: other }, { podIP: '10.244.1.3' })).toBe(true);
    expect(matchValue({ podIP: other }, { podIP: '10.244.1.2' })[0]!.message).toBe('expected a value other than 10.244.1.2 ($(ip)), observed 10.244.1.2');
    expect(matchValue({ podIP: other }, {})[0]!.message).toBe('missing, expected a value other than 10.244.1.2 ($(ip))');
  });

  test('inside !oneOf', () => {
    const either = tag('oneOf', [filled('same', '$(a)', { a: 'worker-1' }), 'worker-3']);
    expect(matches(either, 'worker-1')).toBe(true);
    expect(matches(either, 'worker-3')).toBe(true);
    expect(matches(either, 'worker-2')).toBe(false);
  });

  test('one not filled in is a mismatch that says so, never a silent pass', () => {
    expect(matchValue(tag('same', '$(pv)'), 'pv-0')[0]!.message).toBe('!same $(pv) was not filled in with its captured value');
  });
});

describe('captures of a state check', () => {
  const pods = [
    { ...pod('web-0', { node: 'worker-1' }), status: { phase: 'Running', podIP: '10.244.1.2' } },
    { ...pod('web-1', { node: 'worker-1' }), status: { phase: 'Running', podIP: '10.244.1.3' } },
  ];

  test('match by name, each and count each give their bindings', () => {
    expect(checkResources({ kind: 'Pod', name: 'web-1', match: { status: { podIP: tag('capture', 'ip') } } }, pods).captured).toEqual({ ip: '10.244.1.3' });
    expect(checkResources({ kind: 'Pod', selector: { app: 'nginx' }, count: tag('capture', 'n') }, pods).captured).toEqual({ n: 2 });
    const each = checkResources({ kind: 'Pod', selector: { app: 'nginx' }, each: { spec: { nodeName: tag('capture', 'node') } } }, pods);
    expect(each).toMatchObject({ ok: true, captured: { node: 'worker-1' } });
  });

  test('the objects of a selection must agree on the value: a binding holds one', () => {
    const out = checkResources({ kind: 'Pod', selector: { app: 'nginx' }, each: { status: { podIP: tag('capture', 'ip') } } }, pods);
    expect(out.ok).toBe(false);
    expect(out.mismatches.map((m) => [m.object, m.path, m.message])).toEqual([
      ['Pods selected by app=nginx', ['each', 'status', 'podIP'], '!capture ip needs one value, but the selected objects differ: web-0 has 10.244.1.2, web-1 has 10.244.1.3 (select one object, or capture a field they share)'],
    ]);
  });

  test('a match that filters a counted selection captures from the objects that match', () => {
    const out = checkResources({ kind: 'Pod', selector: { app: 'nginx' }, match: { metadata: { name: tag('capture', 'pod') }, status: { podIP: '10.244.1.3' } }, count: 1 }, pods);
    expect(out).toMatchObject({ ok: true, captured: { pod: 'web-1' } });
    const none = checkResources({ kind: 'Pod', selector: { app: 'nginx' }, match: { metadata: { name: tag('capture', 'pod') }, status: { podIP: '10.0.0.9' } }, count: 0 }, pods);
    expect(none.mismatches.map((m) => m.message)).toEqual(['no selected Pod matches, so there is nothing to capture pod from']);
  });

  test('each with nothing selected has nothing to capture from: a mismatch, not a vacuous pass', () => {
    const out = checkResources({ kind: 'Pod', selector: { app: 'db' }, each: { spec: { nodeName: tag('capture', 'node') } } }, pods);
    expect(out.mismatches.map((m) => m.message)).toEqual(['no Pod matches selector app=db, so there is nothing to capture node from']);
  });
});

describe('the diff of a failed comparison', () => {
  test('shows the captured value that was compared, with the reference as a comment', () => {
    const expected = { status: { podIP: filled('differs', '$(oldIP)', { oldIP: '10.244.1.2' }), phase: 'Running' }, spec: { nodeName: filled('same', '$(node)', { node: 'worker-1' }) } };
    const out = checkResources({ kind: 'Pod', name: 'web-0', match: expected }, [{ ...pod('web-0', { node: 'worker-2' }), status: { phase: 'Running', podIP: '10.244.1.2' } }]);
    expect(out.mismatches.map((m) => m.message)).toEqual([
      'expected a value other than 10.244.1.2 ($(oldIP)), observed 10.244.1.2',
      'expected worker-1 ($(node)), observed worker-2',
    ]);
    expect(renderDiff(out.expected, out.observed, { color: false }).split('\n').slice(2)).toEqual([
      '@@ -1,8 +1,8 @@',
      ' kind: Pod',
      ' match:',
      '   spec:',
      '-    nodeName: !same worker-1 # $(node)',
      '+    nodeName: worker-2',
      '   status:',
      '     phase: Running',
      '-    podIP: !differs 10.244.1.2 # $(oldIP)',
      '+    podIP: 10.244.1.2',
      ' name: web-0',
      '',
    ]);
  });
});
