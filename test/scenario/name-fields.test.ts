/** Which strings of a step are names (where `$(binding)` is filled in), and which are text. */
import { describe, expect, test } from '@jest/globals';
import { mapNames, namesOf } from '../../src/scenario/name-fields';

const texts = (step: unknown) => namesOf(step).map((n) => n.text);

describe('names of a step', () => {
  test('targets, names, namespaces, pods, nodes, containers, involved objects, services, DNS pods and ips', () => {
    expect(texts({ delete: { target: 'pod/a', namespace: 'ns' } })).toEqual(['pod/a', 'ns']);
    expect(texts({ killNode: 'worker-1' })).toEqual(['worker-1']);
    expect(texts({ taint: { node: 'worker-2', key: 'k', value: 'v', effect: 'NoSchedule' } })).toEqual(['worker-2']);
    expect(texts({ writeFile: { pod: 'p', container: 'c', path: '/f', content: 'x' } })).toEqual(['p', 'c']);
    expect(texts({
      expect: {
        resources: [{ kind: 'Pod', name: 'p', match: { metadata: { name: 'not-a-name-field' } } }],
        events: [{ involved: 'pod/p', reason: 'Started', message: 'text' }],
        dns: [{ name: 'web.default.svc.cluster.local', resolvesTo: { pods: ['a', 'b'], service: 's', ips: ['10.0.0.1'] } }],
      },
    })).toEqual(['p', 'pod/p', 'web.default.svc.cluster.local', 'a', 'b', 's', '10.0.0.1']);
    expect(texts({ expectHistory: { window: { from: 'start' }, order: [{ pod: 'p', becomes: 'Ready' }], never: [{ kind: 'Pod', selector: { app: 'x' } }] } })).toEqual(['p', 'x']);
  });

  test('all of a selector: a string, label values, matchExpressions values', () => {
    expect(texts({ delete: { kind: 'Pod', selector: 'app=$(a)' } })).toEqual(['app=$(a)']);
    expect(texts({ expect: { resources: [{ kind: 'Pod', selector: { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] } }] } }))
      .toEqual(['x', 'k', 'In', 'v']);
  });

  test('not names: manifests, patch bodies, labels and annotations set, kubectl lines, expected values, the common fields', () => {
    expect(texts({ name: 'step', claim: 'c', apply: { metadata: { name: 'm' } } })).toEqual([]);
    expect(texts({ patch: { target: 'pod/p', patch: { metadata: { name: 'x' } } } })).toEqual(['pod/p']);
    expect(texts({ label: { target: 'pod/p', labels: { name: 'x' } } })).toEqual(['pod/p']);
    expect(texts({ kubectl: 'delete pod $(p)' })).toEqual([]);
    expect(texts({ expect: { resources: [{ kind: 'Pod', selector: { app: 'a' }, each: { spec: { nodeName: 'n' } } }] } })).toEqual(['a']);
    expect(texts({ patch: { target: 'pod/p', patch: {} }, expectError: 'pods "p" not found' })).toEqual(['pod/p']);
  });

  test('mapNames replaces names only, and leaves the step it was given alone', () => {
    const step = { delete: { target: 'pod/$(p)', namespace: 'ns' }, expectError: '$(p)' };
    expect(mapNames(step, (t) => t.replace('$(p)', 'web-0'))).toEqual({ delete: { target: 'pod/web-0', namespace: 'ns' }, expectError: '$(p)' });
    expect(step.delete.target).toBe('pod/$(p)');
  });
});
