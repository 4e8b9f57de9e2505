import { describe, expect, test } from '@jest/globals';
import { alignForDiff, project } from '../../src/check/project';
import { pod, statefulSet, tag } from './fixtures';

describe('project', () => {
  test('maps keep only the written keys', () => {
    expect(project({ spec: { replicas: 5 }, status: { readyReplicas: 5 } }, statefulSet('web', 3, 2))).toEqual({
      spec: { replicas: 3 },
      status: { readyReplicas: 2 },
    });
  });

  test('keyed lists: written elements, in written order, with written keys; missing ones left out', () => {
    const p = pod('a', { node: 'w', ready: 'True' });
    const expected = {
      spec: { containers: [{ name: 'sidecar', image: 'x' }, { name: 'nginx', ports: [{ name: 'web', containerPort: 81 }] }, { name: 'gone' }] },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    };
    expect(project(expected, p)).toEqual({
      spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }, { name: 'nginx', ports: [{ name: 'web', containerPort: 80 }] }] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
  });

  test('positional lists: element by element, observed extras kept', () => {
    expect(project({ a: [{ x: 1 }] }, { a: [{ x: 2, y: 3 }, { x: 4, y: 5 }] })).toEqual({ a: [{ x: 2 }, { x: 4, y: 5 }] });
  });

  test('a different type than written is shown whole', () => {
    expect(project({ spec: { replicas: 3 } }, { spec: 'oops' })).toEqual({ spec: 'oops' });
    expect(project({ a: { b: 1 } }, { a: [1, 2] })).toEqual({ a: [1, 2] });
  });

  test('matchers: !not and !oneOf project onto their argument, !contains onto the written keys', () => {
    const p = pod('a', { node: 'w' });
    expect(project({ metadata: tag('not', { labels: { app: 'db' } }) }, p)).toEqual({ metadata: { labels: { app: 'nginx' } } });
    expect(project({ status: tag('oneOf', [{ phase: 'Failed' }, { podIP: 'x' }]) }, p)).toEqual({ status: { phase: 'Running' } });
    expect(project({ spec: { tolerations: tag('contains', [{ key: 'k' }, { effect: 'NoSchedule' }]) } }, p)).toEqual({
      spec: {
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
          { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
        ],
      },
    });
    expect(project({ spec: { nodeName: tag('exists') } }, p)).toEqual({ spec: { nodeName: 'w' } });
  });
});

describe('alignForDiff', () => {
  test('matching parts take the written text; mismatching parts keep the observed value', () => {
    const expected = { spec: { replicas: tag('gte', 2), memory: '1024Mi' }, status: { readyReplicas: 3, podIP: tag('absent') } };
    const observed = { spec: { replicas: 3, memory: '1Gi' }, status: { readyReplicas: 1 } };
    expect(alignForDiff(expected, observed)).toEqual({ spec: { replicas: tag('gte', 2), memory: '1024Mi' }, status: { readyReplicas: 1, podIP: tag('absent') } });
  });

  test('keyed lists align by key, whatever the observed order', () => {
    const expected = { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] };
    const observed = { containers: [{ name: 'b', image: 'z' }, { name: 'a', image: 'x' }] };
    expect(alignForDiff(expected, observed)).toEqual({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }] });
  });
});
